#!/usr/bin/env bash
# gpu-browser-pack.sh [OUTDIR]: packs the Dream page's speed bench (scripts/bench-dream-page.ts)
# with a headless Chromium, so that it can run in a browser on the GPU machine, which has no
# Node, npm, browser or network (../shared/tools/gpu-pack packs Node entries only).
#
# One device call may carry 64 MiB, and Chromium alone is ~60 MB compressed, so the pack comes in
# two parts, carried by two calls on the same warm machine. Between calls only what .gitignore
# ignores stays there (.gitignore lists .gpu-browser/; a path ignored only through
# .git/info/exclude is removed at the next call), so OUTDIR must be such a folder:
#   OUTDIR/base   Node, the bench bundled (playwright-core beside it: it reads its own files at
#                 run time), the app built by vite, Chromium's libraries and data, the Vulkan
#                 loader's debs, and `run`
#   OUTDIR/shell  Debian's chromium-headless-shell binary, compressed
# On the GPU machine: bash OUTDIR/base/run [bench flags], e.g. --backend webgpu --gpu-auto --seconds 20
# (measured on an H200, session 10: BENCHMARKS.md, "Dream mode speed").
#
# Traps, measured here: the headless shell needs chromium's icudtl.dat and V8 snapshots beside it,
# and under LANG=C.UTF-8 the page's Intl throws "Invalid language tag: en-US@posix": run sets LANG.
set -euo pipefail
out=${1:-.gpu-browser}
root=$(pwd)
[ -f package.json ] && [ -d node_modules/playwright-core ] || { echo "gpu-browser-pack: run it from the project root after npm ci" >&2; exit 2; }
[ -x /usr/lib/chromium/chromium ] || { echo "gpu-browser-pack: needs Debian's chromium here (apt-get install -y chromium) for its ICU data and V8 snapshots" >&2; exit 2; }
case $out in /*) ;; *) grep -qxF "/$out/" .git/info/exclude 2>/dev/null || echo "/$out/" >> .git/info/exclude; out=$root/$out ;; esac
rm -rf "$out"; mkdir -p "$out/base/debs" "$out/shell"
base=$out/base
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# The app and the bench. playwright-core stays outside the bundle: it finds its files from __dirname.
node node_modules/vite/bin/vite.js build --outDir "$work/app" --emptyOutDir --logLevel warn
tar -C "$work" -cJf "$base/app.tar.xz" app
npx --yes esbuild@0.25 scripts/bench-dream-page.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$base/bench.mjs" --log-level=warning --external:playwright-core \
  --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
tar -cJf "$base/playwright-core.tar.xz" node_modules/playwright-core
xz -T2 -6 -c "$(readlink -f "$(command -v node)")" > "$base/node.xz"

# Chromium: the headless shell from Debian's package; its libraries (all but the C and C++ runtimes,
# which the machine has), the data files it opens at start, and one font for fontconfig.
lists=$(mktemp -d); mkdir -p "$lists/partial"
o="-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=$lists"
apt-get $o update >/dev/null 2>&1 || true
(cd "$work" && apt-get $o download chromium-headless-shell >/dev/null 2>&1)
(cd "$base/debs" && apt-get $o download libvulkan1 >/dev/null 2>&1)
rm -rf "$lists"
dpkg-deb -x "$work"/chromium-headless-shell_*.deb "$work/deb"
mkdir -p "$work/chromium/lib" "$work/chromium/fonts"
shell=$work/deb/usr/lib/chromium/chromium-headless-shell
# SwiftShader's Vulkan (and the loader Chromium looks for beside itself) for --probe's control row.
cp "$work"/deb/usr/lib/chromium/*.pak "$work/chromium/"
for f in icudtl.dat snapshot_blob.bin v8_context_snapshot.bin libvk_swiftshader.so vk_swiftshader_icd.json libvulkan.so.1; do cp /usr/lib/chromium/$f "$work/chromium/"; done
ldd "$shell" | awk '$3 ~ /^\// {print $3}' | grep -vE '/(libc|libm|libpthread|libdl|librt|libstdc\+\+|libgcc_s)\.so' |
  while read -r lib; do cp -L "$lib" "$work/chromium/lib/"; done
cp "$(fc-match -f '%{file}' sans)" "$work/chromium/fonts/"
cat > "$work/chromium/fonts.conf" <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir prefix="relative">fonts</dir><cachedir>/tmp/fontconfig-cache</cachedir></fontconfig>
CONF
tar -C "$work" -cJf "$base/chromium.tar.xz" chromium
xz -T2 -9 -c "$shell" > "$out/shell/chromium-headless-shell.xz"

cat > "$base/run" <<'RUN'
#!/usr/bin/env bash
# Unpacks the pack (once) and runs the Dream page bench in the headless shell: bench flags pass on.
set -e
here=$(cd "$(dirname "$0")" && pwd)
shell=$here/../shell/chromium-headless-shell.xz
[ -f "$shell" ] || { echo "run: $shell is missing: carry the shell part in another call first" >&2; exit 2; }
if ! ldconfig -p | grep -q libvulkan.so.1; then for f in "$here"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
[ -x "$here/node" ] || { xz -dc "$here/node.xz" > "$here/node"; chmod +x "$here/node"; }
for part in app playwright-core chromium; do [ -e "$here/.$part" ] || { tar -C "$here" -xJf "$here/$part.tar.xz"; touch "$here/.$part"; }; done
[ -x "$here/chromium/chromium-headless-shell" ] || { xz -dc "$shell" > "$here/chromium/chromium-headless-shell"; chmod +x "$here/chromium/chromium-headless-shell"; }
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp} LANG=en_US.UTF-8 FONTCONFIG_FILE=$here/chromium/fonts.conf
export LD_LIBRARY_PATH=$here/chromium/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
cd "$here"
exec "$here/node" bench.mjs --app "$here/app" --chromium "$here/chromium/chromium-headless-shell" "$@"
RUN
chmod +x "$base/run"
du -sh "$out/base" "$out/shell"
echo "gpu-browser-pack: carry $out/base in one device call and $out/shell in another; then: bash $out/base/run --backend webgpu --gpu"
