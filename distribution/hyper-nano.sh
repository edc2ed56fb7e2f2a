#!/bin/sh
# Starts hyper-nano on the Java runtime bundled beside this script. Flags: hyper-nano --help.
# The JVM options are those of every launch, in lib/jvm.args (which bounds the heap); HYPER_MAX_MEMORY
# (e.g. 512m) replaces that bound, and JAVA_OPTS adds to them and wins over both.
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
home=$(cd "$(dirname "$self")/.." && pwd -P)
# The JDK 25 AOT cache (made by bin/hyper-nano-aot) records where the modules were when it was made and
# is only valid there: use it only if it was made for this very folder.
if [ -f "$home/lib/hyper-nano.aot" ] && [ "$(cat "$home/lib/hyper-nano.aot.home" 2>/dev/null)" = "$home" ]; then
  exec "$home/runtime/bin/java" "@$home/lib/jvm.args" ${HYPER_MAX_MEMORY:+"-Xmx$HYPER_MAX_MEMORY"} \
    "-XX:AOTCache=$home/lib/hyper-nano.aot" -Xlog:aot*=off,cds*=off ${JAVA_OPTS:-} \
    --module-path "$home/lib" -m hyper.server/hyper.server.Main "$@"
fi
exec "$home/runtime/bin/java" "@$home/lib/jvm.args" ${HYPER_MAX_MEMORY:+"-Xmx$HYPER_MAX_MEMORY"} ${JAVA_OPTS:-} \
  --module-path "$home/lib" -m hyper.server/hyper.server.Main "$@"
