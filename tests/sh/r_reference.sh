#!/bin/sh
# r_reference.sh - dyad stats and dyad change agree with R 4.2 (numbers made
# by tests/ref/make_reference.R) on the cases listed in tests/ref/cases.txt:
# crafted edge cases, options, a --by run with a group of one, four waves
# with dates, and the shipped example data.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
REF=$TOP/tests/ref
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$REF/cases.txt" | while read -r kinds out input opts; do
	for kind in $(echo "$kinds" | tr , ' '); do
		# shellcheck disable=SC2086
		if ! "$TOP/dyad" $kind --catalog-add "$REF/extra_catalog.csv" $opts \
		    -f csv "$REF/$input.input.csv" > "$tmp/$out.$kind.csv" 2> "$tmp/err"
		then
			echo "not ok - $out $kind: dyad failed: $(head -3 "$tmp/err")"
			continue
		fi
		python3 "$REF/compare.py" $kind "$REF/$out.${kind}_R.csv" \
		    "$tmp/$out.$kind.csv" "$REF/overrides.csv" "$out" |
		    sed "s/^\(not \)\{0,1\}ok - /&$out: /"
	done
done
