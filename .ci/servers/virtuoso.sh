#!/usr/bin/env bash
# Virtuoso Open Source 7 for the backend tests: install (apt), start on loopback with a private
# database and ini, set the dba password, stop.
#
#   .ci/servers/virtuoso.sh install                # apt-get, only when virtuoso-t is missing
#   .ci/servers/virtuoso.sh start STATE_DIR        # prints KEY=VALUE lines (also in STATE_DIR/env)
#   .ci/servers/virtuoso.sh stop STATE_DIR
#
# HTTP port: first free one in 18350-18399, ISQL port in 18400-18449 (VIRTUOSO_HTTP_PORT,
# VIRTUOSO_SQL_PORT override). SPARQL at /sparql, Digest-authenticated updates at /sparql-auth and
# Graph Store Protocol writes at /sparql-graph-crud-auth (user dba).
# ResultSetMaxRows is raised from 10,000 (silent truncation) to 10,000,000.
# MaxQueryCostEstimationTime = 0: Virtuoso's cost estimate refused a named query on a tiny fixture
# ("estimated execution time 429 (sec) exceeds the limit of 400"); the real limit stays
# MaxQueryExecutionTime.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

cmd=${1:?usage: $0 install|start|stop STATE_DIR}
state=${2:-${TMPDIR:-/tmp}/aseankg-virtuoso}
ini=/etc/virtuoso-opensource-7/virtuoso.ini

install() {
  if ! command -v virtuoso-t >/dev/null || [ ! -f "$ini" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends virtuoso-opensource-7 >/dev/null
  fi
  # On a host whose policy-rc.d allows it, postinst starts a system instance on 0.0.0.0:8890;
  # we never use it, and our instance binds other ports, so it is left alone.
}

case "$cmd" in
  install) install ;;
  start)
    install
    mkdir -p "$state"
    stop_pid "$state/pid"
    http_port=${VIRTUOSO_HTTP_PORT:-$(free_port 18350 18399)}
    sql_port=${VIRTUOSO_SQL_PORT:-$(free_port 18400 18449)}
    password=${VIRTUOSO_PASSWORD:-ci$RANDOM$RANDOM}  # long passwords (>20 chars) silently fail
    db="$state/db"
    rm -rf "$db"
    mkdir -p "$db"
    sed -e "s#/var/lib/virtuoso-opensource-7/db#$db#g" \
        -e "s#^ServerPort\( *\)= *1111#ServerPort\1= 127.0.0.1:$sql_port#" \
        -e "s#^ServerPort\( *\)= *8890#ServerPort\1= 127.0.0.1:$http_port#" \
        -e "s#^DefaultHost\( *\)= *.*#DefaultHost\1= 127.0.0.1:$http_port#" \
        -e "s#^DirsAllowed\( *\)= *\(.*\)#DirsAllowed\1= \2, $db#" \
        -e "s#^ResultSetMaxRows\( *\)= *10000#ResultSetMaxRows\1= 10000000#" \
        -e "s#^MaxQueryCostEstimationTime\( *\)= *400#MaxQueryCostEstimationTime\1= 0#" \
        -e "s#^NumberOfBuffers\( *\)= *10000\$#NumberOfBuffers\1= 170000#" \
        -e "s#^MaxDirtyBuffers\( *\)= *6000\$#MaxDirtyBuffers\1= 130000#" \
        "$ini" >"$db/virtuoso.ini"
    # First run creates the database, changes the dba password and exits.
    (cd "$db" && virtuoso-t +foreground +configfile "$db/virtuoso.ini" \
        +pwdold dba +pwddba "$password" +pwddav "$password") >"$state/init.log" 2>&1
    # exec: the recorded pid is the server itself, not a wrapper shell.
    (cd "$db" && exec virtuoso-t +foreground +configfile "$db/virtuoso.ini") \
        >"$state/server.log" 2>&1 &
    echo $! >"$state/pid"
    wait_http "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D" "$(cat "$state/pid")" 120 \
      "$db/virtuoso.log" 200 "HTTP/WebDAV server online at 127.0.0.1:$http_port"
    watch_owner "$(cat "$state/pid")"
    {
      echo "ASEANKG_TEST_VIRTUOSO=http://127.0.0.1:$http_port/sparql"
      echo "ASEANKG_TEST_VIRTUOSO_USER=dba"
      echo "ASEANKG_TEST_VIRTUOSO_PASSWORD=$password"
      echo "ASEANKG_TEST_VIRTUOSO_SQL_PORT=$sql_port"
      echo "ASEANKG_TEST_VIRTUOSO_PID=$(cat "$state/pid")"
    } >"$state/env"
    cat "$state/env"
    ;;
  stop)
    stop_pid "$state/pid"
    rm -rf "$state/db"
    ;;
  *) echo "usage: $0 install|start|stop STATE_DIR" >&2; exit 2 ;;
esac
