# bash completion for leftsr; installed as share/bash-completion/completions/leftsr.
# tests/scripts/man_page.sh checks that every option of 'leftsr CMD --help' is here.
_leftsr() {
    local cur prev words cword
    _init_completion || return

    local commands="play check list analyze new report po"
    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local cmd=${words[1]} opts=""
    case $cmd in
        play)
            case $prev in
                --reveal) COMPREPLY=($(compgen -W "after end never" -- "$cur")); return ;;
                --save) _filedir json; return ;;
                --screenshots) _filedir -d; return ;;
                --timer | --seed | --choices | --lang | --size) return ;;
            esac
            opts="--text --plain --classroom --timer --reveal --seed --choices --lang --fullscreen --size
                  --save --no-save --continue --new --screenshots --author --help -h"
            if [[ $cur != -* ]]; then
                COMPREPLY=($(compgen -W "coalition brest july campaign" -- "$cur"))
                _filedir json
                return
            fi
            ;;
        check)
            case $prev in --lang) COMPREPLY=($(compgen -W "en ru es fr" -- "$cur")); return ;; esac
            opts="--codes --quiet -q --lang --help -h"
            ;;
        list) opts="--help -h" ;;
        analyze | analyse)
            case $prev in --lang) COMPREPLY=($(compgen -W "en ru es fr" -- "$cur")); return ;; esac
            case $prev in --max-states | --max-memory | --max-time | --random | --seed | --var) return ;; esac
            opts="--json -j --max-states --max-memory --max-time --random --seed --var --lang --help -h"
            ;;
        new) opts="--force --help -h" ;;
        po)
            case $prev in --output | -o) _filedir pot; return ;; esac
            opts="--output -o --help -h"
            ;;
        report)
            case $prev in
                --format | -f) COMPREPLY=($(compgen -W "html md csv" -- "$cur")); return ;;
                --output | -o) _filedir; return ;;
                --scenario) COMPREPLY=($(compgen -W "coalition brest july" -- "$cur")); _filedir json; return ;;
                --date | --title | --lang) return ;;
            esac
            opts="--format -f --output -o --force --scenario --date --title --lang --help -h"
            ;;
        *) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ $cmd != list && $cmd != new ]]; then
        _filedir json
    fi
} && complete -F _leftsr leftsr
