# Shared by the page benchmarks (sourced, not run): the release binary, the demo site, an
# nginx that serves saved copies of Gazette's pages as static files (the ceiling), and wrk
# rounds that wait for a quiet machine and record req/s and latency percentiles.
#
# The caller sets ROOT and WORK, and adds to PIDS what it starts; `page_load_cleanup` stops
# everything and removes WORK.

CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
# wrk's default 2 s timeout would drop slow responses (WordPress's) from the statistics.
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}
PIDS=()

require_tools() { # tool…
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install wrk nginx-light curl python3)" >&2; exit 1; }
  done
}

page_load_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}

build_release() { # sets GAZETTE
  echo "== building the release binary"
  (cd "$ROOT" && cargo build --release --locked --quiet)
  GAZETTE="${CARGO_TARGET_DIR:-$ROOT/target}/release/gazette"
}

wait_for() { # url
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "bench: $1 did not answer" >&2; exit 1
}

serve_demo() { # port; fills $WORK/data with the demo site and serves it
  echo "== serving the demo site"
  "$GAZETTE" --data-dir "$WORK/data" demo >/dev/null
  "$GAZETTE" --data-dir "$WORK/data" serve --listen "127.0.0.1:$1" >"$WORK/gazette.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$1/"
}

# The address path of the demo's article with 20 approved comments.
demo_thread_path() {
  "$GAZETTE" --data-dir "$WORK/data" article list --json | python3 -c '
import json, sys, urllib.parse
articles = [a for a in json.load(sys.stdin) if a["comment_count"] == 20]
print(urllib.parse.urlparse(articles[0]["url"]).path)'
}

# Serves $WORK/static with the content types of the saved pages; with GZIP_STATIC=1, a
# request that accepts gzip gets a saved file's `.gz` beside it (made by `gzip -9 -k`).
start_static_server() { # port
  local gzip_static=""
  [ "${GZIP_STATIC:-0}" = 1 ] && gzip_static="gzip_static on;"
  mkdir -p "$WORK/static"
  cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; application/rss+xml xml; }
  server {
    listen 127.0.0.1:$1;
    root $WORK/static;
    $gzip_static
  }
}
CONF
  nginx -c "$WORK/nginx.conf" -p "$WORK"
}

save_static_copy() { # url file; saves the page for nginx and checks it is served unchanged
  curl -sf "$1" -o "$WORK/static/$2" || { echo "bench: fetching $1 failed" >&2; exit 1; }
  chmod 644 "$WORK/static/$2"
}

check_static_copy() { # static-url file
  wait_for "$1"
  curl -sf "$1" | cmp -s - "$WORK/static/$2" || { echo "bench: nginx serves different bytes for $2" >&2; exit 1; }
}

print_environment() {
  {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "gazette: $("$GAZETTE" --version)"
    echo "nginx: $(nginx -v 2>&1 | cut -d/ -f2)"
    echo "wrk: $(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo unknown)"
  } | tee "$WORK/env.txt"
}

# wrk's numbers with units (us, ms, s) to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u); if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.3f", n }'; }

# Waits (up to a minute) until the CPUs are at least 90 % idle over 2 s, so that the
# previous run's leftovers (a PHP queue still draining, say) do not load the next one.
wait_quiet() {
  local a b total idle i
  for _ in $(seq 1 30); do
    read -r -a a < <(head -1 /proc/stat); sleep 2; read -r -a b < <(head -1 /proc/stat)
    total=0; for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    idle=$(( total > 0 ? 100 * (b[4] - a[4] + b[5] - a[5]) / total : 100 ))
    [ "$idle" -ge 90 ] && return 0
  done
  echo "bench: the machine did not become quiet; figures may be disturbed" >&2
}

# One round against one address, asking for the given codings if any: warm-up, then the
# measured run, appended to $WORK/results.txt as `name round req/s p50_ms p99_ms non2xx`.
run_wrk() { # name url round [accept-encoding]
  local encoding=()
  [ -n "${4:-}" ] && encoding=(-H "Accept-Encoding: $4")
  wait_quiet
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout "$WRK_TIMEOUT" "${encoding[@]}" "$2" >/dev/null
  local out="$WORK/wrk-$1-$3.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency "${encoding[@]}" "$2" >"$out"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  errors=$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' "$out")
  echo "$1 $3 $rps $p50 $p99 ${errors:-0}" | tee -a "$WORK/results.txt"
}
