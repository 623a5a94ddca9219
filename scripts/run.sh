#!/usr/bin/env bash
# Installs what is missing, builds, makes the demo co-op's book (once) and opens it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

command -v cargo >/dev/null || { echo "cargo is needed: https://rustup.rs"; exit 1; }
cargo build --locked --release --bin coopbook
bin="$CARGO_TARGET_DIR/release/coopbook"
export COOPBOOK_DB="${COOPBOOK_DB:-$HOME/.local/share/coopbook/demo.coopbook}"
[ -f "$COOPBOOK_DB" ] || "$bin" demo
"$bin" coop show
"$bin" report trial-balance --from 2025-01-01 --to 2025-12-31
