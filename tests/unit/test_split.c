/* test_split.c - reading a file on two cores (lib/data.c, "Reading one
 * large file on two cores") must give exactly what reading it on one gives:
 * the same rows (ids, statuses, scores, lines, people), the same chains of
 * a person's rows, the same issues in the same order.  The reference is
 * the same file read with threads = 1.  Inputs are random long files with
 * everything the join has to get right: duplicates and repeats across the
 * cut, people on both sides of it, many rows for one person, bad numbers,
 * dates and measures, ragged and blank lines, CR LF, a byte-order mark,
 * extra columns, and now and then a quote (which keeps the file whole). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad/catalog.h"
#include "dyad/data.h"
#include "analysis.h"
#include "data_internal.h"         /* the spare */
#include "rows.h"

struct acc {
	char *s;
	size_t len, cap;
};

static void
put(struct acc *a, const char *s, size_t n)
{
	if (a->len + n + 1 > a->cap) {
		a->cap = (a->len + n + 1) * 2;
		a->s = realloc(a->s, a->cap);
	}
	memcpy(a->s + a->len, s, n);
	a->len += n;
	a->s[a->len] = '\0';
}

static void
putf(struct acc *a, const char *fmt, ...)
{
	char b[1024], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(b)) {
		put(a, b, (size_t)n);
		return;
	}
	/* longer (a field of many lines): formatted again at its length */
	big = malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	put(a, big, (size_t)n);
	free(big);
}

static void
on_issue(const struct dyad_issue *is, void *ctx)
{
	putf(ctx, "%s:%zu:%zu:%d:%d: %s\n", is->file, is->line, is->field,
	    (int)is->kind, (int)is->warning, is->msg);
}

static unsigned long
next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

/* A random long file; people come mostly grouped, as exports do. */
static void
make_file(struct acc *f, unsigned long *seed, bool quotes)
{
	static const char *const meas[] = { "CBCL15_INT", "CESD", "PCL5",
	    "ECBI_INT", "NOPE" };
	static const char *const tps[] = { "intake", "mid", "discharge",
	    "followup", "Intake ", "" };
	const char *eol = next(seed) % 3 == 0 ? "\r\n" : "\n";
	size_t rows = 20 + next(seed) % 400, i;
	unsigned child = 1, care = 1;

	if (next(seed) % 8 == 0)
		put(f, "\xEF\xBB\xBF", 3);
	putf(f, "child_id,caregiver_id,site,measure,timepoint,date,score,"
	    "minutes%s", eol);
	for (i = 0; i < rows; i++) {
		unsigned long r = next(seed) % 100;
		char score[32], date[32];

		if (r < 25)
			child++;                /* the next case */
		else if (r < 28)
			child = 1 + (unsigned)(next(seed) % child);  /* back to one */
		if (next(seed) % 4 == 0)
			care = 1 + (unsigned)(next(seed) % 3);
		if (next(seed) % 40 == 0) {
			put(f, eol, strlen(eol));       /* a blank line */
			continue;
		}
		if (next(seed) % 60 == 0) {
			putf(f, "C%u,G%u,S1%s", child, care, eol);      /* ragged */
			continue;
		}
		switch (next(seed) % 12) {
		case 0: snprintf(score, sizeof(score), "x%lu", next(seed) % 9); break;
		case 1: score[0] = '\0'; break;
		case 2: snprintf(score, sizeof(score), "9999"); break;
		default: snprintf(score, sizeof(score), "%lu", next(seed) % 30);
		}
		if (next(seed) % 30 == 0)
			snprintf(date, sizeof(date), "2025-02-30");
		else
			snprintf(date, sizeof(date), "2025-%02lu-%02lu",
			    1 + next(seed) % 12, 1 + next(seed) % 28);
		if (quotes && next(seed) % 50 == 0)
			putf(f, "\"C%u\",G%u,\"S, 1\",%s,%s,%s,%s,%lu%s", child, care,
			    meas[next(seed) % 5], tps[next(seed) % 6], date, score,
			    next(seed) % 3, eol);
		else
			putf(f, "C%u,%s%u,S%lu,%s,%s,%s,%s,%lu%s", child,
			    next(seed) % 20 == 0 ? "" : "G", care, next(seed) % 2,
			    meas[next(seed) % 5], tps[next(seed) % 6], date, score,
			    next(seed) % 3, eol);
	}
}

