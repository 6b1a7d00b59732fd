/* data_header.c - a data file's header: its columns as dyad's canonical
 * ones (names, --col maps, wide measure_timepoint columns) and the extra
 * columns kept with the rows, for lib/data.c. */
#include <stdlib.h>
#include <string.h>

#include "dyad/data.h"
#include "data_internal.h"
#include "internal.h"

static const char *const canon_name[NCANON] = {
	"child_id", "caregiver_id", "family_id", "site", "measure", "timepoint",
	"date", "score"
};

long
dy_extra_find(const struct dyad_data *d, const char *name)
{
	int64_t id = dy_strtab_lookup(&d->extra_names, name, strlen(name));

	return id > 0 ? (long)id - 1 : -1;
}

static long
extra_add(struct dyad_data *d, const char *name)
{
	long k = dy_extra_find(d, name);
	struct extra_col *e;

	if (k >= 0)
		return k;
	if (dy_grow((void **)&d->extra, &d->capextra, d->nextra + 1,
	    sizeof(*d->extra)))
		return -2;
	e = &d->extra[d->nextra];
	e->name = dy_strdup(name);
	e->val = calloc(d->cap ? d->cap : 1, sizeof(uint32_t));
	e->header = 0;
	/* names are interned in column order, so the id is the index + 1 */
	if (e->name == NULL || e->val == NULL ||
	    dy_strtab_intern(&d->extra_names, name, strlen(name)) !=
	    (int64_t)d->nextra + 1) {
		free(e->name);
		free(e->val);
		return -2;
	}
	if (strcmp(name, "sample_time") == 0 ||
	    (d->sample_extra < 0 && strcmp(name, "minutes_since_waking") == 0))
		d->sample_extra = (long)d->nextra;
	return (long)d->nextra++;
}

/* Lower-case and trim a header name into buf.  A name too long for buf is
 * cut at a character boundary and trimmed again, so that normalising the
 * result gives it back (dyad_data_extra_index finds every extra column by
 * its name). */
static void
norm_name(char *buf, size_t len, const char *s)
{
	size_t i = 0, n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
	}
	for (; i < n; i++)
		buf[i] = (char)dy_lower((unsigned char)s[i]);
	buf[i] = '\0';
}

/* Field s of len bytes normalised as norm_name does, into buf (n bytes)
 * or, when longer, into memory of its own: free it when it is not buf.
 * NULL: no memory.  (Cut to buf, two labels that differ after the cut
 * would be one.) */
char *
dy_norm_field(char *buf, size_t n, const char *s, size_t len)
{
	char *p = len < n ? buf : malloc(len + 1);

	if (p != NULL)
		norm_name(p, len < n ? n : len + 1, s);
	return p;
}

/* The canonical column a "NAME=HEADER" map names, or -1. */
static int
canon_index(const char *map)
{
	const char *eq = strchr(map, '=');
	size_t k;

	for (k = 0; eq != NULL && k < NCANON; k++)
		if ((size_t)(eq - map) == strlen(canon_name[k]) &&
		    dy_strncaseeq(map, canon_name[k], strlen(canon_name[k])))
			return (int)k;
	return -1;
}

/* Every column map must be NAME=HEADER with a canonical NAME: a map that
 * would be ignored silently is an error. */
enum dyad_status
dy_check_col_map(const struct dyad_read_opts *o, struct dyad_error *err)
{
	char show[64];
	size_t i;

	for (i = 0; i < o->n_col_map; i++) {
		const char *m = o->col_map[i], *eq = strchr(m, '=');

		if (canon_index(m) < 0 || eq[1] == '\0') {
			dy_show(show, sizeof(show), m, strlen(m));
			return dy_fail(err, DYAD_EINVAL, 0, 0,
			    "column map '%s' is not NAME=HEADER with NAME one "
			    "of child_id, caregiver_id, family_id, site, "
			    "measure, timepoint, date, score", show);
		}
	}
	return DYAD_OK;
}

/* Which canonical column does header text h stand for (after --col)? */
static int
canon_of(const struct ingest *g, const char *h)
{
	size_t i, k;
	const char *eq;

	for (i = 0; i < g->opts->n_col_map; i++) {
		eq = strchr(g->opts->col_map[i], '=');
		if (eq != NULL && dy_strcaseeq(eq + 1, h))
			return canon_index(g->opts->col_map[i]);
	}
	for (k = 0; k < NCANON; k++)
		if (strcmp(h, canon_name[k]) == 0)
			return (int)k;
	return -1;
}

