#!/usr/bin/env bash
# Comment posting benchmark: a reader's comment through the whole pipeline.
#
# Builds the release binary, fills the demo site, adds 10,000 comments to one article and
# trains the spam classifier through the real moderation path (`gazette comments spam` and
# `approve` on 1,000 comments each). Then wrk posts comments to that article, each from its
# own address (via X-Forwarded-For from a trusted proxy), email and text, with a form token
# shown long enough ago: every request passes validation, the rate limit, the time trap,
# flood and duplicate checks, the word lists, the classifier's score (one read of the
# features it needs), is stored in one transaction and answered with a redirect. In the
# same run wrk loads the article page from the page cache, the cheapest request Gazette
# serves, as the reference, and the same page from a second server with the page cache
# off: the busy article rendered afresh, as every reader gets it after any change to the
# site. Medians over alternating rounds are reported.
#
#   bench/comment_post.sh
#
# Environment: ROUNDS=3 CONNECTIONS=1 DURATION=10s THREADS=1 COMMENTS=10000 BINARY= PAUSE_MS=0
# BINARY= runs that build of gazette (an earlier commit's, say) instead of building this
# checkout's: run the script once with each and compare, in turns.
# One connection by default: the figure is what one reader waits for, not a queue behind
# other readers (SQLite has one writer; raise CONNECTIONS to see throughput instead).
# PAUSE_MS= makes each connection wait that long between posts: a faster build otherwise
# takes more posts a second, and with them more of the work each post leaves behind (its
# jobs, the write-ahead log to fold back), which shows in the slowest posts' times.
# Needs wrk, curl and python3 (Debian: apt-get install wrk curl python3).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-1}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-1}
COMMENTS=${COMMENTS:-10000}
PORT=${PORT:-18090}
PAUSE_MS=${PAUSE_MS:-0}

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install wrk curl python3)" >&2; exit 1; }
done

if [ -n "${BINARY:-}" ]; then
  GAZETTE=$BINARY
else
  echo "== building the release binary"
  (cd "$ROOT" && cargo build --release --locked --quiet)
  GAZETTE="${CARGO_TARGET_DIR:-$ROOT/target}/release/gazette"
fi

WORK=$(mktemp -d /tmp/gazette-bench.XXXXXX)
SERVER=""
UNCACHED_SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  [ -n "$UNCACHED_SERVER" ] && kill "$UNCACHED_SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
site() { "$GAZETTE" --data-dir "$WORK/data" "$@"; }

