#!/usr/bin/env bash
# Media upload benchmark: one 4000 × 3000 JPEG (12 megapixels, with EXIF orientation and a
# GPS position) uploaded through the desk's form, then its three thumbnails made by the job
# runner in a separate process, on the release build.
#
#   bench/media_upload.sh
#
# Prints the upload's time (the request, from curl: reading the file, checking, decoding,
# turning upright, encoding again, writing, recording), how long after the answer the
# server's job runner has the three thumbnails ready, and the peak memory (maximum resident
# set size, from /usr/bin/time -v) of the server over the whole run. Medians over ROUNDS
# uploads of the same photo, one after another, beside a reference measured in the same
# run: ImageMagick's convert doing the same work to the same photo.
#
# Environment: ROUNDS=5 PORT=18091
# Needs curl, python3, GNU time and ImageMagick (Debian: apt-get install curl python3 time
# imagemagick).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
PORT=${PORT:-18091}

for tool in curl python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install curl python3 time imagemagick)" >&2; exit 1; }
done
# Debian's ImageMagick, by its versioned name first: another `convert` may come earlier on PATH.
CONVERT=${CONVERT:-$(command -v convert-im6.q16 || command -v convert || true)}
"$CONVERT" -version 2>/dev/null | grep -q '^Version: ImageMagick' || { echo "bench: ImageMagick's convert is needed (apt-get install imagemagick)" >&2; exit 1; }

echo "== building the release binary"
(cd "$ROOT" && cargo build --release --locked --quiet -p gazette)
GAZETTE="${CARGO_TARGET_DIR:-$ROOT/target}/release/gazette"

WORK=$(mktemp -d /tmp/gazette-media-bench.XXXXXX)
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill $(pgrep -P "$SERVER") "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
site() { "$GAZETTE" --data-dir "$WORK/data" "$@"; }

echo "== making a 4000 × 3000 photo"
"$CONVERT" -size 4000x3000 plasma:fractal -seed 7 -quality 92 "$WORK/plain.jpg"
# A camera's EXIF segment: orientation 1 and a GPS latitude, right after the start marker.
python3 - "$WORK/plain.jpg" "$WORK/photo.jpg" <<'PY'
import struct, sys
jpeg = open(sys.argv[1], "rb").read()
def entry(tag, kind, count, value):
    return struct.pack("<HHII", tag, kind, count, value)
gps_ifd = 8 + 2 + 2 * 12 + 4
latitude_at = gps_ifd + 2 + 2 * 12 + 4
tiff = b"II*\0" + struct.pack("<I", 8)
tiff += struct.pack("<H", 2) + entry(0x0112, 3, 1, 1) + entry(0x8825, 4, 1, gps_ifd) + struct.pack("<I", 0)
tiff += struct.pack("<H", 2) + entry(0x0001, 2, 2, int.from_bytes(b"N\0\0\0", "little")) + entry(0x0002, 5, 3, latitude_at) + struct.pack("<I", 0)
tiff += struct.pack("<6I", 51, 1, 30, 1, 2680, 100)
segment = b"Exif\0\0" + tiff
open(sys.argv[2], "wb").write(jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment + jpeg[2:])
PY
grep -a -q "Exif" "$WORK/photo.jpg" || { echo "bench: the test photo has no EXIF" >&2; exit 1; }
ls -l "$WORK/photo.jpg" | awk '{printf "   %.1f MiB\n", $5 / 1048576}'

echo "== serving"
site migrate >/dev/null
printf 'correct horse battery\n' | site user add --role editor --email bench@ledger.example --name "Bench Editor" --password-stdin >/dev/null
/usr/bin/time -v -o "$WORK/server.time" "$GAZETTE" --data-dir "$WORK/data" serve --listen "127.0.0.1:$PORT" >"$WORK/gazette.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
JAR="$WORK/cookies"
curl -sf -c "$JAR" -o /dev/null -H "Sec-Fetch-Site: same-origin" \
  --data-urlencode email=bench@ledger.example --data-urlencode 'password=correct horse battery' \
  "http://127.0.0.1:$PORT/login"