/* Wide shape: is header h MEASURE_TIMEPOINT for a catalog code? */
static int
wide_split(struct ingest *g, const char *h, int32_t *measure, uint32_t *tp)
{
	const struct dyad_catalog *cat = g->d->cat;
	size_t i, best = 0, n = dyad_catalog_count(cat), cl;
	long hit = -1;
	int64_t id;

	for (i = 0; i < n; i++) {
		const char *code = dyad_catalog_at(cat, i)->code;

		cl = strlen(code);
		if (cl > best && strlen(h) > cl + 1 && h[cl] == '_' &&
		    dy_strncaseeq(h, code, cl)) {
			best = cl;
			hit = (long)i;
		}
	}
	if (hit < 0)
		return 0;
	id = dy_strtab_intern(&g->d->str, h + best + 1, strlen(h + best + 1));
	if (id < 0)
		return -1;
	*measure = (int32_t)hit;
	*tp = (uint32_t)id;
	return 1;
}

/* The header, with name a buffer of len bytes for any of its names. */
static int
header_in(struct ingest *g, const struct dy_record *rec, char *name,
    size_t len)
{
	static const enum canon need_long[] = { K_CHILD, K_MEASURE, K_TIMEPOINT,
	    K_SCORE };
	char miss[128] = "", show[64];
	const char *mapped = NULL;
	struct extra_col *e;
	size_t i, k;
	int c, w;

	if (rec->bad != NULL) {
		g->st = dy_fail(g->err, DYAD_EPARSE, rec->line, 0, "header: %s",
		    rec->bad);
		return 1;
	}
	g->nfields = rec->n;
	for (k = 0; k < NCANON; k++)
		g->canon[k] = -1;
	g->extra_of = malloc(rec->n * sizeof(long));
	g->xfrom = g->xto = 0;
	g->header = calloc(rec->n, sizeof(char *));
	g->wide = malloc(rec->n * sizeof(*g->wide));
	if (g->extra_of == NULL || g->header == NULL || g->wide == NULL) {
		g->st = dy_nomem(g->err);
		return 1;
	}
	for (i = 0; i < rec->n; i++) {
		g->extra_of[i] = -1;
		g->header[i] = dy_strdup(rec->field[i]);
		if (g->header[i] == NULL) {
			g->st = dy_nomem(g->err);
			return 1;
		}
		norm_name(name, len, rec->field[i]);
		if (name[0] == '\0') {
			g->st = dy_fail(g->err, DYAD_EDATA, rec->line, i + 1,
			    "header: column %zu has no name", i + 1);
			return 1;
		}
		c = canon_of(g, name);
		if (c >= 0 && !(g->opts->wide && (c == K_SCORE || c == K_MEASURE ||
		    c == K_TIMEPOINT))) {
			if (g->canon[c] >= 0) {
				g->st = dy_fail(g->err, DYAD_EDATA, rec->line, i + 1,
				    "header: columns %ld and %zu are both '%s'",
				    g->canon[c] + 1, i + 1, canon_name[c]);
				return 1;
			}
			g->canon[c] = (long)i;
			continue;
		}
		if (g->opts->wide) {
			w = wide_split(g, name, &g->wide[g->nwide].measure,
			    &g->wide[g->nwide].timepoint);
			if (w < 0) {
				g->st = dy_nomem(g->err);
				return 1;
			}
			if (w > 0) {
				g->wide[g->nwide++].field = i;
				continue;
			}
		}
		g->extra_of[i] = extra_add(g->d, name);
		if (g->extra_of[i] == -2) {
			g->st = dy_nomem(g->err);
			return 1;
		}
		e = &g->d->extra[g->extra_of[i]];
		if (e->header == (uint32_t)g->file + 1) {
			dy_show(show, sizeof(show), name, strlen(name));
			g->st = dy_fail(g->err, DYAD_EDATA, rec->line, i + 1,
			    "header: columns %zu and %zu are both '%s'",
			    e->hfield + 1, i + 1, show);
			return 1;
		}
		e->header = (uint32_t)g->file + 1;
		e->hfield = i;
		if (g->xto == 0)
			g->xfrom = i;
		g->xto = i + 1;
	}
	/* The pairs that `dyad change -f csv` writes (pre and post columns
	 * instead of timepoint and score) read back as two rows each, so that
	 * change output from several sites can feed one `dyad stats`. */
	if (!g->opts->wide && g->canon[K_TIMEPOINT] < 0 &&
	    g->canon[K_SCORE] < 0) {
		for (k = 0; k < 6; k++)
			g->pair_col[k] = -1;
		for (i = 0; i < rec->n; i++) {
			static const char *const pc[6] = { "pre", "post",
			    "pre_timepoint", "post_timepoint", "pre_date",
			    "post_date" };

			norm_name(name, len, rec->field[i]);
			for (k = 0; k < 6; k++)
				if (strcmp(name, pc[k]) == 0)
					g->pair_col[k] = (long)i;
		}
		g->pairs = g->pair_col[0] >= 0 && g->pair_col[1] >= 0;
	}
	for (k = 0; k < (g->opts->wide ? 1 : g->pairs ? 2 : 4); k++) {
		if (g->canon[need_long[k]] < 0) {
			if (miss[0] != '\0')
				strcat(miss, ", ");
			strcat(miss, canon_name[need_long[k]]);
			for (i = 0; i < g->opts->n_col_map; i++)
				if (mapped == NULL && canon_index(
				    g->opts->col_map[i]) == (int)need_long[k])
					mapped = g->opts->col_map[i];
		}
	}
	if (miss[0] != '\0' && mapped != NULL) {
		dy_show(show, sizeof(show), strchr(mapped, '=') + 1,
		    strlen(strchr(mapped, '=') + 1));
		g->st = dy_fail(g->err, DYAD_EDATA, rec->line, 0,
		    "missing required column%s: %s (the header has no column "
		    "'%s' for --col %.*s=%s)", strchr(miss, ',') ? "s" : "",
		    miss, show, (int)(strchr(mapped, '=') - mapped), mapped,
		    show);
		return 1;
	}
	if (miss[0] != '\0' && rec->n == 1 && (strchr(rec->field[0], ';') ||
	    strchr(rec->field[0], '\t'))) {
		/* one column with separators in it: the wrong delimiter */
		g->st = dy_fail(g->err, DYAD_EDATA, rec->line, 0,
		    "missing required column%s: %s (the header is one column "
		    "with %s in it: use %s)", strchr(miss, ',') ? "s" : "",
		    miss, strchr(rec->field[0], ';') ? "';'" : "tabs",
		    strchr(rec->field[0], ';') ? "-d ';' or --decimal-comma" :
		    "-d tab");
		return 1;
	}
	if (miss[0] != '\0') {
		g->st = dy_fail(g->err, DYAD_EDATA, rec->line, 0,
		    "missing required column%s: %s (map other names with "
		    "--col NAME=HEADER)", strchr(miss, ',') ? "s" : "", miss);
		return 1;
	}
	if (g->opts->wide && g->nwide == 0) {
		g->st = dy_fail(g->err, DYAD_EDATA, rec->line, 0,
		    "--wide: no column is named MEASURE_TIMEPOINT with a catalog "
		    "measure code (e.g. CBCL15_INT_intake)");
		return 1;
	}
	g->have_header = 1;
	return 0;
}

/* Names are as long as the file has them: a name cut to a fixed buffer
 * would merge two columns that differ after the cut. */
int
dy_ingest_header(struct ingest *g, const struct dy_record *rec)
{
	size_t i, most = 0;
	char *name;
	int rc;

	for (i = 0; rec->bad == NULL && i < rec->n; i++)
		if (rec->len[i] > most)
			most = rec->len[i];
	name = malloc(most + 1);
	if (name == NULL) {
		g->st = dy_nomem(g->err);
		return 1;
	}
	rc = header_in(g, rec, name, most + 1);
	free(name);
	for (i = K_CHILD; i <= K_SITE; i++)
		if (g->canon[i] >= 0 && (size_t)g->canon[i] + 1 > g->same_need)
			g->same_need = (size_t)g->canon[i] + 1;
	if (g->same_need > DY_SAME_MAX)
		g->same_need = 0;
	return rc;
}

long
dyad_data_extra_index(const struct dyad_data *d, const char *name)
{
	size_t n = strlen(name) + 1;
	char *buf = malloc(n);
	long k;

	if (buf == NULL)
		return -1;
	norm_name(buf, n, name);
	k = dy_extra_find(d, buf);
	free(buf);
	return k;
}

