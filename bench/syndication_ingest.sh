#!/usr/bin/env bash
# Syndication ingest benchmark: one feed of ITEMS new items, fetched from a server on
# loopback, parsed and taken into a fresh SQLite site by `gazette source fetch`, on the
# release build.
#
#   bench/syndication_ingest.sh
#
# Each round starts from an empty site with the source just added in publish mode, so every
# item becomes a published article: the fetch, the pre-pass, feed-rs, sanitising, the
# stable keys, and per item its source record, its first version, the article with its
# credit, category, tags and first revision, all in one transaction. Figures are medians of
# ROUNDS rounds (hyperfine): items per second over the whole command (process start,
# migrations check and commit included), and per item with the command's own cost taken
# off — the same command taking a feed of one item. The reference measured in the same run
# is the same command reading the whole feed again into the site that already took it,
# its build date changed as many feeds' is on every request: the same fetch and parse,
# every item recognised, nothing written but "seen". Last comes the feed sent again
# byte for byte, by a server that does not answer 304: known by its digest, nothing read.
#
# With BASELINE set to another build's binary (an earlier commit's, say), both binaries
# then take the feed into a fresh site in turns, ROUNDS times each, and the medians and
# their ratio are printed: the comparison that holds on a machine whose speed drifts.
#
# With DATABASE set to a PostgreSQL server's address (postgres://user@host:port), each
# round takes the feed into a fresh database `gazette_ingest_bench` there instead of SQLite
# (made and dropped with psql).
#
# Environment: ITEMS=5000 ROUNDS=7 PORT=18093 BASELINE= DATABASE=
# Needs python3 and hyperfine (Debian: apt-get install python3 hyperfine), and psql for
# DATABASE.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ITEMS=${ITEMS:-5000}
ROUNDS=${ROUNDS:-7}
PORT=${PORT:-18093}

DATABASE=${DATABASE:-}
SITE_OPTIONS=""
if [ -n "$DATABASE" ]; then
  command -v psql >/dev/null || { echo "bench: psql is needed for DATABASE (apt-get install postgresql-client)" >&2; exit 1; }
  SITE_OPTIONS="--database $DATABASE/gazette_ingest_bench"
fi

for tool in python3 hyperfine; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install python3 hyperfine)" >&2; exit 1; }
done

echo "== building the release binary"
(cd "$ROOT" && cargo build --release --locked --quiet -p gazette)
GAZETTE="${CARGO_TARGET_DIR:-$ROOT/target}/release/gazette"

