#!/usr/bin/env bash
# Builds the Hugo and Zola sites equivalent to rungs' report pages for one
# benchmark set of make-sets.sh and times them beside rungs, in the same run.
#
# usage: benches/compare/hugo-zola.sh SET_DIR
#
# 1. rungs: run-rungs.sh SET_DIR (build only; RUNS runs), keeping the
#    data/ folder of its last build.
# 2. make_hugo_zola.py writes WORK/hugo and WORK/zola from that data/: one
#    Markdown page per published assessment with the report's numbers in
#    its front matter, templates that draw the table and the SVG of the 18
#    capabilities, and one list page of all reports (/organizations/).
# 3. Hugo and Zola each build RUNS times into fresh output folders
#    (nothing is deleted between runs; they are deleted at the end).
#
# WORK defaults to /tmp/rungs-bench-compare/<set name> (never in the
# repository). Results are printed and appended to RESULTS (default:
# DIR-of-SET_DIR/results.tsv), as run-rungs.sh does.
#
# Tools: Hugo is Debian's package (`apt-get install -y hugo`, installed here
# when missing). Zola: $ZOLA, or `zola` on the PATH, or else
# `nice -n 19 cargo install zola --locked` is tried; without a Zola binary
# only Hugo is compared. (Zola is not published on crates.io; the numbers in
# docs/performance.md use Zola 0.22.1 built from its source tag v0.22.1 with
# `cargo build --release --locked`, and ZOLA=path/to/zola.)
#
# ZOLA=none compares with Hugo only (no attempt to install Zola).
#
# Environment: RUNS (3), TIMEOUT (900 s per run), NICE (prefix for the
# timed commands, default none), RUNGS/NO_BUILD (see run-rungs.sh),
# SKIP_RUNGS=1 to reuse WORK/data from an earlier run and not time rungs,
# KEEP_OUTS (a file: output folders are listed there instead of deleted,
# as in run-rungs.sh).
set -uo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/site.yaml" ]; then
  echo "usage: $0 SET_DIR   (a site made by make-sets.sh)" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
set_dir="$(cd "$1" && pwd)"
set_name="$(basename "$set_dir")"
work=${WORK:-/tmp/rungs-bench-compare/$set_name}
runs=${RUNS:-3}
timeout_s=${TIMEOUT:-900}
nice_cmd=${NICE-}
export RESULTS=${RESULTS:-$(dirname "$set_dir")/results.tsv}
mkdir -p "$work"

[ -x /usr/bin/time ] || apt-get install -y time >/dev/null
if ! command -v hugo >/dev/null; then
  echo "installing Debian's hugo" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y hugo >/dev/null || echo "hugo could not be installed" >&2
fi
zola=${ZOLA:-$(command -v zola || true)}
if [ "$zola" = none ]; then
  echo "ZOLA=none: comparing with Hugo only" >&2
  zola=""
elif [ -z "$zola" ]; then
  echo "no zola: trying nice -n 19 cargo install zola --locked" >&2
  if nice -n 19 cargo install zola --locked; then zola=$(command -v zola || echo "$HOME/.cargo/bin/zola"); else
    echo "Zola could not be installed (it is not published on crates.io); comparing with Hugo only." >&2
    zola=""
  fi
fi

# 1. rungs
if [ "${SKIP_RUNGS:-0}" != 1 ] || [ ! -f "$work/data/results.json" ]; then
  CHECK=0 KEEP_DATA="$work/data" "$here/run-rungs.sh" "$set_dir" || { echo "rungs failed: no data to compare" >&2; exit 1; }
fi

# 2. the equivalent sources
python3 "$here/make_hugo_zola.py" "$work/data" "$set_dir" "$work" || exit 1
files=$(find "$set_dir/content/assessments" -name '*.yaml' | wc -l)
reports=$(find "$work/hugo/content/organizations" -name '*.md' ! -name '_index.md' | wc -l)

tmp=$(mktemp -d)
outs=()
cleanup() {
  if [ -n "${KEEP_OUTS:-}" ]; then
    for o in "${outs[@]}"; do echo "$o" >> "$KEEP_OUTS"; done
  else
    for o in "${outs[@]}"; do rm -rf "$o"; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }
wall_of() {
  sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
    awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; printf "%.2f\n", s}'
}
rss_of() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

# series TOOL VERSION SOURCE_DIR CMD... ; "{OUT}" in CMD is the output folder
series() {
  local tool=$1 version=$2 src=$3; shift 3
  local walls=() rsss=() status=ok pages=0 i out rc
  for i in $(seq 1 "$runs"); do
    out="$work/$tool-out.$$.$i"
    outs+=("$out")
    local cmd=()
    for a in "$@"; do cmd+=("${a//\{OUT\}/$out}"); done
    (cd "$src" && /usr/bin/time -v -o "$tmp/time" timeout "$timeout_s" $nice_cmd "${cmd[@]}" > "$tmp/stdout" 2> "$tmp/stderr")
    rc=$?
    if [ $rc -eq 124 ]; then status="did not finish in $((timeout_s / 60)) min"; echo "  $tool run $i: $status"; break; fi
    if [ $rc -ne 0 ]; then status="failed (exit $rc)"; echo "  $tool run $i: $status"; tail -5 "$tmp/stderr"; break; fi
    walls+=("$(wall_of "$tmp/time")")
    rsss+=("$(rss_of "$tmp/time")")
    echo "  $tool run $i: ${walls[-1]} s, $(( ${rsss[-1]} / 1024 )) MiB"
  done
  if [ ${#walls[@]} -eq 0 ]; then
    echo "$set_name $tool: $status"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$version" "$tool" "$set_name" "$files" \
      build - - - - "$status" >> "$RESULTS"
    return 1
  fi
  pages=$(find "${outs[-1]}" -name '*.html' | wc -l)
  local bytes wall rss pps
  bytes=$(du -sb "${outs[-1]}" | cut -f1)
  wall=$(printf '%s\n' "${walls[@]}" | median)
  rss=$(printf '%s\n' "${rsss[@]}" | sort -n | tail -1)
  pps=$(awk -v p="$pages" -v w="$wall" 'BEGIN {if (w > 0) printf "%.0f", p / w; else print "-"}')
  echo "$set_name $tool ($version): median ${wall} s of ${#walls[@]} runs, peak RSS $((rss / 1024)) MiB, $pages pages ($((bytes / 1048576)) MiB), $pps pages/s ($status)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$version" "$tool" "$set_name" "$files" \
    build "$wall" "$((rss / 1024))" "$pages" "$pps" "$status" >> "$RESULTS"
}

echo "set $set_name: $reports report pages; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v hugo >/dev/null; then
  hv=$(hugo version | sed -n 's/^hugo v\([^ ]*\).*/hugo \1/p')
  series hugo "$hv" "$work/hugo" hugo --quiet -d "{OUT}"
fi
if [ -n "$zola" ]; then
  zv=$("$zola" --version)
  series zola "$zv" "$work/zola" "$zola" build -o "{OUT}"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
