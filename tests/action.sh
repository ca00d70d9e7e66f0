#!/bin/sh
# The GitHub Action's steps (TAP): scripts/action-run run with the inputs
# action.yml passes, against the built asyncdoc: a valid spec gives a site
# and the step's output; an invalid one gives workflow-command annotations
# and exit 1 with no site; no specs input reads asyncdoc.yaml; the cache
# key is stable. (The apt-get and actions/cache steps run only on GitHub.)
#
#   ASYNCDOC_BIN  the asyncdoc to test (default ./asyncdoc)
#   top_srcdir    the source tree (default: this script's parent folder)
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_srcdir=$(cd "$top_srcdir" && pwd)
bin=${ASYNCDOC_BIN:-./asyncdoc}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
run_script=$top_srcdir/scripts/action-run
data=$top_srcdir/tests/data/cli
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-action-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
why=$tmp/out
. "$top_srcdir/tests/tapcount.sh"
echo "1..5"
# action DIR VAR=VALUE...: the run step in DIR with those inputs only.
action() {
	dir=$1
	shift
	mkdir -p "$dir"
	: >"$tmp/github-output"
	(cd "$dir" && env -u INPUT_SPECS -u INPUT_OUTPUT -u INPUT_THEME \
		-u INPUT_PARAMS -u INPUT_SITE_URL -u INPUT_FAIL_ON \
		-u INPUT_FORMAT -u INPUT_CONFIG ASYNCDOC="$bin" \
		GITHUB_OUTPUT="$tmp/github-output" "$@" bash "$run_script" run) \
		>"$tmp/out" 2>&1
}

cp "$data/good.yaml" "$data/schema-invalid.yaml" "$tmp/"
action "$tmp/a" INPUT_SPECS=../good.yaml INPUT_THEME=compact \
	INPUT_PARAMS="footerText=team-docs" INPUT_SITE_URL=https://example.org/api
rc=$?
[ "$rc" = 0 ] && [ -f "$tmp/a/site/index.html" ] && [ -f "$tmp/a/site/sitemap.xml" ] &&
	grep -q team-docs "$tmp/a/site/index.html" &&
	grep -qx "site=site" "$tmp/github-output"
t $? "a valid spec: the site with the theme, parameters and site URL; the site output"

action "$tmp/b" INPUT_SPECS=../schema-invalid.yaml
rc=$?
[ "$rc" = 1 ] && grep -q '^::error file=../schema-invalid.yaml,line=[0-9]*,col=[0-9]*' "$tmp/out" &&
	[ ! -e "$tmp/b/site" ] && [ ! -s "$tmp/github-output" ]
t $? "an invalid spec: annotations, exit 1, no site"

action "$tmp/c" INPUT_SPECS=../good.yaml INPUT_FORMAT=md INPUT_OUTPUT=docs
[ $? = 0 ] && [ -f "$tmp/c/docs/index.md" ] && grep -qx "site=docs" "$tmp/github-output"
t $? "format and output inputs"

mkdir -p "$tmp/d"
printf 'specs: ../good.yaml\noutput: from-config\n' >"$tmp/d/asyncdoc.yaml"
action "$tmp/d"
[ $? = 0 ] && [ -f "$tmp/d/from-config/index.html" ]
t $? "no specs input: asyncdoc.yaml's specs and output"

k1=$(bash "$run_script" key 2>"$tmp/out") && k2=$(bash "$run_script" key) &&
	[ "$k1" = "$k2" ] && printf '%s' "$k1" | grep -qx '[0-9a-f]\{16\}'
t $? "the cache key is a stable hash of the sources"

tap_end
