#!/bin/sh
# Starts hyper-nano on the Java runtime bundled beside this script. Flags: hyper-nano --help.
# The JVM options are those of every launch, in lib/jvm.args (which bounds the heap); HYPER_MAX_MEMORY
# (e.g. 512m) replaces that bound, and JAVA_OPTS adds to them and wins over both.
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
home=$(cd "$(dirname "$self")/.." && pwd -P)
# glibc gives threads that allocate natively (SQLite, the JIT, netty) arenas of their own, up to 8 per core,
# and keeps what they free; this server's native allocations are few, two arenas hold them (bench/memory.md).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# The JDK 25 AOT cache (made by bin/hyper-nano-aot) records where the modules were when it was made and
# is only valid there: use it only if it was made for this very folder.
if [ -f "$home/lib/hyper-nano.aot" ] && [ "$(cat "$home/lib/hyper-nano.aot.home" 2>/dev/null)" = "$home" ]; then
  exec "$home/runtime/bin/java" "@$home/lib/jvm.args" ${HYPER_MAX_MEMORY:+"-Xmx$HYPER_MAX_MEMORY"} \
    "-XX:AOTCache=$home/lib/hyper-nano.aot" -Xlog:aot*=off,cds*=off ${JAVA_OPTS:-} \
    --module-path "$home/lib" -m hyper.server/hyper.server.Main "$@"
fi
# Without one, the first start of a server makes it in the background (one short training run of its own,
# on a free port and a temporary folder), so that the starts after it are fast with no step of the user's.
# HYPER_AOT=off: never; the lock folder keeps it to one at a time (and to one try, if that one is killed).
case " $* " in
  *" --version "* | *" -v "* | *" --help "* | *" -h "* | " export "* | " import "*) ;;
  *)
    if [ "${HYPER_AOT:-on}" != off ] && [ -z "${HYPER_TRAIN:-}" ] && [ -w "$home/lib" ] \
        && mkdir "$home/lib/.aot-training" 2>/dev/null; then
      ( "$home/bin/hyper-nano-aot" >/dev/null 2>&1; rmdir "$home/lib/.aot-training" ) </dev/null >/dev/null 2>&1 &
    fi
    ;;
esac
exec "$home/runtime/bin/java" "@$home/lib/jvm.args" ${HYPER_MAX_MEMORY:+"-Xmx$HYPER_MAX_MEMORY"} ${JAVA_OPTS:-} \
  --module-path "$home/lib" -m hyper.server/hyper.server.Main "$@"
