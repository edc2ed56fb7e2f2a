# Cache: set and get of 1 KiB values over 10,000 keys. Peer: Redis behind webdis (its HTTP front end).
bench_cache() {
  local value="$WORK/cache-value.json"
  printf '{"v":"%s"}' "$(filler 1016)" >"$value"   # exactly 1024 bytes

  start_hyper
  if has_service cache; then
    call PUT /cache/bench
    fill cache-hyper 10000 >/dev/null
    workload PUT '/cache/bench/k{r}' "$value"
    measure cache "set 1 KB" hyper-nano "SQLite WAL, commit per write (survives kill -9); a set merges into the stored value"
    workload GET '/cache/bench/k{r}'
    measure cache "get 1 KB" hyper-nano ""
  else
    unavailable cache hyper-nano "service not in this build"
  fi
  stop_hyper

  peers_wanted || return 0
  if ! need_apt redis-server redis-server || ! need_apt webdis webdis; then
    unavailable cache "redis+webdis" "redis-server/webdis could not be installed"
    return 0
  fi
  local redis_port webdis_port dir
  redis_port=$(free_port) webdis_port=$(free_port) dir=$(mktemp -d "$WORK/redis.XXXX")
  spawn "$WORK/redis.log" redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir" --save '' \
    --appendonly yes --appendfsync everysec --daemonize no
  local redis_pid=$SPAWNED
  cat >"$dir/webdis.json" <<JSON
{"redis_host": "127.0.0.1", "redis_port": $redis_port, "http_host": "127.0.0.1", "http_port": $webdis_port,
 "threads": 2, "pool_size": 20, "daemonize": false, "database": 0, "verbosity": 1, "logfile": "$dir/webdis.log"}
JSON
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  spawn "$WORK/webdis.out" webdis "$dir/webdis.json"
  local webdis_pid=$SPAWNED
  BASE_URL="http://127.0.0.1:$webdis_port" MEASURED_SIDS="$redis_pid $webdis_pid"
  if wait_http "$BASE_URL/PING" "$webdis_pid" 20; then
    fill cache-webdis 10000 >/dev/null
    workload PUT '/SET/k{r}' "$value" text/plain
    measure cache "set 1 KB" "redis+webdis" "in memory, AOF fsync every second (also survives kill -9); a set replaces; webdis's own JSON answer; RSS/CPU are both processes"
    workload GET '/GET/k{r}'
    measure cache "get 1 KB" "redis+webdis" "answer wraps the value as {\"GET\":\"...\"}"
  else
    unavailable cache "redis+webdis" "webdis did not start"
  fi
  stop_tree "$webdis_pid"
  stop_tree "$redis_pid"
}
