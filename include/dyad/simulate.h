/* dyad/simulate.h - synthetic CPP assessment data for examples and benchmarks. */
#ifndef DYAD_SIMULATE_H
#define DYAD_SIMULATE_H

#include <stddef.h>
#include <stdio.h>

#include "dyad/catalog.h"
#include "dyad/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dyad_sim_opts {
	size_t children;        /* number of children (cases) */
	unsigned long seed;     /* same seed, same bytes */
	size_t sites;           /* sites named "Site 1".."Site K" (>= 1) */
};

/* Write a long-format CSV (family_id,child_id,caregiver_id,site,measure,
 * timepoint,date,score) for the nine CPP outcomes: intake for every child,
 * a mid-treatment check for some, discharge for about 85%, about 2% missing
 * scores, about 20% two-caregiver families and 10% siblings.  Scores are
 * drawn around plausible clinical-sample means with a within-person
 * pre/post correlation of 0.6 and a treatment effect of about half an SD
 * toward improvement (CPP trials report 0.5 SD: Hagan et al. 2017), clamped
 * to each instrument's catalog range.  Cortisol is log-normal with no effect.
 * The numbers are synthetic; they are not norms.  Every measure used must be
 * in cat.  Returns DYAD_EIO on a write error. */
enum dyad_status dyad_simulate(FILE *out, const struct dyad_sim_opts *opts,
    const struct dyad_catalog *cat, struct dyad_error *err);

/* The same, and when sessions is not NULL also the treatment sessions of
 * the same children (child_id,date,stage,attended): weekly from intake,
 * stage 1 (getting to know the family) for the first three, stage 3
 * (wrapping up) for the last four before discharge, stage 2 between; about
 * 85% attended.  Sessions come from their own random stream, so the
 * assessments are the same bytes with or without them. */
enum dyad_status dyad_simulate_with_sessions(FILE *out, FILE *sessions,
    const struct dyad_sim_opts *opts, const struct dyad_catalog *cat,
    struct dyad_error *err);

#ifdef __cplusplus
}
#endif
#endif
