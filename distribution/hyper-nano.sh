#!/bin/sh
# Starts hyper-nano on the Java runtime bundled beside this script. Flags: hyper-nano --help.
# JAVA_OPTS adds JVM options (e.g. -Xmx256m).
#
# The JVM runs with the installation as its working directory and a relative module path, because the
# JDK 25 AOT cache (lib/hyper-nano.aot) records the module path and is only used when it matches: this
# way the cache stays valid wherever the tarball is unpacked. Paths the user gives (--dir, HYPER_DIR,
# and the default ./__hyper__) are therefore made absolute against the caller's directory first.
set -e
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
home=$(cd "$(dirname "$self")/.." && pwd -P)
absolute() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }

HYPER_DIR=$(absolute "${HYPER_DIR:-__hyper__}")
export HYPER_DIR
n=$#
while [ "$n" -gt 0 ]; do
  arg=$1; shift; n=$((n - 1))
  case $arg in
    --dir=*) arg="--dir=$(absolute "${arg#--dir=}")" ;;
    --dir) if [ "$n" -gt 0 ]; then set -- "$@" "$arg"; arg=$(absolute "$1"); shift; n=$((n - 1)); fi ;;
  esac
  set -- "$@" "$arg"
done

aot=""
[ -f "$home/lib/hyper-nano.aot" ] && aot="-XX:AOTCache=lib/hyper-nano.aot -Xlog:aot*=off,cds*=off"
cd "$home"
exec runtime/bin/java $aot ${JAVA_OPTS:-} \
  --enable-native-access=org.xerial.sqlitejdbc,ALL-UNNAMED \
  --module-path lib --add-modules ALL-MODULE-PATH \
  -m hyper.server/hyper.server.Main "$@"