CSRF=$(curl -sf -b "$JAR" "http://127.0.0.1:$PORT/desk/" | python3 -c '
import re, sys
print(re.search(r"<meta name=\"csrf-token\" content=\"([^\"]+)\"", sys.stdin.read()).group(1))')

UPLOADS=()
THUMBNAILS=()
for round in $(seq 1 "$ROUNDS"); do
  seconds=$(curl -s -b "$JAR" -o /dev/null -w '%{http_code} %{time_total}' -H "Sec-Fetch-Site: same-origin" \
    -F "csrf=$CSRF" -F "file=@$WORK/photo.jpg;type=image/jpeg;filename=harbour-$round.jpg" \
    "http://127.0.0.1:$PORT/desk/media/upload")
  answered=$(date +%s.%N)
  [ "${seconds%% *}" = 303 ] || { echo "bench: the upload was answered with ${seconds%% *}" >&2; tail "$WORK/gazette.log" >&2; exit 1; }
  # The server's job runner starts on the thumbnails as soon as the upload is recorded.
  until [ "$(find "$WORK/data/media" -name '*.w1600.jpg' | wc -l)" -ge "$round" ]; do sleep 0.01; done
  made=$(python3 -c "print($(date +%s.%N) - $answered)")
  UPLOADS+=("${seconds#* }")
  THUMBNAILS+=("$made")
  echo "   round $round: upload ${seconds#* } s, thumbnails ready $made s later"
done
sleep 0.5
# $! is GNU time: stop the server under it, and time writes its report and exits.
kill $(pgrep -P "$SERVER"); wait "$SERVER" 2>/dev/null || true; SERVER=""

# The reference, measured in the same run on the same photo: ImageMagick (what WordPress
# itself uses when it is installed) doing the same work in one process — turn upright,
# strip metadata, encode again, then make the three copies.
REFERENCES=()
for round in $(seq 1 "$ROUNDS"); do
  started=$(date +%s.%N)
  "$CONVERT" "$WORK/photo.jpg" -auto-orient -strip -quality 85 "$WORK/reference.jpg"
  for width in 480 960 1600; do
    "$CONVERT" "$WORK/reference.jpg" -resize "${width}x" -quality 82 "$WORK/reference.w$width.jpg"
  done
  REFERENCES+=("$(python3 -c "print($(date +%s.%N) - $started)")")
done
VARIANTS=$(find "$WORK/data/media" -name '*.w*.jpg' | wc -l)
if grep -a -l "Exif" $(find "$WORK/data/media" -name '*.jpg') >/dev/null; then
  echo "bench: a stored file still has EXIF" >&2; exit 1
fi

python3 - "$WORK" "$ROUNDS" "$VARIANTS" "${UPLOADS[*]}" "${THUMBNAILS[*]}" "${REFERENCES[*]}" <<'PY'
import re, statistics, sys
work, rounds, variants = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
uploads = [float(value) for value in sys.argv[4].split()]
thumbnails = [float(value) for value in sys.argv[5].split()]
references = [float(value) for value in sys.argv[6].split()]
def field(path, name):
    text = open(path).read()
    return re.search(rf"{re.escape(name)}: (.+)", text).group(1).strip()
print(f"upload (the request, median of {rounds}): {statistics.median(uploads) * 1000:.0f} ms")
print(f"thumbnails (480, 960 and 1600 px; {variants} copies made, median): {statistics.median(thumbnails) * 1000:.0f} ms after the upload's answer")
gazette = statistics.median(uploads) + statistics.median(thumbnails)
reference = statistics.median(references)
print(f"reference, ImageMagick doing the same work (median): {reference * 1000:.0f} ms; "
      f"Gazette's upload and copies take {gazette / reference:.2f}× that")
print(f"peak memory of the server over the run: {int(field(f'{work}/server.time', 'Maximum resident set size (kbytes)')) / 1024:.0f} MiB")
print("no stored file carries EXIF")
PY
