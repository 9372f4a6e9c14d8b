#!/usr/bin/env bash
# Oxigraph server for the backend tests: install (pip, pinned), start on loopback, stop.
#
#   .ci/servers/oxigraph-server.sh start STATE_DIR   # prints KEY=VALUE lines (also in STATE_DIR/env)
#   .ci/servers/oxigraph-server.sh stop STATE_DIR
#
# Port: first free one in 18300-18349 (OXIGRAPH_PORT overrides). The store is a fresh directory in
# STATE_DIR. No --union-default-graph: that flag makes the server ignore FROM clauses; RemoteStore
# asks for the union per query instead (union-default-graph parameter, left out when the query
# has FROM / FROM NAMED), which gives docs/model.md's union default graph everywhere.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

cmd=${1:?usage: $0 start|stop|install STATE_DIR}
state=${2:-${TMPDIR:-/tmp}/aseankg-oxigraph-server}
bin=${OXIGRAPH_BIN:-$root/.venv/bin/oxigraph}

install() {
  if [ ! -x "$bin" ]; then
    "$root/.venv/bin/pip" install -q 'oxigraph==0.5.13'
  fi
}

case "$cmd" in
  install) install ;;
  start)
    install
    mkdir -p "$state"
    stop_pid "$state/pid"
    # OXIGRAPH_KEEP_DATA=1 restarts on the existing store (crash/restart tests)
    [ "${OXIGRAPH_KEEP_DATA:-0}" = 1 ] || rm -rf "$state/data"
    mkdir -p "$state/data"
    # OXIGRAPH_TIMEOUT_S: the server stops queries running longer (it has no per-query limit)
    timeout_flag=()
    [ -n "${OXIGRAPH_TIMEOUT_S:-}" ] && timeout_flag=(--timeout-s "$OXIGRAPH_TIMEOUT_S")
    # another job may take the free port before we bind it: try a few ports
    for attempt in 1 2 3; do
      port=${OXIGRAPH_PORT:-$(free_port 18300 18349)}
      "$bin" serve --location "$state/data" --bind "127.0.0.1:$port" "${timeout_flag[@]}" \
        >"$state/server.log" 2>&1 &
      echo $! >"$state/pid"
      if wait_http "http://127.0.0.1:$port/query?query=ASK%7B%7D" "$(cat "$state/pid")" 60 \
          "$state/server.log" 200 "Listening for requests at http://127.0.0.1:$port"; then
        break
      fi
      stop_pid "$state/pid"
      [ -z "${OXIGRAPH_PORT:-}" ] && [ "$attempt" -lt 3 ] || exit 1
    done
    watch_owner "$(cat "$state/pid")"
    {
      echo "ASEANKG_TEST_OXIGRAPH_SERVER=http://127.0.0.1:$port/query"
      echo "ASEANKG_TEST_OXIGRAPH_SERVER_PID=$(cat "$state/pid")"
    } >"$state/env"
    cat "$state/env"
    ;;
  stop)
    stop_pid "$state/pid"
    rm -rf "$state/data"
    ;;
  *) echo "usage: $0 start|stop|install STATE_DIR" >&2; exit 2 ;;
esac
