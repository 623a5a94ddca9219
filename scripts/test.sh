#!/usr/bin/env bash
# Runs every test from a fresh Debian/Ubuntu machine: installs what is missing, then
#   1. the core's unit, integration and property tests (with hledger as an independent check),
#   2. the UI's Vitest tests and its production build,
#   3. the real app under Xvfb, driven through tauri-driver + WebKitWebDriver (screenshots and
#      launch figures in test-output/e2e/),
#   4. the .deb installer: built from that release build, installed, the installed app run for a
#      new user, the package reinstalled with the book kept, then removed (test-output/deb/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_apt hledger poppler-utils unzip "${APP_PACKAGES[@]}" webkit2gtk-driver xvfb xauth
ensure_toolchain
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
export PATH="$HOME/.cargo/bin:$PATH"

echo "== 1/4 core: unit, integration and property tests"
cargo test --locked -p coopbook

echo "== 2/4 ui: vitest and build"
build_ui
(cd ui && npm test)

echo "== 3/4 the real app, end to end"
cargo build --locked --release -p coopbook -p coopbook-app
rm -rf test-output/e2e
# The app needs a display: a virtual one (xvfb-run picks a free number) unless one is given.
cd ui/e2e
# Each test has its own timeout; `timeout` ends the whole run should anything outlive them.
if [ -n "${DISPLAY:-}" ]; then
  timeout 900 node --test --test-concurrency=1 app.test.mjs
else
  timeout 900 xvfb-run -a -s "-screen 0 1280x900x24 -nolisten tcp" node --test --test-concurrency=1 app.test.mjs
fi
cd ../..
# the manual (and the in-app help) shows the screenshots just taken
bash scripts/manual-images.sh
echo "screenshots: $(pwd)/test-output/e2e/"

echo "== 4/4 the .deb installer: install, run, reinstall, remove"
scripts/deb-test.sh
