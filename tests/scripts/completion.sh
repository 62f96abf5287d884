#!/usr/bin/env bash
# The bash and zsh completions offer every command and every option that
# `leftsr --help` and `leftsr COMMAND --help` print; bash's really completes.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
bashc=$SRC/assets/completion/leftsr.bash
zshc=$SRC/assets/completion/_leftsr
opts="python3 $SRC/tests/scripts/help_options.py"
command -v python3 >/dev/null || { echo "SKIP: python3 is missing (bash .ci/deps.sh --test)"; exit 77; }
[ -f /usr/share/bash-completion/bash_completion ] ||
  { echo "SKIP: bash-completion is not installed (bash .ci/deps.sh --test)"; exit 77; }
command -v zsh >/dev/null || { echo "SKIP: zsh is not installed (bash .ci/deps.sh --test)"; exit 77; }
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

bash -n "$bashc" && ok || bad "$bashc: syntax error"
zsh -n "$zshc" && ok || bad "$zshc: syntax error"

# What bash offers for the words typed so far (the last one is being completed).
complete_bash() {
  bash -c 'source /usr/share/bash-completion/bash_completion; source "$1"; shift
           COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
           _leftsr leftsr "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
           printf "%s\n" "${COMPREPLY[@]}"' _ "$bashc" "$@"
}

commands=$($opts commands "$LEFTSR") || bad "cannot read the commands from leftsr --help"
offered=$(complete_bash leftsr "")
for cmd in $commands; do
  grep -qxF "$cmd" <<<"$offered" && ok || bad "bash does not offer the command '$cmd'"
  grep -q "'$cmd:" "$zshc" && ok || bad "zsh does not offer the command '$cmd'"
  offered_opts=$(complete_bash leftsr "$cmd" -)
  for o in $($opts help "$LEFTSR" "$cmd"); do
    grep -qxF -- "$o" <<<"$offered_opts" && ok || bad "bash does not offer 'leftsr $cmd $o'"
    # zsh: the option appears in this command's branch of the case
    sed -n "/^    $cmd[|)]/,/;;/p" "$zshc" | grep -q -- "$o\[\|'$o'\|{[^}]*$o[,}]" && ok ||
      bad "zsh does not offer 'leftsr $cmd $o'"
  done
done
# values, not only option names
grep -qxF never <<<"$(complete_bash leftsr play --reveal "")" && ok || bad "bash does not complete --reveal's values"
grep -qxF brest <<<"$(complete_bash leftsr play br)" && ok || bad "bash does not complete bundled scenario ids"
grep -qxF csv <<<"$(complete_bash leftsr report -f "")" && ok || bad "bash does not complete report formats"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
