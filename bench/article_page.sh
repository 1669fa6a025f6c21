#!/usr/bin/env bash
# Article page benchmark.
#
# Builds the release binary, serves the demo site and loads the article with 20 approved
# comments with wrk (32 connections, 20 s). In the same run, nginx serves the very same
# HTML as a static file and is loaded the same way: that is the ceiling, and Gazette's
# throughput is printed as a ratio of it. Rounds alternate between the two so that the
# machine's drift hits both alike; medians are reported.
#
#   bench/article_page.sh
#
# Environment:
#   ROUNDS=3 CONNECTIONS=32 DURATION=20s WARMUP=5s THREADS=2 WRK_TIMEOUT=10s
#   WORDPRESS_URL=http://127.0.0.1:8088/2024/09/07/some-post/   also load this page each round
#   UNCACHED=1                                                   also load Gazette with its page cache off
#   COMPRESSED=1                                                 also load Gazette asking for brotli and for
#                                                                gzip, and nginx sending the page gzipped
#                                                                ahead of time (gzip_static)
#
# Needs wrk, nginx, curl and python3 (Debian: apt-get install wrk nginx-light curl python3).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
GAZETTE_PORT=${GAZETTE_PORT:-18080}
UNCACHED_PORT=${UNCACHED_PORT:-18082}
NGINX_PORT=${NGINX_PORT:-18081}
# shellcheck source=bench/lib/page_load.sh
source "$ROOT/bench/lib/page_load.sh"

require_tools wrk nginx curl python3
build_release
WORK=$(mktemp -d /tmp/gazette-bench.XXXXXX)
chmod 755 "$WORK"
trap page_load_cleanup EXIT
serve_demo "$GAZETTE_PORT"
ARTICLE_PATH=$(demo_thread_path)
GAZETTE_URL="http://127.0.0.1:$GAZETTE_PORT$ARTICLE_PATH"

if [ "${UNCACHED:-0}" = 1 ]; then
  GAZETTE_PAGE_CACHE_BYTES=0 "$GAZETTE" --data-dir "$WORK/data" serve --listen "127.0.0.1:$UNCACHED_PORT" >"$WORK/uncached.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$UNCACHED_PORT/"
fi

echo "== the same HTML as a static file from nginx"
GZIP_STATIC=${COMPRESSED:-0} start_static_server "$NGINX_PORT"
save_static_copy "$GAZETTE_URL" article.html
grep -q '20 comments on' "$WORK/static/article.html" || { echo "bench: the page does not show 20 comments" >&2; exit 1; }
if [ "${COMPRESSED:-0}" = 1 ]; then
  # nginx's ceiling for a compressed page: the same bytes gzipped once, at the best level.
  gzip -9 -k "$WORK/static/article.html"
  chmod 644 "$WORK/static/article.html.gz"
fi
STATIC_URL="http://127.0.0.1:$NGINX_PORT/article.html"
check_static_copy "$STATIC_URL" article.html
BYTES=$(wc -c <"$WORK/static/article.html")

echo "== page: $ARTICLE_PATH ($BYTES bytes); $ROUNDS rounds of wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
if [ "${COMPRESSED:-0}" = 1 ]; then
  for coding in br gzip; do
    echo "gazette in $coding: $(curl -sf -H "Accept-Encoding: $coding" "$GAZETTE_URL" | wc -c) bytes"
  done
  echo "nginx, gzip -9 ahead of time: $(wc -c <"$WORK/static/article.html.gz") bytes"
fi
print_environment

