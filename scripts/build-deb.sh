#!/usr/bin/env bash
# Builds the Debian package of the desktop app from the release build, with the `coopbook` CLI
# in it too (/usr/bin/coopbook-app and /usr/bin/coopbook). The bundler is the Tauri CLI pinned in
# ui/package.json (@tauri-apps/cli, the same version as the tauri crate); `tauri bundle` packages
# the binary `cargo build --release` already made instead of building it again, so after the
# end-to-end tests' release build this takes seconds.
# Output: $CARGO_TARGET_DIR/release/bundle/deb/coopbook_<version>_amd64.deb, printed last.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

[ -f ui/dist/index.html ] || build_ui
[ -x ui/node_modules/.bin/tauri ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
cargo build --locked --release -p coopbook -p coopbook-app >&2

# The CLI's path depends on the build cache, so it is added to the package's files here rather
# than in tauri.conf.json (whose other files, the print font's licence, stay).
cli="$CARGO_TARGET_DIR/release/coopbook"
extra=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/coopbook":"%s"}}}}}' "$cli")
rm -rf "$CARGO_TARGET_DIR/release/bundle/deb"
(cd src-tauri && ../ui/node_modules/.bin/tauri bundle --ci --bundles deb --config "$extra") >&2
ls "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb
