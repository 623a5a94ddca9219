#!/usr/bin/env bash
# Runs every test of the project from a fresh Debian/Ubuntu machine: installs what is missing
# (hledger for the independent balance check), then the unit, integration and property tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_apt hledger pkg-config
command -v cargo >/dev/null || { echo "cargo is needed: https://rustup.rs"; exit 1; }

echo "== core: unit, integration and property tests"
cargo test --locked
