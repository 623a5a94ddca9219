#!/usr/bin/env bash
# Records the answers the browser preview (ui/preview, `npm run preview:build`) replays, from the
# real core: builds the `coopbook` command line (or takes $COOPBOOK_BIN), makes its demo book in a
# temporary folder and writes one `coopbook --json …` answer per IPC call the preview needs into
# ui/preview/recorded.json (ui/preview/record.mjs says which). Run it after a change to the core's
# answers or to ui/src/shared/api.ts, and commit the new recording with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bin="${COOPBOOK_BIN:-}"
if [ -z "$bin" ]; then
  ensure_toolchain
  cargo build --locked -p coopbook --bin coopbook
  bin="$CARGO_TARGET_DIR/debug/coopbook"
fi
node ui/preview/record.mjs "$bin" ui/preview/recorded.json
