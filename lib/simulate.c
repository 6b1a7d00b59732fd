/* simulate.c - a synthetic CPP dataset drawn with GSL's Mersenne twister. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "dyad/num.h"
#include "dyad/simulate.h"
#include "internal.h"

/* Who reports a measure: the primary caregiver about the child, each
 * caregiver about themself, or a direct assessment of the child. */
enum informant { CAREGIVER_ON_CHILD, SELF_REPORT, DIRECT };

/* Simulation assumptions (not norms): intake mean and SD of a clinical
 * sample, and the treatment effect in SD units toward improvement. */
static const struct sim_measure {
	const char *code;
	double mean, sd, effect;
	enum informant who;
	int at_mid;             /* also collected at the mid-treatment check */
	double coverage;        /* share of eligible people who complete it */
} measures[] = {
	{ "CBCL15_INT", 60, 10, 0.5, CAREGIVER_ON_CHILD, 1, 1.0 },
	{ "CBCL15_EXT", 61, 10, 0.5, CAREGIVER_ON_CHILD, 1, 1.0 },
	{ "ECBI_INT", 135, 35, 0.45, CAREGIVER_ON_CHILD, 0, 0.8 },
	{ "TSCYC_PTS", 62, 11, 0.6, CAREGIVER_ON_CHILD, 0, 0.9 },
	{ "BSID3_COG", 92, 14, 0.25, DIRECT, 0, 0.7 },
	{ "CORT_WAKE", 2.1972245773362196, 0.5, 0, DIRECT, 0, 0.6 }, /* ln 9 */
	{ "CESD", 20, 11, 0.45, SELF_REPORT, 1, 1.0 },
	{ "PSI4SF_TS", 92, 22, 0.4, SELF_REPORT, 1, 1.0 },
	{ "PCL5", 33, 16, 0.5, SELF_REPORT, 0, 0.9 },
	{ "DAS32", 98, 20, 0.3, SELF_REPORT, 0, 0.7 },
};

#define NMEAS (sizeof(measures) / sizeof(measures[0]))
#define PREPOST_R 0.6

struct sim {
	gsl_rng *rng;
	gsl_rng *rng_sessions;  /* its own stream: assessments do not change */
	FILE *out;
	FILE *sessions;
	const struct dyad_catalog *cat;
	const struct dyad_instrument *ins[NMEAS];
	int width;
	size_t family, caregiver[2], ncare, site, nsites;
	long date[3];
	int has[3];             /* intake, mid, discharge collected */
};

static const char *const tp_name[3] = { "intake", "mid", "discharge" };

static void
put_score(struct sim *s, size_t m, double z, int tp)
{
	const struct sim_measure *sm = &measures[m];
	const struct dyad_instrument *in = s->ins[m];
	double toward = in->direction == DYAD_DIR_HIGHER_BETTER ? 1 : -1;
	double frac = tp == 0 ? 0 : tp == 1 ? 0.5 : 1, v;
	char buf[40];

	if (gsl_rng_uniform(s->rng) < 0.02) {
		fputs("\n", s->out);    /* a missing score */
		return;
	}
	v = sm->mean + sm->sd * (z + toward * sm->effect * frac);
	if (in->transform == DYAD_TRANSFORM_LOG) {
		dyad_num_fixed(buf, sizeof(buf), exp(v), 2);
		fprintf(s->out, "%s\n", buf);
		return;
	}
	v = floor(v + 0.5);
	if (!isnan(in->min) && v < in->min)
		v = in->min;
	if (!isnan(in->max) && v > in->max)
		v = in->max;
	fprintf(s->out, "%.0f\n", v);
}

/* One person's scores on one measure: a latent level and its drift. */
static void
put_measure(struct sim *s, size_t child, size_t m, size_t care)
{
	double z0 = gsl_ran_gaussian(s->rng, 1.0), z;
	char date[16];
	int tp;

	if (gsl_rng_uniform(s->rng) >= measures[m].coverage)
		return;
	for (tp = 0; tp < 3; tp++) {
		if (!s->has[tp] || (tp == 1 && !measures[m].at_mid))
			continue;
		z = tp == 0 ? z0 : PREPOST_R * z0 +
		    sqrt(1 - PREPOST_R * PREPOST_R) * gsl_ran_gaussian(s->rng, 1.0);
		dyad_date_format(date, sizeof(date), s->date[tp]);
		fprintf(s->out, "F%0*zu,C%0*zu,", s->width, s->family, s->width,
		    child);
		if (care > 0)
			fprintf(s->out, "G%0*zu", s->width, care);
		fprintf(s->out, ",Site %zu,%s,%s,%s,", s->site, measures[m].code,
		    tp_name[tp], date);
		put_score(s, m, z, tp);
	}
}

