#!/bin/sh
# fuzz_smoke.sh - run each libFuzzer harness (tests/fuzz/fuzz_*.c, built
# into build-fuzz/ by 'make check' when clang is installed) for a few
# seconds ($DYAD_FUZZ_SMOKE, default 3) from its seed corpus: the harnesses
# build, run, and find nothing in the time.  New inputs go to a temporary
# directory; a crashing input is kept under build-fuzz/artifacts/.  'make
# fuzz FUZZ_SECONDS=N' is the real run.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." lines; run from any cwd.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
FUZZ_BUILD=$TOP/build-fuzz

CC=${FUZZ_CC:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "skip - clang is not installed: no fuzz smoke run (make fuzz-deps)"
	exit 0
fi
set -- "$("$CC" -print-resource-dir 2>/dev/null)"/lib/*/libclang_rt.fuzzer*.a
if [ ! -f "$1" ]; then
	echo "skip - clang has no libFuzzer runtime: no fuzz smoke run (make fuzz-deps)"
	exit 0
fi
# (make check has built them; this makes sure when run on its own)
mkdir -p "$FUZZ_BUILD"
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$TOP" --no-print-directory \
    fuzz-build > "$FUZZ_BUILD/build.log" 2>&1; then
	echo "not ok - make fuzz-build failed (see $FUZZ_BUILD/build.log)"
	tail -5 "$FUZZ_BUILD/build.log" | sed 's/^/# /'
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
DYAD_FUZZ_CORPUS=$tmp sh "$TOP/tests/fuzz/run.sh" "$FUZZ_BUILD" \
    "${DYAD_FUZZ_SMOKE:-3}"
