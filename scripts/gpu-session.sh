#!/usr/bin/env bash
# gpu-session.sh: the measurements of a GPU session, run there from the repository root after
# scripts/gpu-pack-all.sh here (and scripts/gpu-browser-pack.sh for the browser phase).
# PHASES, a comma list (default dqn,gen):
#   dqn      bench --suite dqn --backend webgpu --json --seconds 2    -> $OUT/bench-dqn.json
#   gen      bench --suite gen ... --ddpm-batch 0                      -> $OUT/bench-gen.json
#   browser  the Dream page in headless Chromium on the GPU (--gpu-auto) -> $OUT/browser.txt
#   train    starter7, the page's default run (trial 21), seeds 1-3 side by side, each stopped by
#            --episodes STOP_AT (default 1000: at most that many) or by ONE SIGINT after TRAIN_T
#            seconds (a second SIGINT quits without saving), then
#            evaluated greedily (100 episodes); with C16=1 also corridors16 (c16-d, seed 1) beside
#            them, kept with its weights to resume elsewhere   -> $OUT/train-results.txt, runs.tgz
#   long     long learning runs side by side for TRAIN_T seconds, to STEPS env steps at most, each
#            stopped by one SIGINT (so it saves its checkpoint) and sent back with its weights as
#            $OUT/NAME.tgz, to go on here (at most 7 runs: $OUT holds 8 files):
#            - every run folder in .gpu/resume.tgz, continued on WebGPU (made here: tar czf
#              .gpu/resume.tgz -C RUNS a b), with RESUME_CONFIG=FILE.json's settings when set
#              (train --resume --config: each manifest's "resumes" records the change);
#            - each FRESH="name:layout:config:seed ..." started (--backend webgpu, --eval-every
#              EVAL_EVERY env steps, default 10000: greedy evaluations in metrics.jsonl; resumed
#              runs keep the schedule in their manifest)
# Each phase has its own time limit (DQN_T, GEN_T, BROWSER_T, TRAIN_T, EVAL_T seconds); $OUT gets
# at most 8 files. Measured with it: BENCHMARKS.md, "WebGPU on an NVIDIA H200", run C (session 10).
set -u
root=$(pwd); G=$root/.gpu; OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
PHASES=${PHASES:-dqn,gen}
log() { echo "[$(date +%T)] $*" | tee -a "$OUT/log.txt"; }
t0=$(date +%s)
if ! ldconfig -p | grep -q libvulkan.so.1; then for f in "$G"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
[ -x "$G/node" ] || { xz -T4 -dc "$G/node.xz" > "$G/node"; chmod +x "$G/node"; }
[ -f "$G/dist/linux-x64/dawn.node" ] || xz -dc "$G/dist/linux-x64/dawn.node.xz" > "$G/dist/linux-x64/dawn.node"
for e in bench train eval; do [ -f "$G/$e.mjs" ] || xz -dc "$G/$e.mjs.xz" > "$G/$e.mjs"; done
N=$G/node
has() { [[ ",$PHASES," == *",$1,"* ]]; }
log "start phases=$PHASES setup=$(( $(date +%s) - t0 ))s"; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv >> "$OUT/log.txt" 2>&1
if has dqn; then
  log dqn; timeout "${DQN_T:-170}" "$N" "$G/bench.mjs" --suite dqn --backend webgpu --json --seconds 2 > "$OUT/bench-dqn.json" 2>> "$OUT/log.txt"; log "dqn rc=$?"
fi
if has gen; then
  log gen; timeout "${GEN_T:-170}" "$N" "$G/bench.mjs" --suite gen --backend webgpu --json --seconds 2 --ddpm-batch 0 > "$OUT/bench-gen.json" 2>> "$OUT/log.txt"; log "gen rc=$?"
fi
if has browser; then
  B=$root/.gpu-browser/base; log browser
  [ -f "$B/node.xz" ] || [ -x "$B/node" ] || cp "$N" "$B/node"   # a base packed without its own Node
  timeout "${BROWSER_T:-200}" bash "$B/run" --backend webgpu --gpu-auto --seconds "${BROWSER_S:-20}" > "$OUT/browser.txt" 2>&1; log "browser rc=$?"
