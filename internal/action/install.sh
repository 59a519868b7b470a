#!/usr/bin/env bash
# Installs atender for the composite action.
#
#   install.sh          install a release archive, verified; or, when there is no release to install, say so
#                       and set the step output from-source=true (action.yml then sets up Go and runs:)
#   install.sh source   build atender from the action's own checkout, or `go install …@VERSION`
#
# The version is the `version` input (INPUT_VERSION), else the action's own ref (ATENDER_ACTION_REF) when that
# is a release tag: v1.2.3 exactly, or a major tag such as v1 (resolved to its newest release through the
# GitHub API). A branch or a commit is not a release: atender is built from source, with a notice.
#
# A release is downloaded from <base>/download/<tag>/atender_<version>_<os>_<arch>.tar.gz (.zip on Windows),
# <base> being this repository's releases URL, or ATENDER_RELEASE_BASE_URL (mirrors, GitHub Enterprise,
# tests). Its SHA-256 is always checked against the release's checksums.txt; a mismatch is refused. The build
# provenance is verified with `gh attestation verify` as INPUT_VERIFY_PROVENANCE says: auto (when gh and a
# token are there), true (required) or false. The binary is kept in RUNNER_TOOL_CACHE (else RUNNER_TEMP), and
# its folder is added to GITHUB_PATH.
#
# Needs only bash, curl or wget, tar (unzip for the Windows .zip if there is one) and sha256sum (or shasum).
set -euo pipefail

repo="atender/atender"
base="${ATENDER_RELEASE_BASE_URL:-https://github.com/$repo/releases}"
base="${base%/}"
api="${GITHUB_API_URL:-https://api.github.com}"
api="${api%/}"

fail() {
	echo "::error title=atender install::$1"
	exit 1
}
notice() { echo "::notice title=atender install::$1"; }
output() { [ -z "${GITHUB_OUTPUT:-}" ] || echo "$1" >>"$GITHUB_OUTPUT"; }
add_path() {
	if [ -n "${GITHUB_PATH:-}" ]; then
		echo "$1" >>"$GITHUB_PATH"
	fi
}

from_source() {
	: "${GITHUB_ACTION_PATH:?not running as a GitHub action}"
	local bin_dir="${RUNNER_TEMP:-$(mktemp -d)}/atender-bin"
	mkdir -p "$bin_dir"
	if [ -n "${INPUT_VERSION:-}" ]; then
		GOBIN="$bin_dir" go install "github.com/$repo/cmd/atender@${INPUT_VERSION}"
	else
		(cd "$GITHUB_ACTION_PATH" && go build -o "$bin_dir/atender" ./cmd/atender)
	fi
	add_path "$bin_dir"
	"$bin_dir/atender" version
}

# fetch URL FILE [api]: download with curl, else wget; a token, when there is one, only for the API.
fetch() {
	local auth=()
	if [ "${3:-}" = api ] && [ -n "${GH_TOKEN:-${GITHUB_TOKEN:-}}" ]; then
		auth=(-H "Authorization: Bearer ${GH_TOKEN:-${GITHUB_TOKEN:-}}")
	fi
	if command -v curl >/dev/null 2>&1; then
		curl -fsSL --retry 3 --connect-timeout 10 "${auth[@]}" -o "$2" "$1"
	elif command -v wget >/dev/null 2>&1; then
		if [ ${#auth[@]} -gt 0 ]; then
			wget -q --tries=3 --timeout=30 --header="${auth[1]}" -O "$2" "$1"
		else
			wget -q --tries=3 --timeout=30 -O "$2" "$1"
		fi
	else
		fail "neither curl nor wget is installed: one of them is needed to download atender"
	fi
}

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1"
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1"
	else
		fail "neither sha256sum nor shasum is installed: one of them is needed to check the download's checksum"
	fi
}

semver='^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
major='^v[0-9]+(\.[0-9]+)?$'

# resolve_major vN: the newest release tag vN.x.y (no pre-release), from the repository's tags.
resolve_major() {
	local refs newest="" t
	refs="$(mktemp)"
	if ! fetch "$api/repos/$repo/git/matching-refs/tags/$1." "$refs" api 2>/dev/null; then
		rm -f "$refs"
		return 1
	fi
	while IFS= read -r t; do
		[[ $t =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || continue
		if [ -z "$newest" ] || [ "$(printf '%s\n%s\n' "$newest" "$t" | sort -V | tail -n 1)" = "$t" ]; then
			newest="$t"
		fi
	done < <(grep -o '"ref": *"refs/tags/[^"]*"' "$refs" | sed 's/.*refs\/tags\///; s/"$//')
	rm -f "$refs"
	[ -n "$newest" ] && echo "$newest"
}

# release_tag sets tag to the release to install (v1.2.3); empty when atender must be built from source.
release_tag() {
	local v="${INPUT_VERSION:-}" ref="${ATENDER_ACTION_REF:-${GITHUB_ACTION_REF:-}}"
	tag=""
	if [ -n "$v" ]; then
		if [[ $v =~ $semver ]]; then
			tag="v${v#v}"
		else
			notice "version '$v' is not a release (vX.Y.Z): building atender from source with go install"
		fi
	elif [[ $ref =~ $semver ]]; then
		tag="v${ref#v}"
	elif [[ $ref =~ $major ]]; then
		tag="$(resolve_major "$ref")" ||
			notice "could not find the newest release of $ref: building atender from source (set the version input to install a release)"
	else
		notice "the action's ref '${ref:-unknown}' is not a release tag: building atender from source (pin the action to a release tag, or set the version input, to install a verified release in seconds)"
	fi
}

platform() {
	case "${RUNNER_OS:-$(uname -s)}" in
	Linux) os=linux ;;
	macOS | Darwin) os=darwin ;;
	Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
	*) return 1 ;;
	esac
	case "${RUNNER_ARCH:-$(uname -m)}" in
	X64 | x86_64 | amd64) arch=amd64 ;;
	ARM64 | arm64 | aarch64) arch=arm64 ;;
	*) return 1 ;;
	esac
}

