#!/usr/bin/env bash
# Times `rungs build` and `rungs check` on one benchmark set of make-sets.sh.
#
# usage: benches/compare/run-rungs.sh SET_DIR
#
# Each build writes into a fresh output folder beside the set
# (SET_DIR.out.<pid>.<run>): nothing is deleted between runs, because on
# ext4 creating many files right after deleting many files is several times
# slower than writing them into a clean tree (docs/performance.md, "Lessons").
# The output folders are deleted at the end, outside any timing (RM_EACH=1
# deletes each one right after its run, followed by `sync` and a pause of
# PAUSE seconds, for sets too big to keep three copies of on disk).
#
# With REBUILD=1 it also times `rungs build` into an output folder that
# already holds a previous build (as a user's repeated `rungs build` does):
# rungs then moves the previous output aside and deletes it itself, and that
# deletion is part of the time. One untimed build fills the folder first.
#
# Reports, for build and check: the median wall time of RUNS runs, the
# largest peak RSS (from /usr/bin/time -v) and pages per second (pages from
# the build's final line `built N assessments, P pages, ...`, divided by
# the median wall time). A run that exceeds TIMEOUT seconds is reported as
# "did not finish" and ends the series for that command.
#
# Environment:
#   RUNGS     binary to time (default: target/release/rungs, built first with
#             `cargo build --release` unless NO_BUILD=1)
#   LABEL     what the results call the binary (default: the repository's
#             short commit, "+dirty" with uncommitted changes to src/,
#             templates/, themes/ or Cargo.*; set it when RUNGS is a copy)
#   RUNS      runs per command (default 3)
#   TIMEOUT   seconds per run (default 900)
#   NICE      prefix for the timed commands (default: none; for example
#             "nice -n 19" on a shared machine)
#   RESULTS   TSV file the result rows are appended to
#             (default: DIR-of-SET_DIR/results.tsv)
#   CHECK     0 to skip `rungs check`
#   KEEP_DATA copy the data/ folder (results.json, benchmarks.json...) of the
#             last build there before its output is deleted (hugo-zola.sh
#             uses it)
#   KEEP_OUTS a file: the output folders are listed there instead of
#             deleted at exit, so that a caller (issue17.sh) times what
#             follows on a disk that has not just deleted them, and
#             deletes them itself after its last timing
set -uo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/site.yaml" ]; then
  echo "usage: $0 SET_DIR   (a site made by make-sets.sh)" >&2
  exit 2
fi
set_dir="$(cd "$1" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=${RUNS:-3}
timeout_s=${TIMEOUT:-900}
nice_cmd=${NICE-}
results=${RESULTS:-$(dirname "$set_dir")/results.tsv}
set_name="$(basename "$set_dir")"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (/usr/bin/time)" >&2
  apt-get install -y time >/dev/null
fi

if [ -z "${RUNGS:-}" ]; then
  RUNGS="$repo/target/release/rungs"
  if [ "${NO_BUILD:-0}" != 1 ]; then
    (cd "$repo" && nice -n 19 cargo build --release --bin rungs) || exit 1
  fi
fi
[ -x "$RUNGS" ] || { echo "no rungs binary at $RUNGS" >&2; exit 1; }

