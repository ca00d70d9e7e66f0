#!/bin/sh
# The one-way flow of src/ (scripts/check-layers): the tree passes, and a
# copy with an include reaching up the flow, or a file outside the stage
# folders, fails with the file and line named. TAP for tap-driver.sh.
srcdir=${top_srcdir:-.}
script=$srcdir/scripts/check-layers
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-layers.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "1..3"
if out=$(sh "$script" "$srcdir/src" 2>&1); then
	echo "ok 1 - src/ follows util -> load -> model -> check -> render -> site -> serve -> cli"
else
	echo "not ok 1 - src/ has includes against the flow"
	printf '%s\n' "$out" | sed 's/^/# /'
fi

mkdir -p "$tmp/src/util" "$tmp/src/render" "$tmp/src/load"
printf '#include "config.h"\n#include "util/a.h"\n' >"$tmp/src/render/r.c"
printf '#include "util/a.h"\n\n#include "render/r.h"\n' >"$tmp/src/load/l.c"
: >"$tmp/src/util/a.h"
out=$(sh "$script" "$tmp/src" 2>&1)
rc=$?
if [ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q '^src/load/l.c:3: load includes "render/r.h" of the later stage render$' &&
	! printf '%s\n' "$out" | grep -q 'render/r.c'; then
	echo "ok 2 - an include of a later stage fails, named by file and line"
else
	echo "not ok 2 - an include of a later stage was not reported (rc $rc)"
	printf '%s\n' "$out" | sed 's/^/# /'
fi

rm "$tmp/src/load/l.c"
: >"$tmp/src/stray.c"
out=$(sh "$script" "$tmp/src" 2>&1)
rc=$?
if [ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q '^src/stray.c: not in a stage folder'; then
	echo "ok 3 - a file outside the stage folders fails"
else
	echo "not ok 3 - a file outside the stage folders was not reported (rc $rc)"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
