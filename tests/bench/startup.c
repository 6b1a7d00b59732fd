/* startup.c - time commands that take a millisecond or so, for the start-up
 * rows of `make bench`:
 *
 *     startup ROUNDS CMD [ARG...] [:: CMD [ARG...]]...
 *
 * After 20 warm-up rounds, each of ROUNDS rounds runs every command once, in
 * turn (starting one further along each round), so that a shared machine's
 * slow spells fall on all of them alike and their ratios hold when the
 * milliseconds do not; one command after the other, 300 runs each, put the
 * same two binaries 1.38x and 1.54x apart within the hour.  Commands are
 * started with posix_spawn (no shell), stdout and stderr to /dev/null, and
 * timed from before the spawn to after the wait with CLOCK_MONOTONIC, as
 * hyperfine -N does.  Prints each command's median in seconds, one a line,
 * in the order given.  A command that exits other than 0 stops it (exit 1). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { WARM = 20, MAXCMD = 16 };

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* run argv once with stdout and stderr on /dev/null: its seconds, or -1 */
static double
run_once(char **argv, const posix_spawn_file_actions_t *fa)
{
	double t0 = now();
	pid_t pid;
	int st;
	if (posix_spawn(&pid, argv[0], fa, NULL, argv, environ) != 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		;
	double t = now() - t0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t : -1;
}

int
main(int argc, char **argv)
{
	char **cmd[MAXCMD];
	int ncmd = 0;
	long rounds = argc > 2 ? strtol(argv[1], NULL, 10) : 0;
	if (rounds < 1 || strcmp(argv[2], "::") == 0) {
		fprintf(stderr, "usage: startup ROUNDS CMD [ARG...] [:: CMD [ARG...]]...\n");
		return 2;
	}
	/* split argv at "::" into NULL-terminated argument vectors */
	cmd[ncmd++] = argv + 2;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "::") != 0)
			continue;
		argv[i] = NULL;
		if (ncmd == MAXCMD || i + 1 >= argc ||
		    strcmp(argv[i + 1], "::") == 0) {
			fprintf(stderr, "startup: at most %d commands, none empty\n",
			    MAXCMD);
			return 2;
		}
		cmd[ncmd++] = argv + i + 1;
	}

	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);

	double *t = malloc(sizeof *t * (size_t)rounds * (size_t)ncmd);
	if (t == NULL) {
		perror("startup");
		return 1;
	}
	for (long r = -WARM; r < rounds; r++) {
		for (int j = 0; j < ncmd; j++) {
			int k = (int)((r + WARM + j) % ncmd);
			double s = run_once(cmd[k], &fa);
			if (s < 0) {
				fprintf(stderr, "startup: %s failed\n", cmd[k][0]);
				return 1;
			}
			if (r >= 0)
				t[(size_t)k * (size_t)rounds + (size_t)r] = s;
		}
	}
	for (int k = 0; k < ncmd; k++) {
		double *c = t + (size_t)k * (size_t)rounds;
		qsort(c, (size_t)rounds, sizeof *c, cmp_double);
		double med = rounds % 2 ? c[rounds / 2]
					: (c[rounds / 2 - 1] + c[rounds / 2]) / 2;
		printf("%.6f\n", med);
	}
	free(t);
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}
