#!/usr/bin/env bash
# devcontainer feature: installs hyper-nano from a release tarball (downloaded, or a local file for
# offline use) and writes the entrypoint that starts it in the background when the container starts.
# Options arrive as upper-cased env vars: VERSION, PORT, SERVICES, DOMAIN, TARBALL, AOT, RELEASEURL.
# Where things go (env, defaults for a devcontainer; tests point them at a temporary directory):
#   HYPER_NANO_PREFIX (/usr/local/hyper-nano), HYPER_NANO_BIN_DIR (/usr/local/bin),
#   HYPER_NANO_DATA_DIR (/var/lib/hyper-nano), HYPER_NANO_LOG (/tmp/hyper-nano.log; the pid file
#   goes beside it as .pid)
set -euo pipefail

version=${VERSION:-0.1.0}
port=${PORT:-6363}
services=${SERVICES:-}
domain=${DOMAIN:-test}
tarball=${TARBALL:-}
aot=${AOT:-true}
release_url=${RELEASEURL:-}
prefix=${HYPER_NANO_PREFIX:-/usr/local/hyper-nano}
bin_dir=${HYPER_NANO_BIN_DIR:-/usr/local/bin}
data_dir=${HYPER_NANO_DATA_DIR:-/var/lib/hyper-nano}
log_file=${HYPER_NANO_LOG:-/tmp/hyper-nano.log}

fail() { echo "hyper-nano feature: $*" >&2; exit 1; }

case $port in ''|*[!0-9]*) fail "port must be a number, got '$port'" ;; esac
flags=()
if [ -n "${services// /}" ]; then
  flags+=(--experimental "--domain=$domain")
  IFS=',' read -r -a wanted <<< "${services// /}"
  for s in "${wanted[@]}"; do
    case $s in
      data|cache|storage) flags+=("--$s") ;;
      '') ;;
      *) fail "services: '$s' cannot be created at start-up (choose from data, cache, storage)" ;;
    esac
  done
fi

case $(uname -m) in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) fail "no hyper-nano build for $(uname -m)" ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$tarball" ]; then
  [ -n "$release_url" ] || fail "set the 'tarball' option (a file or URL) or 'releaseUrl' (where releases are downloaded from)"
  tarball="${release_url%/}/v$version/hyper-nano-$version-linux-$arch.tar.gz"
fi
case $tarball in
  http://*|https://*)
    echo "hyper-nano feature: downloading $tarball"
    if command -v curl >/dev/null; then curl -fsSL -o "$work/hyper-nano.tar.gz" "$tarball" || fail "download failed: $tarball"
    elif command -v wget >/dev/null; then wget -qO "$work/hyper-nano.tar.gz" "$tarball" || fail "download failed: $tarball"
    else fail "neither curl nor wget is installed; set the 'tarball' option to a local file"; fi
    tarball=$work/hyper-nano.tar.gz ;;
  /*) [ -f "$tarball" ] || fail "tarball not found: $tarball" ;;
  *) # relative: to the current directory, else to the feature's folder (a tarball shipped beside install.sh)
    [ -f "$tarball" ] || tarball="$(cd "$(dirname "$0")" && pwd)/$tarball"
    [ -f "$tarball" ] || fail "tarball not found: ${TARBALL}" ;;
esac

mkdir -p "$work/unpacked"
tar -xzf "$tarball" -C "$work/unpacked" || fail "cannot unpack $tarball"
home=$(find "$work/unpacked" -mindepth 2 -maxdepth 3 -path '*/bin/hyper-nano' -printf '%h\n' | head -1)
[ -n "$home" ] || fail "$tarball holds no bin/hyper-nano"
home=$(dirname "$home")
"$home/bin/hyper-nano" --version >/dev/null || fail "the unpacked hyper-nano does not run on this system"

rm -rf "$prefix"
mkdir -p "$(dirname "$prefix")" "$bin_dir" "$data_dir"
mv "$home" "$prefix"
ln -sf "$prefix/bin/hyper-nano" "$bin_dir/hyper-nano"
if [ "$aot" = true ]; then
  "$prefix/bin/hyper-nano-aot" || echo "hyper-nano feature: no AOT cache; hyper-nano starts without it" >&2
fi
# The container's user (not root, in most devcontainers) owns the data.
if [ -n "${_REMOTE_USER:-}" ] && [ "${_REMOTE_USER}" != root ] && id "$_REMOTE_USER" >/dev/null 2>&1; then
  chown -R "$_REMOTE_USER" "$data_dir"
fi

quoted_flags=$(printf ' %q' "${flags[@]+"${flags[@]}"}")
cat > "$prefix/bin/hyper-nano-start" <<START
#!/usr/bin/env bash
# Entrypoint of the hyper-nano devcontainer feature: starts hyper-nano in the background unless it
# already answers, then runs the container's command. Written by the feature's install.sh.
port=$port
if ! (exec 3<>/dev/tcp/127.0.0.1/\$port) 2>/dev/null; then
  PORT=\$port HYPER_DIR=$(printf '%q' "$data_dir") nohup $(printf '%q' "$prefix/bin/hyper-nano")$quoted_flags \\
    >>$(printf '%q' "$log_file") 2>&1 </dev/null &
  echo \$! > $(printf '%q' "${log_file%.log}.pid")
fi
exec "\$@"
START
chmod 755 "$prefix/bin/hyper-nano-start"
echo "hyper-nano feature: installed $("$prefix/bin/hyper-nano" --version) in $prefix (port $port, data $data_dir, log $log_file)"
