#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# make install from the tree, then the library used as people use it: a
# program outside the tree (tests/install/prog.c, copied to a temporary
# directory) built with `pkg-config --cflags --libs v6stack` against the
# installed shared library and run, then against libv6stack.a; the SONAME,
# the exported symbols (exactly the functions include/v6stack/ declares,
# as clang reads the installed headers), the man pages rendered without a
# warning (groff -ww, man --warnings; the check itself proven on a broken
# page), a staged install (DESTDIR), and make uninstall. Ends with
# "install: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
root=$PWD
pass=0; fail=0
tmp=$(mktemp -d /tmp/v6stack-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$root" "$@"; }

ok() { pass=$((pass + 1)); }
ko() { echo "FAIL install: $*"; fail=$((fail + 1)); }
check() { # NAME COMMAND...: passes when COMMAND exits 0
	local name=$1; shift
	if "$@"; then ok; else ko "$name"; fi
}

v() { sed -n "s/^#define V6STACK_VERSION_$1 *\([0-9]*\).*/\1/p" include/v6stack/version.h; }
major=$(v MAJOR); version=$major.$(v MINOR).$(v PATCH)

if ! mk install PREFIX="$prefix" DESTDIR= > "$tmp/install.log" 2>&1; then
	cat "$tmp/install.log"; echo "install: 0 passed, 1 failed (make install)"; exit 1
fi
ok

for f in bin/v6stack lib/libv6stack.so.$version lib/libv6stack.a \
    include/v6stack/v6stack.h include/v6stack/version.h include/v6stack/drop.h \
    include/v6stack/drop.def lib/pkgconfig/v6stack.pc \
    share/man/man8/v6stack.8 share/man/man3/libv6stack.3; do
	check "$f installed" test -f "$prefix/$f"
done
check "libv6stack.so.$major -> libv6stack.so.$version" \
    test "$(readlink "$prefix/lib/libv6stack.so.$major")" = "libv6stack.so.$version"
check "libv6stack.so -> libv6stack.so.$major" \
    test "$(readlink "$prefix/lib/libv6stack.so")" = "libv6stack.so.$major"
hdrs=$(cd include/v6stack && ls *.h *.def); inst=$(cd "$prefix/include/v6stack" && ls)
check "only the public headers and their tables installed ($inst)" test "$hdrs" = "$inst"

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
check "pkg-config --modversion is $version" test "$(pkg-config --modversion v6stack)" = "$version"
check "pkg-config names the prefix" \
    test "$(pkg-config --variable=prefix v6stack)" = "$prefix"

# The program, outside the tree, and what it must print.
work=$tmp/prog; mkdir -p "$work"; cp tests/install/prog.c "$work/"
cat > "$work/expected" <<EOT
version $version $version
addr fe80::ff:fe00:aa01/64 PREFERRED
addr 2001:db8::1/64 PREFERRED
input ok
Icmp6InEchos 1
solicited the peer 1
EOT
(cd "$work" && cc -Wall -Wextra -Werror -o prog prog.c $(pkg-config --cflags --libs v6stack)) \
    > "$tmp/cc.log" 2>&1 || { cat "$tmp/cc.log"; ko "cc prog.c \$(pkg-config --cflags --libs v6stack)"; }
if [ -x "$work/prog" ]; then
	ok
	check "the shared program does not run without LD_LIBRARY_PATH (it needs the install)" \
	    bash -c "! env -u LD_LIBRARY_PATH '$work/prog' >/dev/null 2>&1"
	out=$(LD_LIBRARY_PATH=$prefix/lib "$work/prog" 2>&1)
	check "the shared program prints what it should" test "$out" = "$(cat "$work/expected")"
	[ "$out" = "$(cat "$work/expected")" ] || { echo "$out" | diff "$work/expected" - | head; }
	check "the program needs libv6stack.so.$major from the prefix" bash -c \
	    "LD_LIBRARY_PATH='$prefix/lib' ldd '$work/prog' | grep -q 'libv6stack.so.$major => $prefix/lib/libv6stack.so.$major'"
fi
(cd "$work" && cc -Wall -Wextra -Werror -o prog_static prog.c $(pkg-config --cflags v6stack) \
    "$prefix/lib/libv6stack.a") > "$tmp/cc.log" 2>&1 || { cat "$tmp/cc.log"; ko "cc prog.c libv6stack.a"; }
if [ -x "$work/prog_static" ]; then
	ok
	out=$(env -u LD_LIBRARY_PATH "$work/prog_static" 2>&1)
	check "the static program prints what it should" test "$out" = "$(cat "$work/expected")"
	check "the static program needs no libv6stack.so" bash -c "! ldd '$work/prog_static' | grep -q libv6stack"
fi

so=$prefix/lib/libv6stack.so.$version
check "readelf -d: SONAME libv6stack.so.$major" bash -c \
    "readelf -d '$so' | grep -q 'SONAME.*\[libv6stack.so.$major\]'"
nm -D --defined-only "$so" | awk '{print $NF}' | sed 's/@.*//' | sort -u > "$tmp/exported"
echo '#include <v6stack/v6stack.h>' | clang -x c -fsyntax-only -Xclang -ast-dump \
    -I"$prefix/include" - 2>/dev/null | grep -E '^[|` -]*FunctionDecl ' | cut -d"'" -f1 |
    awk '{print $NF}' | grep '^v6_' | sort -u > "$tmp/declared"
check "the headers declare functions (clang)" test -s "$tmp/declared"
check "nm -D: every exported symbol starts with v6_" bash -c "! grep -v '^v6_' '$tmp/exported'"
if ! diff "$tmp/declared" "$tmp/exported" > "$tmp/sym.diff"; then
	ko "nm -D exports exactly the functions include/v6stack/ declares (< declared, > exported):"
	head -20 "$tmp/sym.diff"
else
	ok
fi

# Man pages: the checker first sees warnings in a broken page, then none in ours.
printf '.TH BROKEN 1\n.SH NAME\nbroken \\\\- a page\n.BOGUS\n\\fQfont\n' > "$tmp/broken.1"
check "groff -ww warns about a broken page" test -n "$(groff -ww -man -z "$tmp/broken.1" 2>&1)"
for page in share/man/man8/v6stack.8 share/man/man3/libv6stack.3; do
	p=$prefix/$page
	w=$(groff -ww -man -z "$p" 2>&1)
	check "groff -ww -man -z $page: no warning" test -z "$w"
	[ -z "$w" ] || echo "$w" | head -5
	w=$(MANWIDTH=80 man --warnings -l "$p" 2>&1 >/dev/null)
	check "man --warnings -l $page: no warning" test -z "$w"
	[ -z "$w" ] || echo "$w" | head -5
done
page=$(MANWIDTH=200 man -l "$prefix/share/man/man8/v6stack.8" 2>/dev/null)
for c in $("$prefix/bin/v6stack" help | sed -n '/^commands:/,$s/^  \([a-z]*\) .*/\1/p'); do
	[ "$c" = help ] && continue
	check "v6stack(8) has a section for $c" bash -c 'grep -qE "^   v6stack.* $1(,|$)" <<< "$0"' "$page" "$c"
done
page=$(MANWIDTH=200 man -l "$prefix/share/man/man3/libv6stack.3" 2>/dev/null)
missing=$(while read -r fn; do grep -q "\b$fn(" <<< "$page" || echo "$fn"; done < "$tmp/declared")
check "libv6stack(3) shows every declared function${missing:+ (missing: $missing)}" test -z "$missing"

# A staged install: files under DESTDIR, v6stack.pc naming the real prefix.
if mk install PREFIX=/usr/local DESTDIR="$tmp/stage" > "$tmp/stage.log" 2>&1; then
	check "DESTDIR: v6stack.pc says prefix=/usr/local" \
	    grep -qx 'prefix=/usr/local' "$tmp/stage/usr/local/lib/pkgconfig/v6stack.pc"
	check "DESTDIR: the library is under DESTDIR" test -f "$tmp/stage/usr/local/lib/libv6stack.so.$version"
else
	cat "$tmp/stage.log"; ko "make install DESTDIR=..."
fi

if mk uninstall PREFIX="$prefix" DESTDIR= > "$tmp/uninstall.log" 2>&1; then
	left=$(find "$prefix" ! -type d)
	check "make uninstall leaves nothing${left:+: $left}" test -z "$left"
else
	cat "$tmp/uninstall.log"; ko "make uninstall"
fi

echo "install: $pass passed, $fail failed"
[ $fail -eq 0 ]
