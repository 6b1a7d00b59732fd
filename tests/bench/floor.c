/* floor.c - the floor for any libcsv-based tool: parse FILE with libcsv and
 * discard every field (no-op callbacks).  Used by `make bench`. */
#include <stdio.h>
#include <stdlib.h>

#include <csv.h>

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
}

static void
on_record(int c, void *data)
{
	(void)c;
	(void)data;
}

int
main(int argc, char **argv)
{
	static char buf[65536];
	struct csv_parser p;
	FILE *f;
	size_t n;

	if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: floor FILE\n");
		return 2;
	}
	if (csv_init(&p, 0) != 0)
		return 1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n)
			return 1;
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	fclose(f);
	return 0;
}
