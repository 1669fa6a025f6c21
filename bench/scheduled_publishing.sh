#!/usr/bin/env bash
# Scheduled publishing benchmark: how late after its time a scheduled article becomes public.
#
# Builds the release binary and serves an empty site. Another process (the command line)
# schedules ARTICLES articles a few seconds ahead, spread over a few seconds; a poller asks
# for each article's address every 10 ms and records when it first answers 200. The
# lateness of each article (first 200 minus its scheduled time) is printed as a median and
# a maximum. Then the server is stopped, more articles are scheduled for while it is down,
# and the server is started again: those overdue articles are measured from the start.
#
#   bench/scheduled_publishing.sh
#
# Environment: ARTICLES=20 LEAD_SECONDS=6 DOWNTIME_ARTICLES=5
#
# Needs curl and python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARTICLES=${ARTICLES:-20}
LEAD_SECONDS=${LEAD_SECONDS:-6}
DOWNTIME_ARTICLES=${DOWNTIME_ARTICLES:-5}
PORT=${PORT:-18090}

for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }
done

echo "== building the release binary"
(cd "$ROOT" && cargo build --release --locked --quiet -p gazette)
GAZETTE="${CARGO_TARGET_DIR:-$ROOT/target}/release/gazette"

WORK=$(mktemp -d /tmp/gazette-schedule.XXXXXX)
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
site() { "$GAZETTE" --data-dir "$WORK/data" "$@"; }
serve() {
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "bench: something already answers on port $PORT; stop it or set PORT" >&2; exit 1
  fi
  # The binary itself, not the `site` function: $! must be the server, so that stopping
  # it really takes the site down.
  "$GAZETTE" --data-dir "$WORK/data" serve --listen "127.0.0.1:$PORT" >>"$WORK/gazette.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 200); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && return; sleep 0.05; done
  echo "bench: the server did not start" >&2; exit 1
}
echo "Body of a scheduled article." >"$WORK/body.md"
site settings set time_zone UTC >/dev/null

# schedule FILE COUNT LEAD SPREAD: schedules COUNT articles from LEAD seconds ahead, SPREAD
# seconds apart, writing "time url" lines to FILE.
schedule() {
  local file=$1 count=$2 lead=$3 spread=$4
  local base
  base=$(python3 -c "import time; print(time.time() + $lead)")
  for number in $(seq 1 "$count"); do
    local when
    when=$(python3 -c "
import datetime; t = $base + ($number - 1) * $spread
print(datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ'))")
    local url
    url=$(site article add --title "Scheduled $file $number" --body-file "$WORK/body.md" --publish-at "$when")
    echo "$when ${url#*://*/}" >>"$WORK/$file"
  done
}

# measure FILE SINCE: polls every article of FILE until each answers 200; prints the
# lateness of each after its scheduled time, or after SINCE (an epoch time) if later.
measure() {
  python3 - "$WORK/$1" "$PORT" "${2:-0}" <<'PY'
import datetime, http.client, statistics, sys, time
lines = [line.split() for line in open(sys.argv[1])]
port, since = int(sys.argv[2]), float(sys.argv[3])
pending = {"/" + path: datetime.datetime.strptime(when, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp() for when, path in lines}
lateness = []
deadline = time.time() + 120
while pending and time.time() < deadline:
    for path in list(pending):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        if status == 200:
            seen = time.time()
            lateness.append(seen - max(pending.pop(path), since))
    time.sleep(0.01)
if pending:
    print(f"NOT PUBLISHED within 120 s: {len(pending)}")
    sys.exit(1)
print(f"{len(lateness)} articles: lateness median {statistics.median(lateness) * 1000:.0f} ms, "
      f"max {max(lateness) * 1000:.0f} ms, min {min(lateness) * 1000:.0f} ms")
PY
}

echo "== serving, and scheduling $ARTICLES articles from ${LEAD_SECONDS}s ahead, 0.25 s apart, from another process"
serve
schedule running.txt "$ARTICLES" "$LEAD_SECONDS" 0.25
echo "== while the server runs"
measure running.txt

echo "== with the server down at their time"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "bench: the server is still answering after being stopped" >&2; exit 1
fi
schedule downtime.txt "$DOWNTIME_ARTICLES" 2 0.1
sleep 4
START=$(python3 -c "import time; print(time.time())")
serve
echo "   measured from the moment the server was started again"
measure downtime.txt "$START"
