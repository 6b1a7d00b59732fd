/* fuzz_catalog.c - libFuzzer harness for the catalog loader.
 *
 * The input is a catalog CSV.  It is loaded with dyad_catalog_load and, as
 * --catalog-add does, merged into the built-in catalog.  Properties: a
 * failure has a status and a message and *out is NULL; a loaded catalog
 * has no empty codes, no two codes equal ignoring case, finds every code
 * at its own index, keeps min <= max and 0 <= reliability < 1, and
 * dyad_catalog_suggest and dyad_instrument_criterion work on every row.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyad.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_catalog: " __VA_ARGS__); \
	fputc('\n', stderr); abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *
open_input(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen(size ? (void *)data : (void *)"", size ? size : 1,
	    "r");

	if (f == NULL)
		FAIL("fmemopen failed");
	if (size == 0)
		fgetc(f);
	return f;
}

static void
check(const struct dyad_catalog *cat)
{
	size_t i, n = dyad_catalog_count(cat);

	for (i = 0; i < n; i++) {
		const struct dyad_instrument *in = dyad_catalog_at(cat, i);

		if (in == NULL || in->code == NULL || in->code[0] == '\0')
			FAIL("row %zu has no code", i);
		if (dyad_catalog_find(cat, in->code) != (long)i)
			FAIL("code '%s' of row %zu is found at %ld", in->code, i,
			    dyad_catalog_find(cat, in->code));
		if (!isnan(in->min) && !isnan(in->max) && in->min > in->max)
			FAIL("row %zu: min above max", i);
		if (!isnan(in->reliability) &&
		    (in->reliability < 0 || in->reliability >= 1))
			FAIL("row %zu: reliability %g", i, in->reliability);
		(void)strlen(in->label);
		(void)strlen(in->domain);
		(void)strlen(in->source);
		(void)strlen(in->unit);
		if (i < 3)      /* quadratic in the codes: a few suffice */
			(void)dyad_catalog_suggest(cat, in->code);
		(void)dyad_instrument_criterion(in);
		(void)dyad_subject_name(in->subject);
		(void)dyad_direction_name(in->direction);
		(void)dyad_transform_name(in->transform);
	}
	if (dyad_catalog_at(cat, n) != NULL)
		FAIL("a row past the end");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dyad_catalog *cat = (struct dyad_catalog *)&cat;
	struct dyad_error err;
	FILE *f;

	f = open_input(data, size);
	dyad_error_clear(&err);
	if (dyad_catalog_load(&cat, f, "fuzz.csv", &err) == DYAD_OK) {
		check(cat);
		dyad_catalog_free(cat);
	} else if (cat != NULL || err.status == DYAD_OK || err.msg[0] == '\0') {
		FAIL("a failed load without NULL, status and message");
	}
	fclose(f);

	if (dyad_catalog_new_default(&cat, &err) != DYAD_OK)
		FAIL("built-in catalog: %s", err.msg);
	f = open_input(data, size);
	if (dyad_catalog_merge(cat, f, "fuzz.csv", &err) != DYAD_OK &&
	    err.msg[0] == '\0')
		FAIL("a failed merge without a message");
	fclose(f);
	check(cat);
	dyad_catalog_free(cat);
	return 0;
}
