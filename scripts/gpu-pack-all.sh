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
# gpu-pack's run script runs app.mjs; this pack has three entries: `bash .gpu/run ENTRY ARGS`.
cat > .gpu/run <<'RUN'
#!/usr/bin/env bash
# bash .gpu/run bench|train|eval ARGS: the entry with Dawn (WebGPU) over the machine's NVIDIA Vulkan driver.
set -e
here=$(cd "$(dirname "$0")" && pwd)
entry=${1:?usage: bash .gpu/run bench|train|eval ARGS}; shift
[ -f "$here/$entry.mjs.xz" ] || { echo "run: no entry '$entry' in $here (bench, train, eval)" >&2; exit 2; }
if ! ldconfig -p | grep -q libvulkan.so.1; then for f in "$here"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
[ -x "$here/node" ] || { xz -dc "$here/node.xz" > "$here/node"; chmod +x "$here/node"; }
[ -f "$here/dist/linux-x64/dawn.node" ] || xz -dc "$here/dist/linux-x64/dawn.node.xz" > "$here/dist/linux-x64/dawn.node"
[ -f "$here/$entry.mjs" ] || xz -dc "$here/$entry.mjs.xz" > "$here/$entry.mjs"
exec "$here/node" "$here/$entry.mjs" "$@"
RUN
chmod +x .gpu/run
du -sh .gpu
echo "gpu-pack-all: carry .gpu in a device call; there: PHASES=dqn,gen,train bash scripts/gpu-session.sh, or bash .gpu/run bench|train|eval ARGS"
