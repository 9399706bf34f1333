#!/usr/bin/env bash
# scripts/save-row.sh RUN_DIR ROW_DIR [--carry]
# Copies what docs/tuning-runs keeps of a training run into ROW_DIR: manifest.json, summary.json,
# the best evaluation (best-eval.json) and every greedy evaluation (evals.jsonl). With --carry it
# also keeps metrics.jsonl and the compact checkpoint (npm run compact: ~2.7 MB for the small
# net), so a later session continues the run on any machine:
#   cp -r ROW_DIR runs/X && npm run train -- --resume runs/X --steps N --eval-every 10000
#   scripts/save-row.sh runs/X ROW_DIR --carry
# evals.jsonl is rewritten from RUN_DIR/metrics.jsonl, so a run resumed from a carried row (whose
# metrics.jsonl continues the row's) keeps its whole history.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: scripts/save-row.sh RUN_DIR ROW_DIR [--carry]" >&2
  exit 2
fi
run=$(realpath -m "$1")
row=$(realpath -m "$2")
carry=${3:-}
if [[ -n "$carry" && "$carry" != "--carry" ]]; then
  echo "save-row: unknown option $carry (expected --carry)" >&2
  exit 2
fi
for file in manifest.json metrics.jsonl; do
  [[ -f "$run/$file" ]] || { echo "save-row: $run/$file not found: is $run a run folder written by npm run train?" >&2; exit 2; }
done
mkdir -p "$row"
cp "$run/manifest.json" "$row/manifest.json"
[[ -f "$run/summary.json" ]] && cp "$run/summary.json" "$row/summary.json"
[[ -f "$run/best/eval.json" ]] && cp "$run/best/eval.json" "$row/best-eval.json"
grep '"type":"eval"' "$run/metrics.jsonl" > "$row/evals.jsonl" || true
if [[ "$carry" == "--carry" ]]; then
  [[ "$run" == "$row" ]] || cp "$run/metrics.jsonl" "$row/metrics.jsonl"
  (cd "$(dirname "$0")/.." && node --import tsx src/cli/compact.ts --checkpoint "$run" --out "$row/checkpoint")
fi
echo "save-row: $row holds $(wc -l < "$row/evals.jsonl") evaluations of $run${carry:+ and its compact checkpoint}"
