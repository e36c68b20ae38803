#!/bin/sh
# Install the unpacked dupviewer archive for the current user (no root), or remove it again.
# Usage: ./install.sh [--uninstall]
#
# Installs the app folder to ~/.local/opt/dupviewer, links ~/.local/bin/dupviewer and
# ~/.local/bin/dupviewer-cli, and puts the desktop entry, icons and AppStream metainfo under
# ${XDG_DATA_HOME:-~/.local/share}. A copy of this script goes into the installed folder as
# uninstall.sh, so `~/.local/opt/dupviewer/uninstall.sh` removes the app once the unpacked
# archive is gone. Uninstalling removes what the install put there and the folders it created
# (only while they are empty), and refreshes the desktop's menu and icon caches; it keeps the
# settings, journal and logs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${HOME:-}" ] || [ "$HOME" = / ]; then
  echo "install.sh: HOME is not set" >&2
  exit 1
fi
case "$HOME${XDG_DATA_HOME:-}" in
  *'
'*) echo "install.sh: HOME or XDG_DATA_HOME holds a line break; not supported" >&2; exit 1 ;;
esac
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/dupviewer"
bin="$HOME/.local/bin"
apps="$prefix/applications"
hicolor="$prefix/icons/hicolor"
metainfo="$prefix/metainfo"
sizes="16 24 32 48 64 128 256 512"
# What the install created (folders and cache files, one "d PATH" or "f PATH" a line), so that
# uninstalling removes those and never a folder or file that was there before.
record_name=".install-record"
record=""

# mkdir -p, remembering every folder it had to create.
make_dir() {
  _missing="" _d=$1
  while [ ! -d "$_d" ]; do
    _missing="d $_d
$_missing"
    _d=$(dirname "$_d")
  done
  mkdir -p "$1"
  record="$record$_missing"
}

# The record holds a path (kind d or f).
recorded() {
  printf '%s' "$record" | grep -Fqx -- "$1 $2"
}

# A link in ~/.local/bin that this install made: a symbolic link into the installed folder.
ours() {
  [ -L "$1" ] && [ "$(readlink "$1")" = "$2" ]
}

# Nothing in the folder other than the named file (a cache) and empty folders.
only_holds() {
  [ -z "$(find "$1" ! -type d ! -name "$2" -print 2>/dev/null | head -n 1)" ]
}

refresh_menu_cache() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$apps" || true
  elif [ -f "$apps/mimeinfo.cache" ]; then  # no tool: at least drop our own entries
    sed -e 's/dupviewer\.desktop;//g' -e '/^[^[]*=$/d' "$apps/mimeinfo.cache" \
      > "$apps/mimeinfo.cache.tmp" && mv "$apps/mimeinfo.cache.tmp" "$apps/mimeinfo.cache"
  fi
}

refresh_icon_cache() {
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$hicolor" || true
  fi
}

uninstall() {
  if [ -f "$opt/$record_name" ]; then
    record=$(cat "$opt/$record_name")
    record="$record
"
  fi
  rm -rf "$opt"
  for name in dupviewer dupviewer-cli; do
    if ours "$bin/$name" "$opt/$name"; then
      rm -f "$bin/$name"
    fi
  done
  rm -f "$apps/dupviewer.desktop" "$metainfo/io.github.dupviewer.metainfo.xml"
  for size in $sizes; do
    rm -f "$hicolor/${size}x${size}/apps/dupviewer.png"
  done
  # Caches: one this install created goes when nothing else needs it; else it is refreshed, so
  # it no longer names dupviewer (a stale mimeinfo.cache made older versions open folders).
  if [ -d "$apps" ]; then
    if recorded f "$apps/mimeinfo.cache" && only_holds "$apps" mimeinfo.cache; then
      rm -f "$apps/mimeinfo.cache"
    else
      refresh_menu_cache
    fi
  fi
  if [ -d "$hicolor" ]; then
    if recorded f "$hicolor/icon-theme.cache" && only_holds "$hicolor" icon-theme.cache; then
      rm -f "$hicolor/icon-theme.cache"
    elif [ -f "$hicolor/icon-theme.cache" ]; then
      refresh_icon_cache
    fi
  fi
  # The folders the install created, deepest first, while they are empty.
  printf '%s' "$record" | sed -n 's/^d //p' | LC_ALL=C sort -r -u | while IFS= read -r dir; do
    rmdir "$dir" 2>/dev/null || true
  done
  echo "dupviewer removed (settings and logs kept)"
}

if [ "${1:-}" = "--uninstall" ] || [ "$(basename "$0")" = uninstall.sh ]; then
  uninstall
  exit 0
fi
if [ -n "${1:-}" ]; then
  echo "usage: $0 [--uninstall]" >&2
  exit 2
fi
if [ ! -x "$here/dupviewer/dupviewer" ]; then
  echo "install.sh: no app folder at $here/dupviewer (run the install.sh of the unpacked archive)" >&2
  exit 1
fi

# Reinstalling keeps the record of what the first install created.
if [ -f "$opt/$record_name" ]; then
  record=$(cat "$opt/$record_name")
  record="$record
"
fi
make_dir "$(dirname "$opt")"
make_dir "$bin"
make_dir "$apps"
make_dir "$metainfo"
for size in $sizes; do
  make_dir "$hicolor/${size}x${size}/apps"
done
[ -e "$apps/mimeinfo.cache" ] || record="${record}f $apps/mimeinfo.cache
"
[ -e "$hicolor/icon-theme.cache" ] || record="${record}f $hicolor/icon-theme.cache
"

rm -rf "$opt"
cp -a "$here/dupviewer" "$opt"
cp "$0" "$opt/uninstall.sh"
chmod 755 "$opt/uninstall.sh"
printf '%s' "$record" | LC_ALL=C sort -u > "$opt/$record_name"

for name in dupviewer dupviewer-cli; do
  [ -e "$opt/$name" ] || continue  # dupviewer-cli: archives before 0.1.1 have none
  if [ -e "$bin/$name" ] && ! [ -L "$bin/$name" ]; then
    echo "install.sh: $bin/$name exists and is not a link; left as it is" >&2
  else
    ln -sfn "$opt/$name" "$bin/$name"
  fi
done
for size in $sizes; do
  cp "$opt/_internal/resources/icons/dupviewer-$size.png" \
    "$hicolor/${size}x${size}/apps/dupviewer.png"
done

# The entry runs the installed copy by its full path: ~/.local/bin may not be on PATH. The path
# is a quoted argument of the Exec key: \ " ` $ get a backslash (the quoting rule), then every
# backslash is doubled (the string rule) and % is doubled (field codes). awk takes the line from
# the environment, so no character of the path means anything to it.
exec_path=$(printf '%s\n' "$opt/dupviewer" |
  sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
DUPVIEWER_EXEC="Exec=\"$exec_path\"" awk '
  /^Exec=dupviewer( |$)/ { sub(/^Exec=dupviewer/, ""); print ENVIRON["DUPVIEWER_EXEC"] $0; next }
  { print }
' "$here/dupviewer.desktop" > "$apps/dupviewer.desktop"
cp "$here/io.github.dupviewer.metainfo.xml" "$metainfo/"
refresh_menu_cache
refresh_icon_cache
echo "dupviewer installed: find it in your application menu, or run $opt/dupviewer"
echo "to remove it: $opt/uninstall.sh"
