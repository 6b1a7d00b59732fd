#!/bin/sh
# pipelines.sh - dyad in shell pipelines, on the small files in examples/.
# Each pipeline is printed, then run.  Run it from anywhere:
#   sh examples/pipelines.sh
# It uses ./dyad when it has been built, otherwise dyad from PATH (or set
# DYAD=/path/to/dyad).
cd "$(dirname "$0")/.." || exit 1
if [ -z "${DYAD:-}" ]; then
	if [ -x ./dyad ]; then DYAD=./dyad; else DYAD=dyad; fi
fi
dyad() { command "$DYAD" "$@"; }

run() {
	printf '\n$ %s\n' "$1"
	eval "$1" || { echo "pipelines.sh: failed: $1" >&2; exit 1; }
}

# 1. Make a synthetic dataset and check it on the way: '-' reads the
#    standard input, which the summary calls <stdin>.
run 'dyad simulate --children 20 --seed 7 | dyad validate -'

# 2. An export from a records system with its own column names
#    (ClientID, ParentID, Instrument, Wave, VisitDate, Score, Clinician):
#    map each to dyad's name.  Score matches 'score' ignoring case, and
#    Clinician is kept as an attribute.
run 'dyad validate --col child_id=ClientID --col caregiver_id=ParentID \
    --col measure=Instrument --col timepoint=Wave --col date=VisitDate \
    examples/export-ehr.csv'

# 3. A wide SPSS/Excel sheet: one row per person, one column per
#    MEASURE_TIMEPOINT.  Each score cell is one record.
run 'dyad validate --wide examples/wide.csv'

# 4. A file saved with a European decimal separator: 11,84 and ';'.
run 'dyad validate --decimal-comma examples/semicolon.csv'

# 5. Which columns have problems?  Messages go to stderr, the summary to
#    stdout: keep the messages, drop the summary, and count the messages
#    that name a column (a duplicate or ragged row names none).
run "dyad validate examples/problems.csv 2>&1 >/dev/null |
    sed -n \"s/.*column '\\([a-z_]*\\)'.*/\\1/p\" | sort | uniq -c"

# 6. Use validate as a gate in a script: exit status 0 means no problems.
run 'if dyad validate -q examples/cpp.csv >/dev/null; then
    echo "examples/cpp.csv is clean"; else echo "fix the problems first"; fi'

# 7. The caregiver measures of the catalog and their domains, from TSV.
run "dyad instruments -f tsv | awk -F '\\t' '\$3 == \"parent\" { print \$1, \$4 }'"

# 8. Add a program's own measure to the catalog for one run.
run "dyad instruments --catalog-add examples/catalog-local.csv -f csv |
    grep '^GOALS,'"
