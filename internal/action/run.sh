#!/usr/bin/env bash
# Runs atender for the composite action. Inputs arrive as INPUT_* variables; the key as ATENDER_API_KEY
# from the step's env (a secret), never as an input. atender itself writes the annotations, the job summary
# and the step outputs (it sees GITHUB_ACTIONS, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT).
set -euo pipefail
bin="${ATENDER_BIN:-}"
if [ -z "$bin" ]; then
	if [ -x "${RUNNER_TEMP:-/nonexistent}/atender-bin/atender" ]; then
		bin="$RUNNER_TEMP/atender-bin/atender"
	else
		bin="atender"
	fi
fi
cmd="${INPUT_COMMAND:-validate}"
path="${INPUT_PATH:-docs}"
export ATENDER_ENV="${INPUT_ENVIRONMENT:-prod}"
if [ -n "${INPUT_BASE_URL:-}" ]; then
	export ATENDER_BASE_URL="$INPUT_BASE_URL"
fi
args=(--output github)
case "${INPUT_STRICT:-false}" in true) args+=(--strict) ;; false | "") ;; *) echo "::error::strict must be true or false, got '${INPUT_STRICT}'"; exit 1 ;; esac
prune=()
case "${INPUT_PRUNE:-false}" in true) prune=(--prune) ;; false | "") ;; *) echo "::error::prune must be true or false, got '${INPUT_PRUNE}'"; exit 1 ;; esac
max_delete="${INPUT_MAX_DELETE:-10}"
case "$max_delete" in '' | *[!0-9]*) echo "::error::max-delete must be a whole number, got '${max_delete}'"; exit 1 ;; esac
case "$cmd" in
validate)
	exec "$bin" kb validate "$path" "${args[@]}"
	;;
plan)
	exec "$bin" kb sync "$path" --dry-run "${prune[@]}" --max-delete "$max_delete" "${args[@]}"
	;;
sync)
	exec "$bin" kb sync "$path" "${prune[@]}" --max-delete "$max_delete" "${args[@]}"
	;;
*)
	echo "::error::command must be validate, plan or sync, got '${cmd}'"
	exit 1
	;;
esac
