#!/usr/bin/env bash
# gpu-pack-all.sh: packs bench, train and eval into one .gpu/ for the GPU machine: one Node, one
# Dawn, each entry bundled and xz-compressed (~0.5 MB each instead of ~5 MB), ~31 MB in all, so
# that .gpu/ and the repository fit one device call's 64 MiB. scripts/gpu-session.sh runs them there.
# ../shared/tools/gpu-pack packs one entry per folder; this calls it once per entry.
set -euo pipefail
[ -f package.json ] || { echo "gpu-pack-all: run it from the project root" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for entry in bench train eval; do ../shared/tools/gpu-pack "src/cli/$entry.ts" "$work/$entry" > /dev/null; done
rm -rf .gpu; cp -r "$work/bench" .gpu; rm .gpu/app.mjs
for entry in bench train eval; do xz -T2 -6 -c "$work/$entry/app.mjs" > ".gpu/$entry.mjs.xz"; done
du -sh .gpu
echo "gpu-pack-all: carry .gpu in a device call; there: PHASES=dqn,gen,train bash scripts/gpu-session.sh"
