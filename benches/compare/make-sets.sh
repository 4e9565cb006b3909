#!/usr/bin/env bash
# Generates the benchmark sets of docs/performance.md with the repository's
# own sample generator (examples/generate.rs), each as a complete rungs site:
#
#   DIR/1k/    334 organisations   x 2023,2024,2025, seed 1  (~1,000 assessments)
#   DIR/10k/   3,334 organisations                            (~10,000)
#   DIR/100k/  33,334 organisations                           (~100,000)
#   DIR/10k1/  10,000 organisations x 2025 only               (10,000: one
#              period, one report each; issue #17's 10k set)
#   DIR/100k-agg/  as 100k (33,334 x 3 periods, 98,009 assessments) with
#              `publish_reports: false`: benchmarks and exports only, no
#              report pages (issue #17's aggregates-only set)
#   DIR/100k1-agg/ 100,000 organisations x 2025 only, `publish_reports:
#              false` (exactly 100,000 assessments in one period)
#
# each with site.yaml (base_url https://example.org/bench/, benchmark cohorts
# sector and size, min_cohort_size 5) and content/model.yaml copied from the
# repository.
#
# usage: benches/compare/make-sets.sh [DIR] [SIZE...]
#   DIR   defaults to /tmp/rungs-bench
#   SIZE  any of 1k 10k 100k 10k1 100k-agg 100k1-agg (default: 1k 10k 100k)
#
# Environment: NICE (default "nice -n 19") prefixes the cargo build/run.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base="${1:-/tmp/rungs-bench}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1k 10k 100k)
nice_cmd=${NICE-nice -n 19}

# shape SIZE -> "ORGANISATIONS PERIODS PUBLISH_REPORTS"
shape_of() {
  case "$1" in
    1k) echo "334 2023,2024,2025 true" ;;
    10k) echo "3334 2023,2024,2025 true" ;;
    100k) echo "33334 2023,2024,2025 true" ;;
    10k1) echo "10000 2025 true" ;;
    100k-agg) echo "33334 2023,2024,2025 false" ;;
    100k1-agg) echo "100000 2025 false" ;;
    *) echo "unknown size '$1' (1k, 10k, 100k, 10k1, 100k-agg or 100k1-agg)" >&2; return 2 ;;
  esac
}
for size in "${sizes[@]}"; do shape_of "$size" > /dev/null || exit 2; done

mkdir -p "$base"
cd "$repo"
# Build once, so that the timings printed below are the generator's own.
$nice_cmd cargo build --release --example generate

for size in "${sizes[@]}"; do
  read -r orgs periods publish <<< "$(shape_of "$size")"
  set_dir="$base/$size"
  mkdir -p "$set_dir/content"
  cp "$repo/content/model.yaml" "$set_dir/content/model.yaml"
  cat > "$set_dir/site.yaml" <<YAML
# Benchmark set $size of benches/compare/make-sets.sh ($orgs organisations x $periods, seed 1).
title: rungs benchmark $size
base_url: https://example.org/bench/
publish_reports: $publish
benchmark:
  cohorts: [sector, size]
  min_cohort_size: 5
YAML
  echo "== $size: $orgs organisations into $set_dir/content/assessments"
  # --force deletes the *.yaml files of an earlier run of this script first
  # (and nothing else), so the script can be rerun.
  $nice_cmd cargo run --release --example generate -- \
    --model content/model.yaml --organizations "$orgs" \
    --periods "$periods" --seed 1 \
    --out "$set_dir/content/assessments" --force
  files=$(find "$set_dir/content/assessments" -name '*.yaml' | wc -l)
  bytes=$(du -sb "$set_dir/content/assessments" | cut -f1)
  echo "$size: $files assessment files, $((bytes / 1048576)) MiB in $set_dir"
done
