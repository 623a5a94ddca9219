#!/usr/bin/env bash
# Copies the screenshots the manual uses from the end-to-end run (test-output/e2e/) into
# docs/manual/img/, so that the manual and the in-app help show the app as it is now. Run it by
# hand after the e2e step when the screens changed, and commit the pictures.
# Fails when the manual names a picture the e2e run did not make. With --check it only checks
# that (the test command does, and leaves the committed pictures alone).
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = "--check" ]; then
  check=1
  shift
fi
src=${1:-test-output/e2e}
dst=docs/manual/img
mkdir -p "$dst"
names=$(grep -ohE 'manual/img/[A-Za-z0-9._-]+\.png' docs/manual.zh-CN.md docs/manual.en.md | sed 's|manual/img/||' | sort -u)
if [ -z "$names" ]; then
  echo "manual-images: the manual references no pictures" >&2
  exit 1
fi
missing=0
for n in $names; do
  if [ ! -f "$src/$n" ]; then
    echo "manual-images: the manual uses $n but $src/$n is missing (did the e2e step that makes it run?)" >&2
    missing=1
  fi
done
[ "$missing" = 0 ] || exit 1
if [ "$check" = 1 ]; then
  echo "manual-images: the e2e run made all $(echo "$names" | wc -w) pictures the manual uses"
  exit 0
fi
for n in $names; do cp "$src/$n" "$dst/$n"; done
echo "manual-images: copied $(echo "$names" | wc -w) pictures into $dst/"