printf '%-10s %5s %12s %10s %10s %8s\n' target round req/s p50_ms p99_ms non2xx
for round in $(seq 1 "$ROUNDS"); do
  run_wrk gazette "$GAZETTE_URL" "$round"
  run_wrk nginx "$STATIC_URL" "$round"
  if [ "${UNCACHED:-0}" = 1 ]; then run_wrk uncached "http://127.0.0.1:$UNCACHED_PORT$ARTICLE_PATH" "$round"; fi
  if [ "${COMPRESSED:-0}" = 1 ]; then
    run_wrk gazette-br "$GAZETTE_URL" "$round" "br, gzip"
    run_wrk gazette-gz "$GAZETTE_URL" "$round" "gzip"
    run_wrk nginx-gz "$STATIC_URL" "$round" "gzip"
  fi
  if [ -n "${WORDPRESS_URL:-}" ]; then run_wrk wordpress "$WORDPRESS_URL" "$round"; fi
done

echo "== medians"
python3 - "$WORK/results.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = {}
for name, _round, rps, p50, p99, errors in rows:
    by.setdefault(name, []).append((float(rps), float(p50), float(p99), int(errors)))
med = {name: tuple(statistics.median(v[i] for v in values) for i in range(3)) for name, values in by.items()}
for name, (rps, p50, p99) in med.items():
    errors = sum(v[3] for v in by[name])
    print(f"{name:<10} {rps:>12.0f} req/s   p50 {p50:.2f} ms   p99 {p99:.2f} ms   non-2xx {errors}")
ratios = [g[0] / n[0] for g, n in zip(by["gazette"], by["nginx"])]
print(f"gazette / nginx throughput: median of per-round ratios {statistics.median(ratios):.2f} (rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
for name in ("gazette-br", "gazette-gz"):
    if name in by:
        ratios = [c[0] / n[0] for c, n in zip(by[name], by["nginx-gz"])]
        print(f"{name} / nginx-gz throughput: {statistics.median(ratios):.2f}")
if "uncached" in by:
    ratios = [u[0] / n[0] for u, n in zip(by["uncached"], by["nginx"])]
    print(f"uncached / nginx throughput: {statistics.median(ratios):.2f}")
if "wordpress" in by:
    print(f"gazette / wordpress throughput: {med['gazette'][0] / med['wordpress'][0]:.0f}x")
PY

echo "== a comment approved from another process appears at once"
COMMENT="Benchmark check $(date +%s%N)"
# Posted as a reader does: with the form's signed token, after the few seconds the time
# trap expects a person to take (a form without its token goes to the spam).
TOKEN=$(curl -sf "$GAZETTE_URL" | python3 -c '
import re, sys
print(re.search(r"name=\"gazette_form_token\" value=\"([^\"]+)\"", sys.stdin.read()).group(1))')
sleep 4
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --data-urlencode "comment=$COMMENT" --data-urlencode "author=Bench" \
  --data-urlencode "email=bench@example.com" --data-urlencode "comment_parent=0" \
  --data-urlencode "gazette_form_token=$TOKEN" "$GAZETTE_URL")
[ "$STATUS" = 303 ] || { echo "bench: posting a comment answered $STATUS" >&2; exit 1; }
ID=$("$GAZETTE" --data-dir "$WORK/data" comments list --status pending --json | python3 -c "
import json, sys
print(next(c['id'] for c in json.load(sys.stdin) if c['text'] == sys.argv[1]))" "$COMMENT")
# Pages are fetched into a file before they are searched: `curl | grep -q` under pipefail
# fails whenever grep stops reading early.
page() { curl -sf "$GAZETTE_URL" -o "$WORK/page.html" || { echo "bench: fetching the page failed" >&2; exit 1; }; }
page
grep -q "$COMMENT" "$WORK/page.html" && { echo "bench: a pending comment was public" >&2; exit 1; }
"$GAZETTE" --data-dir "$WORK/data" comments approve "$ID" >/dev/null
page
grep -q "$COMMENT" "$WORK/page.html" || { echo "bench: the approved comment did not appear" >&2; exit 1; }
grep -q '21 comments on' "$WORK/page.html" || { echo "bench: the count did not change" >&2; exit 1; }
echo "ok: comment $ID appeared on the first request after approval, and the count became 21"