/* Weekly sessions from intake; families that drop out stop early. */
static void
put_sessions(struct sim *s, size_t child)
{
	long end = s->has[2] ? s->date[2] : s->date[0] + 30 +
	    (long)gsl_rng_uniform_int(s->rng_sessions, 90);
	long weeks = (end - s->date[0]) / 7, w;
	char date[16];
	int stage;

	for (w = 0; w <= weeks; w++) {
		stage = w < 3 ? 1 : (s->has[2] && w > weeks - 4) ? 3 : 2;
		dyad_date_format(date, sizeof(date), s->date[0] + 7 * w);
		fprintf(s->sessions, "C%0*zu,%s,%d,%s\n", s->width, child, date,
		    stage, gsl_rng_uniform(s->rng_sessions) < 0.85 ? "yes" : "no");
	}
}

static void
put_child(struct sim *s, size_t child, size_t *next_family, size_t *next_care)
{
	size_t m, k;

	/* One child in ten is a sibling: same family, caregivers and site. */
	if (child == 1 || gsl_rng_uniform(s->rng) >= 0.10) {
		s->family = (*next_family)++;
		s->site = 1 + gsl_rng_uniform_int(s->rng, s->nsites);
		s->ncare = gsl_rng_uniform(s->rng) < 0.20 ? 2 : 1;
		for (k = 0; k < s->ncare; k++)
			s->caregiver[k] = (*next_care)++;
	}
	/* Intake in 2024 or the first half of 2025; discharge 5-11 months on. */
	s->date[0] = 19723 + (long)gsl_rng_uniform_int(s->rng, 547);
	s->date[1] = s->date[0] + 80 + (long)gsl_rng_uniform_int(s->rng, 30);
	s->date[2] = s->date[0] + 150 + (long)gsl_rng_uniform_int(s->rng, 180);
	s->has[0] = 1;
	s->has[1] = gsl_rng_uniform(s->rng) < 0.35;
	s->has[2] = gsl_rng_uniform(s->rng) < 0.85;
	if (s->sessions != NULL)
		put_sessions(s, child);
	for (m = 0; m < NMEAS; m++) {
		switch (measures[m].who) {
		case DIRECT:
			put_measure(s, child, m, 0);
			break;
		case CAREGIVER_ON_CHILD:
			put_measure(s, child, m, s->caregiver[0]);
			/* A second informant for the CBCL in some families. */
			if (s->ncare == 2 && m < 2 && gsl_rng_uniform(s->rng) < 0.3)
				put_measure(s, child, m, s->caregiver[1]);
			break;
		case SELF_REPORT:
			for (k = 0; k < s->ncare; k++)
				put_measure(s, child, m, s->caregiver[k]);
			break;
		}
	}
}

enum dyad_status
dyad_simulate(FILE *out, const struct dyad_sim_opts *opts,
    const struct dyad_catalog *cat, struct dyad_error *err)
{
	return dyad_simulate_with_sessions(out, NULL, opts, cat, err);
}

enum dyad_status
dyad_simulate_with_sessions(FILE *out, FILE *sessions,
    const struct dyad_sim_opts *opts, const struct dyad_catalog *cat,
    struct dyad_error *err)
{
	struct sim s;
	size_t m, child, next_family = 1, next_care = 1, n;
	long at;

	if (opts->children == 0 || opts->sites == 0)
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "children and sites must be at least 1");
	memset(&s, 0, sizeof(s));
	for (m = 0; m < NMEAS; m++) {
		at = dyad_catalog_find(cat, measures[m].code);
		if (at < 0)
			return dy_fail(err, DYAD_ENOTFOUND, 0, 0,
			    "the catalog has no measure %s, which simulate needs",
			    measures[m].code);
		s.ins[m] = dyad_catalog_at(cat, (size_t)at);
	}
	s.rng = gsl_rng_alloc(gsl_rng_mt19937);
	s.rng_sessions = gsl_rng_alloc(gsl_rng_mt19937);
	if (s.rng == NULL || s.rng_sessions == NULL) {
		gsl_rng_free(s.rng);
		gsl_rng_free(s.rng_sessions);
		return dy_nomem(err);
	}
	gsl_rng_set(s.rng, opts->seed);
	gsl_rng_set(s.rng_sessions, opts->seed ^ 0x5e55u);
	s.sessions = sessions;
	if (sessions != NULL)
		fputs("child_id,date,stage,attended\n", sessions);
	s.out = out;
	s.cat = cat;
	s.nsites = opts->sites;
	for (n = opts->children * 2, s.width = 1; n >= 10; n /= 10)
		s.width++;
	if (s.width < 5)
		s.width = 5;
	fputs("family_id,child_id,caregiver_id,site,measure,timepoint,date,score\n",
	    out);
	for (child = 1; child <= opts->children && !ferror(out); child++) {
		put_child(&s, child, &next_family, &next_care);
	}
	gsl_rng_free(s.rng);
	gsl_rng_free(s.rng_sessions);
	if (ferror(out) || (sessions != NULL && ferror(sessions))) {
		dy_fail(err, DYAD_EIO, 0, 0, "write error");
		if (err != NULL)
			err->sys_errno = errno;
		return DYAD_EIO;
	}
	return DYAD_OK;
}
