#!/usr/bin/env bash
# `cmake --install` into a staging folder gives the layout of a real program
# (binary, data, icons, desktop entry, metainfo, man page, completions, docs)
# whose desktop entry and metainfo validate; moved to another path and run
# from an unrelated folder with the source tree hidden, it plays a scenario
# exactly as the golden transcript says.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}" "${BUILD:?}"
for tool in desktop-file-validate appstreamcli; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is missing (bash .ci/deps.sh --test)"; exit 77; }
done
app=io.github.leftsr.Leftsr
tmp=$(mktemp -d "${TMPDIR:-/tmp}/leftsr-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

if ! DESTDIR="$tmp/stage" cmake --install "$BUILD" --prefix /opt/leftsr >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"; echo "FAIL: cmake --install"; exit 1
fi
root=$tmp/stage/opt/leftsr
for f in bin/leftsr share/leftsr/scenarios/coalition.json share/leftsr/scenarios/campaign.json \
         share/leftsr/scenarios/schema.json share/applications/$app.desktop \
         share/metainfo/$app.metainfo.xml share/man/man1/leftsr.1.gz \
         share/bash-completion/completions/leftsr share/zsh/site-functions/_leftsr \
         share/icons/hicolor/scalable/apps/$app.svg share/doc/leftsr/README.md \
         share/doc/leftsr/copyright share/doc/leftsr/changelog.gz; do
  [ -f "$root/$f" ] && ok || bad "not installed: $f"
done
for n in 16 22 24 32 48 64 128 256 512; do
  [ -f "$root/share/icons/hicolor/${n}x$n/apps/$app.png" ] && ok || bad "no ${n}x$n icon installed"
done
[ -x "$root/bin/leftsr" ] && ok || bad "bin/leftsr is not executable"
zcat "$root/share/man/man1/leftsr.1.gz" | cmp -s - "$SRC/assets/leftsr.1" && ok || bad "the installed man page is not assets/leftsr.1"
out=$(desktop-file-validate "$root/share/applications/$app.desktop" 2>&1) && [ -z "$out" ] && ok ||
  bad "desktop-file-validate: $out"
out=$(appstreamcli validate --no-net "$root/share/metainfo/$app.metainfo.xml" 2>&1) && ok ||
  bad "appstreamcli validate: $out"
# one id everywhere, so docks match the window, the launcher and the icon
desktop=$root/share/applications/$app.desktop
grep -qx "StartupWMClass=$app" "$desktop" && ok || bad "the desktop entry's StartupWMClass is not $app"
grep -qx "Icon=$app" "$desktop" && ok || bad "the desktop entry's Icon is not $app"
grep -q "<id>$app</id>" "$root/share/metainfo/$app.metainfo.xml" && ok || bad "the metainfo id is not $app"
grep -q "<launchable type=\"desktop-id\">$app.desktop</launchable>" "$root/share/metainfo/$app.metainfo.xml" && ok ||
  bad "the metainfo does not launch $app.desktop"
grep -q "^Exec=leftsr " "$desktop" && ok || bad "the desktop entry does not run leftsr"

# Move the install elsewhere; run it from a folder that has nothing of leftsr.
mv "$tmp/stage/opt/leftsr" "$tmp/moved"
mkdir "$tmp/elsewhere"
golden=$SRC/tests/golden/coalition-walk-out.txt
choices=walk-out,stay-with-psr
run() { (cd "$tmp/elsewhere" && env -u LEFTSR_DATA LEFTSR_NO_SOURCE_TREE=1 COLUMNS=80 "$@" </dev/null 2>&1); }
out=$(run "$tmp/moved/bin/leftsr" play --text --no-save --seed 1 --choices "$choices" coalition); rc=$?
[ $rc -eq 0 ] && ok || bad "the moved install exits $rc: $(head -3 <<<"$out")"
diff -u "$golden" <(printf '%s\n' "$out") >"$tmp/diff" && ok || { bad "the moved install's game differs from $golden"; head -20 "$tmp/diff"; }
out=$(run "$tmp/moved/bin/leftsr" list) && grep -q '^campaign ' <<<"$out" && ok || bad "leftsr list from the moved install: $out"
# The same without its data must fail: proves nothing else (the source tree)
# was read above.
mv "$tmp/moved/share/leftsr" "$tmp/moved/share/hidden"
out=$(run "$tmp/moved/bin/leftsr" play --text --no-save --choices "$choices" coalition); rc=$?
[ $rc -eq 2 ] && grep -q "no scenario 'coalition'" <<<"$out" && ok ||
  bad "without share/leftsr the moved install still found a scenario (exit $rc): $(head -3 <<<"$out")"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