WORK=$(mktemp -d /tmp/gazette-ingest-bench.XXXXXX)
FEED_SERVER=""
cleanup() {
  [ -n "$FEED_SERVER" ] && kill "$FEED_SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "$DATABASE" ]; then
    psql -q "$DATABASE/postgres" -c "DROP DATABASE IF EXISTS gazette_ingest_bench" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== writing a feed of $ITEMS items"
mkdir -p "$WORK/feeds"
python3 - "$ITEMS" "$WORK/feeds/wire.xml" <<'PY'
import sys
from email.utils import formatdate
count, path = int(sys.argv[1]), sys.argv[2]
topics = ["council", "budget", "harbour", "schools", "transport", "housing", "weather", "courts"]
out = ['<?xml version="1.0" encoding="utf-8"?>',
       '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
       'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
       '<title>Regional Wire</title><link>https://wire.example/</link>',
       '<description>Stories from the regional wire</description>',
       f'<lastBuildDate>{formatdate(1700000000, usegmt=True)}</lastBuildDate>']
for n in range(count):
    topic = topics[n % len(topics)]
    body = (
        f"<p>The {topic} committee met on Tuesday to discuss item {n}, and members "
        f"<strong>agreed</strong> to publish the <a href=\"/reports/{n}\">full report</a> "
        f"before the end of the month.</p>"
        f"<p>&ldquo;We have listened to residents,&rdquo; the chair said, adding that the "
        f"<em>consultation</em> drew more than {n % 900 + 100} responses from across the "
        f"region.</p>"
        f"<figure><img src=\"https://wire.example/photos/{n}.jpg\" alt=\"The {topic} "
        f"committee\" width=\"800\" height=\"533\"><figcaption>Members at the meeting."
        f"</figcaption></figure>"
        f"<p>A decision on the second phase is expected next year; the minutes are "
        f"available from the <a href=\"https://wire.example/minutes/{n}\">clerk's office"
        f"</a>.</p><ul><li>Cost: {n * 37 % 1000} thousand</li><li>Start: spring</li></ul>"
    )
    out.append(
        f"<item><title>Item {n}: the {topic} committee backs its plan</title>"
        f"<link>https://wire.example/{topic}/{n}</link>"
        f"<guid isPermaLink=\"false\">wire-{n}</guid>"
        f"<pubDate>{formatdate(1700000000 + n * 60, usegmt=True)}</pubDate>"
        f"<dc:creator>Wire Reporter {n % 12}</dc:creator>"
        f"<category>{topic.title()}</category><category>Region</category>"
        f"<description><![CDATA[<p>The {topic} committee met on Tuesday.</p>]]></description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
out.append("</channel></rss>")
open(path, "w", encoding="utf-8").write("\n".join(out))
PY
ls -l "$WORK/feeds/wire.xml" | awk '{printf "   %.1f MiB\n", $5 / 1048576}'
# The same feed with its first item only: what the command costs whatever the feed's length.
python3 - "$WORK/feeds/wire.xml" "$WORK/feeds/one.xml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
first_end = text.index("</item>") + len("</item>")
last_end = text.rindex("</item>") + len("</item>")
open(sys.argv[2], "w", encoding="utf-8").write(text[:first_end] + text[last_end:])
PY

(cd "$WORK/feeds" && exec python3 -m http.server --bind 127.0.0.1 "$PORT") >"$WORK/feed-server.log" 2>&1 &
FEED_SERVER=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/wire.xml" 2>/dev/null && break; sleep 0.1; done

# A fresh site with the source of the feed file named by its argument added, not yet
# fetched: what each timed round starts from. SITE_BINARY makes it with another build.
cat >"$WORK/fresh-site" <<SCRIPT
#!/usr/bin/env bash
set -euo pipefail
binary="\${SITE_BINARY:-$GAZETTE}"
rm -rf "$WORK/data"
if [ -n "$DATABASE" ]; then
  psql -q "$DATABASE/postgres" -c "DROP DATABASE IF EXISTS gazette_ingest_bench" \
    -c "CREATE DATABASE gazette_ingest_bench" >/dev/null 2>&1
fi
"\$binary" --data-dir "$WORK/data" $SITE_OPTIONS migrate >/dev/null
"\$binary" --data-dir "$WORK/data" $SITE_OPTIONS source add "http://127.0.0.1:$PORT/\$1" --name "Regional Wire" \
  --category Region --mode publish --allow-private-addresses >/dev/null
SCRIPT
chmod +x "$WORK/fresh-site"
# The feed server answers a conditional request with 304 while the file is unchanged.
# newer-feed moves the feed's build date on by a minute, so that the next fetch reads the
# whole feed again; touched-feed moves only the file's time on by a second, so that the
# same bytes come again with a 200.
cat >"$WORK/newer-feed" <<SCRIPT
#!/usr/bin/env bash
exec python3 - "$WORK/feeds/wire.xml" <<'PY'
import re, sys
from email.utils import formatdate, parsedate_to_datetime
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
built = re.search(r"<lastBuildDate>([^<]*)</lastBuildDate>", text)
later = formatdate(parsedate_to_datetime(built.group(1)).timestamp() + 60, usegmt=True)
text = text[:built.start(1)] + later + text[built.end(1):]
open(path, "w", encoding="utf-8").write(text)
PY
SCRIPT
chmod +x "$WORK/newer-feed"
cat >"$WORK/touched-feed" <<SCRIPT
#!/usr/bin/env bash
exec python3 -c 'import os, sys; t = os.stat(sys.argv[1]).st_mtime + 1; os.utime(sys.argv[1], (t, t))' "$WORK/feeds/wire.xml"
SCRIPT
chmod +x "$WORK/touched-feed"
FETCH="$GAZETTE --data-dir $WORK/data $SITE_OPTIONS source fetch 1"

echo "== checking one round"
"$WORK/fresh-site" wire.xml
$FETCH
taken=$("$GAZETTE" --data-dir "$WORK/data" $SITE_OPTIONS article list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$taken" -ge "$ITEMS" ] || { echo "bench: only $taken of $ITEMS items became articles" >&2; exit 1; }

echo "== timing: $ROUNDS rounds each of $ITEMS new items, one new item, and the $ITEMS read again"
hyperfine --style basic --runs "$ROUNDS" --prepare "$WORK/fresh-site wire.xml" \
  --export-json "$WORK/new.json" "$FETCH" >/dev/null
hyperfine --style basic --runs "$ROUNDS" --prepare "$WORK/fresh-site one.xml" \
  --export-json "$WORK/one.json" "$FETCH" >/dev/null
"$WORK/fresh-site" wire.xml
$FETCH >/dev/null
hyperfine --style basic --runs "$ROUNDS" --prepare "$WORK/newer-feed" \
  --export-json "$WORK/again.json" "$FETCH" >/dev/null
hyperfine --style basic --runs "$ROUNDS" --prepare "$WORK/touched-feed" \
  --export-json "$WORK/same.json" "$FETCH" >/dev/null

python3 - "$ITEMS" "$WORK/new.json" "$WORK/one.json" "$WORK/again.json" "$WORK/same.json" <<'PY'
import json, statistics, sys
items = int(sys.argv[1])
def median(path):
    return statistics.median(json.load(open(path))["results"][0]["times"])
new, one, again, same = (median(path) for path in sys.argv[2:6])
print(f"{items} new items:          median {new * 1000:.0f} ms -> {items / new:,.0f} items/s, whole command")
print(f"one new item:             median {one * 1000:.0f} ms (the command's own cost)")
print(f"{items} new items, per item: {(items - 1) / (new - one):,.0f} items/s without the command's own cost")
print(f"{items} items read again:   median {again * 1000:.0f} ms -> {items / again:,.0f} items/s "
      "(reference: fetched, parsed and looked up, nothing new to write)")
print(f"{items} items sent again:   median {same * 1000:.0f} ms, the same bytes known by their digest, nothing read")
PY

if [ -n "${BASELINE:-}" ]; then
  echo "== in turns, $ROUNDS rounds each: $BASELINE (baseline) and this build"
  for _ in $(seq 1 "$ROUNDS"); do
    for binary in "$BASELINE" "$GAZETTE"; do
      SITE_BINARY="$binary" "$WORK/fresh-site" wire.xml
      start=$(date +%s%N)
      "$binary" --data-dir "$WORK/data" $SITE_OPTIONS source fetch 1 >/dev/null
      end=$(date +%s%N)
      echo "$binary $(( (end - start) / 1000 ))"
    done
  done >"$WORK/turns.txt"
  python3 - "$ITEMS" "$BASELINE" "$GAZETTE" "$WORK/turns.txt" <<'PY'
import statistics, sys
items, baseline, current, path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
times = {baseline: [], current: []}
for line in open(path):
    binary, micros = line.rsplit(" ", 1)
    times[binary].append(int(micros) / 1e6)
old, new = statistics.median(times[baseline]), statistics.median(times[current])
print(f"baseline:   median {old * 1000:.0f} ms -> {items / old:,.0f} items/s")
print(f"this build: median {new * 1000:.0f} ms -> {items / new:,.0f} items/s ({new / old:.2f} of the baseline's time)")
PY
fi
