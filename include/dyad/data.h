/* dyad/data.h - read assessment files (long or wide CSV) into a checked
 * table of scores, every row either usable or excluded with a reason. */
#ifndef DYAD_DATA_H
#define DYAD_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dyad/catalog.h"
#include "dyad/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why a row is not used.  DYAD_ROW_OK rows are analysed; a missing score is
 * not an error but the row cannot be analysed either. */
enum dyad_row_status {
	DYAD_ROW_OK = 0,
	DYAD_ROW_MISSING_SCORE,    /* empty, NA or . */
	DYAD_ROW_BAD_NUMBER,       /* score is not a number */
	DYAD_ROW_OUT_OF_RANGE,     /* outside the catalog's min..max (or <= 0 on a log scale) */
	DYAD_ROW_UNKNOWN_MEASURE,
	DYAD_ROW_BAD_DATE,
	DYAD_ROW_DUPLICATE,        /* same child, caregiver, measure, timepoint, different score */
	DYAD_ROW_REPEATED,         /* exact repeat of an earlier row: used once */
	DYAD_ROW_MISSING_FIELD,    /* empty child_id, measure or timepoint */
	DYAD_ROW_RAGGED,           /* wrong number of fields */
	DYAD_ROW_MALFORMED,        /* CSV quoting broken, field too long */
	DYAD_ROW_BAD_TEXT,         /* identifier is not valid UTF-8 */
	DYAD_ROW_NSTATUS
};

/* Short stable name of a row status ("missing_score", "duplicate", ...),
 * used as the reason key in flows and summaries. */
const char *dyad_row_status_name(enum dyad_row_status s);

/* True for statuses that are data errors (validate exits 1, stats refuses
 * without --skip-bad); false for OK, missing score and repeated rows. */
bool dyad_row_status_is_error(enum dyad_row_status s);

/* One problem found while reading, handed to the caller's callback. */
struct dyad_issue {
	const char *file;       /* name given to dyad_data_read */
	size_t line;            /* physical line; 0 for file-level problems */
	size_t field;           /* 1-based field, 0 when not about one field */
	enum dyad_row_status kind;
	bool warning;           /* the row is still used (or it is a file-level note) */
	const char *msg;        /* e.g. column 'score': "7,5" is not a number */
	bool cases;             /* line is a case number (SPSS, Stata, SAS file) */
};

typedef void (*dyad_issue_fn)(const struct dyad_issue *issue, void *ctx);

struct dyad_read_opts {
	unsigned char delimiter;        /* 0: ',' (';' with decimal_comma) */
	bool decimal_comma;             /* "12,5" is twelve and a half */
	bool wide;                      /* one row per person, MEASURE_TIMEPOINT columns */
	const char *const *col_map;     /* "child_id=ClientID" strings */
	size_t n_col_map;
	dyad_issue_fn on_issue;         /* may be NULL */
	void *ctx;
	unsigned threads;               /* 0: a large file is read on two
	                                 * cores when there are two (one
	                                 * helper thread, joined before
	                                 * dyad_data_read returns; on_issue and
	                                 * on_progress are only ever called on
	                                 * the calling thread); 1: one; 2: two
	                                 * whatever the core count */
	size_t split_min;               /* smallest file read on two cores
	                                 * (0: 8 MiB; tests use less) */
	/* May be NULL.  Called from the calling thread every few megabytes
	 * of a CSV file read: bytes read so far and the file's size (0 when
	 * unknown, e.g. a pipe).  ctx is the ctx above. */
	void (*on_progress)(unsigned long long done, unsigned long long total,
	    void *ctx);
	/* The rows will be paired (dyad_analysis_run): a file read on two
	 * cores also maps the memory of their pairs, on the second core
	 * while the first joins the halves, for the first analysis to take
	 * (about 11 bytes a row more at the peak, 100,000 children). */
	bool will_pair;
	/* (new fields go last: earlier ones keep their place for programs
	 * built against an older header) */
	double split_share;             /* tests: the first part's share of
	                                 * the bytes (0: about half); the
	                                 * second part read 256 bytes at a
	                                 * time and a tail of any length taken
	                                 * over (0: 1 MiB or more) */
};

/* A row, as dyad_data_row fills it in (the data set keeps rows in a
 * smaller form).  String fields are ids; see dyad_data_str. */
struct dyad_row {
	uint32_t child, caregiver, family, site;
	uint32_t timepoint;             /* lower-cased label */
	int32_t measure;                /* catalog index; -1 when unknown */
	int32_t date;                   /* days since 1970-01-01, DYAD_NO_DATE if absent */
	uint32_t line;                  /* physical line in its file */
	uint32_t person;                /* the child + caregiver of a row read
	                                 * with a usable score (numbered in
	                                 * order of first sight), else
	                                 * DYAD_NO_PERSON */
	uint16_t file;                  /* index of the file it came from */
	uint8_t status;                 /* enum dyad_row_status */
	uint8_t pad_;
	double score;                   /* NAN when missing or unusable */
};

