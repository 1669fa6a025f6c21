#!/usr/bin/env bash
# Search benchmark: readers' searches (`/?s=words`) on a site of POSTS articles, served by
# the release build.
#
#   bench/search.sh
#
# The site is a WordPress export of POSTS posts written by bench/wordpress_export.py and
# imported. Each query is asked by wrk for DURATION on CONNECTIONS connections: a word
# most articles have, one an eighth of them have, two words, a phrase, a word of a few
# articles, and one no article has. The server runs twice: as configured by default,
# where a search asked again is answered from memory until the site changes, and with
# the page caches off (GAZETTE_PAGE_CACHE_BYTES=0), where every request runs the search:
# what each new search a reader types costs; there each query is also asked five times
# one request at a time (the middle time kept), which holds for a build too slow for wrk
# to see answers. The reference in the same run is the home page, from the cache and
# rendered each time. Each figure is the median of ROUNDS rounds: requests per second and
# the median latency.
#
# With BASELINE set to another build's binary (an earlier commit's, say), that build and
# this one serve the same site in turns, round by round, and both are reported with the
# ratio of their requests per second: the comparison that holds on a machine whose speed
# drifts.
#
# Environment: POSTS=10000 ROUNDS=3 DURATION=5s CONNECTIONS=4 PORT=18096 BASELINE=
# Needs python3, curl and wrk (Debian: apt-get install python3 curl wrk).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
POSTS=${POSTS:-10000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-4}
PORT=${PORT:-18096}

# shellcheck source=bench/lib/imported_site.sh
source "$ROOT/bench/lib/imported_site.sh"
imported_site_setup gazette-search-bench
import_site "$POSTS" 0

# name|address: what is asked, the reference first.
QUERIES=(
  "home page (reference)|/"
  "a word in every article|/?s=committee"
  "a word in an eighth of them|/?s=harbour"
  "two words|/?s=committee+officers"
  "a phrase|/?s=%22second+phase%22"
  "a word in a few|/?s=4242"
  "a word in none|/?s=zeppelin"
)

echo "== checking what each query finds"
serve "$GAZETTE"
for entry in "${QUERIES[@]}"; do
  address=${entry#*|}
  curl -sf "http://127.0.0.1:$PORT$address" -o "$WORK/page.html" || { echo "bench: $address failed" >&2; exit 1; }
  found=$(grep -c 'search-result"' "$WORK/page.html" || true)
  printf '   %-36s %s results on its first page\n' "${entry%%|*}" "$found"
done
stop_server

BINARIES=("$GAZETTE")
[ -n "${BASELINE:-}" ] && BINARIES=("$BASELINE" "$GAZETTE")
echo "== timing: $ROUNDS rounds of $DURATION per query on $CONNECTIONS connections"
: >"$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  for binary in "${BINARIES[@]}"; do
    for cache in on off; do
      if [ "$cache" = on ]; then serve "$binary"; else serve "$binary" 0; fi
      for entry in "${QUERIES[@]}"; do
        if [ "$cache" = off ]; then
          # One request at a time: what a reader waits, however slow the build.
          for _ in 1 2 3 4 5; do
            curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT${entry#*|}"
          done | sort -n | sed -n 3p | awk -v b="$binary" -v n="${entry%%|*}" \
            '{ printf "%s|one at a time|%s|%.1f|%.3fms\n", b, n, 1 / $1, $1 * 1000 }' >>"$WORK/results"
        fi
        wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency "http://127.0.0.1:$PORT${entry#*|}" >"$WORK/wrk.txt"
        rate=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
        median=$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")
        echo "$binary|cache $cache|${entry%%|*}|$rate|$median" >>"$WORK/results"
      done
      stop_server
    done
  done
  echo "   round $round done"
done

python3 - "$WORK/results" "$GAZETTE" "${BASELINE:-}" <<'PY'
import statistics, sys
path, current, baseline = sys.argv[1], sys.argv[2], sys.argv[3]

def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(text)

runs = {}
for line in open(path):
    binary, cache, name, rate, median = line.rstrip("\n").split("|")
    runs.setdefault((binary, cache, name), []).append((float(rate), ms(median)))
caches = list(dict.fromkeys(cache for _, cache, _ in runs))
names = list(dict.fromkeys(name for _, _, name in runs))

def figures(binary, cache, name):
    rounds = runs[(binary, cache, name)]
    return statistics.median(r for r, _ in rounds), statistics.median(m for _, m in rounds)

for label, binary in (("this build", current), ("baseline", baseline)):
    if not binary:
        continue
    for cache in caches:
        print(f"{label}, {cache}: requests/s and median latency, medians of the rounds")
        for name in names:
            rate, latency = figures(binary, cache, name)
            if rate:
                print(f"   {name:<36} {rate:>10,.0f} req/s {latency:>9.2f} ms")
            else:
                print(f"   {name:<36} {'none answered':>16}")
if baseline:
    for cache in caches:
        print(f"this build's requests/s against the baseline's, {cache}")
        for name in names:
            before, after = figures(baseline, cache, name)[0], figures(current, cache, name)[0]
            ratio = f"{after / before:>8.1f} x" if before else "     (the baseline answered none)"
            print(f"   {name:<36} {ratio}")
PY
