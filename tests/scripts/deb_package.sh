#!/usr/bin/env bash
# The Debian package (CPack, as `make deb` makes it, here from this build):
# named leftsr_VERSION_ARCH.deb, Depends computed by dpkg-shlibdeps plus the
# font, DEP-5 copyright and a gzip -9n changelog; unpacked into a scratch
# root, it plays a scenario from there with the source tree hidden; lintian
# finds no error or warning.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}" "${BUILD:?}"
for tool in cpack dpkg-deb dpkg-shlibdeps file lintian; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is missing (bash .ci/deps.sh --test)"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/leftsr-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

if ! (cd "$tmp" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$tmp/out") >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"; echo "FAIL: cpack"; exit 1
fi
version=$("$LEFTSR" --version | awk '{print $2}')
deb=$tmp/out/leftsr_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || { ls "$tmp/out"; echo "FAIL: no $deb"; exit 1; }
ok
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = leftsr ] && ok || bad "Package: $(field Package)"
[ "$(field Version)" = "$version" ] && ok || bad "Version: $(field Version), the program says $version"
depends=$(field Depends)
for d in fonts-dejavu-core libsdl2-2.0-0 libsdl2-ttf-2.0-0 libcjson1 libfontconfig1 libc6; do
  grep -q "\(^\|, \)$d\( \|,\|$\)" <<<"$depends" && ok || bad "Depends lacks $d: $depends"
done

root=$tmp/root
dpkg-deb -x "$deb" "$root" || { echo "FAIL: dpkg-deb -x"; exit 1; }
doc=$root/usr/share/doc/leftsr
head -1 "$doc/copyright" | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' && ok ||
  bad "copyright is not machine-readable (DEP-5)"
grep -q '^License: Expat' "$doc/copyright" && ok || bad "copyright names no licence"
# gzip -9n: no file name, no time stamp (bytes 4-7), maximum compression (XFL 2)
header=$(od -An -tu1 -N10 "$doc/changelog.gz" | tr -s ' ')
[ "$header" = " 31 139 8 0 0 0 0 0 2 3" ] && ok || bad "changelog.gz is not gzip -9n: header$header"
zcat "$doc/changelog.gz" | head -1 | grep -q "^leftsr ($version)" && ok || bad "changelog.gz does not start with leftsr ($version)"
[ -f "$root/usr/share/man/man1/leftsr.1.gz" ] && ok || bad "no man page in the package"
bin=$(ls "$root"/usr/bin/leftsr "$root"/usr/games/leftsr 2>/dev/null | head -1)
[ -n "$bin" ] && ok || { echo "FAIL: no leftsr in usr/bin or usr/games"; exit 1; }
file -L "$bin" | grep -q 'ELF.*, stripped' && ok || bad "the packaged binary is not stripped: $(file -L "$bin")"
mkdir "$tmp/elsewhere"
golden=$SRC/tests/golden/coalition-walk-out.txt
out=$(cd "$tmp/elsewhere" && env -u LEFTSR_DATA LEFTSR_NO_SOURCE_TREE=1 COLUMNS=80 \
      "$bin" play --text --no-save --seed 1 --choices walk-out,stay-with-psr coalition </dev/null 2>&1); rc=$?
[ $rc -eq 0 ] && ok || bad "the unpacked leftsr exits $rc: $(head -3 <<<"$out")"
diff -u "$golden" <(printf '%s\n' "$out") >"$tmp/diff" && ok || { bad "the unpacked game differs from $golden"; head -20 "$tmp/diff"; }
# This build puts the binary in bin/ as `make install` does; `make deb`
# configures /usr/games for Debian's section games, so that tag is expected here.
out=$(lintian --fail-on error,warning --suppress-tags package-section-games-but-contains-no-game "$deb" 2>&1); rc=$?
[ $rc -eq 0 ] && ok || bad "lintian (exit $rc): $out"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
