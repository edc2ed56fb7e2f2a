# Queue: enqueue throughput, and end-to-end delivery to a local webhook target (enqueue → arrival).
# Peer: RabbitMQ through its management HTTP API (Debian), publishing persistent messages to a durable
# queue; RabbitMQ has no HTTP push to a webhook, so it has no end-to-end row.
bench_queue() {
  local job="$WORK/queue-job.json"
  printf '{"n":"{u}","pad":"%s"}' "$(filler 100)" >"$job"

  start_hyper
  if has_service queue; then
    timed_row queue "delivery end to end (jobs/s)" hyper-nano 1 \
      "500 jobs; latency = send → arrival at the target; one delivery worker, as the original" \
      node "$HARNESS/queue-e2e.mjs" "$BASE_URL" e2e-one 500 1
    timed_row queue "delivery end to end (jobs/s)" hyper-nano 16 "2,000 jobs" \
      node "$HARNESS/queue-e2e.mjs" "$BASE_URL" e2e-many 2000 16
    spawn "$WORK/queue-target.log" node "$HARNESS/queue-e2e.mjs" --target
    local target_pid=$SPAWNED
    for _ in $(seq 100); do [ -s "$WORK/queue-target.log" ] && break; sleep 0.05; done
    call PUT /queue/bench "{\"target\":\"http://127.0.0.1:$(head -1 "$WORK/queue-target.log")/\"}"
    workload POST /queue/bench "$job"
    measure queue "enqueue" hyper-nano "persisted before 201; delivery to the target runs alongside"
    stop_tree "$target_pid"
  else
    unavailable queue hyper-nano "service not in this build"
  fi
  stop_hyper

  peers_wanted || return 0
  if ! need_apt rabbitmq-server rabbitmq-server; then
    unavailable queue rabbitmq "rabbitmq-server could not be installed"
    return 0
  fi
  local dir amqp http pid
  dir=$(mktemp -d "$WORK/rabbitmq.XXXX") amqp=$(free_port) http=$(free_port)
  mkdir -p "$dir/mnesia" "$dir/log"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp
management.tcp.ip = 127.0.0.1
management.tcp.port = $http
CONF
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  chown -R rabbitmq: "$dir" 2>/dev/null || true   # Debian's launcher drops to the rabbitmq user
  local epmd_before
  epmd_before=$(pgrep -x epmd || true)
  spawn "$WORK/rabbitmq.log" env RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_NODENAME="bench$http@localhost" RABBITMQ_DIST_PORT="$(free_port)" ERL_EPMD_PORT="$(free_port)" \
    rabbitmq-server
  pid=$SPAWNED
  BASE_URL="http://127.0.0.1:$http" MEASURED_SIDS=$(session_sids_of "$pid")
  local auth="Authorization: Basic $(printf guest:guest | base64)"
  if wait_http_auth "$BASE_URL/api/overview" "$pid" 120; then
    MEASURED_SIDS=$(session_sids_of "$pid")
    STARTED_PIDS+=($MEASURED_SIDS)
    curl -fsS -u guest:guest -X PUT -H 'Content-Type: application/json' -d '{"durable":true}' \
      "$BASE_URL/api/queues/%2F/bench" >/dev/null
    local publish="$WORK/rabbitmq-publish.json"
    printf '{"properties":{"delivery_mode":2},"routing_key":"bench","payload_encoding":"string","payload":"{\\"n\\":\\"{u}\\",\\"pad\\":\\"%s\\"}"}' \
      "$(filler 100)" >"$publish"
    workload POST /api/exchanges/%2F/amq.default/publish "$publish" application/json 1 0 "$auth"
    measure queue "enqueue" rabbitmq "management HTTP API (documented as not meant for high rates), persistent message, durable queue, no publisher confirm: 'routed' is not 'on disk'"
  else
    unavailable queue rabbitmq "did not start"
  fi
  unavailable queue rabbitmq "end to end: RabbitMQ delivers to AMQP consumers, never to an HTTP webhook"
  stop_tree $(session_sids_of "$pid")
  # epmd, the Erlang port mapper, detaches from the session that started it.
  local epmd
  for epmd in $(pgrep -x epmd || true); do
    [[ " $epmd_before " == *" $epmd "* ]] || kill "$epmd" 2>/dev/null || true
  done
}

# session_sids_of PID: the sessions of PID's process tree (Debian's launcher starts the broker via su,
# which opens a session of its own).
session_sids_of() {
  local pid=$1 all
  all=$(ps -e -o pid=,ppid=,sid= | awk -v root="$pid" '
    { parent[$1] = $2; sid[$1] = $3 }
    END { for (p in parent) { q = p; while (q in parent && q != root && q > 1) q = parent[q]; if (q == root) s[sid[p]] = 1 }
          for (x in s) printf "%s ", x }')
  echo "$pid $all"
}

wait_http_auth() {
  local url=$1 pid=$2 limit=$3 i
  for ((i = 0; i < limit * 10; i++)); do
    curl -fsS -o /dev/null -u guest:guest "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
