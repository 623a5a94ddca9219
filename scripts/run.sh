#!/usr/bin/env bash
# Installs what is missing, builds the UI, the app and the CLI, makes the demo co-op's book
# (once) and starts the app on it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_apt "${APP_PACKAGES[@]}"
ensure_toolchain
build_ui
cargo build --locked --release -p coopbook -p coopbook-app
bin="$CARGO_TARGET_DIR/release"
export COOPBOOK_DB="${COOPBOOK_DB:-$HOME/.local/share/coopbook/demo.coopbook}"
[ -f "$COOPBOOK_DB" ] || "$bin/coopbook" demo
echo "演示账本的用户 / demo users: 会计, 理事长, 出纳, 监事, admin — 密码 / password: coopbook"
exec "$bin/coopbook-app"
