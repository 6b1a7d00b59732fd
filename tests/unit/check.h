/* check.h - the tiny assertion kit every unit test uses (after gsl_test_rel).
 * Each check prints one "ok - what" or "not ok - what: detail" line; the
 * runner (tests/run.sh) counts them.  main() returns check_summary(). */
#ifndef DYAD_TEST_CHECK_H
#define DYAD_TEST_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int check_failed_;
static int check_passed_;

static void __attribute__((unused))
check_report_(int ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		check_passed_++;
		printf("ok - %s\n", what);
		return;
	}
	check_failed_++;
	printf("not ok - %s: ", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* |got - want| <= tol * |want| (absolute when want == 0). */
static void __attribute__((unused))
check_rel(double got, double want, double tol, const char *what)
{
	double scale = want == 0 ? 1 : fabs(want);
	int ok = isfinite(got) && fabs(got - want) <= tol * scale;

	check_report_(ok, what, "got %.17g want %.17g (rel tol %g)", got, want, tol);
}

/* |got - want| <= tol. */
static void __attribute__((unused))
check_abs(double got, double want, double tol, const char *what)
{
	int ok = isfinite(got) && fabs(got - want) <= tol;

	check_report_(ok, what, "got %.17g want %.17g (abs tol %g)", got, want, tol);
}

static void __attribute__((unused))
check_int(long long got, long long want, const char *what)
{
	check_report_(got == want, what, "got %lld want %lld", got, want);
}

static void __attribute__((unused))
check_true(int cond, const char *what)
{
	check_report_(cond != 0, what, "condition false");
}

static void __attribute__((unused))
check_str(const char *got, const char *want, const char *what)
{
	int ok = got != NULL && want != NULL && strcmp(got, want) == 0;

	check_report_(ok, what, "got \"%s\" want \"%s\"", got ? got : "(null)",
	    want ? want : "(null)");
}

/* A statistic that must be undefined (NaN). */
static void __attribute__((unused))
check_nan(double got, const char *what)
{
	check_report_(isnan(got), what, "got %.17g want NaN", got);
}

static int __attribute__((unused))
check_summary(void)
{
	fflush(stdout);
	return check_failed_ ? 1 : 0;
}

#endif
