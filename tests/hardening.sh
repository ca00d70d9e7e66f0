#!/bin/sh
# Hostile input against the command line (issue #13): no control byte of a
# spec reaches a terminal or a CI log in any --format, a binary SPEC is one
# clear error, a theme template cannot turn HTML escaping off, a build
# flushes its files before the swap, an unchanged rebuild keeps the marker.
# TAP for automake's tap-driver.sh; make check sets ASYNCDOC_BIN and
# top_srcdir.

bin=${ASYNCDOC_BIN:-./asyncdoc}
srcdir=${top_srcdir:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-hard.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$tmp/stdout
err=$tmp/stderr

n=0
echo "1..14"

. "$srcdir/tests/tap.sh"

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# clean FILE...: no byte below 0x20 but newline and no 0x7f (DEL).
clean() {
	! LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$@"
}

# --- 1-4: the issue's esc.yaml in every format --------------------------
printf 'asyncapi: 3.0.0\ninfo:\n  title: "\033]0;pwned\007"\n  version: 1\n' \
	>"$tmp/esc.yaml"
for f in text json github sarif; do
	(cd "$tmp" && exec "$bin" validate --diagnostics "$f" esc.yaml) \
		>"$out" 2>"$err"
	rc=$?
	check "--diagnostics $f: esc.yaml fails (1) and prints no control byte" \
		eval 'test $rc -eq 1 && clean "$out" "$err" &&
		      grep -q "x1b" "$out" "$err"'
done

# --- 5: the same through a \$ref'd file with a hostile name -------------
name=$(printf 'ev\033[2Jil.yaml')
printf 'asyncapi: 3.0.0\ninfo:\n  title: t\n  version: "1"\n' \
	>"$tmp/main.yaml"
printf 'components:\n  schemas:\n    S:\n      $ref: "%s#/\001x\177"\n' \
	"$name" >>"$tmp/main.yaml"
printf '\001\177: [\n' >"$tmp/$name"
all_clean=1
for f in text json github sarif; do
	(cd "$tmp" && exec "$bin" validate --diagnostics "$f" main.yaml) \
		>"$out" 2>"$err"
	clean "$out" "$err" || all_clean=0
done
check "a hostile file name and \$ref in every format: no control byte" \
	test $all_clean -eq 1

# --- 6: a binary file as SPEC ------------------------------------------
printf '\177ELF\002\001\001\000\000\000\033[31m' >"$tmp/bin.yaml"
run validate "$tmp/bin.yaml"
check "a binary SPEC: exit 1, one error, no bytes of it" \
	eval 'test $rc -eq 1 && clean "$out" "$err" &&
	      test "$(grep -c "error:" "$err")" -eq 1 &&
	      has "not a text file" "$err"'

# --- 7-9: the issue's footer: a theme cannot print the title raw ----------
printf 'asyncapi: 3.0.0\ninfo:\n  title: "<script>alert(1)</script>"\n  version: "1"\nchannels: {}\n' \
	>"$tmp/xss.yaml"
mkdir -p "$tmp/mytheme/html"
echo '<footer>{{SITE_TITLE}}</footer>' >"$tmp/mytheme/html/footer.html.tpl"
run build "$tmp/xss.yaml" -o "$tmp/site1" --theme "$tmp/mytheme"
check "a template without AUTOESCAPE is refused (2) naming file, line and pragma" \
	eval 'test $rc -eq 2 && test ! -e "$tmp/site1" &&
	      has "mytheme/html/footer.html.tpl:1: error: .*theme-unescaped" "$err" &&
	      has "add {{%AUTOESCAPE context=\"HTML\"}} as its first line" "$err"'
printf '{{%%AUTOESCAPE context="HTML"}}\n<footer>{{SITE_TITLE:none}}</footer>\n' \
	>"$tmp/mytheme/html/footer.html.tpl"
run build "$tmp/xss.yaml" -o "$tmp/site1" --theme "$tmp/mytheme"
check "{{SITE_TITLE:none}} is refused (2): only *_HTML variables may use :none" \
	eval 'test $rc -eq 2 && test ! -e "$tmp/site1" &&
	      has "footer.html.tpl:2:11: error: .SITE_TITLE:none" "$err"'
printf '{{%%AUTOESCAPE context="HTML"}}\n<footer>{{SITE_TITLE}}</footer>\n' \
	>"$tmp/mytheme/html/footer.html.tpl"
run build "$tmp/xss.yaml" -o "$tmp/site1" --theme "$tmp/mytheme"
check "with the pragma the footer prints the title escaped" \
	eval 'test $rc -eq 0 &&
	      grep -q "<footer>&lt;script&gt;alert(1)&lt;/script&gt;</footer>" \
	      "$tmp/site1/index.html" && ! grep -q "<script>alert" "$tmp/site1/index.html"'

# --- 10-11: durable swap: stage on disk, swap, parent on disk ------------
# LeakSanitizer cannot run under ptrace: a sanitizer build is traced with
# leak detection off (the rest of the suite checks leaks).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
# strace -f shows the order of the calls: syncfs (the stage's file system)
# before the rename or renameat2 that swaps the site in, fsync of the
# parent folder after it; twice (a new folder, then an exchange).
if command -v strace >/dev/null 2>&1 &&
	strace -f -o /dev/null true >/dev/null 2>&1; then
	for k in new existing unchanged; do
		# "existing": a stray file in the old site makes the new one
		# differ; "unchanged": the same site again is left in place
		# (no sync, no swap)
		if test $k = existing; then
			echo stray >"$tmp/durable/stray.txt"
		fi
		strace -f -o "$tmp/trace" \
			-e trace=fsync,fdatasync,syncfs,rename,renameat,renameat2 \
			"$bin" build "$tmp/xss.yaml" -o "$tmp/durable" \
			>"$out" 2>"$err"
		rc=$?
		# One letter per call: S syncfs, R a rename of the stage, F fsync.
		order=$(sed -n -e '/syncfs(/s/.*/S/p' \
			-e '/rename[a-z0-9]*(.*\.durable\.tmp-/s/.*/R/p' \
			-e '/[^a-z]fsync(/s/.*/F/p' "$tmp/trace" | tr -d '\n')
		want=SRF
		what="syncfs, then the swap, then fsync of the parent"
		if test $k = unchanged; then
			want=
			what="left in place: neither sync nor swap"
		fi
		check "$k site: $what ($order)" \
			eval 'test $rc -eq 0 && test "$order" = "$want" &&
			      test ! -e "$tmp/durable/stray.txt"'
	done
else
	skip "new site: syncfs, swap, fsync" "strace is missing or cannot trace here"
	skip "existing site: syncfs, swap, fsync" "strace is missing or cannot trace here"
	skip "unchanged site: no sync, no swap" "strace is missing or cannot trace here"
fi

# --- 12: --no-sync makes none of those calls ------------------------------
if command -v strace >/dev/null 2>&1 &&
	strace -f -o /dev/null true >/dev/null 2>&1; then
	strace -f -o "$tmp/trace" -e trace=fsync,fdatasync,syncfs \
		"$bin" build "$tmp/xss.yaml" -o "$tmp/durable" --no-sync \
		>"$out" 2>"$err"
	rc=$?
	check "--no-sync: no syncfs, fsync or fdatasync" \
		eval 'test $rc -eq 0 && ! grep -q "sync(" "$tmp/trace"'
else
	skip "--no-sync: no sync calls" "strace is missing or cannot trace here"
fi

# --- 13: an unchanged rebuild keeps the marker (inode and mtime) ---------
m=$tmp/durable/.asyncdoc-site
touch -d '2001-01-01' "$m"
before=$(stat -c '%i %y' "$m")
run build "$tmp/xss.yaml" -o "$tmp/durable"
after=$(stat -c '%i %y' "$m")
check "an unchanged rebuild keeps .asyncdoc-site (inode, mtime)" \
	eval 'test $rc -eq 0 && test "$before" = "$after"'