#define DYAD_NO_DATE INT32_MIN
#define DYAD_NO_PERSON UINT32_MAX

struct dyad_data;                       /* opaque */

/* A new, empty data set checked against cat (borrowed: it must outlive d). */
enum dyad_status dyad_data_new(struct dyad_data **out,
    const struct dyad_catalog *cat, struct dyad_error *err);

/* Read one CSV file from 'in' and append its rows.  'name' names the file in
 * issues and errors.  Row problems go to opts->on_issue and mark the row;
 * only problems that stop the whole file (no header, a required column
 * missing, not text, I/O) return an error, with err->line set. */
enum dyad_status dyad_data_read(struct dyad_data *d, FILE *in,
    const char *name, const struct dyad_read_opts *opts,
    struct dyad_error *err);

/* Input file formats: CSV, or a statistics package's file read with
 * ReadStat (SPSS .sav, .zsav and .por, Stata .dta, SAS .sas7bdat). */
enum dyad_input_format {
	DYAD_INPUT_CSV,
	DYAD_INPUT_SAV,
	DYAD_INPUT_ZSAV,
	DYAD_INPUT_POR,
	DYAD_INPUT_DTA,
	DYAD_INPUT_SAS7BDAT
};

/* Parse "csv", "sav", "zsav", "por", "dta" or "sas7bdat" (any case); 0 or
 * -1. */
int dyad_input_format_parse(const char *name, enum dyad_input_format *out);

/* The format the extension of path names (".sav" ...; any case), and
 * DYAD_INPUT_CSV for every other name. */
enum dyad_input_format dyad_input_format_of(const char *path);

/* The short name of a format, as dyad_input_format_parse reads it. */
const char *dyad_input_format_name(enum dyad_input_format fmt);

/* Read the SPSS, Stata or SAS file at path (fmt is not DYAD_INPUT_CSV) and
 * append its rows, exactly as dyad_data_read does for a CSV with the same
 * columns: the variable names are the header, each case a row.  Values
 * become text first: numbers in their shortest exact form; a value-labelled
 * variable other than a score as its label ("intake" for 1); a numeric date
 * as YYYY-MM-DD; every missing value (system-missing, SPSS user-missing
 * values and ranges, Stata's .a to .z) as empty, so a missing score is
 * counted as one.  Issue and row line numbers are case numbers (1-based)
 * and issues say so (cases is true).  ReadStat's errors return DYAD_EPARSE
 * with its message and line 0; a file that cannot be opened DYAD_EIO;
 * DYAD_ENOTFOUND when libreadstat, loaded on first use, is not installed. */
enum dyad_status dyad_data_read_stat(struct dyad_data *d, const char *path,
    const char *name, enum dyad_input_format fmt,
    const struct dyad_read_opts *opts, struct dyad_error *err);

/* Cross-row checks after the last file: warns (through on_issue) when the
 * rows of one child and measure disagree about caregiver_id between
 * timepoints, so that they cannot pair. */
enum dyad_status dyad_data_check_caregivers(const struct dyad_data *d,
    const struct dyad_read_opts *opts, struct dyad_error *err);

size_t dyad_data_rows(const struct dyad_data *d);
/* Fill *out with row i (0 <= i < dyad_data_rows); false past the end. */
bool dyad_data_row(const struct dyad_data *d, size_t i, struct dyad_row *out);

/* Records read (header excluded; a wide row counts once per score cell). */
size_t dyad_data_count(const struct dyad_data *d, enum dyad_row_status s);

/* The text of a string id (borrowed until the next read). */
const char *dyad_data_str(const struct dyad_data *d, uint32_t id);

/* The id of text s when some field had exactly that text, else -1. */
int64_t dyad_data_lookup(const struct dyad_data *d, const char *s);

/* Name of file i as given to dyad_data_read. */
const char *dyad_data_file(const struct dyad_data *d, size_t i);

/* Extra columns beyond the canonical ones, e.g. "language", "clinician".
 * Column names are lower-cased.  dyad_data_extra_index returns -1 when no
 * file had that column. */
size_t dyad_data_extra_count(const struct dyad_data *d);
const char *dyad_data_extra_name(const struct dyad_data *d, size_t k);
long dyad_data_extra_index(const struct dyad_data *d, const char *name);
uint32_t dyad_data_extra(const struct dyad_data *d, size_t row, size_t k);

/* The catalog the data were checked against. */
const struct dyad_catalog *dyad_data_catalog(const struct dyad_data *d);

/* Earliest and latest date among usable rows; false when none has a date. */
bool dyad_data_date_range(const struct dyad_data *d, long *first, long *last);

void dyad_data_free(struct dyad_data *d);       /* NULL is fine */

#ifdef __cplusplus
}
#endif
#endif
