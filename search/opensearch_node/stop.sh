#!/usr/bin/env bash
# Stop the OpenSearch node started by start.sh (same OPENSEARCH_NODE_HOME): SIGTERM, then SIGKILL after
# OPENSEARCH_STOP_TIMEOUT seconds (default 60; a normal stop takes under 2 s). Data stays in
# $OPENSEARCH_NODE_HOME/node/node_1/data, so the next start.sh is a real restart that finds the same indexes
# (start.sh --fresh wipes them). Succeeds, and says so, when no node is running.
set -euo pipefail

NODE_HOME="${OPENSEARCH_NODE_HOME:-/tmp/portal-opensearch}"
STOP_TIMEOUT="${OPENSEARCH_STOP_TIMEOUT:-60}"
BASE="$NODE_HOME/node"
PIDFILE="$NODE_HOME/opensearch.pid"
PORTFILE="$NODE_HOME/opensearch.port"
MAIN="${OPENSEARCH_MAIN:-org.codelibs.opensearch.runner.OpenSearchRunner}"  # as start.sh

say() { echo "opensearch-node: $*" >&2; }

alive() {  # a zombie (exited, not yet reaped by its parent) counts as gone
  kill -0 "$1" 2>/dev/null && [ "$(sed -n 's/^[0-9]* (.*) \([A-Z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

is_ours() {  # $1 = pid: is it the runner of this NODE_HOME? (a recorded pid may have been reused since)
  grep -qF -- "$MAIN -basePath $BASE " < <(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)
}

# The pid file first; if it is missing or stale, a runner of this NODE_HOME found in the process list.
pid="$(cat "$PIDFILE" 2>/dev/null || true)"
if [ -z "$pid" ] || ! alive "$pid" || ! is_ours "$pid"; then
  pid=""
  for p in $(pgrep -f -- "$MAIN -basePath $BASE -confPath" 2>/dev/null || true); do
    if alive "$p" && is_ours "$p"; then pid="$p"; break; fi
  done
fi
if [ -z "$pid" ]; then
  rm -f "$PIDFILE" "$PORTFILE" "$NODE_HOME/aot/recording"
  say "not running"
  exit 0
fi

# The first node started with an empty class-data archive writes it while exiting: give it time.
if [ -e "$NODE_HOME/aot/recording" ]; then
  (( STOP_TIMEOUT >= 180 )) || STOP_TIMEOUT=180
  say "the JVM writes its class-data archive on this first stop (once, ~20-30 s)"
fi

T0=$SECONDS
kill -TERM "$pid" 2>/dev/null || true
while alive "$pid" && (( SECONDS - T0 < STOP_TIMEOUT )); do
  sleep 0.2
done
if alive "$pid"; then
  say "pid $pid still alive after ${STOP_TIMEOUT}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  while alive "$pid"; do sleep 0.1; done
fi
rm -f "$PIDFILE" "$PORTFILE" "$NODE_HOME/aot/recording"
say "stopped (pid $pid) in $((SECONDS - T0))s"
