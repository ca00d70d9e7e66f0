# Shared by scripts/setup and scripts/test (sourced, not run): messages,
# quiet commands, root, and installing Debian packages that are missing.
# shellcheck shell=bash

say() { printf '%s: %s\n' "${0##*/}" "$*"; }

# Runs a command; its output only when it fails (or VERBOSE is set).
quiet() {
	if [ -n "${VERBOSE:-}" ]; then
		"$@"
	else
		local log
		log=$(mktemp)
		if ! "$@" >"$log" 2>&1; then
			cat "$log" >&2
			rm -f "$log"
			say "failed: $*" >&2
			return 1
		fi
		rm -f "$log"
	fi
}

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		say "need root to run: $*" >&2
		return 1
	fi
}

# apt_install PKG...: installs those not installed yet (one apt-get run).
apt_install() {
	local missing=() p
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
			missing+=("$p")
		fi
	done
	[ ${#missing[@]} -gt 0 ] || return 0
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	quiet as_root apt-get update -q
	quiet as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}
