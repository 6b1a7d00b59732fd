#!/bin/sh
# install.sh - 'make install' into a temporary DESTDIR: the files land where
# they should, a program built with 'pkg-config --cflags --libs dyad' runs
# against the installed library, and every public header compiles alone.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." lines; run from any cwd.
# LIB_EXCLUDE from the environment is passed on to make.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
CC=${CC:-cc}
# A sanitizer build (make check SANITIZE=1) installs an instrumented library;
# the test program must then be linked with the same runtime.
SANFLAGS=
[ "${SANITIZE:-}" = 1 ] && SANFLAGS="-fsanitize=address,undefined"
failed=0

ok()   { echo "ok - $1"; }
bad()  { echo "not ok - $1"; failed=1; }
skip() { echo "skip - $1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
root=$tmp/root
pre=$root/usr/local

# ---- headers: each compiles on its own ---------------------------------
for h in "$TOP"/include/dyad.h "$TOP"/include/dyad/*.h; do
	rel=${h#"$TOP"/include/}
	printf '#include <%s>\n' "$rel" > "$tmp/alone.c"
	if "$CC" -std=c17 -Wall -Wextra -Wpedantic -fsyntax-only -x c \
	    -I"$TOP/include" "$tmp/alone.c" > "$tmp/cc.log" 2>&1 &&
	    [ ! -s "$tmp/cc.log" ]; then
		ok "include/$rel compiles alone"
	else
		bad "include/$rel does not compile alone"
		sed 's/^/# /' "$tmp/cc.log"
	fi
done

# ---- make install ------------------------------------------------------
if make -C "$TOP" install DESTDIR="$root" PREFIX=/usr/local \
    LIB_EXCLUDE="${LIB_EXCLUDE:-}" > "$tmp/make.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/usr/local"
else
	bad "make install DESTDIR=... PREFIX=/usr/local"
	tail -20 "$tmp/make.log" | sed 's/^/# /'
	exit 1
fi

check_file() {   # check_file PATH-UNDER-PREFIX [test-flag]
	if test "${2:--f}" "$pre/$1"; then
		ok "installed $1"
	else
		bad "not installed: $1"
	fi
}
check_file bin/dyad -x
check_file lib/libdyad.a
check_file lib/libdyad.so
check_file include/dyad.h
check_file lib/pkgconfig/dyad.pc
set -- "$pre"/lib/libdyad.so.*
if [ -f "$1" ]; then
	for f in "$@"; do
		ok "installed lib/$(basename "$f")"
	done
else
	bad "not installed: lib/libdyad.so.*"
fi
for h in "$TOP"/include/dyad/*.h; do
	check_file "include/dyad/$(basename "$h")"
done
for m in "$TOP"/man/*.1; do
	check_file "share/man/man1/$(basename "$m")"
done
check_file share/bash-completion/completions/dyad
if cmp -s "$TOP/completion/dyad.bash" \
    "$pre/share/bash-completion/completions/dyad"; then
	ok "the installed bash completion is completion/dyad.bash"
else
	bad "the installed bash completion differs from completion/dyad.bash"
fi
if cmp -s "$TOP/include/dyad.h" "$pre/include/dyad.h"; then
	ok "installed dyad.h is the source's"
else
	bad "installed dyad.h differs from include/dyad.h"
fi
out=$("$pre/bin/dyad" --version 2>&1)
case $out in
"dyad "[0-9]*) ok "installed dyad runs: $out" ;;
*) bad "installed dyad --version printed '$out'" ;;
esac

# ---- a program built with pkg-config -----------------------------------
# It loads the built-in catalog and prints the clinical criterion of DAS32.
# Expected, by hand from the catalog row (Spanier 1976: married 114.8 (17.8),
# divorced 70.7 (23.8)), Jacobson & Truax's
#   c = (clin_sd*norm_mean + norm_sd*clin_mean) / (clin_sd + norm_sd)
#     = (23.8*114.8 + 17.8*70.7) / (23.8 + 17.8)
#     = (2732.24 + 1258.46) / 41.6
#     = 3990.70 / 41.6
#     = 95.930288461538...
want=95.930288
cat > "$tmp/crit.c" <<'EOF'
#include <stdio.h>

#include <dyad.h>

int
main(void)
{
	struct dyad_catalog *cat = NULL;
	struct dyad_error err;
	long i;

	dyad_error_clear(&err);
	if (dyad_catalog_new_default(&cat, &err) != DYAD_OK) {
		fprintf(stderr, "catalog: %s\n", err.msg);
		return 1;
	}
	i = dyad_catalog_find(cat, "DAS32");
	if (i < 0) {
		fprintf(stderr, "no DAS32\n");
		dyad_catalog_free(cat);
		return 1;
	}
	printf("%.6f\n", dyad_instrument_criterion(dyad_catalog_at(cat,
	    (size_t)i)));
	dyad_catalog_free(cat);
	return 0;
}
EOF

if ! command -v pkg-config >/dev/null 2>&1; then
	skip "pkg-config is not installed"
	exit $failed
fi
# The .pc file names /usr/local; the sysroot puts it under DESTDIR.
pc() {
	PKG_CONFIG_PATH=$pre/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$root \
	    pkg-config "$@"
}
if flags=$(pc --cflags --libs dyad 2> "$tmp/pc.log"); then
	ok "pkg-config --cflags --libs dyad: $flags"
else
	bad "pkg-config --cflags --libs dyad"
	sed 's/^/# /' "$tmp/pc.log"
	exit 1
fi
case " $flags " in
*" -I$pre/include "*"-L$pre/lib "*) ok "pkg-config points into DESTDIR" ;;
*) bad "pkg-config flags do not point into DESTDIR: $flags" ;;
esac
if [ "$(pc --modversion dyad)" = "$("$pre/bin/dyad" --version | cut -d' ' -f2)" ]; then
	ok "pkg-config --modversion matches dyad --version"
else
	bad "pkg-config --modversion differs from dyad --version"
fi

# Shared: run against the installed libdyad.so.
# shellcheck disable=SC2086  # $flags is a list of words
if "$CC" -std=c17 -Wall -Wextra -Wpedantic $SANFLAGS -o "$tmp/crit" \
    "$tmp/crit.c" $flags > "$tmp/cc.log" 2>&1 && [ ! -s "$tmp/cc.log" ]; then
	ok "compile and link against the installed shared library"
	got=$(LD_LIBRARY_PATH=$pre/lib "$tmp/crit" 2>&1)
	if [ "$got" = "$want" ]; then
		ok "DAS32 criterion from the installed library: $got"
	else
		bad "DAS32 criterion: got '$got', want $want"
	fi
	lib=$(LD_LIBRARY_PATH=$pre/lib ldd "$tmp/crit" 2>/dev/null |
	    sed -n 's/.*libdyad\.so[^ ]* => \([^ ]*\).*/\1/p')
	case $lib in
	"$pre"/lib/*) ok "the program loads $lib" ;;
	"") skip "ldd cannot say which libdyad.so is loaded" ;;
	*) bad "the program loads $lib, not the installed library" ;;
	esac
else
	bad "compile and link against the installed shared library"
	sed 's/^/# /' "$tmp/cc.log"
fi

# Static: libdyad.a with the libraries it needs from 'pkg-config --static'.
if sflags=$(pc --static --libs dyad 2>/dev/null); then
	# libdyad.a by name instead of -ldyad, which would find libdyad.so
	sflags=$(echo " $sflags " | sed 's/ -ldyad / /')
	cflags=$(pc --cflags dyad)
	# shellcheck disable=SC2086
	if "$CC" -std=c17 $SANFLAGS -o "$tmp/crit-static" "$tmp/crit.c" \
	    $cflags "$pre/lib/libdyad.a" $sflags \
	    > "$tmp/cc.log" 2>&1; then
		got=$("$tmp/crit-static" 2>&1)
		if [ "$got" = "$want" ]; then
			ok "static link with pkg-config --static: $got"
		else
			bad "static link: got '$got', want $want"
		fi
	else
		bad "static link with libdyad.a and pkg-config --static --libs"
		sed 's/^/# /' "$tmp/cc.log"
	fi
else
	bad "pkg-config --static --libs dyad"
fi
exit $failed
