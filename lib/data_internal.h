/* data_internal.h - the data set and one file's reading state, shared by
 * lib/data.c and lib/data_split.c; not part of the public API. */
#ifndef DYAD_DATA_INTERNAL_H
#define DYAD_DATA_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "dyad/data.h"
#include "csvread.h"
#include "rows.h"
#include "strtab.h"

struct dy_pair;

enum canon {
	K_CHILD, K_CAREGIVER, K_FAMILY, K_SITE, K_MEASURE, K_TIMEPOINT, K_DATE,
	K_SCORE, NCANON
};


struct extra_col {
	char *name;
	uint32_t *val;          /* per row; grown with the rows */
	uint32_t header;        /* last file whose header had it, + 1 */
	size_t hfield;          /* and its field there */
};

struct dyad_data {
	const struct dyad_catalog *cat;
	struct dy_strtab str;
	struct dy_row *row;
	size_t n, cap;
	/* the rows' contexts (rows.h): the previous row's is looked at
	 * first, then the child's newest few (cctx, per child string id:
	 * its newest context + 1) */
	struct dy_ctx *ctx;
	size_t nctx, capctx;
	uint32_t last_ctx;      /* the previous row's context + 1, 0: none */
	uint32_t *cctx;
	size_t capcctx;
	/* Reading a file on two cores, the first half's array also holds the
	 * second half's rows, at its end (lent: the half reading them; cap
	 * stops short of them until the join), and the second half's data set
	 * borrows that part (row_borrowed: not its own to grow or free). */
	struct half *lent;
	bool row_borrowed;
	/* The second half of a split read: its lines are counted from the
	 * cut until the join knows the line there; a line a message names
	 * goes between two DY_LINE_MARKs, for the join to renumber. */
	bool lines_from_cut;
	struct extra_col *extra;
	size_t nextra, capextra;
	struct dy_strtab extra_names;   /* name -> extra index + 1 (header
	                                 * widths of 100,000 stay linear) */
	size_t count[DYAD_ROW_NSTATUS];
	char **file;
	size_t nfile, capfile;
	unsigned char *cases;    /* per file: 1 when its lines are case numbers */
	uint32_t *dup;          /* open addressing over usable rows: index + 1;
	                         * used only for people with many rows */
	size_t ndup, dupused;
	/* Duplicates are looked for among the earlier rows of the same person
	 * (child + caregiver): exports come grouped by case, so the person of a
	 * row is nearly always the previous row's and no table is probed at
	 * random (that probe was a third of the time of a large read). */
	struct person *person;
	size_t nperson, capperson;
	uint32_t *chead;        /* per child string id: its newest person + 1,
	                         * or CROWDED */
	size_t capchead;
	uint32_t *pmap;         /* open addressing: person index + 1, for
	                         * the people of crowded children */
	size_t npmap, pmapused;
	size_t last_person;     /* person of the previous row + 1, 0: none */
	long sample_extra;      /* extra column telling cortisol samples apart */
	/* Memory for the pairs of the rows, mapped ahead by a two-core read
	 * (opts->will_pair), nspare pairs long: the first analysis that
	 * fits in it takes it (dy_data_take_spare). */
	_Atomic(struct dy_pair *) spare;
	size_t nspare;
	size_t tails;           /* tails of second halves taken over, kept
	                         * or not (tests) */
	bool keep_scores;       /* second half of a split read: rows excluded
	                         * as duplicates keep their score until the
	                         * halves are joined (they may be checked
	                         * again) */
};

struct person {
	uint32_t child, caregiver;
	uint32_t last;          /* latest usable row + 1 */
	uint32_t count;         /* usable rows so far */
	uint32_t next;          /* the child's previous person + 1 */
	bool big;               /* over PERSON_CHAIN rows: uses d->dup */
	uint64_t seen;          /* dy_seen_bit of each row in its chain */
};

/* A bit for a row's measure and timepoint, which a duplicate shares: a
 * row whose bit its person has not seen has no duplicate in the chain,
 * which is then not walked (most rows of a case are new). */
static inline uint64_t
dy_seen_bit(int16_t measure, uint32_t timepoint)
{
	uint32_t h = ((uint32_t)(uint16_t)measure * 0x9E3779B1u) ^
	    (timepoint * 0x85EBCA77u);

	return (uint64_t)1 << ((h * 0xC2B2AE3Du) >> 26);
}

