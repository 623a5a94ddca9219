#!/usr/bin/env bash
# The installer, tested on this machine: builds the .deb (scripts/build-deb.sh, reusing the
# release build), installs it with dpkg, checks what it put where, starts the installed app under
# Xvfb (tauri-driver + WebKitWebDriver, ui/e2e/deb.test.mjs) for a fresh user who creates a book
# in their data folder, reinstalls the package twice (dpkg -i over itself, then remove + install)
# checking the book is byte for byte the same, reopens it in the app and checks it with the
# installed CLI (`coopbook verify`). The package is removed at the end, pass or fail.
# Screenshots and figures: test-output/deb/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="$HOME/.cargo/bin:$PATH"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
started=$(date +%s)

deb=$(scripts/build-deb.sh | tail -1)
pkg=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
size=$(stat -c %s "$deb")
built=$(date +%s)
echo "== $deb: $size bytes ($(awk "BEGIN { printf \"%.1f\", $size / 1048576 }") MB)"

if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  echo "the package $pkg is installed already; remove it first (dpkg -r $pkg)" >&2
  exit 1
fi
out=test-output/deb
rm -rf "$out"
mkdir -p "$out"
scratch=$(mktemp -d /tmp/coopbook-deb-XXXXXX)
home="$scratch/home"
mkdir -p "$home"
cleanup() {
  $SUDO dpkg -r "$pkg" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

install() {
  if ! $SUDO dpkg -i "$1" >/dev/null; then
    # Dependencies missing on this machine: apt brings them and finishes the configuration.
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >/dev/null
  fi
  dpkg-query -W -f='${Status}' "$pkg" | grep -q "install ok installed"
}

echo "== install"
install "$deb"
test -x /usr/bin/coopbook-app
test -x /usr/bin/coopbook
coopbook --version | grep -qF "$version"
desktop=/usr/share/applications/$pkg.desktop
grep -qx 'Name=合作社账本 Coopbook' "$desktop"
grep -qx 'Exec=coopbook-app' "$desktop"
grep -q '^Categories=.*Finance' "$desktop"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop"; fi
icon=$(sed -n 's/^Icon=//p' "$desktop")
ls /usr/share/icons/hicolor/*/apps/"$icon".png >/dev/null
dpkg-query -W -f='${Depends}\n' "$pkg" | grep -q libwebkit2gtk-4.1-0
dpkg -L "$pkg" > "$out/files.txt"

# The app's test: under the display given, or a virtual one.
run_app() {
  (
    cd ui/e2e
    export DEB_PHASE=$1 DEB_STATE="$scratch" DEB_HOME="$home" DEB_VERSION="$version" DEB_SHOTS="$(cd ../.. && pwd)/$out"
    if [ -n "${DISPLAY:-}" ]; then
      timeout 300 node --test --test-concurrency=1 deb.test.mjs
    else
      timeout 300 xvfb-run -a -s "-screen 0 1280x900x24 -nolisten tcp" node --test --test-concurrency=1 deb.test.mjs
    fi
  )
}

echo "== the installed app creates a book"
run_app create
book=$(cat "$scratch/book")
case "$book" in "$home/.local/share/cn.coopbook.desktop/"*) ;; *) echo "the book $book is not in the user's data folder" >&2; exit 1 ;; esac
# The app's data folder whole (the book and any -wal/-journal beside it, its backups), hashed.
data=$(dirname "$book")
hashes() { (cd "$data" && find . -type f | LC_ALL=C sort | xargs -d '\n' sha256sum); }
hashes > "$out/data-folder.sha256"
sum=$(sha256sum < "$out/data-folder.sha256")
kept() { [ "$(hashes | sha256sum)" = "$sum" ] || { echo "the data folder changed $1:" >&2; hashes | diff "$out/data-folder.sha256" - >&2; exit 1; }; }

echo "== reinstall over itself (dpkg -i)"
install "$deb"
kept "on reinstall"

echo "== remove, then install again"
$SUDO dpkg -r "$pkg" >/dev/null
test ! -e /usr/bin/coopbook-app
kept "on remove"
install "$deb"
kept "on install"

echo "== the book reopens in the app and verifies with the installed CLI"
run_app reopen
COOPBOOK_PASSWORD=deb-admin-pass-2025 coopbook --db "$book" verify > "$out/verify.txt"

ended=$(date +%s)
cat > "$out/metrics.json" <<JSON
{ "deb": "$(basename "$deb")", "deb_bytes": $size, "installed_kb": $(dpkg-query -W -f='${Installed-Size}' "$pkg"), "build_seconds": $((built - started)), "total_seconds": $((ended - started)) }
JSON
cat "$out/metrics.json"
echo "== the .deb works: $(basename "$deb"), $size bytes; book kept through reinstalls ($(wc -l < "$out/data-folder.sha256") files in its folder, sha256 unchanged)"
