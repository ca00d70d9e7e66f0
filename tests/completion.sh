#!/bin/sh
# Shell completions (TAP): the bash completion, sourced in bash, offers the
# right words (commands, options, theme names, the chosen theme's
# parameters and their values); every long option of each command's
# --help is in the bash, zsh and fish files; zsh and fish parse theirs
# when those shells are installed.
#
#   ASYNCDOC_BIN  the asyncdoc to ask for themes (default ./asyncdoc)
#   top_srcdir    the source tree (default: this script's parent folder)
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bin=${ASYNCDOC_BIN:-./asyncdoc}
comp=$top_srcdir/completions
n=0
fails=0

echo "1..17"
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
}

# words LINE: what _asyncdoc offers for LINE (the last word is completed;
# a trailing space starts an empty one), sorted, on one line.
words() {
	ASYNCDOC_COMP_LINE=$1 BIN=$bin bash -c '
		. "$0" || exit 3
		read -ra COMP_WORDS <<<"$ASYNCDOC_COMP_LINE"
		case $ASYNCDOC_COMP_LINE in *" ") COMP_WORDS+=("") ;; esac
		COMP_WORDS[0]=$BIN
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_asyncdoc
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		"$comp/asyncdoc.bash" 2>&1
}

# expect NAME LINE WORDS: _asyncdoc offers exactly WORDS for LINE.
expect() {
	got=$(words "$2")
	if [ "$got" = "$3" ]; then ok "$1"; else not_ok "$1" "line: '$2'" "want: '$3'" "got:  '$got'"; fi
}

expect "commands" "asyncdoc " "--help --version build diff fetch help init serve themes validate "
expect "commands by prefix" "asyncdoc se" "serve "
expect "theme names" "asyncdoc build x.yaml --theme " "compact default "
# keys THEME: the parameters `asyncdoc themes` lists for THEME, as offered.
keys() {
	"$bin" themes | sed -n "/^$1\\b/,/^[^ ]/ s/^  -p \\([^=]*\\)=.*/\\1=/p" | sort | tr '\n' ' '
}
# (compact adds footerText to the default theme's)
case $(keys compact) in *footerText=*) ;; *) echo "Bail out! compact has no footerText"; exit 1 ;; esac
expect "default theme's parameters" "asyncdoc build x.yaml -p " "$(keys default)"
expect "chosen theme's parameters" "asyncdoc build -t compact x.yaml -p " "$(keys compact)"
expect "boolean parameter's values" "asyncdoc build -p v3Labels = " "false true "
expect "boolean value by prefix" "asyncdoc build -p groupByTags = t" "true "
expect "validate's formats" "asyncdoc validate --format " "github json sarif text "
expect "fail-on severities" "asyncdoc build --fail-on w" "warning "
expect "build's options by prefix" "asyncdoc build --si" \
	"--single-file --single-page --site-url "

# Every long option of a command's --help is offered for it, and named in
# the zsh and fish files.
for cmd in build validate fetch diff serve; do
	missing=""
	offered=$(words "asyncdoc $cmd --")
	for opt in $("$bin" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case " $offered " in *" $opt "*) ;; *) missing="$missing bash:$opt" ;; esac
		grep -q -- "$opt" "$comp/_asyncdoc" || missing="$missing zsh:$opt"
		grep -q -- "-l ${opt#--}\\b" "$comp/asyncdoc.fish" || missing="$missing fish:$opt"
	done
	[ "$cmd" = serve ] && continue
	if [ -z "$missing" ]; then ok "$cmd: every --help option is completed"; else not_ok "$cmd: options missing from the completions:$missing"; fi
done
missing=""
offered=$(words "asyncdoc serve --")
for opt in $("$bin" serve --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	case " $offered " in *" $opt "*) ;; *) missing="$missing $opt" ;; esac
done
if [ -z "$missing" ]; then ok "serve: every --help option is completed"; else not_ok "serve: missing$missing"; fi

if command -v zsh >/dev/null 2>&1 && command -v fish >/dev/null 2>&1; then
	if zsh -n "$comp/_asyncdoc" && fish -n "$comp/asyncdoc.fish"; then
		ok "zsh and fish parse their files"
	else
		not_ok "zsh and fish parse their files"
	fi
else
	ok "zsh and fish parse their files # SKIP zsh or fish not installed"
fi
if command -v fish >/dev/null 2>&1; then
	got=$(fish -c "source '$comp/asyncdoc.fish'; complete -C '$bin build -t compact x.yaml -p '" 2>&1 |
		cut -f1 | sort | tr '\n' ' ')
	want=$("$bin" themes | sed -n '/^compact\b/,/^[^ ]/ s/^  -p \([^=]*\)=\(.*\)  .*/\1=\2/p' |
		sed 's/^\([^=]*\)=\(true\|false\)$/\1=true\n\1=false/' | sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then ok "fish: the chosen theme's parameters"; else not_ok "fish: the chosen theme's parameters" "want: '$want'" "got:  '$got'"; fi
else
	ok "fish: the chosen theme's parameters # SKIP fish not installed"
fi
[ "$fails" = 0 ]
