#!/bin/sh
# run.sh BUILD SECONDS [NAME...] - run the libFuzzer harnesses BUILD/fuzz_*
# (or the NAMEs given) for SECONDS each and print one line per harness:
#   ok - fuzz_csv: 123456 executions in 60 s, corpus 812 inputs
#   not ok - fuzz_csv: crash-... (saved as BUILD/artifacts/fuzz_csv/...)
# New inputs go to BUILD/corpus/NAME (kept between runs), seeds come from
# tests/fuzz/corpus/NAME; a crashing input is saved under BUILD/artifacts/
# and should become a case in tests/bad/ (see README, Robustness).
# DYAD_FUZZ_CORPUS=DIR keeps the new inputs under DIR/NAME instead (the
# smoke test uses a temporary directory).  Exit status 1 when any failed.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build-fuzz}
SECONDS_EACH=${2:-60}
shift 2 2>/dev/null || shift $#
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
CORPUS=${DYAD_FUZZ_CORPUS:-$BUILD/corpus}
failed=0

if [ $# -eq 0 ]; then
	for b in "$BUILD"/fuzz_*; do
		[ -x "$b" ] && set -- "$@" "$(basename "$b")"
	done
fi
if [ $# -eq 0 ]; then
	echo "not ok - no fuzz harnesses in $BUILD (make fuzz-build)"
	exit 1
fi
for name in "$@"; do
	bin=$BUILD/$name
	seeds=$TOP/tests/fuzz/corpus/$name
	work=$CORPUS/$name
	art=$BUILD/artifacts/$name
	log=$BUILD/$name.log
	mkdir -p "$work" "$art"
	[ -d "$seeds" ] || seeds=
	# -timeout: an input taking 20 s is a hang; -rss_limit_mb: 2 GB is a
	# leak or an allocation nobody should make for a few kilobytes of input
	"$bin" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$art/" \
	    "$work" $seeds > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" |
	    tail -1)
	inputs=$(ls "$work" | wc -l | tr -d ' ')
	if [ $rc -eq 0 ]; then
		echo "ok - $name: ${runs:-?} executions in ${secs:-$SECONDS_EACH} s," \
		    "corpus $inputs inputs"
	else
		crash=$(ls -t "$art" 2>/dev/null | head -1)
		echo "not ok - $name: exit $rc after ${runs:-?} executions" \
		    "${crash:+(input saved as $art/$crash) }(log: $log)"
		grep -m 3 'ERROR\|SUMMARY\|fuzz_[a-z]*: ' "$log" | sed 's/^/# /'
		failed=1
	fi
done
exit $failed
