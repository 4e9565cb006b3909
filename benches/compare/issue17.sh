#!/usr/bin/env bash
# Measures issue #17's build targets for one set of make-sets.sh, side by
# side in one run, and prints the ratios:
#
#   published set (10k1):        rungs build, Hugo on the comparable pages
#                                (hugo-zola.sh), `cp -r` of rungs' output
#                                (the copy floor) and `cat` of every input
#                                (the read floor)
#   aggregates-only (100k-agg):  rungs build and the read floor
#                                (`publish_reports: false` in site.yaml)
#
# usage: benches/compare/issue17.sh SET_DIR
#
# Order, all into fresh folders and nothing deleted until the end (creating
# many files right after deleting many is slow on this disk, see
# docs/performance.md): one untimed rungs build (warms the page cache and
# is the output the copy floor copies), floors.sh, run-rungs.sh (RUNS
# builds; CHECK=1 adds `rungs check`), then, for a published set,
# hugo-zola.sh with ZOLA=none unless ZOLA is set (Hugo only). Then
# everything is deleted. The load average is printed before and after
# each part, and which other processes (another user's compile halves what
# a build gets on this 2-core machine) used over 10 % of a core while it
# ran.
#
# Before each part, `sync` and a pause of PAUSE seconds (5) flush what the
# previous part wrote, outside the timings.
#
# Environment: RUNS (3), RUNGS, NO_BUILD, CHECK (0), ZOLA, RESULTS, as in
# the scripts it calls; PAUSE.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/site.yaml" ]; then
  echo "usage: $0 SET_DIR   (a site made by make-sets.sh)" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
set_dir="$(cd "$1" && pwd)"
set_name="$(basename "$set_dir")"
export RESULTS=${RESULTS:-$(dirname "$set_dir")/results.tsv}
export KEEP_OUTS
KEEP_OUTS=$(mktemp)
log=$(mktemp)
first="$set_dir.floor-src.$$"
echo "$first" >> "$KEEP_OUTS"
cleanup() {
  kill "$top_pid" 2>/dev/null
  rm -f "$toplog"
  echo "deleting outputs (outside the timings)"
  while read -r o; do rm -rf "$o" "$(dirname "$o")/.$(basename "$o")"* 2>/dev/null; done < "$KEEP_OUTS"
  rm -f "$KEEP_OUTS" "$log"
}
trap cleanup EXIT
toplog=$(mktemp)
# sampler: one line "EPOCH COMMAND %CPU" per other process over 10 % of a
# core in each one-second top snapshot
ours='^(rungs|cp|cat|find|hugo|python3|bash|top|sed|awk|du|sort|timeout|time|date|kworker.*|jbd2.*)$'
(while :; do
  top -bn2 -d1 -w 200 | awk -v t="$(date +%s)" -v ours="$ours" \
    '/^top -/{n++} n==2 && $1 ~ /^[0-9]+$/ && $9+0 > 10 && $12 !~ ours {print t, $12, $9}'
done > "$toplog") &
top_pid=$!
# part NAME CMD...: runs CMD and then prints which other processes the
# sampler saw while it ran
part() {
  local name=$1 t0 t1 rc; shift
  # The previous part's writes are flushed first (untimed), so that no
  # part pays for another's dirty pages.
  sync; sleep "${PAUSE:-5}"
  t0=$(date +%s)
  "$@"; rc=$?
  t1=$(date +%s)
  sleep 1.2
  echo "$name: other processes over 10 % of a core while it ran: $(awk -v a="$t0" -v b="$t1" \
    '$1 >= a && $1 <= b {c[$2]++; if ($3+0 > m[$2]) m[$2]=$3+0} END {for (k in c) printf "%s (max %d%%, %d s) ", k, m[k], c[k]; if (!length(c)) print "none"}' "$toplog")"
  return $rc
}

if [ -z "${RUNGS:-}" ]; then
  if [ "${NO_BUILD:-0}" != 1 ]; then
    (cd "$repo" && nice -n 19 cargo build --release --bin rungs) || exit 1
  fi
  export RUNGS="$repo/target/release/rungs"
  export LABEL=${LABEL:-$(git -C "$repo" rev-parse --short HEAD)}
fi
export NO_BUILD=1
publish=$(sed -n 's/^publish_reports: *//p' "$set_dir/site.yaml")
publish=${publish:-true}

echo "== $set_name ($(date -u '+%F %T') UTC, rungs ${LABEL:-$RUNGS}, publish_reports: $publish)"
echo "uptime: $(uptime)"
"$RUNGS" build "$set_dir" --color never -q -o "$first" || { echo "rungs build failed" >&2; exit 1; }
if [ "$publish" = false ]; then
  part floors "$here/floors.sh" "$set_dir" - | tee -a "$log"
else
  part floors "$here/floors.sh" "$set_dir" "$first" | tee -a "$log"
fi
CHECK=${CHECK:-0} part rungs "$here/run-rungs.sh" "$set_dir" | tee -a "$log"
if [ "$publish" != false ]; then
  # Hugo's sources are made from the data/ of the untimed first build.
  work=${WORK:-/tmp/rungs-bench-compare/$set_name}
  mkdir -p "$work" && rm -rf "$work/data" && cp -r "$first/data" "$work/data"
  SKIP_RUNGS=1 ZOLA=${ZOLA:-none} WORK=$work part hugo "$here/hugo-zola.sh" "$set_dir" | tee -a "$log"
fi
echo "uptime: $(uptime)"

num() { sed -n "s/^$set_name $1: median \([0-9.]*\) s.*/\1/p" "$log" | tail -1; }
rungs_s=$(num build)
hugo_s=$(sed -n "s/^$set_name hugo ([^)]*): median \([0-9.]*\) s.*/\1/p" "$log" | tail -1)
cp_s=$(sed -n "s/^$set_name copy floor: median \([0-9.]*\) s.*/\1/p" "$log")
cat_s=$(sed -n "s/^$set_name read floor: median \([0-9.]*\) s.*/\1/p" "$log")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0 && b > 0) printf "%.2f", a / b; else print "-"}'; }
echo "== $set_name summary (same run)"
echo "rungs build ${rungs_s:-?} s; read floor (cat) ${cat_s:-?} s: rungs/cat $(ratio "${rungs_s:-0}" "${cat_s:-0}")"
if [ -n "$cp_s" ]; then
  echo "copy floor (cp -r) ${cp_s} s: rungs/cp $(ratio "${rungs_s:-0}" "$cp_s")"
fi
if [ -n "$hugo_s" ]; then
  echo "Hugo ${hugo_s} s: Hugo/rungs $(ratio "$hugo_s" "${rungs_s:-0}")"
fi