/* Everything a reader of the data can see, as text. */
static void
describe(const struct dyad_data *d, struct acc *out)
{
	const struct dy_row *rows = dy_data_rows(d);
	size_t i, k;

	for (i = 0; i < dyad_data_rows(d); i++) {
		struct dyad_row rv;
		const struct dyad_row *r = &rv;
		uint64_t bits;

		(void)dyad_data_row(d, i, &rv);
		memcpy(&bits, &r->score, sizeof(bits));
		putf(out, "%zu %u %u %u %u %u %d %d %u %u %u %u %llx %u", i,
		    r->child, r->caregiver, r->family, r->site, r->timepoint,
		    r->measure, r->date, r->line, r->person, r->file, r->status,
		    (unsigned long long)bits, r->person != DYAD_NO_PERSON ?
		    rows[i].prev : 0);
		for (k = 0; k < dyad_data_extra_count(d); k++)
			putf(out, " x%u", dyad_data_extra(d, i, k));
		put(out, "\n", 1);
	}
	for (i = 0; i < dy_data_people(d); i++)
		putf(out, "person %zu last %u rows %u\n", i,
		    dy_data_person_last(d, i), dy_data_person_rows(d, i));
	for (i = 0; i < DYAD_ROW_NSTATUS; i++)
		putf(out, "count %zu %zu\n", i,
		    dyad_data_count(d, (enum dyad_row_status)i));
	for (i = 1; dyad_data_str(d, (uint32_t)i)[0] != '\0'; i++)
		putf(out, "str %zu %s\n", i, dyad_data_str(d, (uint32_t)i));
}

/* Tails of second halves taken over by the first half's thread, in all
 * the reads with a share set. */
static size_t tails;

/* Read the files (a second one after the first, so that people and ids
 * carry over) with the given thread count and the first part's share of
 * a file (0: the default); all that is seen, as text. */
static void
read_all(const struct dyad_catalog *cat, FILE **files, size_t nfiles,
    unsigned threads, double share, struct acc *out)
{
	struct dyad_data *d;
	struct dyad_read_opts o;
	struct dyad_error err;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.threads = threads;
	o.split_min = 1;
	o.split_share = share;
	o.on_issue = on_issue;
	o.ctx = out;
	dyad_data_new(&d, cat, NULL);
	for (i = 0; i < nfiles; i++) {
		enum dyad_status st;

		rewind(files[i]);
		dyad_error_clear(&err);
		st = dyad_data_read(d, files[i], i ? "two.csv" : "one.csv", &o,
		    &err);
		putf(out, "status %d line %zu: %s\n", (int)st, err.line, err.msg);
	}
	dyad_data_check_caregivers(d, &o, &err);
	describe(d, out);
	if (share > 0)
		tails += d->tails;
	dyad_data_free(d);
}

/* text (freed) read on one core and on two must be seen alike; what two
 * cores saw (to be freed). */
static char *
both_ways(const struct dyad_catalog *cat, struct acc *text, const char *what)
{
	struct acc one = { NULL, 0, 0 }, two = { NULL, 0, 0 };
	FILE *f = tmpfile();

	fwrite(text->s, 1, text->len, f);
	fflush(f);
	read_all(cat, &f, 1, 1, 0, &one);
	read_all(cat, &f, 1, 2, 0, &two);
	check_int(one.len == two.len && memcmp(one.s, two.s, one.len) == 0, 1,
	    what);
	fclose(f);
	free(text->s);
	free(one.s);
	return two.s;
}

/* Rows whose length changes, so that a half finds far more rows than its
 * first lines tell (each half's rows are sized from its first lines):
 * long lines (a long note) at the start make the first half take the
 * shared row array back from the second; long lines around the middle
 * make the second half move to rows of its own. */
