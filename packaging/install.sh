#!/bin/sh
# Install the unpacked dupviewer archive for the current user (no root), or remove it again.
# Usage: ./install.sh [--uninstall]
#
# Installs the app folder to ~/.local/opt/dupviewer, links ~/.local/bin/dupviewer and
# ~/.local/bin/dupviewer-cli, and puts the desktop entry, icons and AppStream metainfo under
# ${XDG_DATA_HOME:-~/.local/share}. A file or link of the same name in ~/.local/bin that is not
# a link into the installed folder (e.g. a pipx-installed dupviewer-cli) is left alone, with a
# warning. A copy of this script goes into the installed folder as uninstall.sh, so
# `~/.local/opt/dupviewer/uninstall.sh` removes the app once the unpacked archive is gone.
# The installed folder keeps a record of every path the install wrote; uninstalling removes
# those (a link only while it still points into the installed folder), whatever HOME and
# XDG_DATA_HOME say then, and the folders it created (only while they are empty), and refreshes
# the desktop's menu and icon caches; it keeps the settings, journal and logs.
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
nl='
'
# What the install wrote and created, one "KIND PATH" a line (paths hold no line break: HOME and
# XDG_DATA_HOME with one are refused above), so that uninstalling removes exactly those, and
# never a folder or file that was there before, whatever HOME and XDG_DATA_HOME say by then:
#   o the installed folder (every spelling it was installed under)
#   p the data folder the desktop entry, icons and metainfo went to (for its caches)
#   l a link in ~/.local/bin      w a file (desktop entry, icon, metainfo)
#   d a folder it created         f a cache file that did not exist before
# Older installs recorded only d and f lines, or kept no record at all.
record_name=".install-record"
record=""
opts=""      # the spellings of the installed folder, one a line
opt_real=""  # its physical path

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

# Add a path to the record.
note() {
  record="$record$1 $2$nl"
}

# The paths of one kind in the record, one a line.
paths() {
  printf '%s' "$record" | sed -n "s/^$1 //p"
}

# A folder's physical path (empty if there is no such folder).
real_dir() {
  (cd -P -- "$1" 2>/dev/null && pwd -P) || true
}

# A path with its deepest existing folder spelled physically (the rest need not exist yet).
real_path() {
  _r=$1 _tail=""
  until [ -d "$_r" ] || [ "$_r" = . ] || [ "$_r" = / ]; do
    _tail="/$(basename "$_r")$_tail"
    _r=$(dirname "$_r")
  done
  _r=$(real_dir "$_r")
  printf '%s%s\n' "${_r%/}" "$_tail"
}

# The installed folder as the record and HOME spell it, for ours().
known_opts() {
  opts=$(paths o; printf '%s\n' "$opt")
  opt_real=$(real_path "$opt")
}

