# Shared helpers for the server scripts (sourced, not run). Everything binds 127.0.0.1 only.

# free_port LOW HIGH: print the first port in [LOW, HIGH] nobody listens on (loopback).
free_port() {
  local p
  for ((p = $1; p <= $2; p++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port in $1-$2" >&2
  return 1
}

# wait_http URL PID SECONDS LOG [EXPECT] [LOG_LINE]: poll URL until it answers EXPECT (default 200)
# and LOG contains LOG_LINE (our server saying it listens: another process may own the port);
# fail early when PID dies. Oxigraph may replay a large WAL (tens of seconds), hence a generous
# bound.
wait_http() {
  local url=$1 pid=$2 secs=$3 log=$4 expect=${5:-200} line=${6:-} code i
  for ((i = 0; i < secs * 10; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    if [ "$code" = "$expect" ] && kill -0 "$pid" 2>/dev/null \
        && { [ -z "$line" ] || grep -qF "$line" "$log" 2>/dev/null; }; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "server (pid $pid) exited before it was ready; last log lines:" >&2
      tail -20 "$log" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  echo "server (pid $pid) not ready at $url after ${secs}s; last log lines:" >&2
  tail -20 "$log" >&2 || true
  return 1
}

# stop_pid FILE: stop the process whose pid FILE holds (ours only), wait up to 20 s.
stop_pid() {
  local f=$1 pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# watch_owner SERVER_PID: when WATCH_PID (the test session that asked for the server) is set and
# dies without stopping the server (killed, timed out), stop the server too, so no orphan keeps
# its port and memory.
watch_owner() {
  local server=$1 owner=${WATCH_PID:-}
  [ -n "$owner" ] || return 0
  (
    while kill -0 "$owner" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 2; done
    kill -TERM "$server" 2>/dev/null || true
  ) </dev/null >/dev/null 2>&1 &
  disown 2>/dev/null || true
}
