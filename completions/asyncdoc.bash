# bash completion for asyncdoc(1): commands, options, file and folder
# operands, theme names and the parameters of the chosen theme (read from
# `asyncdoc themes`, so a theme installed or written later is offered too).
# Written without bash-completion's helpers, so that it works sourced
# alone.

_asyncdoc_remote='--allow-private-hosts --lock --offline --update-lock'
_asyncdoc_common="--allow-outside-refs --config --diagnostics --fail-on --format --help
	--max-depth --max-file-size --max-files --max-nodes --max-ref-steps
	--ref-root --verbose
	$_asyncdoc_remote"
_asyncdoc_build="$_asyncdoc_common --force --front-matter --md-extension
	--no-validate --output --param --self-contained --single-file
	--single-page --site-url --stats --strict --theme --compare-to --no-sync"
_asyncdoc_validate="$_asyncdoc_common --list-rules"
_asyncdoc_serve="$_asyncdoc_build --host --open --poll --port"
_asyncdoc_fetch="--allow-outside-refs --config --help --max-depth
	--max-file-size --max-files --max-nodes --max-ref-steps --ref-root
	$_asyncdoc_remote"
_asyncdoc_diff='--allow-outside-refs --fail-on --format --help --list-kinds
	--no-validate --rules'

# The output of `asyncdoc themes`, from the asyncdoc being completed.
_asyncdoc_themes() {
	local bin=${COMP_WORDS[0]}
	[ "${bin#\~/}" != "$bin" ] && bin=$HOME/${bin#\~/}
	command "$bin" themes 2>/dev/null
}

# The parameters (KEY=DEFAULT) of theme $1 (a name; default when empty).
_asyncdoc_params() {
	_asyncdoc_themes | awk -v want="${1:-default}" '
		/^[^ ]/ { cur = $1; next }
		cur == want && $1 == "-p" { print $2 }'
}

_asyncdoc() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd="" theme="" i w opts
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [ -z "$cmd" ] && [ "${w#-}" = "$w" ]; then
			cmd=$w
		elif [ "$w" = --theme ] || [ "$w" = -t ]; then
			theme=${COMP_WORDS[i + 1]}
		fi
	done
	if [ -z "$cmd" ]; then
		mapfile -t COMPREPLY < <(compgen -W 'build validate themes serve
			fetch diff init help --help --version' -- "$cur")
		return
	fi
	# -p KEY=VALUE: bash splits at '=' (COMP_WORDBREAKS), so the value
	# being typed is after a "=" word that follows the key.
	if [ "$cur" = = ] || [ "$prev" = = ]; then
		local key=${COMP_WORDS[COMP_CWORD - 1]} flag=${COMP_WORDS[COMP_CWORD - 2]}
		[ "$cur" = = ] && cur="" || {
			key=${COMP_WORDS[COMP_CWORD - 2]}
			flag=${COMP_WORDS[COMP_CWORD - 3]}
		}
		if [ "$flag" = -p ] || [ "$flag" = --param ]; then
			local def
			def=$(_asyncdoc_params "$theme" | sed -n "s/^$key=//p")
			case $def in
			true | false) opts='true false' ;;
			*) opts=$def ;;
			esac
			mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		fi
		return
	fi
	case $prev in
	-t | --theme)
		opts=$(_asyncdoc_themes | awk '/^[^ ]/ { print $1 }')
		# A theme folder once the word looks like a path.
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur"
			case $cur in */* | .*) compgen -d -- "$cur" ;; esac)
		return ;;
	-p | --param)
		opts=$(_asyncdoc_params "$theme" | sed 's/=.*/=/')
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		compopt -o nospace 2>/dev/null
		return ;;
	--diagnostics)
		mapfile -t COMPREPLY < <(compgen -W 'text json github sarif' -- "$cur")
		return ;;
	--format)
		if [ "$cmd" = validate ]; then
			opts='text json github sarif'
		elif [ "$cmd" = diff ]; then
			opts='text json markdown github sarif'
		else
			opts='html md html,md text json github sarif'
		fi
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return ;;
	--fail-on)
		opts='error warning info'
		[ "$cmd" = diff ] && opts='breaking any'
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return ;;
	--md-extension)
		mapfile -t COMPREPLY < <(compgen -W 'md mdx' -- "$cur")
		return ;;
	-o | --output | --ref-root)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return ;;
	--front-matter | --config | --lock | --rules | --compare-to)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	--port | --host | --site-url | --max-*)
		return ;;
	esac
	if [ "${cur#-}" != "$cur" ]; then
		case $cmd in
		build) opts=$_asyncdoc_build ;;
		validate) opts=$_asyncdoc_validate ;;
		serve) opts=$_asyncdoc_serve ;;
		fetch) opts=$_asyncdoc_fetch ;;
		diff) opts=$_asyncdoc_diff ;;
		init) opts='--config --force --help' ;;
		*) opts='--help' ;;
		esac
		[ "$cmd" = build ] || [ "$cmd" = serve ] && opts="$opts -o -p -t -f"
		mapfile -t COMPREPLY < <(compgen -W "$opts -h -v" -- "$cur")
		return
	fi
	case $cmd in
	build | validate | serve | fetch | diff | init)
		# Specs (YAML, JSON) and folders of them.
		mapfile -t COMPREPLY < <(compgen -d -- "$cur"
			compgen -f -- "$cur" | grep -E '\.(ya?ml|json)$')
		compopt -o filenames 2>/dev/null ;;
	esac
}
complete -F _asyncdoc asyncdoc