verify_provenance() { # verify_provenance FILE
	local mode="${INPUT_VERIFY_PROVENANCE:-auto}" token="${GH_TOKEN:-${GITHUB_TOKEN:-}}"
	case "$mode" in
	false) return 0 ;;
	true | auto) ;;
	*) fail "verify-provenance must be auto, true or false, got '$mode'" ;;
	esac
	if ! command -v gh >/dev/null 2>&1 || [ -z "$token" ]; then
		if [ "$mode" = true ]; then
			command -v gh >/dev/null 2>&1 || fail "verify-provenance is true but gh (the GitHub CLI) is not on PATH: install it, or set verify-provenance to auto"
			fail "verify-provenance is true but there is no token for gh: set GH_TOKEN (e.g. to \${{ github.token }})"
		fi
		notice "the build provenance of $(basename "$1") was not verified (gh or a token is missing); its SHA-256 checksum was"
		return 0
	fi
	if ! GH_TOKEN="$token" gh attestation verify "$1" --repo "$repo" >"$work/attestation.log" 2>&1; then
		cat "$work/attestation.log"
		fail "the build provenance of $(basename "$1") could not be verified (gh attestation verify --repo $repo): refusing to install it"
	fi
	echo "atender: build provenance verified (gh attestation verify --repo $repo)"
}

install_release() { # install_release TAG
	local tag="$1" version="${1#v}" os arch ext archive dir want got exe=atender
	platform || {
		notice "no release archive for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}: building atender from source"
		output from-source=true
		return
	}
	ext=tar.gz
	if [ "$os" = windows ]; then
		ext=zip exe=atender.exe
	fi
	archive="atender_${version}_${os}_${arch}.$ext"
	dir="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-$(mktemp -d)}}/atender/$version/$arch"
	if [ -f "$dir.complete" ] && [ -x "$dir/$exe" ]; then
		echo "atender: $tag from the tool cache ($dir)"
	else
		work="$(mktemp -d)"
		trap 'rm -rf "$work"' EXIT
		echo "atender: downloading $base/download/$tag/$archive"
		fetch "$base/download/$tag/$archive" "$work/$archive" || fail "could not download $base/download/$tag/$archive"
		fetch "$base/download/$tag/checksums.txt" "$work/checksums.txt" || fail "could not download $base/download/$tag/checksums.txt"
		want="$(while read -r sum name; do
			if [ "$name" = "$archive" ] || [ "$name" = "*$archive" ]; then
				echo "$sum"
				break
			fi
		done <"$work/checksums.txt")"
		[ -n "$want" ] || fail "checksums.txt of $tag has no checksum for $archive: refusing to install it"
		got="$(sha256 "$work/$archive")"
		got="${got%% *}"
		if [ "$got" != "$want" ]; then
			fail "checksum mismatch for $archive: checksums.txt says sha256 $want, the download is sha256 $got; refusing to install it"
		fi
		echo "atender: sha256 $got matches checksums.txt"
		verify_provenance "$work/$archive"
		rm -rf "$dir" "$dir.complete"
		mkdir -p "$dir"
		if [ "$ext" = zip ] && command -v unzip >/dev/null 2>&1; then
			unzip -q -o "$work/$archive" -d "$dir"
		else
			tar -xf "$work/$archive" -C "$dir"
		fi
		[ -f "$dir/$exe" ] || fail "$archive holds no $exe"
		chmod +x "$dir/$exe"
		: >"$dir.complete"
	fi
	add_path "$dir"
	output from-source=false
	"$dir/$exe" version
}

case "${1:-}" in
source)
	from_source
	;;
"")
	release_tag
	if [ -z "$tag" ]; then
		output from-source=true
		exit 0
	fi
	install_release "$tag"
	;;
*)
	fail "usage: install.sh [source]"
	;;
esac