files=$(find "$set_dir/content/assessments" -name '*.yaml' | wc -l)
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$repo" status --porcelain -- src Cargo.toml Cargo.lock templates themes 2>/dev/null | wc -l)
[ "$dirty" -eq 0 ] || commit="$commit+dirty"
commit=${LABEL:-$commit}
echo "set $set_name: $files assessment files; rungs $commit ($RUNGS); $runs runs, timeout ${timeout_s}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Read the inputs once so every run finds them in the page cache.
cat "$set_dir"/content/assessments/*/*.yaml > /dev/null 2>&1 || true

tmp=$(mktemp -d)
outs=()
cleanup() {
  if [ -n "${KEEP_OUTS:-}" ]; then
    for o in "${outs[@]}"; do echo "$o" >> "$KEEP_OUTS"; done
  else
    for o in "${outs[@]}"; do rm -rf "$o" "$(dirname "$o")/.$(basename "$o")"* 2>/dev/null; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }
# "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34" -> seconds
wall_of() {
  sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
    awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; printf "%.2f\n", s}'
}
rss_of() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

series() { # series build|check|rebuild
  local name=$1 cmd=$1 walls=() rsss=() pages="" line="" status="ok" i out
  if [ "$name" = rebuild ]; then
    cmd=build
    out="$set_dir.out.$$.rebuild"
    outs+=("$out")
    timeout "$timeout_s" $nice_cmd "$RUNGS" build "$set_dir" --color never -q -o "$out" || return 1
  fi
  for i in $(seq 1 "$runs"); do
    local args=("$cmd" "$set_dir" --color never)
    if [ "$name" = rebuild ]; then
      args+=(-o "$out")
    elif [ "$cmd" = build ]; then
      out="$set_dir.out.$$.$i"
      outs+=("$out")
      args+=(-o "$out")
    fi
    /usr/bin/time -v -o "$tmp/time" timeout "$timeout_s" $nice_cmd "$RUNGS" "${args[@]}" \
      > "$tmp/stdout" 2> "$tmp/stderr"
    local rc=$?
    if [ $rc -eq 124 ]; then
      status="did not finish in $((timeout_s / 60)) min"
      echo "  $name run $i: $status (peak RSS so far $(( $(rss_of "$tmp/time") / 1024 )) MiB)"
      break
    elif [ $rc -ne 0 ]; then
      status="failed (exit $rc)"
      echo "  $name run $i: $status"; tail -5 "$tmp/stderr"
      break
    fi
    line=$(grep -E '^(built|checked) ' "$tmp/stdout" "$tmp/stderr" -h | tail -1)
    pages=$(sed -n 's/.* \([0-9][0-9]*\) pages.*/\1/p' <<< "$line")
    walls+=("$(wall_of "$tmp/time")")
    rsss+=("$(rss_of "$tmp/time")")
    echo "  $name run $i: ${walls[-1]} s, $(( ${rsss[-1]} / 1024 )) MiB  | $line"
    if [ "$name" = build ] && [ "${RM_EACH:-0}" = 1 ] && [ "$i" -lt "$runs" ]; then
      rm -rf "$out"; sync; sleep "${PAUSE:-20}"
    fi
  done
  if [ ${#walls[@]} -gt 0 ]; then
    local wall rss pps
    wall=$(printf '%s\n' "${walls[@]}" | median)
    rss=$(printf '%s\n' "${rsss[@]}" | sort -n | tail -1)
    pps=$(awk -v p="${pages:-0}" -v w="$wall" 'BEGIN {if (w > 0) printf "%.0f", p / w; else print "-"}')
    echo "$set_name $name: median ${wall} s of ${#walls[@]} runs, peak RSS $((rss / 1024)) MiB, ${pages:-?} pages, $pps pages/s ($status)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$commit" rungs "$set_name" "$files" \
      "$name" "$wall" "$((rss / 1024))" "${pages:-}" "$pps" "$status" >> "$results"
  else
    echo "$set_name $name: $status"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$commit" rungs "$set_name" "$files" \
      "$name" "-" "-" "-" "-" "$status" >> "$results"
  fi
  [ "$status" = ok ]
}

series build; build_ok=$?
if [ -n "${KEEP_DATA:-}" ] && [ $build_ok -eq 0 ]; then
  rm -rf "$KEEP_DATA" && cp -r "${outs[-1]}/data" "$KEEP_DATA" && echo "kept ${outs[-1]}/data as $KEEP_DATA"
fi
if [ "${CHECK:-1}" != 0 ]; then series check; fi
if [ "${REBUILD:-0}" = 1 ]; then series rebuild; fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $build_ok
