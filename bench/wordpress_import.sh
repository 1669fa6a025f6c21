#!/usr/bin/env bash
# WordPress import benchmark: a generated export of POSTS posts and COMMENTS comments
# imported into a fresh SQLite site by `gazette import wordpress`, on the release build.
#
#   bench/wordpress_import.sh
#
# The export is what WordPress 6 writes (WXR 1.2): authors, a tree of categories, tags,
# posts of classic-editor paragraphs with links, a caption and a gallery, a few pages, an
# attachment per hundred posts, and comments threaded up to five deep with pingbacks, spam
# and pending ones among them. Each round starts from an empty site; the figures are the
# median of ROUNDS rounds of the whole command (process start, migrations, parsing,
# conversion, sanitising and the one transaction), and the largest peak memory (maximum
# resident set size, from /usr/bin/time -v) of those rounds.
#
# Environment: POSTS=10000 COMMENTS=100000 ROUNDS=3
# Needs python3 and GNU time (Debian: apt-get install python3 time).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
POSTS=${POSTS:-10000}
COMMENTS=${COMMENTS:-100000}
ROUNDS=${ROUNDS:-3}

command -v python3 >/dev/null || { echo "bench: python3 is needed (apt-get install python3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed (apt-get install time)" >&2; exit 1; }

echo "== building the release binary"
(cd "$ROOT" && cargo build --release --locked --quiet -p gazette)
GAZETTE="${CARGO_TARGET_DIR:-$ROOT/target}/release/gazette"

WORK=$(mktemp -d /tmp/gazette-wordpress-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "== writing an export of $POSTS posts and $COMMENTS comments"
python3 "$ROOT/bench/wordpress_export.py" "$POSTS" "$COMMENTS" "$WORK/export.xml"
ls -l "$WORK/export.xml" | awk '{printf "   %.1f MiB\n", $5 / 1048576}'

echo "== timing $ROUNDS rounds"
: >"$WORK/rounds"
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/data"
  "$GAZETTE" --data-dir "$WORK/data" migrate >/dev/null
  /usr/bin/time -v -o "$WORK/time.txt" \
    "$GAZETTE" --data-dir "$WORK/data" import wordpress "$WORK/export.xml" --json >"$WORK/report.json"
  python3 - "$WORK/time.txt" "$WORK/report.json" "$POSTS" "$COMMENTS" >>"$WORK/rounds" <<'PY'
import json, sys
fields = dict(line.strip().rsplit(": ", 1) for line in open(sys.argv[1]) if ": " in line)
elapsed = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
seconds = sum(float(part) * 60 ** index for index, part in enumerate(reversed(elapsed)))
peak_kib = int(fields["Maximum resident set size (kbytes)"])
counts = json.load(open(sys.argv[2]))["counts"]
posts, comments = int(sys.argv[3]), int(sys.argv[4])
made_posts = counts["post"]["created"]
made_comments = counts["comment"]["created"] + counts.get("linkback", {}).get("created", 0)
if made_posts != posts or made_comments != comments:
    sys.exit(f"bench: {made_posts} posts and {made_comments} comments were made, not {posts} and {comments}")
print(seconds, peak_kib)
PY
  tail -n 1 "$WORK/rounds" | awk -v round="$round" '{printf "   round %d: %.2f s, peak %.0f MiB\n", round, $1, $2 / 1024}'
done

python3 - "$WORK/rounds" "$POSTS" "$COMMENTS" <<'PY'
import statistics, sys
rounds = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
posts, comments = int(sys.argv[2]), int(sys.argv[3])
seconds = statistics.median(time for time, _ in rounds)
peak = max(peak for _, peak in rounds) / 1024
print(f"{posts} posts and {comments} comments: median {seconds:.2f} s "
      f"({(posts + comments) / seconds:,.0f} posts and comments/s), peak memory {peak:.0f} MiB")
PY
