#!/usr/bin/env bash
# Runs atender for the composite action. Inputs arrive as INPUT_* variables; the key as ATENDER_API_KEY
# from the step's env (a secret), never as an input. atender itself writes the annotations, the job summary
# and the step outputs (it sees GITHUB_ACTIONS, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT).
#
# An input left empty passes nothing, so the repository's .atender.yaml (and atender's defaults) decide:
# a config with `env: staging` is not overridden by a default `prod` here.
set -euo pipefail
bin="${ATENDER_BIN:-}"
if [ -z "$bin" ]; then
	if [ -x "${RUNNER_TEMP:-/nonexistent}/atender-bin/atender" ]; then
		bin="$RUNNER_TEMP/atender-bin/atender"
	else
		bin="atender"
	fi
fi
fail() {
	echo "::error title=atender action::$1"
	exit 1
}
bool() { # bool NAME VALUE FLAG: append FLAG (true) or FLAG=false (false) to args; empty passes nothing
	case "$2" in
	true) args+=("$3") ;;
	false) args+=("$3=false") ;;
	"") ;;
	*) fail "$1 must be true or false, got '$2'" ;;
	esac
}
cmd="${INPUT_COMMAND:-validate}"
args=(--output github)
if [ -n "${INPUT_ENVIRONMENT:-}" ]; then
	export ATENDER_ENV="$INPUT_ENVIRONMENT"
fi
if [ -n "${INPUT_BASE_URL:-}" ]; then
	export ATENDER_BASE_URL="$INPUT_BASE_URL"
fi
if [ -n "${INPUT_CONFIG:-}" ]; then
	args+=(--config "$INPUT_CONFIG")
fi
bool strict "${INPUT_STRICT:-}" --strict
sync_args=()
if [ "$cmd" != validate ]; then
	saved=("${args[@]}")
	args=()
	bool prune "${INPUT_PRUNE:-}" --prune
	bool force "${INPUT_FORCE:-}" --force
	sync_args=("${args[@]}")
	args=("${saved[@]}")
	if [ -n "${INPUT_MAX_DELETE:-}" ]; then
		case "$INPUT_MAX_DELETE" in *[!0-9]*) fail "max-delete must be a whole number, got '${INPUT_MAX_DELETE}'" ;; esac
		sync_args+=(--max-delete "$INPUT_MAX_DELETE")
	fi
	[ -z "${INPUT_PRUNE_MODE:-}" ] || sync_args+=(--prune-mode "$INPUT_PRUNE_MODE")
	[ -z "${INPUT_ON_CONFLICT:-}" ] || sync_args+=(--on-conflict "$INPUT_ON_CONFLICT")
	[ -z "${INPUT_CONCURRENCY:-}" ] || sync_args+=(--concurrency "$INPUT_CONCURRENCY")
fi
path=()
[ -z "${INPUT_PATH:-}" ] || path=("$INPUT_PATH")
extra=()
if [ -n "${INPUT_ARGS:-}" ]; then
	read -r -a extra <<<"$INPUT_ARGS" # split on whitespace, no globbing, no shell evaluation
fi
case "$cmd" in
validate)
	exec "$bin" kb validate "${path[@]}" "${args[@]}" "${extra[@]}"
	;;
plan)
	exec "$bin" kb sync "${path[@]}" --dry-run "${sync_args[@]}" "${args[@]}" "${extra[@]}"
	;;
sync)
	exec "$bin" kb sync "${path[@]}" "${sync_args[@]}" "${args[@]}" "${extra[@]}"
	;;
*)
	fail "command must be validate, plan or sync, got '${cmd}'"
	;;
esac
