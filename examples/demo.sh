#!/bin/sh
# The main job on a fresh machine, no key and no network: start the emulator on loopback, check its key,
# sync examples/docs into it, then sync again to show that an unchanged tree sends no write.
set -eu
BIN=${1:-bin/atender}
DEMO=.demo
rm -rf "$DEMO"
mkdir -p "$DEMO"
"$BIN" emulator --addr 127.0.0.1:0 --write-env "$DEMO/env" >"$DEMO/emulator.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT INT TERM
i=0
while [ ! -s "$DEMO/env" ]; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then echo "the emulator did not start:" >&2; cat "$DEMO/emulator.log" >&2; exit 1; fi
	sleep 0.1
done
echo "== emulator on $(sed -n 's/^ATENDER_BASE_URL=//p' "$DEMO/env")"
echo "== atender keys verify"
"$BIN" --env-file "$DEMO/env" keys verify
echo "== atender kb validate examples/docs"
"$BIN" kb validate examples/docs
echo "== atender kb sync examples/docs --dry-run"
"$BIN" --env-file "$DEMO/env" kb sync examples/docs --dry-run
echo "== atender kb sync examples/docs"
"$BIN" --env-file "$DEMO/env" kb sync examples/docs
echo "== atender kb sync examples/docs (again: nothing to do)"
"$BIN" --env-file "$DEMO/env" kb sync examples/docs --detailed-exitcode
echo "== done: the emulator held the synced KB; it stops now"