/* A child's people are found through the child: a list, walked from the
 * newest, while it is short; a hash when the child has many caregivers. */
#define CROWDED 0x80000000u
#define PERSON_LIST 8

#define PERSON_CHAIN 64         /* longer chains move to the hash: no n^2 */

/* Texts remembered per column: a case's ids, dates and timepoints repeat
 * within a few rows; measure codes cycle through a dozen per case (first
 * in, first out: fewer entries than codes would miss at every change). */
#define RECENT 4
#define RECENT_CODES 16

/* Cache slots: one per canonical column (ids; the timepoint, keyed by
 * its text as written), the date, the measure, then the extra columns. */
enum { C_DATE = NCANON, C_MEASURE, C_EXTRA, NCACHE = C_EXTRA + 32 };

struct text_key {
	uint64_t head, tail;
};

struct recent {
	struct recent_text {
		uint32_t len;   /* UINT32_MAX: empty entry */
		uint32_t val;
		struct text_key key;    /* data.c's text_key of buf */
		char buf[39];
		uint8_t after;  /* the entry used after this one, last time */
	} e[RECENT_CODES];
	unsigned size;          /* entries in use: RECENT or RECENT_CODES */
	unsigned next;          /* the entry to replace next */
	unsigned last;          /* the entry used last */
};

/* One wide-format score column: which measure and timepoint it holds. */
struct wide_col {
	size_t field;
	int32_t measure;
	uint32_t timepoint;
};

struct ingest {
	struct dyad_data *d;
	const struct dyad_read_opts *opts;
	const char *name;
	uint16_t file;
	struct dyad_error *err;
	enum dyad_status st;
	int have_header;
	size_t nfields;                 /* header width */
	long canon[NCANON];             /* field index or -1 */
	long *extra_of;                 /* field -> extra column, or -1 */
	size_t xfrom, xto;              /* the fields with an extra column are
	                                 * in [xfrom, xto) */
	char **header;                  /* header names as written */
	struct wide_col *wide;
	size_t nwide;
	size_t records;
	bool cases;                     /* SPSS/Stata/SAS: lines are cases */
	struct dy_strtab mcode;         /* measure texts seen in this file */
	int32_t *mcode_idx;             /* and their catalog index (by id) */
	size_t mcode_cap;
	bool pairs;                     /* pre/post columns: two rows per record */
	long pair_col[6];               /* pre, post, pre_timepoint,
	                                 * post_timepoint, pre_date, post_date */
	/* The last few texts of each field and what they stood for: rows of
	 * a case repeat their ids, and cycle through a few measures,
	 * timepoints and dates, so most fields need no hash lookup, date
	 * parse or check at all. */
	struct recent cache[NCACHE];
	/* Rows of a case start alike: the reader tells how many leading
	 * fields a record has byte for byte from the record before
	 * (struct dy_record's same), asked for as many as hold the ids
	 * (same_need; 0: the ids are not all among the first DY_SAME_MAX).
	 * When the last record's ids were read without fault (key_ok: its
	 * ids are in last_key), a record starting alike has them too. */
	size_t same_need;
	bool key_ok;
	struct dy_ctx last_key;
	struct half *half;              /* reading a file in two halves */
	unsigned long long total;       /* bytes in the file (0: unknown) */
	bool worker;                    /* this ingest reads the second half */
};

/* An issue of the second half, held back until the halves are joined. */
struct pending {
	size_t line, field;
	enum dyad_row_status kind;
	bool warning;
	size_t msg;             /* offset into the text */
	uint32_t row;           /* the second half's row it is about, for
	                         * duplicates; UINT32_MAX otherwise */
	size_t seq;             /* order of issue; joining adds later ones */
};

#define DY_LINE_MARK "\x01"      /* never in a message otherwise: user
	                                 * text is shown with dy_show */

