#!/bin/sh
# run.sh BUILD [unit|cli|all|threads NAME...] - run dyad's test suites and
# print one closing line "N passed, N failed[, N skipped]".
#   unit: every BUILD/tests/test_* program (lines "ok - ..." / "not ok - ...")
#   cli:  golden cases tests/cli/*/ and the bad-input corpus tests/bad/,
#         once as they are, once under LC_ALL=de_DE.UTF-8 (output must not
#         change), and once under valgrind when it is installed
#   extra: scripts tests/sh/*.sh, each printing ok/not ok lines
#   threads: the unit tests NAME... and the scripts of two threads
#         (threads.sh, change_threads.sh): make tsan
# DYAD_VALGRIND=1 runs only the cli suite under valgrind (make memcheck).
set -u
BUILD=${1:-build}
WHAT=${2:-all}
[ $# -gt 2 ] && shift 2 || set --
TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=$TOP/tests/out
mkdir -p "$OUT"
pass=0 fail=0 skip=0
# cmd files call plain "dyad"; this wrapper adds $DYAD_WRAP (valgrind).
mkdir -p "$OUT/bin"
printf '#!/bin/sh\nexec ${DYAD_WRAP:-} "%s/dyad" "$@"\n' "$TOP" > "$OUT/bin/dyad"
chmod +x "$OUT/bin/dyad"
PATH=$OUT/bin:$PATH
export PATH TOP BUILD
export LC_ALL=C

ok()   { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok - $1"; return 0; }
bad()  { fail=$((fail + 1)); echo "not ok - $1"; }
skipped() { skip=$((skip + 1)); echo "skip - $1"; }

count_lines() {   # count ok / not ok lines of a test program's output file
	p=$(grep -c '^ok - ' "$1")
	f=$(grep -c '^not ok - ' "$1")
	s=$(grep -c '^skip - ' "$1")
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
	grep '^not ok - \|^skip - ' "$1"
	return 0
}

# run_unit [NAME...]: those test programs of BUILD, else all of them
run_unit() {
	named=$#
	if [ $# -eq 0 ]; then
		set -- "$TOP/$BUILD"/tests/test_*
	else
		for n in "$@"; do
			shift
			set -- "$@" "$TOP/$BUILD/tests/$n"
		done
	fi
	for t in "$@"; do
		name=$(basename "$t")
		if [ ! -x "$t" ]; then
			[ "$named" -gt 0 ] && bad "$name is not built"
			continue
		fi
		(cd "$TOP" && "$t") > "$OUT/$name.log" 2>&1
		rc=$?
		count_lines "$OUT/$name.log"
		if [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$OUT/$name.log"; then
			bad "$name exited $rc"; tail -5 "$OUT/$name.log"
		fi
	done
}

# Make the German locale without touching the system (localedef into LOCPATH).
make_locale() {
	LOCDIR=$TOP/$BUILD/locale
	if [ ! -d "$LOCDIR/de_DE.UTF-8" ]; then
		mkdir -p "$LOCDIR"
		localedef -i de_DE -f UTF-8 "$LOCDIR/de_DE.UTF-8" >/dev/null 2>&1 ||
			rm -rf "$LOCDIR/de_DE.UTF-8"
	fi
	[ -d "$LOCDIR/de_DE.UTF-8" ] && export DYAD_TEST_LOCPATH="$LOCDIR"
	return 0
}

# run_case DIR TAG PREFIX...: run DIR/cmd, compare with DIR/expected.*
run_case() {
	dir=$1 tag=$2; shift 2
	name=$(basename "$dir")
	work=$OUT/cli/$tag/$name
	rm -rf "$work"; mkdir -p "$work"
	cp -R "$dir"/. "$work"/
	stdin=/dev/null
	[ -f "$work/stdin" ] && stdin=$work/stdin
	(cd "$work" && env "$@" sh ./cmd < "$stdin" > actual.out 2> actual.err)
	echo $? > "$work/actual.status"
	# valgrind and sanitizers speak on stderr; drop our own lines there
	if [ "$tag" = valgrind ]; then
		if grep -q '^==[0-9]*== ERROR SUMMARY: [1-9]\|definitely lost: [1-9]' "$work/actual.err"; then
			bad "$tag $name: valgrind found errors (see $work/actual.err)"
			return
		fi
		grep -v '^==[0-9]*==' "$work/actual.err" > "$work/actual.err2"
		mv "$work/actual.err2" "$work/actual.err"
	fi
	if ! cmp -s "$work/actual.status" "$dir/expected.status"; then
		bad "$tag $name: exit status $(cat "$work/actual.status"), expected $(cat "$dir/expected.status")"
		head -5 "$work/actual.err"
	elif [ -f "$dir/expected.out" ] && ! cmp -s "$work/actual.out" "$dir/expected.out"; then
		bad "$tag $name: stdout differs"; diff "$dir/expected.out" "$work/actual.out" | head -10
	elif [ -f "$dir/expected.err" ] && ! cmp -s "$work/actual.err" "$dir/expected.err"; then
		bad "$tag $name: stderr differs"; diff "$dir/expected.err" "$work/actual.err" | head -10
	else
		ok "$tag $name"
	fi
}

run_cli() {
	tag=$1; shift
	for dir in "$TOP"/tests/cli/*/ "$TOP"/tests/bad/*/; do
		[ -f "$dir/cmd" ] || continue
		run_case "${dir%/}" "$tag" "$@"
	done
}

# run_extra [SCRIPT...]: those scripts of tests/sh/, else all of them
run_extra() {
	[ $# -eq 0 ] && set -- "$TOP"/tests/sh/*.sh
	for s in "$@"; do
		[ -f "$s" ] || continue
		name=$(basename "$s" .sh)
		sh "$s" > "$OUT/$name.log" 2>&1
		rc=$?
		count_lines "$OUT/$name.log"
		if [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$OUT/$name.log"; then
			bad "$name exited $rc"; tail -5 "$OUT/$name.log"
		fi
	done
}

VG="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
if [ -n "${DYAD_VALGRIND:-}" ]; then
	if command -v valgrind >/dev/null 2>&1; then
		run_cli valgrind "DYAD_WRAP=$VG"
	else
		bad "valgrind is not installed"
	fi
else
	case $WHAT in
	unit|all) make_locale; run_unit ;;
	threads)
		run_unit "$@"
		run_extra "$TOP/tests/sh/threads.sh" "$TOP/tests/sh/change_threads.sh"
		;;
	esac
	case $WHAT in
	cli|all)
		run_cli plain
		make_locale
		if [ -n "${DYAD_TEST_LOCPATH:-}" ]; then
			run_cli de_DE "LOCPATH=$DYAD_TEST_LOCPATH" LC_ALL=de_DE.UTF-8
		else
			skipped "de_DE.UTF-8 locale could not be built (package locales)"
		fi
		if [ "${SANITIZE:-}" != 1 ] && command -v valgrind >/dev/null 2>&1; then
			run_cli valgrind "DYAD_WRAP=$VG"
		else
			skipped "valgrind pass (not installed or sanitizer build)"
		fi
		;;
	esac
	case $WHAT in
	all) run_extra ;;
	esac
fi
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
