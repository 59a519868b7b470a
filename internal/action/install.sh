#!/usr/bin/env bash
# Installs atender for the composite action: from the action's own checkout by default, or a given version.
# Puts the binary in $RUNNER_TEMP/atender-bin and adds that folder to $GITHUB_PATH.
set -euo pipefail
: "${GITHUB_ACTION_PATH:?not running as a GitHub action}"
bin_dir="${RUNNER_TEMP:-$(mktemp -d)}/atender-bin"
mkdir -p "$bin_dir"
if [ -n "${INPUT_VERSION:-}" ]; then
	GOBIN="$bin_dir" go install "github.com/atender/atender/cmd/atender@${INPUT_VERSION}"
else
	(cd "$GITHUB_ACTION_PATH" && go build -o "$bin_dir/atender" ./cmd/atender)
fi
if [ -n "${GITHUB_PATH:-}" ]; then
	echo "$bin_dir" >>"$GITHUB_PATH"
fi
"$bin_dir/atender" version
