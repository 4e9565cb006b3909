#!/usr/bin/env bash
# Times a rebuild of `rungs serve` after one changed file.
#
# usage: benches/compare/serve-rebuild.sh SET_DIR
#
# Starts `rungs serve SET_DIR -p 0`, waits for its first build, then RUNS
# times appends a comment line to one assessment file and RUNS times
# changes one of its ratings, each time waiting for `rebuilt in N ms`
# (see `series` below for what each edit makes rungs render again).
# Prints rungs' own N (the rebuild, from the moment the
# watcher reports the change) and the time from the write to that line
# (which adds the watcher's debounce of about 350 ms). The file is restored
# and the server stopped (SIGTERM: a background job ignores SIGINT) at the end; peak RSS from /usr/bin/time -v.
#
# Environment: RUNGS (default target/release/rungs), RUNS (3),
# TIMEOUT (seconds to wait for a build, default 900), NICE, LABEL, RESULTS
# as in run-rungs.sh.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/site.yaml" ]; then
  echo "usage: $0 SET_DIR   (a site made by make-sets.sh)" >&2
  exit 2
fi
set_dir="$(cd "$1" && pwd)"
set_name="$(basename "$set_dir")"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rungs=${RUNGS:-$repo/target/release/rungs}
runs=${RUNS:-3}
timeout_s=${TIMEOUT:-900}
nice_cmd=${NICE-}
results=${RESULTS:-$(dirname "$set_dir")/results.tsv}
label=${LABEL:-$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)}
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null

file=$(find "$set_dir/content/assessments" -name '*.yaml' | sort | head -1)
tmp=$(mktemp -d)
cp "$file" "$tmp/original.yaml"
log="$tmp/serve.log"

/usr/bin/time -v -o "$tmp/time" $nice_cmd "$rungs" serve "$set_dir" -p 0 --color never > "$log" 2>&1 &
time_pid=$!
server_pid=""
stop() {
  cp "$tmp/original.yaml" "$file"
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null
  wait "$time_pid" 2>/dev/null
}
trap 'stop; rm -rf "$tmp"' EXIT

# waits until the log has more than $1 lines matching $2; prints the last
wait_for() {
  local n=$1 pattern=$2 deadline=$((SECONDS + timeout_s))
  while [ "$(grep -c "$pattern" "$log")" -le "$n" ]; do
    [ $SECONDS -lt $deadline ] || return 1
    kill -0 "$time_pid" 2>/dev/null || return 1
    sleep 0.02
  done
  grep "$pattern" "$log" | tail -1
}

start=$(date +%s.%N)
first=$(wait_for 0 '^built ') || { echo "the first build did not finish"; cat "$log"; exit 1; }
for _ in $(seq 50); do server_pid=$(pgrep -P "$time_pid" | head -1); [ -n "$server_pid" ] && break; sleep 0.1; done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$set_name serve: $first (after $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s)"

sleep 2
# others: processes other than rungs over 10 % of a core in a one-second
# top snapshot (run in the pause before each edit; the machine is shared)
others() {
  top -bn2 -d1 -w 200 | awk '/^top -/{n++} n==2 && $1 ~ /^[0-9]+$/ && $9+0 > 10 && $12 != "rungs" && $12 != "top" {printf "%s %s%% ", $12, $9}'
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }
rebuilds=0
# edits KIND RUNS times and reports the median rebuild: KIND "comment"
# appends a comment line (the text changes, the data do not: the file's
# organisation is rendered again); "rating" flips the file's first
# criterion rated "full" to "none" and back (its scores, and its peer
# cohorts' statistics, change: every organisation compared with those
# cohorts is rendered again).
series() {
  local kind=$1 ms=() e2e=() i t0 t1 line
  for i in $(seq 1 "$runs"); do
    local busy
    busy=$(others)
    t0=$(date +%s.%N)
    if [ "$kind" = comment ]; then
      echo "# touched by serve-rebuild.sh ($i)" >> "$file"
    elif [ $((i % 2)) = 1 ]; then
      sed -i '0,/: "full"$/s//: "none" # flipped/' "$file"
    else
      sed -i 's/: "none" # flipped$/: "full"/' "$file"
    fi
    rebuilds=$((rebuilds + 1))
    line=$(wait_for $((rebuilds - 1)) '^rebuilt in ') || { echo "no rebuild after the change"; tail -5 "$log"; exit 1; }
    t1=$(date +%s.%N)
    ms+=("$(sed -n 's/^rebuilt in \([0-9]*\) ms.*/\1/p' <<< "$line")")
    e2e+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", (b - a) * 1000}')")
    echo "  $kind $i: ${ms[-1]} ms (rungs), ${e2e[-1]} ms from the write to the message | $line | load $(cut -d' ' -f1 /proc/loadavg), busy before: ${busy:-none}"
    sleep 2
  done
  local m e
  m=$(printf '%s\n' "${ms[@]}" | median)
  e=$(printf '%s\n' "${e2e[@]}" | median)
  echo "$set_name serve rebuild after a $kind: median ${m} ms (${e} ms from the write)"
  rows+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%%s\t%s\t%s\t%s' "$(date -u +%F)" "$label" rungs "$set_name" \
    "$(find "$set_dir/content/assessments" -name '*.yaml' | wc -l)" "serve-rebuild-$kind" \
    "$(awk -v m="$m" 'BEGIN {printf "%.2f", m / 1000}')" - - "ok (${e} ms from the write)")")
}
rows=()
series comment
grep -q ': "full"$' "$file" || { echo "$file has no criterion rated \"full\""; exit 1; }
series rating
stop; server_pid=""
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
echo "$set_name serve: peak RSS $((${rss:-0} / 1024)) MiB"
for row in "${rows[@]}"; do
  # shellcheck disable=SC2059
  printf "$row\n" "$((${rss:-0} / 1024))" >> "$results"
done
