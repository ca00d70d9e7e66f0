#!/bin/sh
# Libraries opened on first use (#18). Graphviz (libgvc, libcgraph),
# libmicrohttpd (GnuTLS and eight more libraries under it) and libcurl
# (remote refs) are dlopen()ed,
# never linked: `--version` and `validate` map none of them, a build maps
# Graphviz in its graph helper only and never libmicrohttpd. When a
# library cannot be opened, a build still succeeds with the graph as text
# and a graph-failed warning that names it, `serve` draws no graph either
# but serves, and `serve` without libmicrohttpd exits 2 (serve-error)
# naming it; a remote ref without libcurl is a ref-remote error naming it.
#
# What a process maps is read from the dynamic loader's own trace
# (LD_DEBUG=libs, glibc: each line starts with the pid). A library that
# cannot be opened is a file that is no library, under the soname the
# build uses (make check passes GVC_SONAME, MHD_SONAME, CURL_SONAME), on
# LD_LIBRARY_PATH, which the loader searches before the system's: nothing
# in asyncdoc knows about the test. TAP for automake's tap-driver.sh.

bin=${ASYNCDOC_BIN:-./asyncdoc}
srcdir=${top_srcdir:-.}
gvc=${GVC_SONAME:-libgvc.so.6}
mhd=${MHD_SONAME:-libmicrohttpd.so.12}
curl=${CURL_SONAME:-libcurl.so.4}
spec=$srcdir/examples/parking-v3/asyncapi.yaml
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-dlopen.XXXXXX") || exit 99
pid=
trap 'test -n "$pid" && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
out=$tmp/stdout
err=$tmp/stderr
n=0
echo "1..10"

. "$srcdir/tests/tap.sh"

# The libraries no command but serve (and a graph) may map.
lazy='lib(gvc|cgraph|microhttpd|gnutls)\.so'

# trace ARGS...: runs asyncdoc under the loader's trace, into $err.
trace() {
	LD_DEBUG=libs "$bin" "$@" >"$out" 2>"$err"
	rc=$?
}

# pids: the pids of the trace's lines, the process's own first.
pids() {
	sed -n 's/^ *\([0-9][0-9]*\):.*/\1/p' "$err" | awk '!seen[$0]++'
}

# maps_lazy [PID]: a lazy library is mapped (by PID only, when given).
maps_lazy() {
	if [ -n "${1:-}" ]; then
		grep -E "^ *$1:" "$err" | grep -Eq "$lazy"
	else
		grep -Eq "$lazy" "$err"
	fi
}

# builder_clean: the build succeeded and its own process ($main, the
# trace's first) mapped no lazy library.
builder_clean() {
	test "$rc" -eq 0 && test -n "$main" && ! maps_lazy "$main"
}

trace --version
if ! grep -q 'libc\.so' "$err"; then
	# not glibc's loader, or one that ignores LD_DEBUG
	for d in "--version" "validate" "build: the builder" \
		"build: the graph helper"; do
		ok "$d: what is mapped # SKIP no LD_DEBUG trace"
	done
else
	check "--version maps no Graphviz, libmicrohttpd or GnuTLS" \
		sh -c 'test "$0" -eq 0 && ! grep -Eq "$1" "$2"' "$rc" "$lazy" \
		"$err"
	trace validate "$spec"
	check "validate maps no Graphviz, libmicrohttpd or GnuTLS" \
		sh -c 'test "$0" -eq 0 && ! grep -Eq "$1" "$2"' "$rc" "$lazy" \
		"$err"
	trace build "$spec" -o "$tmp/traced"
	main=$(pids | head -n 1)
	check "build: the builder maps no Graphviz, libmicrohttpd or GnuTLS" \
		builder_clean
	helper_gvc=0
	for p in $(pids | sed 1d); do
		grep -E "^ *$p:" "$err" | grep -q "calling init: .*$gvc" &&
			helper_gvc=1
	done
	check "build: the graph helper opens Graphviz (and the SVG is there)" \
		sh -c 'test "$0" -eq 1 && grep -q "<svg role=\"img\"" "$1"' \
		"$helper_gvc" "$tmp/traced/index.html"
fi

# Libraries that cannot be opened: a file that is no ELF object.
mkdir "$tmp/nogv" "$tmp/nomhd" "$tmp/nocurl"
echo "not a library" >"$tmp/nogv/$gvc"
echo "not a library" >"$tmp/nomhd/$mhd"
echo "not a library" >"$tmp/nocurl/$curl"

# a remote ref (to a port nothing listens on: libcurl never gets there)
cat >"$tmp/remote.yaml" <<'EOF'
asyncapi: 3.0.0
info:
  title: Remote
  version: 1.0.0
channels:
  a:
    address: a
    messages:
      m:
        payload:
          $ref: 'http://127.0.0.1:9/schema.yaml'
EOF
saved=${LD_LIBRARY_PATH-}
LD_LIBRARY_PATH=$tmp/nocurl${saved:+:$saved}
export LD_LIBRARY_PATH
run validate --allow-private-hosts "$tmp/remote.yaml"
LD_LIBRARY_PATH=$saved
check "no libcurl: a remote ref is a ref-remote error naming $curl" \
	sh -c 'test "$0" -eq 1 && grep -q "\[ref-remote\]" "$1" &&
		grep -F -q "cannot open libcurl ($2)" "$1"' "$rc" "$err" "$curl"

LD_LIBRARY_PATH=$tmp/nogv${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
run build "$spec" -o "$tmp/nogv-site"
check "no Graphviz: build exits 0, graph-failed names $gvc" \
	sh -c 'test "$0" -eq 0 && grep -q "\[graph-failed\]" "$1" &&
		grep -F -q "$2" "$1"' "$rc" "$err" "$gvc"
check "no Graphviz: the index lists the graph as text, no SVG" \
	sh -c '! grep -q "<svg" "$0" && grep -q "is received by" "$0"' \
	"$tmp/nogv-site/index.html"

# serve lays the graph out in its own process: the same fallback there.
serve_check "no Graphviz: serve starts and its index has the graph as text" \
	'test "$0" = 200 && ! grep -q "<svg" "$1" &&
		grep -q "is received by" "$1"' "$spec"

LD_LIBRARY_PATH=$tmp/nomhd${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
run serve "$spec" --port 0
check "no libmicrohttpd: serve exits 2, serve-error names $mhd" \
	sh -c 'test "$0" -eq 2 && grep -q "\[serve-error\]" "$1" &&
		grep -F -q "$2" "$1" && ! grep -q "serving" "$1"' \
	"$rc" "$err" "$mhd"
run validate "$spec"
check "no libmicrohttpd: validate runs as ever" is_rc 0
