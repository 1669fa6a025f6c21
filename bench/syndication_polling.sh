#!/usr/bin/env bash
# Syndication polling benchmark: `gazette serve` (release build, SQLite) with SOURCES
# sources, every one of them polled at the shortest interval Gazette allows (5 minutes),
# all unchanged: a server on loopback answers each conditional request with 304.
#
#   bench/syndication_polling.sh
#
# After the first fetch of every source (200, one item each), the server's CPU time (user +
# system, from /proc) is read over WINDOW seconds — longer than one interval plus its
# jitter, so every source is polled again inside it — and given as a share of one core.
# The 304s answered inside the window are counted from the feed server's log. The
# reference, measured over the same window, is a second `gazette serve` with no source at
# all: what an idle site costs anyway.
#
# Environment: SOURCES=1000 WINDOW=360 PORT=18094 (feeds), 18095 and 18096 (the two sites)
# Needs curl and python3 (Debian: apt-get install curl python3).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SOURCES=${SOURCES:-1000}
WINDOW=${WINDOW:-360}
PORT=${PORT:-18094}

for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install curl python3)" >&2; exit 1; }
done

echo "== building the release binary"
(cd "$ROOT" && cargo build --release --locked --quiet -p gazette)
GAZETTE="${CARGO_TARGET_DIR:-$ROOT/target}/release/gazette"

WORK=$(mktemp -d /tmp/gazette-polling-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== writing $SOURCES feeds"
mkdir -p "$WORK/feeds"
python3 - "$SOURCES" "$WORK/feeds" <<'PY'
import sys
count, folder = int(sys.argv[1]), sys.argv[2]
for n in range(count):
    with open(f"{folder}/feed-{n}.xml", "w", encoding="utf-8") as feed:
        feed.write(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Outlet {n}</title><link>https://outlet-{n}.example/</link>"
            "<description>A partner outlet</description>"
            f"<item><title>Outlet {n}'s one story</title>"
            f"<link>https://outlet-{n}.example/story</link><guid>outlet-{n}-story</guid>"
            "<pubDate>Tue, 14 Nov 2023 22:13:20 GMT</pubDate>"
            "<description>&lt;p&gt;The story.&lt;/p&gt;</description></item>"
            "</channel></rss>")
PY
(cd "$WORK/feeds" && exec python3 -m http.server --bind 127.0.0.1 "$PORT") >"$WORK/feed-server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/feed-0.xml" 2>/dev/null && break; sleep 0.1; done

echo "== adding $SOURCES sources"
"$GAZETTE" --data-dir "$WORK/busy" migrate >/dev/null
"$GAZETTE" --data-dir "$WORK/idle" migrate >/dev/null
for n in $(seq 0 $((SOURCES - 1))); do
  "$GAZETTE" --data-dir "$WORK/busy" source add "http://127.0.0.1:$PORT/feed-$n.xml" \
    --name "Outlet $n" --interval 5m --mode publish --allow-private-addresses >/dev/null
done

echo "== serving both sites"
serve() { "$GAZETTE" --data-dir "$WORK/$1" serve --listen "127.0.0.1:$2" >"$WORK/$1.log" 2>&1 & PIDS+=($!); }
serve busy 18095
BUSY=${PIDS[-1]}
serve idle 18096
IDLE=${PIDS[-1]}

# The first fetch of every source: wait until every one has its article.
for _ in $(seq 1 600); do
  taken=$(grep -c '"GET /feed-[0-9]*.xml HTTP/1.1" 200' "$WORK/feed-server.log" || true)
  [ "$taken" -ge "$SOURCES" ] && break
  sleep 1
done
[ "$taken" -ge "$SOURCES" ] || { echo "bench: only $taken of $SOURCES sources were fetched" >&2; exit 1; }
sleep 5

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
before_busy=$(cpu_ticks "$BUSY")
before_idle=$(cpu_ticks "$IDLE")
before_304=$(grep -c '" 304 ' "$WORK/feed-server.log" || true)
echo "== measuring for $WINDOW s (every source falls due once inside it)"
sleep "$WINDOW"
after_busy=$(cpu_ticks "$BUSY")
after_idle=$(cpu_ticks "$IDLE")
after_304=$(grep -c '" 304 ' "$WORK/feed-server.log" || true)
errors=$(grep -c '" [45][0-9][0-9] ' "$WORK/feed-server.log" || true)

python3 - "$SOURCES" "$WINDOW" "$ticks_per_second" "$before_busy" "$after_busy" \
  "$before_idle" "$after_idle" "$before_304" "$after_304" "$errors" <<'PY'
import sys
sources, window, hz, b0, b1, i0, i1, n0, n1, errors = map(int, sys.argv[1:])
busy = (b1 - b0) / hz / window * 100
idle = (i1 - i0) / hz / window * 100
polls = n1 - n0
print(f"304 answers in the window:  {polls} for {sources} sources ({errors} errors in the whole run)")
print(f"CPU, {sources} sources:        {busy:.2f} % of one core ({(b1 - b0) / hz:.2f} s in {window} s)")
print(f"CPU, no source (reference): {idle:.2f} % of one core")
if polls:
    print(f"CPU per unchanged poll:     {(b1 - b0 - (i1 - i0)) / hz / polls * 1000:.2f} ms above the idle site")
PY
