/* friedman.c - tests across k repeated conditions: Friedman's rank test and
 * the one-way repeated-measures ANOVA with Greenhouse-Geisser correction. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "dyad/stats.h"
#include "internal.h"
#include "stats_internal.h"

enum dyad_status
dyad_stats_friedman(const double *x, size_t n, size_t k,
    struct dyad_friedman *out, struct dyad_error *err)
{
	double *rank, *colsum, ties = 0, ts, dev, num = 0, den, nn, kk;
	size_t i, j;

	if (out == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	out->n = n;
	out->k = k;
	out->statistic = out->p = NAN;
	out->df = k >= 2 ? (double)(k - 1) : NAN;
	if (n < 1 || k < 2)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "need at least 1 subject and 2 conditions");
	if (k > SIZE_MAX / 2 / sizeof(*rank))
		return dy_nomem(err);
	rank = malloc(2 * k * sizeof(*rank));
	if (rank == NULL)
		return dy_nomem(err);
	colsum = rank + k;
	for (j = 0; j < k; j++)
		colsum[j] = 0;
	for (i = 0; i < n; i++) {
		if (dy_rank_average(x + i * k, k, rank, &ts, NULL) != 0) {
			free(rank);
			return dy_nomem(err);
		}
		ties += ts;
		/* rank sums are multiples of 1/2: exact */
		for (j = 0; j < k; j++)
			colsum[j] += rank[j];
	}
	nn = (double)n;
	kk = (double)k;
	for (j = 0; j < k; j++) {
		dev = colsum[j] - nn * (kk + 1) / 2;
		num += dev * dev;
	}
	free(rank);
	/* the tie correction of R's friedman.test() */
	den = nn * kk * (kk + 1) - ties / (kk - 1);
	if (den <= 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "every subject has the same value in all conditions");
	out->statistic = 12 * num / den;
	if (dy_chisq_upper(out->statistic, out->df, &out->p) != 0) {
		out->p = NAN;
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "chi-square tail did not converge");
	}
	return DYAD_OK;
}

/* Means of the rows (subjects) and columns (conditions) and the grand
 * mean, each with compensated sums and a second pass that adds the mean
 * residual, as dyad_stats_mean_sd. */
static void
margins(const double *x, size_t n, size_t k, double *rowm, double *colm,
    double *grand)
{
	struct dy_ksum s, g = { 0, 0 };
	size_t i, j;

	for (i = 0; i < n; i++) {
		s.s = s.c = 0;
		for (j = 0; j < k; j++)
			dy_ksum_add(&s, x[i * k + j]);
		rowm[i] = (s.s + s.c) / (double)k;
		s.s = s.c = 0;
		for (j = 0; j < k; j++)
			dy_ksum_add(&s, x[i * k + j] - rowm[i]);
		rowm[i] += (s.s + s.c) / (double)k;
	}
	for (j = 0; j < k; j++) {
		s.s = s.c = 0;
		for (i = 0; i < n; i++)
			dy_ksum_add(&s, x[i * k + j]);
		colm[j] = (s.s + s.c) / (double)n;
		s.s = s.c = 0;
		for (i = 0; i < n; i++)
			dy_ksum_add(&s, x[i * k + j] - colm[j]);
		colm[j] += (s.s + s.c) / (double)n;
		dy_ksum_add(&g, colm[j]);
	}
	*grand = (g.s + g.c) / (double)k;
}

enum dyad_status
dyad_stats_rm_anova(const double *x, size_t n, size_t k,
    struct dyad_rmanova *out, struct dyad_error *err)
{
	struct dy_ksum sc = { 0, 0 }, ss = { 0, 0 }, se = { 0, 0 };
	struct dy_ksum tr2 = { 0, 0 };
	double *rowm, *colm, *cov, grand, e, ej, msc, mse, eps, tr, big = 0;
	size_t i, j, l;

	if (out == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	out->n = n;
	out->k = k;
	out->f = out->df1 = out->df2 = out->p = NAN;
	out->gg_epsilon = out->p_gg = NAN;
	out->ss_conditions = out->ss_subjects = out->ss_error = NAN;
	if (n < 2 || k < 2)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "need at least 2 subjects and 2 conditions");
	if (k > SIZE_MAX / sizeof(*cov) / (k + 1) ||
	    n > SIZE_MAX / sizeof(*cov) - k * (k + 1))
		return dy_nomem(err);
	rowm = malloc((n + k * (k + 1)) * sizeof(*rowm));
	if (rowm == NULL)
		return dy_nomem(err);
	colm = rowm + n;
	cov = colm + k;
	margins(x, n, k, rowm, colm, &grand);

	for (j = 0; j < k; j++)
		dy_ksum_add(&sc, (colm[j] - grand) * (colm[j] - grand));
	for (i = 0; i < n; i++)
		dy_ksum_add(&ss, (rowm[i] - grand) * (rowm[i] - grand));
	/* The residuals e_ij = x_ij - mean_i - mean_j + grand are the
	 * double-centred data, so sum_i e_ij e_il is (n - 1) times the
	 * double-centred covariance matrix: no need to centre S twice. */
	for (j = 0; j < k * k; j++)
		cov[j] = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < k; j++) {
			if (fabs(x[i * k + j]) > big)
				big = fabs(x[i * k + j]);
			ej = x[i * k + j] - rowm[i] - colm[j] + grand;
			dy_ksum_add(&se, ej * ej);
			for (l = 0; l <= j; l++) {
				e = x[i * k + l] - rowm[i] - colm[l] + grand;
				cov[j * k + l] += ej * e;
			}
		}
	}
	for (j = 0; j < k; j++)
		for (l = 0; l <= j; l++)
			dy_ksum_add(&tr2, (l == j ? 1 : 2) * cov[j * k + l] *
			    cov[j * k + l]);
	tr = 0;
	for (j = 0; j < k; j++)
		tr += cov[j * k + j];
	free(rowm);

	out->ss_conditions = (double)n * (sc.s + sc.c);
	out->ss_subjects = (double)k * (ss.s + ss.c);
	out->ss_error = se.s + se.c;
	out->df1 = (double)(k - 1);
	out->df2 = (double)(k - 1) * (double)(n - 1);
	/* Residuals at rounding level (every subject's profile parallel)
	 * would give an F of 1e31; as R's t.test() does for "essentially
	 * constant" data, call an RMS residual below 10 eps max|x| zero. */
	if (!(out->ss_error > 0) || !(tr2.s + tr2.c > 0) ||
	    sqrt(out->ss_error / ((double)n * (double)k)) <
	    10 * DBL_EPSILON * big)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "no residual variation: F undefined");
	msc = out->ss_conditions / out->df1;
	mse = out->ss_error / out->df2;
	out->f = msc / mse;
	/* Box (1954): eps = (sum of eigenvalues)^2 / ((k-1) sum of squared
	 * eigenvalues); it lies in [1/(k-1), 1] up to rounding. */
	eps = k == 2 ? 1 : tr * tr / (out->df1 * (tr2.s + tr2.c));
	if (eps > 1)
		eps = 1;
	if (eps < 1 / out->df1)
		eps = 1 / out->df1;
	out->gg_epsilon = eps;
	if (dy_f_upper(out->f, out->df1, out->df2, &out->p) != 0 ||
	    dy_f_upper(out->f, eps * out->df1, eps * out->df2,
	    &out->p_gg) != 0) {
		out->p = out->p_gg = NAN;
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "F tail did not converge");
	}
	return DYAD_OK;
}