fi
if has train; then
  runs=/tmp/runs; rm -rf $runs; mkdir -p $runs; log train
  train_one() { # name layout config seed stop_at_episodes
    local d=$runs/$1 s0 s1 p start; mkdir -p "$d"; s0=$(date +%s.%N)
    "$N" "$G/train.mjs" --layout "$2" --ghosts directional --backend webgpu --config "$3" --seed "$4" \
      --steps "${MAXSTEPS:-60000}" --episodes "$5" --checkpoint-every 2000 --out "$d" > "$d/train.log" 2>&1 &
    p=$!; start=$(date +%s)
    while kill -0 $p 2>/dev/null; do
      if [ $(( $(date +%s) - start )) -ge "${TRAIN_T:-240}" ]; then kill -INT $p; break; fi
      sleep 0.2
    done
    for _ in $(seq 1 300); do kill -0 $p 2>/dev/null || break; sleep 0.2; done
    kill -9 $p 2>/dev/null; wait $p
    s1=$(date +%s.%N); echo "{\"run\":\"$1\",\"trainSeconds\":$(python3 -c "print(round($s1-$s0,1))")}" > "$d/time.json"
    timeout "${EVAL_T:-60}" "$N" "$G/eval.mjs" --checkpoint "$d" --episodes 100 --seed "$4" --ghosts directional --backend webgpu --json > "$d/eval.json" 2> "$d/eval.err"
  }
  for s in 1 2 3; do train_one "s7-s$s" starter7 docs/tuning-runs/starter7-t21-polyak.json $s "${STOP_AT:-1000}" & done
  [ -n "${C16:-}" ] && train_one c16d-s1 corridors16 docs/tuning-runs/corridors16-c16-d.json 1 100000000 &
  wait; log "train done"
  for d in "$runs"/*; do echo "$(basename "$d"): $(cat "$d/time.json") $(tail -c 700 "$d/summary.json" 2>/dev/null | tr -d '\n ') EVAL $(tail -1 "$d/eval.json" 2>/dev/null)" >> "$OUT/train-results.txt"; done
  (cd $runs && tar czf "$OUT/runs.tgz" --exclude='*.bin' --exclude=c16d-s1 .)
  if [ -d $runs/c16d-s1 ]; then (cd $runs && tar czf "$OUT/c16d.tgz" c16d-s1); fi
fi
if has long; then
  R=/tmp/long; rm -rf $R; mkdir -p $R; [ -f "$G/resume.tgz" ] && tar -C $R -xzf "$G/resume.tgz"
  pids=()
  for d in "$R"/*/; do
    [ -d "$d" ] || continue; d=${d%/}
    "$N" "$G/train.mjs" --resume "$d" --backend webgpu ${RESUME_CONFIG:+--config "$RESUME_CONFIG"} --steps "${STEPS:-300000}" \
      --checkpoint-every 5000 > "$d.log" 2>&1 & pids+=($!)
  done
  for spec in ${FRESH:-}; do
    IFS=: read -r name layout config seed <<< "$spec"
    "$N" "$G/train.mjs" --layout "$layout" --ghosts directional --backend webgpu --config "$config" --seed "$seed" \
      --steps "${STEPS:-300000}" --checkpoint-every 5000 --eval-every "${EVAL_EVERY:-10000}" --out "$R/$name" > "$R/$name.log" 2>&1 & pids+=($!)
  done
  log "long: ${#pids[@]} runs: $(ls $R | grep -v '\.log$' | tr '\n' ' ')"
  any_alive() { for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
  for _ in $(seq 1 "${TRAIN_T:-240}"); do any_alive || break; sleep 1; done
  kill -INT "${pids[@]}" 2>/dev/null
  for _ in $(seq 1 300); do any_alive || break; sleep 0.2; done
  kill -9 "${pids[@]}" 2>/dev/null; wait
  for d in "$R"/*/; do d=${d%/}; n=$(basename "$d"); (cd $R && tar czf "$OUT/$n.tgz" "$n" "$n.log"); echo "$n: $(tail -c 400 "$d/summary.json" | tr -d '\n ')" >> "$OUT/log.txt"; done
fi
log end