struct half {
	int fd;
	off_t start, mid, end;  /* the file's bytes; the second half from mid */
	size_t mid_line;        /* line number at mid (the first half's
	                         * reader's, at the cut) */
	char *head;             /* the header line, with its line break */
	size_t headlen;
	const char *name;
	struct dyad_read_opts opts;     /* the caller's; issues held back */
	bool had_samples;       /* the data set tells cortisol samples apart */
	struct dyad_data *d2;   /* the second half's rows */
	size_t records;
	struct pending *pend;
	size_t npend, cappend, seq;
	char *text;
	size_t ntext, captext;
	bool nomem;
	enum dyad_status st;
	struct dyad_error err;
	pthread_t thread;
	bool running;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int verdict;            /* 0 not yet, 1 split, -1 read it all here */
	atomic_int cancel;
	bool split;             /* the first half stopped at mid */
	bool header_done;       /* the second half's header is read */
	bool merging;           /* issues of the join: no row tags */
	size_t reserve;         /* rows the first half is expected to hold */
	size_t second;          /* and the second half (0: unknown) */
	size_t off;             /* d2's rows are the first half's from here */
	size_t cap_total;       /* rows the first half's array holds in all */
	/* A tail of the second half taken over by the first half's thread
	 * when that ends first (data_split.c): the second half's reader
	 * stops at 'stop' (the file's end until then) and has asked for the
	 * bytes up to 'taken' (both under mu). */
	off_t stop, taken;
	struct half *tail;      /* the tail's reading, once taken */
	size_t tail_line;       /* the second half's line at stop (counted
	                         * from its cut) */
	bool tail_ok;           /* it stopped there, between records */
};

/* Shared by data.c (reading, checks, accessors) and data_split.c (one file
 * read on two cores). */
int dy_ingest_record(const struct dy_record *rec, void *ctx);
/* An issue through opts->on_issue, about line of file. */
void dy_vissue(const struct dyad_read_opts *opts, const char *file,
    bool cases, size_t line, size_t field, enum dyad_row_status kind,
    bool warning, const char *fmt, va_list ap);
void dy_issue(struct ingest *g, size_t line, size_t field,
    enum dyad_row_status kind, bool warning, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void dy_where(const struct dyad_data *d, const struct dy_row *p,
    const struct dy_row *r, char *buf, size_t len);
void dy_ingest_release(struct ingest *g);
void dy_recent_init(struct recent *c, size_t n);
struct person *dy_person_of(struct dyad_data *d, uint32_t child,
    uint32_t caregiver);
/* The context index of a row with k's ids and file (k->next ignored),
 * found or made; -1 when out of memory. */
long dy_ctx_of(struct dyad_data *d, const struct dy_ctx *k);
int dy_grow_rows_to(struct dyad_data *d, size_t need);
/* Room for n rows in all, sized once (see dy_rows_in); a failure is
 * only a missed hint: growing row by row meets it again and reports it. */
int dy_reserve_rows(struct dyad_data *d, size_t n);
/* The string table's part of that: room for the texts of n rows. */
int dy_reserve_texts(struct dyad_data *d, size_t n);
size_t dy_rows_in(int fd, off_t from, off_t end);
int dy_set_row_cap(struct dyad_data *d, size_t cap);
int dy_split_take_back(struct dyad_data *d);
long dy_dup_check(struct dyad_data *d, size_t i);
long dy_dup_hash(struct dyad_data *d, size_t i);
void dy_check_dup(struct ingest *g, size_t line, size_t i, struct dy_row *p,
    size_t sfield);
long dy_extra_find(const struct dyad_data *d, const char *name);

/* The header (data_header.c).  dy_ingest_header reads a file's header
 * record into g (its canonical columns, wide columns and extra columns);
 * nonzero stops the read (g->st says why).  dy_check_col_map checks the
 * --col maps before any file is read.  dy_norm_field: field s of len
 * bytes normalised as header names are (trimmed, lower-cased), into buf
 * (n bytes) or, when longer, memory of its own (free it when not buf);
 * NULL: no memory. */
int dy_ingest_header(struct ingest *g, const struct dy_record *rec);
enum dyad_status dy_check_col_map(const struct dyad_read_opts *o,
    struct dyad_error *err);
char *dy_norm_field(char *buf, size_t n, const char *s, size_t len);

/* The two-core read (data_split.c).  dy_split_start starts reading the
 * second half of in when it is worth it (*out NULL otherwise; -1: out of
 * memory); the first half is read with dy_split_at_limit as the reader's
 * limit callback, then dy_split_join takes the second half in. */
int dy_split_start(struct half **out, struct dyad_data *d, FILE *in,
    const char *name, const struct dyad_read_opts *opts);
int dy_split_at_limit(void *ctx, size_t line, int between);
int dy_split_header(struct ingest *g, int r);
bool dy_split_cancelled(const struct ingest *g);
enum dyad_status dy_split_join(struct ingest *g, enum dyad_status st,
    struct dyad_error *err);
void dy_split_free(struct half *h, struct dyad_data *d);

#endif
