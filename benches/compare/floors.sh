#!/usr/bin/env bash
# Times the two floors of issue #17 for one benchmark set of make-sets.sh:
#
#   copy floor: `cp -r OUT_DIR` of a finished rungs output into a fresh
#               folder (median of RUNS; each copy goes to a new folder
#               beside OUT_DIR, and nothing is deleted between runs: on
#               ext4, creating many files right after deleting many is
#               several times slower, docs/performance.md "Machine and
#               method")
#   read floor: `find SET_DIR -type f -exec cat {} + > /dev/null`, every
#               input file of the set (site.yaml, model, assessments).
#               The page cache cannot be dropped here, so the command runs
#               once untimed first (warm, as rungs finds the inputs after
#               run-rungs.sh's own warm-up read), then RUNS timed runs.
#
# usage: benches/compare/floors.sh SET_DIR OUT_DIR
#   OUT_DIR  a finished `rungs build SET_DIR -o OUT_DIR` (issue17.sh makes
#            one); `-` skips the copy floor (for aggregates-only sets, whose
#            target is against the read floor)
#
# With RUNGS_S (seconds, e.g. the median of run-rungs.sh in the same run)
# it also prints rungs/floor for both floors.
#
# Environment: RUNS (3), RESULTS (default DIR-of-SET_DIR/results.tsv; rows
# with tool "cp" or "cat" and kind "floor"), KEEP_OUTS (a file: the copies
# are listed there instead of deleted at exit, so a caller can delete
# everything after its last timing), LABEL (the results' version column).
set -uo pipefail

if [ $# -ne 2 ] || [ ! -f "$1/site.yaml" ]; then
  echo "usage: $0 SET_DIR OUT_DIR|-   (a site made by make-sets.sh and its rungs output)" >&2
  exit 2
fi
set_dir="$(cd "$1" && pwd)"
set_name="$(basename "$set_dir")"
out_dir=$2
if [ "$out_dir" != - ]; then
  [ -f "$out_dir/index.html" ] || { echo "$out_dir is not a rungs output (no index.html)" >&2; exit 2; }
  out_dir="$(cd "$out_dir" && pwd)"
fi
runs=${RUNS:-3}
results=${RESULTS:-$(dirname "$set_dir")/results.tsv}
label=${LABEL:-$(uname -r)}
files=$(find "$set_dir" -type f | wc -l)

copies=()
cleanup() {
  if [ -n "${KEEP_OUTS:-}" ]; then
    for c in "${copies[@]}"; do echo "$c" >> "$KEEP_OUTS"; done
  else
    for c in "${copies[@]}"; do rm -rf "$c"; done
  fi
}
trap cleanup EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
row() { # row TOOL WALL STATUS
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$label" "$1" "$set_name" \
    "$files" floor "$2" - - - "$3" >> "$results"
}

echo "set $set_name floors: $files input files; load average $(cut -d' ' -f1-3 /proc/loadavg)"

cp_s=""
if [ "$out_dir" != - ]; then
  bytes=$(du -sb "$out_dir" | cut -f1)
  nfiles=$(find "$out_dir" -type f | wc -l)
  walls=()
  for i in $(seq 1 "$runs"); do
    dest="$out_dir.copy.$$.$i"
    copies+=("$dest")
    t0=$(now)
    cp -r "$out_dir" "$dest" || { echo "cp failed" >&2; exit 1; }
    t1=$(now)
    walls+=("$(secs "$t0" "$t1")")
    echo "  cp -r run $i: ${walls[-1]} s | load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  cp_s=$(printf '%s\n' "${walls[@]}" | median)
  echo "$set_name copy floor: median ${cp_s} s of $runs runs (cp -r of $nfiles files, $((bytes / 1048576)) MiB)"
  row cp "$cp_s" "ok (cp -r of the rungs output, $nfiles files, $((bytes / 1048576)) MiB)"
fi

find "$set_dir" -type f -exec cat {} + > /dev/null # untimed: warm the page cache
walls=()
for i in $(seq 1 "$runs"); do
  t0=$(now)
  find "$set_dir" -type f -exec cat {} + > /dev/null
  t1=$(now)
  walls+=("$(secs "$t0" "$t1")")
  echo "  cat run $i: ${walls[-1]} s (warm page cache) | load $(cut -d' ' -f1-3 /proc/loadavg)"
done
cat_s=$(printf '%s\n' "${walls[@]}" | median)
in_bytes=$(du -sb "$set_dir" | cut -f1)
echo "$set_name read floor: median ${cat_s} s of $runs runs (cat of $files files, $((in_bytes / 1048576)) MiB, warm page cache)"
row cat "$cat_s" "ok (find -type f -exec cat, warm, $files files)"

if [ -n "${RUNGS_S:-}" ]; then
  [ -n "$cp_s" ] && echo "$set_name rungs/copy floor: $(awk -v r="$RUNGS_S" -v f="$cp_s" 'BEGIN {printf "%.2f", r / f}') (rungs ${RUNGS_S} s, cp -r ${cp_s} s)"
  echo "$set_name rungs/read floor: $(awk -v r="$RUNGS_S" -v f="$cat_s" 'BEGIN {printf "%.2f", r / f}') (rungs ${RUNGS_S} s, cat ${cat_s} s)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
