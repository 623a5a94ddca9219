# Shared helpers of the project's scripts: install what is missing, pick the build cache.

# Installs the named Debian packages that are not installed yet (as root, or through sudo).
ensure_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "== installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# What the desktop app needs to build and run (Tauri 2 on WebKitGTK 4.1), and the Chinese font.
APP_PACKAGES=(pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev fonts-noto-cjk xdg-utils)

ensure_toolchain() {
  command -v cargo >/dev/null || { echo "Rust (cargo) is needed: https://rustup.rs"; exit 1; }
  # rustfmt and clippy run in the test command
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add rustfmt clippy
  fi
  if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    ensure_apt nodejs npm
  fi
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js >= 20.19 is needed for Vite 7, found "+process.version); process.exit(1) }'
}

# Builds the UI (ui/dist), which the app embeds at compile time.
build_ui() {
  (cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)
}

# Reuses the shared build cache when there is one; a fresh machine builds into it from scratch.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/coopbook-target}"
