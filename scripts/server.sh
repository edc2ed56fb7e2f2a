# Sourced by the scripts that drive a packaged server (conformance, benchmarks).
#   start_server <data dir> <log file> [flags]
#                                        start server/target/libs (or $HYPER_LIBS) on a free loopback port
#                                        (with these extra hyper-nano flags) and wait until it answers; sets
#                                        SERVER_PID, SERVER_PORT and SERVER_URL
#   stop_server [pid]                    stop it, or the server with this pid (SIGTERM), and wait for it
# Needs the current directory at the repository root (run-server.sh finds the JDK itself).

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start_server() {
  local dir=$1 log=$2
  shift 2
  local libs=${HYPER_LIBS:-server/target/libs}
  [ -d "$libs" ] || { echo "build first: ./dev mvn -B -q -ntp -DskipTests package" >&2; return 1; }
  SERVER_PORT=$(free_port)
  SERVER_URL="http://127.0.0.1:$SERVER_PORT"
  scripts/run-server.sh "$libs" --host 127.0.0.1 --port "$SERVER_PORT" --dir "$dir" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -fsS "$SERVER_URL/health" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  echo "server did not start" >&2
  return 1
}

stop_server() {
  local pid=${1:-${SERVER_PID:-}}
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ "$pid" != "${SERVER_PID:-}" ] || SERVER_PID=
}