echo "== filling the demo site and adding $COMMENTS comments"
site demo >/dev/null
ARTICLE_PATH=$(site article list --json | python3 -c '
import json, sys
articles = json.load(sys.stdin)
busiest = max(articles, key=lambda article: article["comment_count"])
print(busiest["url"].split("://", 1)[1].split("/", 1)[1])')
ARTICLE_PATH="/$ARTICLE_PATH"
python3 - "$WORK/data/gazette.db" "$COMMENTS" "$ARTICLE_PATH" <<'PY'
import random, sqlite3, sys, time
path, count, article_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
slug = article_path.strip("/").split("/")[-1]
db = sqlite3.connect(path)
article_id = db.execute("SELECT id FROM articles WHERE slug = ?", (slug,)).fetchone()[0]
random.seed(7)
news = "council budget library school bus route river bridge vote meeting hearing residents street park taxes water".split()
spam = "casino bonus jackpot spins pills cheap offer win money free deal crypto".split()
now = int(time.time() * 1_000_000) - 86_400 * 1_000_000
rows = []
for number in range(count):
    spammy = number % 10 == 0
    words = random.choices(spam if spammy else news, k=12)
    text = " ".join(words) + f" number {number}"
    domain = "deals.example" if spammy else "valleynet.example"
    status = "spam" if spammy else ("approved" if number % 10 < 8 else "pending")
    rows.append((article_id, f"Reader {number}", f"reader{number}@{domain}", text, f"<p>{text}</p>\n", status,
                 f"10.{number // 65536}.{number // 256 % 256}.{number % 256}", now + number * 1_000_000))
db.executemany(
    "INSERT INTO comments (article_id, author_name, author_email, body_text, body_html, status, ip, created_at, updated_at, depth) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", [row + (row[-1],) for row in rows])
db.commit()
PY
# Train the classifier through the moderation use case, as moderators' decisions would.
SPAM_IDS=$(python3 -c "
import sqlite3; db = sqlite3.connect('$WORK/data/gazette.db')
print(' '.join(str(row[0]) for row in db.execute(\"SELECT id FROM comments WHERE author_email LIKE '%@deals.example' LIMIT 1000\")))")
HAM_IDS=$(python3 -c "
import sqlite3; db = sqlite3.connect('$WORK/data/gazette.db')
print(' '.join(str(row[0]) for row in db.execute(\"SELECT id FROM comments WHERE author_email LIKE '%@valleynet.example' AND status = 'approved' LIMIT 1000\")))")
# shellcheck disable=SC2086
site comments spam $SPAM_IDS >/dev/null
# shellcheck disable=SC2086
site comments approve $HAM_IDS >/dev/null
TOTAL=$(site comments list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "   $TOTAL comments stored; classifier trained on 1000 spam and 1000 ham"

echo "== serving"
GAZETTE_TRUSTED_PROXIES=127.0.0.1 "$GAZETTE" --data-dir "$WORK/data" serve --listen "127.0.0.1:$PORT" >"$WORK/gazette.log" 2>&1 &
SERVER=$!
UNCACHED_PORT=$((PORT + 1))
GAZETTE_PAGE_CACHE_BYTES=0 "$GAZETTE" --data-dir "$WORK/data" serve --listen "127.0.0.1:$UNCACHED_PORT" >"$WORK/uncached.log" 2>&1 &
UNCACHED_SERVER=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$UNCACHED_PORT/" && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT$ARTICLE_PATH" -o "$WORK/page.html"
TOKEN=$(python3 -c "
import re,sys; html = open('$WORK/page.html').read()
print(re.search(r'name=\"gazette_form_token\" value=\"([^\"]+)\"', html).group(1))")
ARTICLE_ID=$(python3 -c "
import re; html = open('$WORK/page.html').read()
print(re.search(r'name=\"comment_post_ID\" value=\"(\d+)\"', html).group(1))")
sleep 4 # the time trap: a person needs a few seconds to write

write_post_script() { # round
cat >"$WORK/post.lua" <<LUA
local counter = $1 * 10000000
local thread_id = 0
setup = function(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end
request = function()
  counter = counter + 1
  local n = counter * 16 + id
  local address = math.floor(n / 16)
  local body = "comment=The+bridge+repairs+should+come+before+the+new+parking+rules%2C+number+" .. n ..
    "&author=Bench+Reader+" .. n .. "&email=bench" .. n .. "%40readers.example&url=&comment_parent=0" ..
    "&comment_post_ID=$ARTICLE_ID&gazette_form_token=$TOKEN"
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["X-Forwarded-For"] = "172." .. (16 + id) .. "." .. math.floor(address / 256) % 256 .. "." .. address % 256
  return wrk.format("POST", "$ARTICLE_PATH", headers, body)
end
delay = function()
  return $PAUSE_MS
end
done = function(summary, latency, requests)
  io.write(string.format("STATUS non2xx3xx=%d\n", summary.errors.status))
end
LUA
}

median_of() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
to_ms() { # wrk latency like 812.00us / 1.20ms / 2.00s
  python3 -c "
import sys; v = sys.argv[1]
print(float(v[:-2]) / 1000 if v.endswith('us') else float(v[:-2]) if v.endswith('ms') else float(v[:-1]) * 1000)" "$1"
}
POSTS=(); TAILS=(); PAGES=(); POST_RATES=(); FRESH=()
for round in $(seq 1 "$ROUNDS"); do
  write_post_script "$round"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT" >"$WORK/post.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$ARTICLE_PATH" >"$WORK/page.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$UNCACHED_PORT$ARTICLE_PATH" >"$WORK/fresh.txt"
  post=$(to_ms "$(awk '/ 50%/{print $2}' "$WORK/post.txt")")
  tail=$(to_ms "$(awk '/ 99%/{print $2}' "$WORK/post.txt")")
  page=$(to_ms "$(awk '/ 50%/{print $2}' "$WORK/page.txt")")
  fresh=$(to_ms "$(awk '/ 50%/{print $2}' "$WORK/fresh.txt")")
  rate=$(awk '/Requests\/sec/{print $2}' "$WORK/post.txt")
  errors=$(awk -F= '/STATUS/{print $2}' "$WORK/post.txt")
  echo "   round $round: comment POST p50 ${post} ms, p99 ${tail} ms ($rate/s, $errors non-redirect answers); cached page p50 ${page} ms; page rendered afresh p50 ${fresh} ms"
  POSTS+=("$post"); TAILS+=("$tail"); PAGES+=("$page"); POST_RATES+=("$rate"); FRESH+=("$fresh")
done
STORED=$(site comments list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
POST_MEDIAN=$(median_of "${POSTS[@]}")
PAGE_MEDIAN=$(median_of "${PAGES[@]}")
echo "== comment POST p50 ${POST_MEDIAN} ms, p99 $(median_of "${TAILS[@]}") ms (medians of $ROUNDS rounds, ${CONNECTIONS} connections, ${PAUSE_MS} ms between posts), $(median_of "${POST_RATES[@]}") posts/s"
echo "== cached article page p50 ${PAGE_MEDIAN} ms; POST/page ratio $(python3 -c "print(round($POST_MEDIAN / $PAGE_MEDIAN, 1))")"
echo "== the article rendered afresh (page cache off) p50 $(median_of "${FRESH[@]}") ms"
echo "== comments stored in the end: $STORED (started with $TOTAL)"
