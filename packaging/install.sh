#!/bin/sh
# Install the unpacked dupviewer archive for the current user (no root), or remove it again.
# Usage: ./install.sh [--uninstall]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/dupviewer"
bin="$HOME/.local/bin"

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$opt" "$bin/dupviewer" "$prefix/applications/dupviewer.desktop" \
    "$prefix/metainfo/io.github.dupviewer.metainfo.xml"
  for size in 16 24 32 48 64 128 256 512; do
    rm -f "$prefix/icons/hicolor/${size}x${size}/apps/dupviewer.png"
  done
  echo "dupviewer removed (settings and logs kept)"
  exit 0
fi

mkdir -p "$(dirname "$opt")" "$bin" "$prefix/applications" "$prefix/metainfo"
rm -rf "$opt"
cp -a "$here/dupviewer" "$opt"
ln -sf "$opt/dupviewer" "$bin/dupviewer"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$prefix/icons/hicolor/${size}x${size}/apps"
  cp "$opt/_internal/resources/icons/dupviewer-$size.png" \
    "$prefix/icons/hicolor/${size}x${size}/apps/dupviewer.png"
done
# The entry runs the installed copy by its full path: ~/.local/bin may not be on PATH.
sed "s|^Exec=dupviewer|Exec=\"$opt/dupviewer\"|" "$here/dupviewer.desktop" \
  > "$prefix/applications/dupviewer.desktop"
cp "$here/io.github.dupviewer.metainfo.xml" "$prefix/metainfo/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$prefix/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$prefix/icons/hicolor" || true
echo "dupviewer installed: find it in your application menu, or run $opt/dupviewer"
