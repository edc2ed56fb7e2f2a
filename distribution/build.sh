#!/bin/sh
# Assembles the hyper-nano distribution from the server's runtime module path:
#   <out>/runtime/      a jlink'ed Java runtime holding only the JDK modules the jars need
#   <out>/lib/          the application's jars (module path), natives for other platforms removed, and
#                       jvm.args, the JVM options of every launch (from distribution/jvm.args)
#   <out>/bin/hyper-nano      the launcher
#   <out>/bin/hyper-nano-aot  makes the JDK 25 AOT cache for the folder it is in (one training run)
#
# usage: distribution/build.sh [--libs DIR] [--out DIR] [--aot | --tarball DIR]
#   --libs     the runtime jars (default server/target/libs, made by `mvn package`)
#   --out      where to assemble (default distribution/target/hyper-nano-<version>)
#   --aot      <out> is where it will run (an image): make the AOT cache there, leave out the CDS archive
#   --tarball  pack <out> as DIR/hyper-nano-<version>-linux-<arch>.tar.gz, with the default CDS archive and
#              without an AOT cache (a cache is only valid where it was made: the first start makes it)
# Builds with the JDK 25 that scripts/jdk25.sh picks (JAVA_HOME when it is one).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/jdk25.sh"
libs=$root/server/target/libs
out=""
aot=false
tarball_dir=""
while [ $# -gt 0 ]; do
  case $1 in
    --libs) libs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --aot) aot=true; shift ;;
    --tarball) tarball_dir=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
jdk=$JAVA_HOME/bin
server_jar=$(ls "$libs"/hyper-server-*.jar 2>/dev/null | head -1)
[ -n "$server_jar" ] || { echo "no hyper-server jar in $libs: run mvn package first" >&2; exit 1; }
version=$(basename "$server_jar" .jar); version=${version#hyper-server-}
case $(uname -m) in
  x86_64|amd64) arch=x64; sqlite_arch=x86_64 ;;
  aarch64|arm64) arch=aarch64; sqlite_arch=aarch64 ;;
  *) arch=$(uname -m); sqlite_arch=$arch ;;
esac
[ -n "$out" ] || out=$root/distribution/target/hyper-nano-$version
[ "$aot" = true ] && [ -n "$tarball_dir" ] && { echo "--aot and --tarball exclude each other" >&2; exit 2; }

# JDK modules: what the bytecode uses (jdeps), what the libraries' descriptors require (jdeps misses
# e.g. sqlite-jdbc's java.sql.rowset), jdk.management (Lucene's optional optimisations) and
# jdk.naming.dns (mongodb+srv:// URLs). The resolution uses the launch's own JVM options (jvm.args).
used=$("$jdk/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  --module-path "$libs" --add-modules ALL-MODULE-PATH)
declared=$("$jdk/java" "@$root/distribution/jvm.args" --module-path "$libs" --show-module-resolution -version 2>&1 |
  awk '$1=="root" && $3 ~ /^file:/ {app[$2]=1} $2=="requires" && ($1 in app) && $4 ~ /^jrt:/ {print $3}' |
  sort -u | paste -sd, -)
modules=$(printf '%s,%s,jdk.management,jdk.naming.dns' "$used" "$declared" | tr , '\n' | sed '/^$/d' | sort -u | paste -sd, -)
echo "[dist] JDK modules: $modules" >&2

rm -rf "$out"
mkdir -p "$out/bin"
# Without --aot the default CDS archive of the JDK's classes speeds up starts; with it, the AOT cache
# (which holds those classes too) supersedes it.
# zip-0: the modules file is stored uncompressed (+23 MB on disk), because the tarball and image layers
# are gzipped anyway and gzip does better on uncompressed classes (about 4.5 MiB less to download).
cds=--generate-cds-archive
[ "$aot" = true ] && cds=""
"$jdk/jlink" --add-modules "$modules" --strip-java-debug-attributes --no-header-files --no-man-pages \
  --compress=zip-0 $cds --output "$out/runtime" >&2
rm -rf "$out/runtime/legal" "$out/runtime/release"
# The CDS archive for heaps without compressed pointers (over 32 GB) is never used with a bounded heap
# (HYPER_MAX_MEMORY that large would only start without CDS): 14 MB less to unpack, ~5 MB to download.
rm -f "$out/runtime/lib/server/classes_nocoops.jsa"
# The runtime's native libraries without their symbol tables (libjvm.so: 5 MB less, 1.5 MiB less to
# download); only the native frames of a JVM crash report lose names. The CDS archive that jlink made is still accepted:
# it checks the JVM's version string, not the library's bytes. Skipped where binutils is not installed.
if command -v strip >/dev/null 2>&1; then
  find "$out/runtime" -name '*.so' -type f -exec strip --strip-unneeded {} +
else
  echo "[dist] no strip (binutils): the runtime's libraries keep their symbols" >&2
fi
cp -r "$libs" "$out/lib"
cp "$root/distribution/jvm.args" "$out/lib/jvm.args"
for jar in "$out"/lib/sqlite-jdbc-*.jar; do
  [ -f "$jar" ] && "$jdk/java" "$root/distribution/StripNatives.java" "$jar" "Linux/$sqlite_arch"
done
# Jars with stored entries: gzip (tarball, image layers) packs stored classes better than deflated ones. Done
# before the AOT training run, which records each jar's size and time and rejects a cache whose jars changed.
"$jdk/java" "$root/distribution/StoreJars.java" "$out"/lib/*.jar
cp "$root/distribution/hyper-nano.sh" "$out/bin/hyper-nano"
cp "$root/distribution/hyper-nano-aot.sh" "$out/bin/hyper-nano-aot"
chmod 755 "$out/bin/hyper-nano" "$out/bin/hyper-nano-aot"
[ -f "$root/LICENSE" ] && cp "$root/LICENSE" "$out/"

if [ "$aot" = true ]; then
  echo "[dist] AOT training run" >&2
  "$out/bin/hyper-nano-aot" >&2
fi

if [ -n "$tarball_dir" ]; then
  mkdir -p "$tarball_dir"
  tarball=$(cd "$tarball_dir" && pwd)/hyper-nano-$version-linux-$arch.tar.gz
  tar -C "$(dirname "$out")" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$(basename "$out")"
  echo "$tarball"
fi
du -sh "$out" >&2
