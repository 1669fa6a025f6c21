# Shared by the benchmarks that serve an imported WordPress site (sourced, not run): the
# tools they need, the release binary, the site imported from an export that
# bench/wordpress_export.py writes, and a server on PORT to start and stop.
#
# The caller sets ROOT and PORT and names its work folder's prefix; `imported_site_setup`
# sets GAZETTE and WORK and removes WORK on exit.

SERVER=""

stop_server() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

imported_site_setup() { # work-folder-prefix
  local tool
  for tool in python3 curl wrk; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install python3 curl wrk)" >&2; exit 1; }
  done
  echo "== building the release binary"
  (cd "$ROOT" && cargo build --release --locked --quiet -p gazette)
  GAZETTE="${CARGO_TARGET_DIR:-$ROOT/target}/release/gazette"
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  trap 'stop_server; rm -rf "$WORK"' EXIT
}

import_site() { # posts comments [binary]; the site in $WORK/data, made by binary (this build's)
  local binary=${3:-$GAZETTE}
  echo "== importing a site of $1 articles and $2 comments"
  python3 "$ROOT/bench/wordpress_export.py" "$1" "$2" "$WORK/export.xml"
  "$binary" --data-dir "$WORK/data" migrate >/dev/null
  "$binary" --data-dir "$WORK/data" import wordpress "$WORK/export.xml" >/dev/null
}

serve() { # binary [page cache bytes] [data folder]; serves the site ($WORK/data) on PORT
  GAZETTE_PAGE_CACHE_BYTES=${2:-67108864} "$1" --data-dir "${3:-$WORK/data}" serve --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && return 0; sleep 0.1; done
  echo "bench: the server did not answer (see its log below)" >&2; cat "$WORK/server.log" >&2; exit 1
}