# A link this install made: a symbolic link to a path inside the installed folder (under any
# spelling of it, or the same folder reached another way, e.g. HOME through a symbolic link).
ours() {
  [ -L "$1" ] || return 1
  _t=$(readlink "$1")
  case $_t in /*) ;; *) _t=$(dirname "$1")/$_t ;; esac
  case $_t in
    */../*|*/./*) ;;  # only the physical comparison below can tell
    *)
      while IFS= read -r _o; do
        [ -n "$_o" ] || continue
        case $_t in "$_o"/*) return 0 ;; esac
      done <<EOF
$opts
EOF
      ;;
  esac
  _d=$(real_path "$(dirname "$_t")")
  case $_d in
    */..|*/../*) ;;  # .. after a folder that does not exist: no telling where it leads
    "$opt_real"|"$opt_real"/*) return 0 ;;
  esac
  return 1
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
  # Run as the installed folder's uninstall.sh: that folder is the install, wherever HOME points
  # now (provided the record names it, so that a stray copy of the script removes nothing).
  if [ "$(basename "$0")" = uninstall.sh ] && [ -f "$here/$record_name" ]; then
    _here_real=$(real_dir "$here")
    while IFS= read -r _o; do
      if [ -n "$_o" ] && [ "$(real_dir "$_o")" = "$_here_real" ]; then
        opt=$here
      fi
    done <<EOF
$(sed -n 's/^o //p' "$here/$record_name")
EOF
  fi
  if [ -f "$opt/$record_name" ]; then
    record=$(cat "$opt/$record_name")
    record="$record
"
  fi
  if ! printf '%s' "$record" | grep -q '^o '; then
    # An older install recorded no paths: take those it wrote under today's HOME and
    # XDG_DATA_HOME.
    note o "$opt"
    note p "$prefix"
    note l "$bin/dupviewer"
    note l "$bin/dupviewer-cli"
    note w "$apps/dupviewer.desktop"
    note w "$metainfo/io.github.dupviewer.metainfo.xml"
    for size in $sizes; do
      note w "$hicolor/${size}x${size}/apps/dupviewer.png"
    done
  fi
  known_opts
  # The links first, while the folder they point into is there to compare with (a relative
  # link); only those still pointing into the install, never one the user made since.
  while IFS= read -r path; do
    if [ -n "$path" ] && ours "$path"; then
      rm -f "$path"
    fi
  done <<EOF
$(paths l)
EOF
  rm -rf "$opt"
  while IFS= read -r path; do
    if [ -n "$path" ] && [ -f "$path" ] && ! [ -L "$path" ]; then
      rm -f "$path"
    fi
  done <<EOF
$(paths w)
EOF
  # Caches: one this install created goes when nothing else needs it; else it is refreshed, so
  # it no longer names dupviewer (a stale mimeinfo.cache made older versions open folders).
  while IFS= read -r prefix; do
    [ -n "$prefix" ] || continue
    apps="$prefix/applications"
    hicolor="$prefix/icons/hicolor"
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
  done <<EOF
$(paths p)
EOF
  # The folders the install created, deepest first, while they are empty.
  paths d | LC_ALL=C sort -r -u | while IFS= read -r dir; do
    rmdir "$dir" 2>/dev/null || true
  done
  echo "dupviewer removed (settings, journal, logs and hash cache kept)"
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

# Reinstalling keeps the record of what the earlier installs wrote and created.
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
[ -e "$apps/mimeinfo.cache" ] || note f "$apps/mimeinfo.cache"
[ -e "$hicolor/icon-theme.cache" ] || note f "$hicolor/icon-theme.cache"

known_opts  # the earlier install's folder, if there is one, for ours()
note o "$opt"
# A data folder reached under two spellings is recorded once (its caches are handled once).
prefix_real=$(real_dir "$prefix")
new_prefix=1
while IFS= read -r _p; do
  if [ -n "$_p" ] && [ "$(real_dir "$_p")" = "$prefix_real" ]; then
    new_prefix=""
  fi
done <<EOF
$(paths p)
EOF
[ -z "$new_prefix" ] || note p "$prefix"
# A link in ~/.local/bin is (re)made only where there is none or it is one this install made:
# anything else of that name (e.g. a pipx-installed dupviewer-cli) belongs to the user.
links=""
for name in dupviewer dupviewer-cli; do
  [ -e "$here/dupviewer/$name" ] || continue  # dupviewer-cli: archives before 0.1.1 have none
  link="$bin/$name"
  if ours "$link" || { ! [ -e "$link" ] && ! [ -L "$link" ]; }; then
    links="$links $name"
    note l "$link"
  elif [ -L "$link" ]; then
    echo "install.sh: $link is a link to $(readlink "$link"), not into $opt; left as it is" >&2
  else
    echo "install.sh: $link exists and is not a link; left as it is" >&2
  fi
done
note w "$apps/dupviewer.desktop"
note w "$metainfo/io.github.dupviewer.metainfo.xml"
for size in $sizes; do
  note w "$hicolor/${size}x${size}/apps/dupviewer.png"
done

rm -rf "$opt"
cp -a "$here/dupviewer" "$opt"
cp "$0" "$opt/uninstall.sh"
chmod 755 "$opt/uninstall.sh"
printf '%s' "$record" | LC_ALL=C sort -u > "$opt/$record_name"

for name in $links; do
  ln -sfn "$opt/$name" "$bin/$name"
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
