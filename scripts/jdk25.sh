# Sourced by every script that needs java or mvn (relative to its own location, so each works when run
# directly): makes JAVA_HOME a JDK 25. Keeps a JAVA_HOME that already is one; otherwise takes the first
# JDK 25 found in the usual install places. POSIX sh, so that /bin/sh scripts can source it too.
jdk_is_25() { [ -f "$1/release" ] && grep -q '^JAVA_VERSION="25' "$1/release"; }
if [ -z "${JAVA_HOME:-}" ] || ! jdk_is_25 "$JAVA_HOME"; then
  found=""
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/java/openjdk "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if jdk_is_25 "$candidate"; then found=$candidate; break; fi
  done
  if [ -z "$found" ]; then
    echo "hyper-nano needs a JDK 25 (none found; set JAVA_HOME to one)" >&2
    exit 1
  fi
  export JAVA_HOME=$found
fi
export PATH="$JAVA_HOME/bin:$PATH"
