# fish completion for asyncdoc(1): commands, options, specs, theme names and
# the parameters of the chosen theme (read from `asyncdoc themes`).

function __asyncdoc_themes
    set -l bin (commandline -opc)[1]
    command $bin themes 2>/dev/null
end

function __asyncdoc_theme_names
    __asyncdoc_themes | string match -r '^\S+' 
end

function __asyncdoc_theme_params
    set -l words (commandline -opc)
    set -l theme default
    for i in (seq (count $words))
        if contains -- $words[$i] -t --theme; and test $i -lt (count $words)
            set theme $words[(math $i + 1)]
        end
    end
    set -l cur ''
    for line in (__asyncdoc_themes)
        if string match -qr '^\S' -- $line
            set cur (string split ' ' -- $line)[1]
        else if test "$cur" = "$theme"
            set -l kv (string match -r '^  -p (\S+)' -- $line)[2]
            test -n "$kv"; or continue
            set -l key (string split -m1 = -- $kv)[1]
            set -l def (string split -m1 = -- $kv)[2]
            if contains -- $def true false
                printf '%s=true\n%s=false\n' $key $key
            else
                printf '%s=%s\n' $key $def
            end
        end
    end
end

set -l cmds build validate themes serve fetch diff init help
complete -c asyncdoc -f
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -a build -d 'render SPEC into a site'
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -a validate -d 'check specs'
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -a themes -d 'list themes and parameters'
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -a serve -d 'preview with live reload'
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -a fetch -d 'read remote $refs into the cache and the lockfile'
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -a diff -d 'the changes between two versions of an API'
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -a init -d 'write a commented asyncdoc.yaml'
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -a help -d 'show help'
complete -c asyncdoc -n "not __fish_seen_subcommand_from $cmds" -s V -l version -d 'show the version'
complete -c asyncdoc -s h -l help -d 'show help'

set -l checks 'build validate serve fetch'
set -l sites 'build serve'
# Specs: YAML and JSON files, and folders of them.
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks init" -F
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks init" -l config -r -F -d 'read options from this file'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l ref-root -x -a '(__fish_complete_directories)' -d 'the folder $refs may read'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks diff" -l allow-outside-refs -d 'let $refs read outside the spec folder'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l diagnostics -x -a 'text json github sarif' -d 'diagnostics format'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l fail-on -x -a 'error warning info' -d 'exit 1 at this severity'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l max-depth -x -d 'nesting depth of one file'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l max-nodes -x -d 'nodes built'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l max-file-size -x -d 'size of one file'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l max-files -x -d 'files reached through $ref'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l max-ref-steps -x -d '$ref steps followed in all'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -s v -l verbose -d 'show infos too'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l offline -d 'remote $refs from the cache only'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l update-lock -d 'rewrite the lockfile'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l lock -r -F -d 'the lockfile'
complete -c asyncdoc -n "__fish_seen_subcommand_from $checks" -l allow-private-hosts -d 'let remote $refs reach private addresses'
complete -c asyncdoc -n "__fish_seen_subcommand_from validate" -l list-rules -d 'list the rules'
complete -c asyncdoc -n "__fish_seen_subcommand_from validate" -l format -x -a 'text json github sarif' -d 'diagnostics format'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l format -x -a 'html md html,md text json github sarif' -d 'pages and diagnostics formats'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -s o -l output -x -a '(__fish_complete_directories)' -d 'the site folder'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -s t -l theme -x -a '(__asyncdoc_theme_names; __fish_complete_directories)' -d 'theme name or folder'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -s p -l param -x -a '(__asyncdoc_theme_params)' -d 'a theme parameter KEY=VALUE'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites init" -s f -l force -d 'write into a non-empty folder'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l single-page -d 'everything in index.html'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l single-file -d 'one asyncapi.md'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l front-matter -r -F -d 'front matter for every page'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l md-extension -x -a 'md mdx' -d 'Markdown page extension'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l self-contained -d 'one index.html with everything inside'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l site-url -x -d 'the published URL'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l stats -d 'print what was written and the times'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l strict -d 'fail the portal when one spec fails'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites diff" -l no-validate -d 'skip the schema and rules checks'
complete -c asyncdoc -n "__fish_seen_subcommand_from $sites" -l no-sync -d 'do not flush the site to disk before the swap'
complete -c asyncdoc -n "__fish_seen_subcommand_from build" -l compare-to -r -F -d 'the old spec for a changes page'
complete -c asyncdoc -n "__fish_seen_subcommand_from diff" -F
complete -c asyncdoc -n "__fish_seen_subcommand_from diff" -l format -x -a 'text json markdown github sarif' -d 'output format'
complete -c asyncdoc -n "__fish_seen_subcommand_from diff" -l fail-on -x -a 'breaking any' -d 'exit 1 on these changes'
complete -c asyncdoc -n "__fish_seen_subcommand_from diff" -l rules -r -F -d 'kind: class overrides'
complete -c asyncdoc -n "__fish_seen_subcommand_from diff" -l list-kinds -d 'list the kinds of change'
complete -c asyncdoc -n "__fish_seen_subcommand_from serve" -l port -x -d 'port to listen on'
complete -c asyncdoc -n "__fish_seen_subcommand_from serve" -l host -x -d 'address to listen on'
complete -c asyncdoc -n "__fish_seen_subcommand_from serve" -l open -d 'start a browser'
complete -c asyncdoc -n "__fish_seen_subcommand_from serve" -l poll -d 'poll files instead of inotify'