static void
make_uneven(struct acc *f, bool at_start)
{
	char note[901];
	size_t part, i;

	memset(note, 'n', sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	putf(f, "child_id,caregiver_id,measure,timepoint,score,note\n");
	for (part = 0; part < 2; part++) {
		size_t nlong = at_start ? (part == 0 ? 100 : 0) :
		    (part == 1 ? 1000 : 0);

		for (i = 0; i < nlong; i++)
			putf(f, "L%zu_%zu,G1,CESD,intake,%zu,%s\n", part, i,
			    i % 60, note);
		for (i = 0; i < (part == 0 && !at_start ? 33000u : 30000u); i++)
			putf(f, "C%zu_%zu,G1,CESD,%s,%zu,\n", part, i / 2,
			    i % 2 ? "discharge" : "intake", i % 61);
	}
}

/* The pairs of d (its first analysis, which may take the read's spare)
 * as text. */
static void
describe_pairs(const struct dyad_data *d, struct acc *out)
{
	struct dyad_analysis *a = NULL;
	struct dyad_pair_opts po;
	struct dyad_pair p;
	size_t i;

	dyad_pair_opts_init(&po);
	if (dyad_analysis_run(&a, d, &po, NULL) != DYAD_OK) {
		putf(out, "no analysis\n");
		return;
	}
	for (i = 0; dyad_analysis_pair(a, i, &p); i++)
		putf(out, "%u %u %d %.17g %.17g\n", p.pre_row, p.post_row,
		    p.measure, p.pre, p.post);
	dyad_analysis_free(a);
}

/* With will_pair a two-core read maps memory for the pairs (half the rows
 * bound them), which the first analysis takes: the same pairs as from a
 * one-core read, which has none, and none left after it.  A 5,000-child
 * file of intake and discharge rows (10,001 lines); every third row's
 * CESD score is 99, out of range, so a child is paired when neither of its
 * rows 2c and 2c + 1 is 2 mod 3: when c is 0 mod 3, 1,667 children (by
 * hand).  The spare holds 10,000 / 2 + 1 = 5,001 pairs. */
static void
test_spare(const struct dyad_catalog *cat)
{
	struct acc text = { NULL, 0, 0 }, one = { NULL, 0, 0 };
	struct acc two = { NULL, 0, 0 };
	struct dyad_read_opts o;
	struct dyad_data *d[2];
	FILE *f = tmpfile();
	size_t i;
	int t;

	putf(&text, "child_id,caregiver_id,measure,timepoint,score\n");
	for (i = 0; i < 10000; i++)
		putf(&text, "C%zu,G1,CESD,%s,%zu\n", i / 2,
		    i % 2 ? "discharge" : "intake", i % 3 == 2 ? 99 : i % 50);
	fwrite(text.s, 1, text.len, f);
	fflush(f);
	for (t = 0; t < 2; t++) {
		memset(&o, 0, sizeof(o));
		o.threads = t == 0 ? 1 : 2;
		o.split_min = 1;
		o.will_pair = true;
		dyad_data_new(&d[t], cat, NULL);
		rewind(f);
		check_int(dyad_data_read(d[t], f, "spare.csv", &o, NULL),
		    DYAD_OK, "spare: read");
	}
	check_true(dy_data_take_spare(d[0], 1) == NULL,
	    "spare: none from a one-core read");
	check_int((long long)d[1]->nspare, 5001, "spare: half the rows + 1");
	check_true(atomic_load(&d[1]->spare) != NULL,
	    "spare: made by the two-core read");
	check_true(dy_data_take_spare(d[1], 5002) == NULL,
	    "spare: not handed out for more pairs than it holds (5,001)");
	describe_pairs(d[0], &one);
	describe_pairs(d[1], &two);
	for (i = 0, t = 0; i < one.len; i++)
		t += one.s[i] == '\n';
	check_int(t, 1667, "spare: 1,667 pairs");
	check_true(one.len > 0 && one.len == two.len &&
	    memcmp(one.s, two.s, one.len) == 0,
	    "spare: the pairs of a two-core read = a one-core read's");
	check_true(dy_data_take_spare(d[1], 1) == NULL,
	    "spare: taken by the first analysis");
	for (t = 0; t < 2; t++)
		dyad_data_free(d[t]);
	fclose(f);
	free(text.s);
	free(one.s);
	free(two.s);
}

int
main(void)
{
	struct dyad_catalog *cat;
	unsigned long seed = 7;
	int t, bad = 0, first_bad = -1, bad_tail = 0, first_bad_tail = -1;
	int quoted_tails = 0;

	if (dyad_catalog_new_default(&cat, NULL) != DYAD_OK) {
		check_int(1, 0, "built-in catalog");
		return check_summary();
	}
	for (t = 0; t < 3000; t++) {
		struct acc text[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
		struct acc one = { NULL, 0, 0 }, two = { NULL, 0, 0 };
		FILE *f[2];
		size_t nf = t % 5 == 0 ? 2 : 1, i;

		for (i = 0; i < nf; i++) {
			make_file(&text[i], &seed, t % 7 == 0);
			f[i] = tmpfile();
			fwrite(text[i].s, 1, text[i].len, f[i]);
			fflush(f[i]);
		}
		read_all(cat, f, nf, 1, 0, &one);
		read_all(cat, f, nf, 2, 0, &two);
		if (one.len != two.len || memcmp(one.s, two.s, one.len) != 0) {
			bad++;
			if (first_bad < 0)
				first_bad = t;
		}
		/* the first part a fifth of the file: its thread ends first and
		 * takes over the tail of the second part, which any file's
		 * cases, duplicates, bad rows and quoted fields may span */
		free(two.s);
		two.s = NULL;
		two.len = two.cap = 0;
		read_all(cat, f, nf, 2, 0.2, &two);
		if (one.len != two.len || memcmp(one.s, two.s, one.len) != 0) {
			bad_tail++;
			if (first_bad_tail < 0)
				first_bad_tail = t;
		}
		for (i = 0; i < nf; i++) {
			fclose(f[i]);
			free(text[i].s);
		}
		free(one.s);
		free(two.s);
	}
	check_int(bad, 0, "two cores = one core on 3000 random files");
	check_int(bad_tail, 0, "two cores = one core on 3000 random files, "
	    "the second part's tail taken over by the first part's thread");
	check_true(tails > 300, "a tail taken over in more than 300 of them");
	printf("# tails taken over: %zu\n", tails);
	/* Most of the second part one quoted field of 5,000 lines (3,000
	 * rows of about 25 bytes, then some 100 KB quoted: the first part,
	 * a fifth, ends before it): a tail cut falls inside it, and the
	 * second part's reader, not between records there, reads on (the
	 * tail is dropped) */
	for (t = 0; t < 20; t++) {
		struct acc text = { NULL, 0, 0 }, one = { NULL, 0, 0 };
		struct acc two = { NULL, 0, 0 };
		size_t i, before = tails;
		FILE *f = tmpfile();

		putf(&text, "child_id,caregiver_id,measure,timepoint,score,"
		    "note\n");
		for (i = 0; i < 3000; i++)
			putf(&text, "C%zu,G1,CESD,%s,%zu,\n", i / 2,
			    i % 2 ? "discharge" : "intake", i % 50);
		putf(&text, "C9999,G1,CESD,intake,3,\"a note\n");
		for (i = 0; i < 5000; i++)
			putf(&text, "of many lines, %zu\n", i);
		putf(&text, "ends\"\n");
		for (i = 0; i < 20; i++)
			putf(&text, "D%zu,G1,CESD,%s,%zu,\n", i / 2,
			    i % 2 ? "discharge" : "intake", i % 50);
		fwrite(text.s, 1, text.len, f);
		fflush(f);
		read_all(cat, &f, 1, 1, 0, &one);
		read_all(cat, &f, 1, 2, 0.2, &two);
		if (one.len != two.len || memcmp(one.s, two.s, one.len) != 0)
			bad_tail++;
		if (tails > before)
			quoted_tails++;
		fclose(f);
		free(text.s);
		free(one.s);
		free(two.s);
	}
	check_int(bad_tail, 0, "two cores = one core: a tail cut inside a "
	    "quoted field of 5,000 lines (20 reads)");
	check_true(quoted_tails > 0, "a tail taken over inside the quoted "
	    "field");
	test_spare(cat);
	for (t = 0; t < 2; t++) {
		struct acc text = { NULL, 0, 0 };

		make_uneven(&text, t == 0);
		free(both_ways(cat, &text, t == 0 ? "two cores = one core: the "
		    "first half has far more rows than its first lines tell" :
		    "two cores = one core: the second half has far more rows "
		    "than its first lines tell"));
	}
	/* A quoted field with line breaks across the cut (the first half's
	 * reader is inside it there: the file is read in one piece), and
	 * quoted fields with duplicates after the cut (read in two halves,
	 * the duplicates naming lines of the second half, which are counted
	 * from the cut until the join) */
	for (t = 0; t < 3; t++) {
		struct acc text = { NULL, 0, 0 };
		size_t i;
		char *two;

		/* (t == 2: the header ends in a lone CR, the rows in LF) */
		putf(&text, "child_id,caregiver_id,measure,timepoint,score,"
		    "note%s", t == 2 ? "\r" : "\n");
		for (i = 0; i < 1000; i++)
			putf(&text, "C%zu,G1,CESD,%s,%zu,\n", i / 2,
			    i % 2 ? "discharge" : "intake", i % 50);
		if (t == 0) {
			putf(&text, "C9999,G1,CESD,intake,3,\"a note\n");
			for (i = 0; i < 3000; i++)
				putf(&text, "of many lines, %zu\n", i);
			putf(&text, "ends\"\n");
		}
		for (i = 0; i < 1000; i++)
			putf(&text, "C%zu,G1,CESD,%s,%zu,\"a, b\"\n",
			    1000 + i / 4, i % 2 ? "discharge" : "intake", i % 7);
		two = both_ways(cat, &text, t == 0 ? "two cores = one core: a "
		    "quoted field across the cut" : t == 1 ? "two cores = one "
		    "core: quoted fields, duplicates after the cut" : "two "
		    "cores = one core: a header ended by a lone CR");
		/* line 1505 repeats line 1503's child and timepoint (by hand:
		 * header 1, 1000 lines, then four lines a child from 1002) */
		if (t == 1)
			check_true(two != NULL && strstr(two, "line 1503") != NULL,
			    "a duplicate after the cut names its line as "
			    "the file numbers it (1503)");
		free(two);
	}
	if (first_bad >= 0)
		printf("# first difference: file %d\n", first_bad);
	if (first_bad_tail >= 0)
		printf("# first difference with a tail: file %d\n",
		    first_bad_tail);
	dyad_catalog_free(cat);
	return check_summary();
}
