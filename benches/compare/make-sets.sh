#!/usr/bin/env bash
# Generates the benchmark sets of docs/performance.md with the repository's
# own sample generator (examples/generate.rs), each as a complete rungs site:
#
#   DIR/1k/    334 organisations   x 2023,2024,2025, seed 1  (~1,000 assessments)
#   DIR/10k/   3,334 organisations                            (~10,000)
#   DIR/100k/  33,334 organisations                           (~100,000)
#
# each with site.yaml (base_url https://example.org/bench/, benchmark cohorts
# sector and size, min_cohort_size 5) and content/model.yaml copied from the
# repository.
#
# usage: benches/compare/make-sets.sh [DIR] [SIZE...]
#   DIR   defaults to /tmp/rungs-bench
#   SIZE  any of 1k 10k 100k (default: all three)
#
# Environment: NICE (default "nice -n 19") prefixes the cargo build/run.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base="${1:-/tmp/rungs-bench}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1k 10k 100k)
nice_cmd=${NICE-nice -n 19}

orgs_for() {
  case "$1" in
    1k) echo 334 ;;
    10k) echo 3334 ;;
    100k) echo 33334 ;;
    *) echo "unknown size '$1' (1k, 10k or 100k)" >&2; exit 2 ;;
  esac
}

mkdir -p "$base"
cd "$repo"
# Build once, so that the timings printed below are the generator's own.
$nice_cmd cargo build --release --example generate

for size in "${sizes[@]}"; do
  orgs="$(orgs_for "$size")"
  set_dir="$base/$size"
  mkdir -p "$set_dir/content"
  cp "$repo/content/model.yaml" "$set_dir/content/model.yaml"
  cat > "$set_dir/site.yaml" <<YAML
# Benchmark set $size of benches/compare/make-sets.sh ($orgs organisations, seed 1).
title: rungs benchmark $size
base_url: https://example.org/bench/
benchmark:
  cohorts: [sector, size]
  min_cohort_size: 5
YAML
  echo "== $size: $orgs organisations into $set_dir/content/assessments"
  # --force deletes the *.yaml files of an earlier run of this script first
  # (and nothing else), so the script can be rerun.
  $nice_cmd cargo run --release --example generate -- \
    --model content/model.yaml --organizations "$orgs" \
    --periods 2023,2024,2025 --seed 1 \
    --out "$set_dir/content/assessments" --force
  files=$(find "$set_dir/content/assessments" -name '*.yaml' | wc -l)
  bytes=$(du -sb "$set_dir/content/assessments" | cut -f1)
  echo "$size: $files assessment files, $((bytes / 1048576)) MiB in $set_dir"
done
