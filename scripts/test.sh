#!/usr/bin/env bash
# Runs every test from a fresh Debian/Ubuntu machine: installs what is missing, then
#   1. the core's unit, integration and property tests (with hledger as an independent check;
#      the layer test fails on an import circle or a lower layer using a higher one),
#   2. the UI's Vitest tests and its production build,
#   3. the Rust style and lints: rustfmt, clippy with warnings as errors (clippy::float_arithmetic
#      included), rustdoc without warnings,
#   4. the real app under Xvfb, driven through tauri-driver + WebKitWebDriver (screenshots and
#      launch figures in test-output/e2e/; the manual's pictures are checked, not rewritten),
#   5. the .deb installer: built from that release build, installed, the installed app run for a
#      new user, the package reinstalled with the book kept, then removed (test-output/deb/).
# It leaves the checkout as it found it: everything it makes goes to test-output/, ui/dist/ and
# the build cache.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_apt hledger poppler-utils python3-openpyxl unzip "${APP_PACKAGES[@]}" webkit2gtk-driver xvfb xauth
ensure_toolchain
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
export PATH="$HOME/.cargo/bin:$PATH"

echo "== 1/5 core: unit, integration and property tests"
cargo test --locked -p coopbook

echo "== 2/5 ui: vitest and build"
build_ui
(cd ui && npm test)

echo "== 3/5 rust style and lints: rustfmt, clippy -D warnings, rustdoc"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p coopbook

echo "== 4/5 the real app, end to end"
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
# every picture the manual (and the in-app help) shows was made by this run; refresh the committed
# ones with `bash scripts/manual-images.sh` when the screens change
bash scripts/manual-images.sh --check
echo "screenshots: $(pwd)/test-output/e2e/"

echo "== 5/5 the .deb installer: install, run, reinstall, remove"
scripts/deb-test.sh
