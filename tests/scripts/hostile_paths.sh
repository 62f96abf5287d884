#!/usr/bin/env bash
# A scenario may name files (a step's `image`, a campaign's `file`) only
# inside its own folder. Absolute paths, '..' components, backslashes and
# symbolic links that lead out of the folder must make `leftsr check` exit 1
# with E_BAD_PATH; plain names and links that stay inside must pass.
set -uo pipefail
: "${LEFTSR:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsr-paths.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/scen/img" "$tmp/outside"
echo secret >"$tmp/outside/secret.png"
echo png >"$tmp/scen/img/ok.png"

scenario() { # FILE IMAGE(JSON string contents)
  cat >"$1" <<JSON
{"format":"1.0","id":"paths","title":"T","period":{"start":"1917-01-01","end":"1918-12-31"},"briefing":"B",
 "sources":[{"id":"src","title":"T","author":"A","language":"en"}],
 "variables":[{"id":"x","label":"X","min":0,"max":10,"initial":0}],
 "start":"s0","steps":[{"id":"s0","type":"decision","date":"1917-10-25","title":"T","narrative":"N",
  "image":"$2",
  "choices":[{"id":"a","label":"A","next":"end"}],
  "history":{"choice":"a","note":"N","sources":["src"]}}],
 "endings":[{"id":"e","title":"E","epilogue":"E","historical":true}]}
JSON
}

pass=0; fail=0
expect() { # NAME WANT_EXIT FILE [CODE]
  local name=$1 want=$2 file=$3 code=${4:-}
  local out rc
  out=$("$LEFTSR" check "$file" 2>&1); rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; echo "$out" | head -5; fail=$((fail + 1)); return
  fi
  if [ -n "$code" ] && ! grep -q "error\[$code\]" <<<"$out"; then
    echo "FAIL $name: no error[$code] in:"; echo "$out" | head -5; fail=$((fail + 1)); return
  fi
  echo "ok   $name"; pass=$((pass + 1))
}

s="$tmp/scen"
# Refused: spelled out of the folder.
scenario "$s/abs.json" "/etc/passwd";                       expect absolute 1 "$s/abs.json" E_BAD_PATH
scenario "$s/up.json" "../outside/secret.png";              expect dotdot 1 "$s/up.json" E_BAD_PATH
scenario "$s/mid.json" "img/../../outside/secret.png";      expect inner-dotdot 1 "$s/mid.json" E_BAD_PATH
scenario "$s/dots.json" "img/..";                           expect trailing-dotdot 1 "$s/dots.json" E_BAD_PATH
scenario "$s/bs.json" 'img\\\\..\\\\..\\\\outside\\\\secret.png'; expect backslash 1 "$s/bs.json" E_BAD_PATH
# Refused: links that lead out.
ln -s ../outside/secret.png "$s/link.png"
scenario "$s/link.json" "link.png";                         expect symlink-file 1 "$s/link.json" E_BAD_PATH
ln -s ../outside "$s/elsewhere"
scenario "$s/linkdir.json" "elsewhere/secret.png";          expect symlink-folder 1 "$s/linkdir.json" E_BAD_PATH
ln -s /etc/passwd "$s/passwd.png"
scenario "$s/abslink.json" "passwd.png";                    expect symlink-absolute 1 "$s/abslink.json" E_BAD_PATH
ln -s /nonexistent/leftsr/x.png "$s/dangling.png"
scenario "$s/dangling.json" "dangling.png";                 expect symlink-dangling 1 "$s/dangling.json" E_BAD_PATH
# A missing file under a folder link that leads out (review 2026-12 #16).
scenario "$s/missing-out.json" "elsewhere/missing.png";     expect symlink-folder-missing 1 "$s/missing-out.json" E_BAD_PATH
ln -s /etc "$s/etcdir"
scenario "$s/missing-etc.json" "etcdir/x/missing.png";      expect symlink-absfolder-missing 1 "$s/missing-etc.json" E_BAD_PATH
# Accepted: plain names, and links that stay inside.
scenario "$s/missing-in.json" "img/later.png";              expect missing-inside 0 "$s/missing-in.json"
scenario "$s/ok.json" "img/ok.png";                         expect inside 0 "$s/ok.json"
ln -s img/ok.png "$s/alias.png"
scenario "$s/alias.json" "alias.png";                       expect symlink-inside 0 "$s/alias.json"
# The scenario's own folder reached through a link is still its folder.
ln -s "$s" "$tmp/via"
expect folder-via-link 0 "$tmp/via/ok.json"

# Campaign parts follow the same rule.
campaign() { # FILE PART
  cat >"$1" <<JSON
{"format":"1.0","type":"campaign","id":"c","title":"T","briefing":"B",
 "scenarios":[{"file":"$2"}],"epilogues":[{"text":"E"}]}
JSON
}
cp "$s/ok.json" "$tmp/outside/part.json"
campaign "$s/c-up.json" "../outside/part.json";             expect campaign-dotdot 1 "$s/c-up.json" E_BAD_PATH
campaign "$s/c-abs.json" "$tmp/outside/part.json";          expect campaign-absolute 1 "$s/c-abs.json" E_BAD_PATH
ln -s ../outside/part.json "$s/part-link.json"
campaign "$s/c-link.json" "part-link.json";                 expect campaign-symlink 1 "$s/c-link.json" E_BAD_PATH
campaign "$s/c-ok.json" "ok.json";                          expect campaign-inside 0 "$s/c-ok.json"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
