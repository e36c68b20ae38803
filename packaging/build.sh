#!/usr/bin/env bash
# Build the one-folder app dist/dupviewer/ (executable dist/dupviewer/dupviewer) and the archive
# dist/dupviewer-VERSION-linux-x86_64.tar.gz to hand out (app folder, desktop entry, icon,
# AppStream metainfo, install note and per-user install script).
# Run from anywhere, with the project installed (`pip install -e '.[build]'`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=${PYTHON:-python}

version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n 1)
arch=$(uname -m)
stage_name="dupviewer-$version"
archive="dist/dupviewer-$version-linux-$arch.tar.gz"
echo "== dupviewer $version ($arch)"

installed=$("$python" -c 'from importlib.metadata import version; print(version("dupviewer"))' 2>/dev/null || true)
if [ "$installed" != "$version" ]; then
  echo "warning: installed dupviewer is '${installed:-none}', pyproject says $version;" \
       "run: pip install -e '.[build]'" >&2
fi

echo "== icons and translations"
[ -f resources/icons/dupviewer-256.png ] || "$python" scripts/make_icons.py
"$python" scripts/build_translations.py

echo "== PyInstaller"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/dupviewer.spec

echo "== archive"
stage="build/stage/$stage_name"
rm -rf build/stage && mkdir -p "$stage"
cp -a dist/dupviewer "$stage/dupviewer"
cp packaging/dupviewer.desktop packaging/install.sh "$stage/"
cp resources/icons/dupviewer-256.png "$stage/dupviewer.png"
today=$(date -u +%Y-%m-%d)
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$today/" packaging/io.github.dupviewer.metainfo.xml \
  > "$stage/io.github.dupviewer.metainfo.xml"
sed -e "s/@VERSION@/$version/" packaging/INSTALL.txt > "$stage/INSTALL.txt"
tar -C build/stage -czf "$archive" "$stage_name"

echo "== done"
du -sh dist/dupviewer "$archive"
