#!/usr/bin/env bash
# Pages rendered afresh on a large site: what a reader waits for whenever the page cache
# has nothing to give (after any change to the site, every page is rendered again).
#
#   bench/large_site.sh
#
# The site is a WordPress export of POSTS posts and COMMENTS comments written by
# bench/wordpress_export.py, imported, with its jobs run (the spam classifier learns the
# imported comments). The server runs with the page caches off (GAZETTE_PAGE_CACHE_BYTES=0).
# Each page is asked seven times one request at a time (the middle time kept), then by wrk
# for DURATION on 4 connections: the home page (the reference), the article with the most
# comments, its comment feed, the site's comment feed, a year's archive and a search.
# Figures are medians of ROUNDS rounds.
#
# With BASELINE set to another build's binary, that build and this one serve the site in
# turns, round by round, and the ratios of their figures are printed. The baseline's build
# makes the site, and this build serves a copy brought up to its own schema, so that an
# earlier build can be compared across a migration.
#
# Environment: POSTS=10000 COMMENTS=100000 ROUNDS=3 DURATION=3s PORT=18097 BASELINE=
# Needs python3, curl and wrk (Debian: apt-get install python3 curl wrk).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
POSTS=${POSTS:-10000}
COMMENTS=${COMMENTS:-100000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-3s}
PORT=${PORT:-18097}

# shellcheck source=bench/lib/imported_site.sh
source "$ROOT/bench/lib/imported_site.sh"
imported_site_setup gazette-large-site-bench
# With a baseline, the site is made by the baseline's build, which may know fewer
# migrations, and a copy is brought up to this build's schema: each serves its own.
import_site "$POSTS" "$COMMENTS" "${BASELINE:-$GAZETTE}"
"${BASELINE:-$GAZETTE}" --data-dir "$WORK/data" jobs run >/dev/null
if [ -n "${BASELINE:-}" ]; then
  cp -r "$WORK/data" "$WORK/data-baseline"
  "$GAZETTE" --data-dir "$WORK/data" migrate >/dev/null
fi

serve "$GAZETTE" 0
busiest=$("$GAZETTE" --data-dir "$WORK/data" article list --json | python3 -c '
import json, sys, urllib.parse
articles = json.load(sys.stdin)
busiest = max(articles, key=lambda article: article["comment_count"])
print(urllib.parse.urlparse(busiest["url"]).path, busiest["comment_count"])')
article=${busiest% *}
year=$(echo "$article" | cut -d/ -f2)
stop_server
echo "   the busiest article: $article (${busiest#* } comments)"

# name|address: what is asked, the reference first.
PAGES=(
  "home page (reference)|/"
  "the busiest article|$article"
  "its comment feed|${article}feed/"
  "the site's comment feed|/comments/feed/"
  "a year's archive|/$year/"
  "a search|/?s=harbour"
)

BINARIES=("$GAZETTE")
[ -n "${BASELINE:-}" ] && BINARIES=("$BASELINE" "$GAZETTE")
echo "== timing: $ROUNDS rounds, each page 7 times one at a time, then $DURATION of wrk"
: >"$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  for binary in "${BINARIES[@]}"; do
    if [ "$binary" = "${BASELINE:-}" ]; then serve "$binary" 0 "$WORK/data-baseline"; else serve "$binary" 0; fi
    for entry in "${PAGES[@]}"; do
      address="http://127.0.0.1:$PORT${entry#*|}"
      alone=$(for _ in 1 2 3 4 5 6 7; do curl -sf -o /dev/null -w '%{time_total}\n' "$address"; done | sort -n | sed -n 4p)
      rate=$(wrk -t1 -c4 -d"$DURATION" --timeout 30s "$address" | awk '/^Requests\/sec/ { print $2 }')
      echo "$binary|${entry%%|*}|$alone|$rate" >>"$WORK/results"
    done
    stop_server
  done
  echo "   round $round done"
done

python3 - "$WORK/results" "$GAZETTE" "${BASELINE:-}" <<'PY'
import statistics, sys
path, current, baseline = sys.argv[1], sys.argv[2], sys.argv[3]
runs = {}
for line in open(path):
    binary, name, alone, rate = line.rstrip("\n").split("|")
    runs.setdefault((binary, name), []).append((float(alone) * 1000, float(rate)))
names = list(dict.fromkeys(name for _, name in runs))

def figures(binary, name):
    rounds = runs[(binary, name)]
    return statistics.median(a for a, _ in rounds), statistics.median(r for _, r in rounds)

for label, binary in (("this build", current), ("baseline", baseline)):
    if not binary:
        continue
    print(f"{label}: one request at a time, and requests/s on 4 connections (medians)")
    for name in names:
        alone, rate = figures(binary, name)
        print(f"   {name:<28} {alone:>9.1f} ms {rate:>10,.0f} req/s")
if baseline:
    print("this build against the baseline: time one at a time, requests/s")
    for name in names:
        (old_alone, old_rate), (alone, rate) = figures(baseline, name), figures(current, name)
        print(f"   {name:<28} {alone / old_alone:>8.2f} x {rate / old_rate:>8.1f} x")
PY
