# Storage: upload and download of 1 KiB objects (1,000 names) and 1 MiB objects (100 names), replacing
# existing objects. Peer: nginx serving a directory, with WebDAV PUT for uploads (Debian).
bench_storage() {
  local small="$WORK/object-1k.bin" large="$WORK/object-1m.bin"
  head -c 1024 /dev/urandom >"$small"
  head -c 1048576 /dev/urandom >"$large"
  local octet=application/octet-stream

  start_hyper
  if has_service storage; then
    call PUT /storage/bench
    fill storage-hyper 1000 1024 o >/dev/null
    fill storage-hyper 100 1048576 m >/dev/null
    workload POST '/storage/bench/o{r}.bin' "$small" $octet 1000
    measure storage "upload 1 KB" hyper-nano "raw-body upload; replaces the object"
    workload GET '/storage/bench/o{r}.bin' "" $octet 1000
    measure storage "download 1 KB" hyper-nano "streamed, chunked"
    workload POST '/storage/bench/m{r}.bin' "$large" $octet 100
    measure storage "upload 1 MB" hyper-nano "MB/s = req/s"
    workload GET '/storage/bench/m{r}.bin' "" $octet 100
    measure storage "download 1 MB" hyper-nano "MB/s = req/s"
  else
    unavailable storage hyper-nano "service not in this build"
  fi
  stop_hyper

  peers_wanted || return 0
  if ! need_apt nginx nginx-light; then
    unavailable storage nginx "nginx could not be installed"
    return 0
  fi
  local port dir
  port=$(free_port) dir=$(mktemp -d "$WORK/nginx.XXXX")
  mkdir -p "$dir/root" "$dir/body"
  echo ok >"$dir/root/index.html"
  chmod -R a+rwx "$dir"   # the workers run as an unprivileged user
  cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $dir/body;
  server {
    listen 127.0.0.1:$port;
    root $dir/root;
    client_max_body_size 2m;
    client_body_buffer_size 16k;
    dav_methods PUT;
    create_full_put_path on;
  }
}
CONF
  spawn "$WORK/nginx.out" nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;'
  local pid=$SPAWNED
  BASE_URL="http://127.0.0.1:$port" MEASURED_SIDS=$pid
  if wait_http "$BASE_URL/" "$pid" 10; then
    fill storage-nginx 1000 1024 o >/dev/null
    fill storage-nginx 100 1048576 m >/dev/null
    workload PUT '/o{r}.bin' "$small" $octet 1000
    measure storage "upload 1 KB" nginx "WebDAV PUT: body to a temp file, then renamed; no bucket, no JSON answer; one worker per core"
    workload GET '/o{r}.bin' "" $octet 1000
    measure storage "download 1 KB" nginx "sendfile, Content-Length"
    workload PUT '/m{r}.bin' "$large" $octet 100
    measure storage "upload 1 MB" nginx ""
    workload GET '/m{r}.bin' "" $octet 100
    measure storage "download 1 MB" nginx ""
  else
    unavailable storage nginx "did not start"
  fi
  stop_tree "$pid"
}
