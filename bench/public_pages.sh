#!/usr/bin/env bash
# Public pages benchmark: the home page, a category's archive, a search and the RSS feed,
# each under the article page benchmark's load, as a ratio of the static-file ceiling.
#
# Builds the release binary and serves the demo site. For each page, nginx serves the very
# same bytes as a static file: that is the page's ceiling. Rounds alternate between
# Gazette and nginx, page by page, so that the machine's drift hits both alike; medians of
# the per-round ratios are reported. The article with 20 comments is measured too, as the
# reference the other pages are compared with.
#
#   bench/public_pages.sh
#
# Environment:
#   ROUNDS=3 CONNECTIONS=32 DURATION=10s WARMUP=3s THREADS=2 WRK_TIMEOUT=10s
#   PAGES="article home category search feed"   which pages to measure
#
# Needs wrk, nginx, curl and python3 (Debian: apt-get install wrk nginx-light curl python3).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
PAGES=${PAGES:-article home category search feed}
GAZETTE_PORT=${GAZETTE_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
# shellcheck source=bench/lib/page_load.sh
source "$ROOT/bench/lib/page_load.sh"

require_tools wrk nginx curl python3
build_release
WORK=$(mktemp -d /tmp/gazette-bench.XXXXXX)
chmod 755 "$WORK"
trap page_load_cleanup EXIT
serve_demo "$GAZETTE_PORT"

SITE="http://127.0.0.1:$GAZETTE_PORT"
declare -A ADDRESS=(
  [article]="$(demo_thread_path)"
  [home]="/"
  [category]="/category/local/"
  [search]="/?s=river+survey"
  [feed]="/feed/"
)
declare -A STATIC_FILE=(
  [article]=article.html [home]=home.html [category]=category.html [search]=search.html
  [feed]=feed.xml
)

start_static_server "$NGINX_PORT"
for page in $PAGES; do
  save_static_copy "$SITE${ADDRESS[$page]}" "${STATIC_FILE[$page]}"
done
measured() { [[ " $PAGES " == *" $1 "* ]]; }
if measured article; then
  grep -q '20 comments on' "$WORK/static/article.html" || { echo "bench: the article does not show 20 comments" >&2; exit 1; }
fi
if measured search; then
  grep -q 'search-result' "$WORK/static/search.html" || { echo "bench: the search finds nothing" >&2; exit 1; }
fi
for page in $PAGES; do
  check_static_copy "http://127.0.0.1:$NGINX_PORT/${STATIC_FILE[$page]}" "${STATIC_FILE[$page]}"
done
print_environment
for page in $PAGES; do
  echo "page $page: ${ADDRESS[$page]} ($(wc -c <"$WORK/static/${STATIC_FILE[$page]}") bytes)" | tee -a "$WORK/env.txt"
done

echo "== $ROUNDS rounds of wrk -t$THREADS -c$CONNECTIONS -d$DURATION per page and target"
printf '%-18s %5s %12s %10s %10s %8s\n' target round req/s p50_ms p99_ms non2xx
for round in $(seq 1 "$ROUNDS"); do
  for page in $PAGES; do
    run_wrk "gazette-$page" "$SITE${ADDRESS[$page]}" "$round"
    run_wrk "nginx-$page" "http://127.0.0.1:$NGINX_PORT/${STATIC_FILE[$page]}" "$round"
  done
done

echo "== medians"
python3 - "$WORK/results.txt" $PAGES <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = {}
for name, _round, rps, p50, p99, errors in rows:
    by.setdefault(name, []).append((float(rps), float(p50), float(p99), int(errors)))
print(f"{'page':<10} {'gazette req/s':>14} {'p50 ms':>7} {'p99 ms':>7} {'nginx req/s':>12} {'ratio':>6}  rounds")
for page in sys.argv[2:]:
    ours, ceiling = by[f"gazette-{page}"], by[f"nginx-{page}"]
    ratios = [g[0] / n[0] for g, n in zip(ours, ceiling)]
    errors = sum(v[3] for v in ours + ceiling)
    print(f"{page:<10} {statistics.median(v[0] for v in ours):>14.0f} "
          f"{statistics.median(v[1] for v in ours):>7.2f} {statistics.median(v[2] for v in ours):>7.2f} "
          f"{statistics.median(v[0] for v in ceiling):>12.0f} {statistics.median(ratios):>6.2f}  "
          f"{', '.join(f'{r:.2f}' for r in ratios)}" + (f"  NON-2XX {errors}" if errors else ""))
PY
