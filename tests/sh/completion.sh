#!/bin/sh
# completion.sh - completion/dyad.bash, sourced in bash: COMPREPLY for a few
# command lines (subcommands, options, format names, chart kinds, measure
# codes, option values, files).  Prints "ok - ..." / "not ok - ..." lines.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! command -v bash >/dev/null 2>&1; then
	echo "skip - bash is not installed"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-comp.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/data" && : > "$tmp/data/visits.sav" && : > "$tmp/data/visits.csv"
cd "$tmp" || exit 1
DYAD=$TOP/dyad bash -c '
. "$1/completion/dyad.bash" || exit 1
failed=0
# check "LABEL" "WANT WORDS" "exact|has" WORD...: complete the last WORD
check() {
	local label=$1 want=$2 how=$3 got w
	shift 3
	COMP_WORDS=("$DYAD" "$@")
	COMP_CWORD=$#
	COMP_LINE="dyad $*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_dyad
	got=$(printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " ")
	if [[ $how == exact ]]; then
		if [[ $got == "$(printf "%s\n" $want | sort | tr "\n" " ")" ]]; then
			echo "ok - $label"
		else
			echo "not ok - $label: got [$got], want [$want]"; failed=1
		fi
		return
	fi
	for w in $want; do
		if [[ " $got " != *" $w "* ]]; then
			echo "not ok - $label: [$got] lacks $w"; failed=1
			return
		fi
	done
	echo "ok - $label"
}
check "dyad <TAB>: the subcommands" "change convert instruments report stats validate help" has ""
check "dyad st<TAB>: stats" "stats" exact st
check "dyad help con<TAB>: convert" "convert" exact help con
check "dyad stats --fl<TAB>: --flow" "--flow" exact stats --fl
check "dyad stats --<TAB>: long options from dyad stats --help" "--adjust --by --catalog --flow --input-format --measure --skip-bad --wide" has stats --
check "dyad convert --<TAB>: its own options" "--input-format --skip-bad --max-errors" has convert --
check "dyad stats -f <TAB>: format names" "table csv tsv json markdown" exact stats -f ""
check "dyad stats --format=js<TAB> (split at =): json" "json" exact stats --format = js
check "dyad report --format <TAB>: html markdown" "html markdown" exact report --format ""
check "dyad plot <TAB>: chart kinds" "prepost forest jt change trajectory" exact plot ""
check "dyad plot --measure CESD <TAB>: still the kind" "prepost forest jt change trajectory" exact plot --measure CESD ""
check "dyad plot forest --measure CB<TAB>: measure codes" "CBCL15_INT CBCL15_EXT" has plot forest --measure CB
check "dyad stats --measure CESD,CBCL15_I<TAB>: the last item of a list" "CESD,CBCL15_INT" exact stats --measure CESD,CBCL15_I
check "dyad report --jt CES<TAB>: measure codes" "CESD" exact report --jt CES
check "dyad stats --adjust <TAB>: holm bh none" "holm bh none" exact stats --adjust ""
check "dyad stats --pre <TAB>: first" "first" exact stats --pre ""
check "dyad convert --input-format s<TAB>: sav sas7bdat" "sav sas7bdat" exact convert --input-format s
check "dyad stats --input-format z<TAB>: a shared input option" "zsav" exact stats --input-format z
check "dyad stats --inp<TAB>: the shared input options" "--input-format" exact stats --inp
check "dyad stats data/vis<TAB>: files" "data/visits.csv data/visits.sav" exact stats data/vis
check "dyad stats --catalog data/visits.c<TAB>: a file argument" "data/visits.csv" exact stats --catalog data/visits.c
check "dyad stats --from <TAB>: nothing for a date" "" exact stats --from ""
exit $failed
' sh "$TOP"
