#!/bin/sh
# optional_libs.sh - libxlsxwriter and libreadstat are loaded with dlopen on
# first use (lib/dlib.c), not linked: dyad and libdyad.so do not need them,
# a run that writes no workbook and reads no SPSS/Stata/SAS file does not
# load them, and when one cannot be loaded the command fails with a clear
# message and exit status 1, leaving no output file behind.  A missing
# library is simulated with a preloaded dlopen (built here) that refuses
# those two and passes everything else to the real one.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." lines.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=$TOP/dyad
CC=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-optlib.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
failed=0

ok()   { echo "ok - $1"; }
bad()  { echo "not ok - $1"; failed=1; }

# ---- not linked ----------------------------------------------------------
for f in "$DYAD" "$TOP/lib/libdyad.so"; do
	if objdump -p "$f" > "$tmp/dyn" 2>&1; then
		if grep -E 'NEEDED +lib(xlsxwriter|readstat)' "$tmp/dyn" > "$tmp/hit"; then
			bad "${f#"$TOP"/} links $(awk '{print $2}' "$tmp/hit" | tr '\n' ' ')"
		else
			ok "${f#"$TOP"/} does not link libxlsxwriter or libreadstat"
		fi
	else
		bad "objdump -p ${f#"$TOP"/}"
	fi
done

# ---- not loaded by a plain run -------------------------------------------
cat > "$tmp/tiny.csv" <<'EOF'
child_id,measure,timepoint,score
c1,CESD,intake,20
c1,CESD,discharge,12
c2,CESD,intake,25
c2,CESD,discharge,18
c3,CESD,intake,15
c3,CESD,discharge,16
EOF
LD_DEBUG=files "$DYAD" stats "$tmp/tiny.csv" > /dev/null 2> "$tmp/files"
if grep -q 'file=libcsv' "$tmp/files" &&
    ! grep -E 'file=lib(xlsxwriter|readstat|crypto|minizip|z)\.so' "$tmp/files"; then
	ok "dyad stats on a CSV loads none of them (nor libcrypto, minizip, zlib)"
else
	bad "dyad stats on a CSV loads an optional library"
fi
LD_DEBUG=files "$DYAD" stats -o "$tmp/loaded.xlsx" "$tmp/tiny.csv" \
    > /dev/null 2> "$tmp/files"
if grep -q 'file=libxlsxwriter\.so.*dynamically loaded' "$tmp/files" && [ -s "$tmp/loaded.xlsx" ]; then
	ok "dyad stats -o FILE.xlsx loads libxlsxwriter with dlopen"
else
	bad "dyad stats -o FILE.xlsx does not load libxlsxwriter with dlopen"
fi

# ---- missing: a clear error ----------------------------------------------
cat > "$tmp/nolib.c" <<'EOF'
/* dlopen that refuses libxlsxwriter and libreadstat */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

void *
dlopen(const char *name, int flags)
{
	void *(*real)(const char *, int);
	void *p = dlsym(RTLD_NEXT, "dlopen");

	if (name != NULL && (strstr(name, "libxlsxwriter") != NULL ||
	    strstr(name, "libreadstat") != NULL))
		return NULL;
	memcpy(&real, &p, sizeof(p));
	return real(name, flags);
}
EOF
if ! "$CC" -shared -fPIC -o "$tmp/nolib.so" "$tmp/nolib.c" > "$tmp/cc.log" 2>&1; then
	bad "build the dlopen shim"
	sed 's/^/# /' "$tmp/cc.log"
	exit 1
fi
# an AddressSanitizer build wants its runtime first; the shim has none
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# expect LABEL STATUS PATTERN CMD...: exit status, and standard error
# matching the shell pattern (the soname is the build's: Debian 12 has
# libxlsxwriter.so.4 and libreadstat.so.1)
expect() {
	label=$1 want_rc=$2 want_err=$3
	shift 3
	LD_PRELOAD=$tmp/nolib.so "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	# shellcheck disable=SC2254
	case $(cat "$tmp/err") in
	$want_err) matched=1 ;;
	*) matched=0 ;;
	esac
	if [ "$rc" -eq "$want_rc" ] && [ $matched = 1 ]; then
		ok "$label"
	else
		bad "$label (exit $rc)"
		sed 's/^/# /' "$tmp/err" | head -5
	fi
}

cd "$tmp" || exit 1
expect "stats -o FILE.xlsx without libxlsxwriter: exit 1 and why" 1 \
    "out.xlsx: writing .xlsx needs libxlsxwriter.so.[0-9]* (Debian package libxlsxwriter[0-9]*)" \
    "$DYAD" stats -o out.xlsx tiny.csv
if [ -e out.xlsx ] || ls -a | grep -q '^\.out\.xlsx'; then
	bad "no workbook and no temporary file are left behind"
else
	ok "no workbook and no temporary file are left behind"
fi
expect "change -o FILE.xlsx without libxlsxwriter: exit 1" 1 \
    "pairs.xlsx: writing .xlsx needs libxlsxwriter.so.[0-9]* (Debian package libxlsxwriter[0-9]*)" \
    "$DYAD" change -o pairs.xlsx tiny.csv
expect "stats to the standard output does not need it" 0 "" \
    "$DYAD" stats -f csv tiny.csv
expect "validate FILE.sav without libreadstat: exit 1 and why" 1 \
    "$TOP/tests/fixtures/haven.sav: reading an SPSS .sav file needs libreadstat.so.[0-9]* (Debian package libreadstat[0-9]*)" \
    "$DYAD" validate "$TOP/tests/fixtures/haven.sav"
expect "convert FILE.dta without libreadstat: exit 1 and why" 1 \
    "$TOP/tests/fixtures/haven.dta: reading a Stata .dta file needs libreadstat.so.[0-9]* (Debian package libreadstat[0-9]*)" \
    "$DYAD" convert "$TOP/tests/fixtures/haven.dta"
expect "a missing file is still reported as missing" 1 \
    "dyad: nosuch.sav: No such file or directory" \
    "$DYAD" validate nosuch.sav
exit $failed
