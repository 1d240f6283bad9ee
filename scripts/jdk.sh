# Sourced by ./fp8sim, ./run-tests, .ci/run and bench/run: puts a JDK 21+ on PATH and in JAVA_HOME.
# Order: $JAVA_HOME when it is a JDK 21+, else the newest JDK 21+ under the usual JVM folders,
# else `javac` on PATH when it is 21+. When none is found it says what is missing and exits 2.

fp8sim_jdk_major() { # $1 = a JDK home; prints its major version, or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}            # 1.8.0 -> 8.0
  echo "${v%%[.+-]*}"  # 25.0.3 -> 25
}

fp8sim_use_jdk() {
  local want=21 home major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(fp8sim_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
      best=$JAVA_HOME
    else
      echo "fp8sim: JAVA_HOME=$JAVA_HOME is not a JDK $want+ (found '${major:-no JDK}'); looking for another" >&2
    fi
  fi
  if [ -z "$best" ]; then
    for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      [ -d "$home" ] || continue
      major=$(fp8sim_jdk_major "$home")
      if [ -n "$major" ] && [ "$major" -ge "$want" ] && [ "$major" -gt "$best_major" ]; then
        best=$home best_major=$major
      fi
    done
  fi
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(fp8sim_jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then best=$home; fi
  fi
  if [ -z "$best" ]; then
    echo "fp8sim: no JDK $want or newer found (looked at JAVA_HOME, /usr/lib/jvm and PATH)." >&2
    echo "fp8sim: install one (e.g. 'apt-get install openjdk-21-jdk-headless') or set JAVA_HOME to it." >&2
    exit 2
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every build.
  major=$(fp8sim_jdk_major "$JAVA_HOME")
  if [ "${major:-0}" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}

fp8sim_need_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "fp8sim: Apache Maven (mvn) 3.8+ is needed to build; install it (e.g. 'apt-get install maven')." >&2
    exit 2
  fi
}
