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
# resident set size, from /usr/bin/time -v) of those rounds. After each import, `gazette
# jobs run` does the work the import queued — the spam classifier learning the imported
# comments' verdicts, a page of 1,000 comments per job — and its median time is given too.
#
# With BASELINE set to another build's binary (an earlier commit's, say), each round runs
# both binaries in turns, and both sets of medians are printed with their ratios: the
# comparison that holds on a machine whose speed drifts.
#
# Environment: POSTS=10000 COMMENTS=100000 ROUNDS=3 BASELINE=
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

# One round with BINARY: a fresh site, the import, then the jobs it queued. Appends
# "BINARY import-seconds peak-KiB jobs-seconds" to the rounds file.
one_round() {
  local binary=$1
  rm -rf "$WORK/data"
  "$binary" --data-dir "$WORK/data" migrate >/dev/null
  /usr/bin/time -v -o "$WORK/time.txt" \
    "$binary" --data-dir "$WORK/data" import wordpress "$WORK/export.xml" --json >"$WORK/report.json"
  local start end
  start=$(date +%s%N)
  "$binary" --data-dir "$WORK/data" jobs run >"$WORK/jobs.txt"
  end=$(date +%s%N)
  grep -q "Jobs: [1-9]" "$WORK/jobs.txt" || { echo "bench: the import queued no job: $(cat "$WORK/jobs.txt")" >&2; exit 1; }
  python3 - "$WORK/time.txt" "$WORK/report.json" "$POSTS" "$COMMENTS" "$binary" "$(( (end - start) / 1000 ))" <<'PY' | tee -a "$WORK/rounds" | awk '{printf "   %s: import %.2f s, peak %.0f MiB; the queued jobs %.2f s\n", $1, $2, $3 / 1024, $4}'
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
print(sys.argv[5], seconds, peak_kib, int(sys.argv[6]) / 1e6)
PY
}

echo "== timing $ROUNDS rounds${BASELINE:+, in turns with $BASELINE}"
: >"$WORK/rounds"
for round in $(seq 1 "$ROUNDS"); do
  for binary in ${BASELINE:+"$BASELINE"} "$GAZETTE"; do
    one_round "$binary"
  done
done
python3 - "$WORK/rounds" "$POSTS" "$COMMENTS" "$GAZETTE" "${BASELINE:-}" <<'PY'
import statistics, sys
path, posts, comments, current, baseline = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rounds = [line.split() for line in open(path)]
def medians(binary):
    mine = [tuple(map(float, fields[1:])) for fields in rounds if fields[0] == binary]
    return (statistics.median(row[0] for row in mine), max(row[1] for row in mine) / 1024,
            statistics.median(row[2] for row in mine))
for label, binary in ([("baseline", baseline)] if baseline else []) + [("this build", current)]:
    seconds, peak, jobs = medians(binary)
    print(f"{label}: {posts} posts and {comments} comments: median {seconds:.2f} s "
          f"({(posts + comments) / seconds:,.0f} posts and comments/s), peak memory {peak:.0f} MiB; "
          f"the jobs the import queued (the spam classifier learning the comments' verdicts): "
          f"median {jobs:.2f} s")
if baseline:
    (old, _, old_jobs), (new, _, new_jobs) = medians(baseline), medians(current)
    print(f"this build / baseline: import {new / old:.2f}, queued jobs {new_jobs / old_jobs:.2f}")
PY
