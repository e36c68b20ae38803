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

echo "== checks"
# The spec drops the libraries the app never loads and their links; a link left pointing at
# nothing would only be noise in the archive, so it goes here whatever the spec missed.
if [ -n "$(find dist/dupviewer -xtype l)" ]; then
  echo "warning: removing dangling links (the spec's filters missed them):" >&2
  find dist/dupviewer -xtype l -print -delete >&2
fi
# Both executables start (neither needs a display for --version).
dist/dupviewer/dupviewer --version
dist/dupviewer/dupviewer-cli --version
# The oldest glibc the bundle runs on is the highest GLIBC_x.y any of its files asks for:
# INSTALL.txt must not promise less.
if command -v objdump >/dev/null 2>&1; then
  needed=$(find dist/dupviewer -type f \( -name '*.so*' -o -perm -u+x \) -exec objdump -T {} + \
    2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -u -V | tail -n 1)
  stated=$(sed -n 's/.*glibc \([0-9][0-9.]*\) or newer.*/\1/p' packaging/INSTALL.txt | head -n 1)
  echo "bundle needs glibc ${needed:-?} (INSTALL.txt says ${stated:-nothing})"
  if [ -n "$needed" ] && [ "$(printf '%s\n%s\n' "$needed" "${stated:-0}" | sort -V | tail -n 1)" != "${stated:-0}" ]; then
    echo "warning: the bundle needs glibc $needed but packaging/INSTALL.txt says ${stated:-nothing}:" \
         "correct INSTALL.txt" >&2
  fi
else
  echo "objdump not found (binutils): glibc requirement not checked"
fi

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
