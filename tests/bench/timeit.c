/* timeit.c - time commands in turns, for `make bench`:
 *
 *     timeit [-w WARM] ROUNDS CMD [ARG...] [:: CMD [ARG...]]...
 *
 * After WARM warm-up rounds (default 0), each of ROUNDS rounds runs every
 * command once, in turn (starting one further along each round), so that a
 * shared machine's slow spells fall on all of them alike and their ratios
 * hold when the seconds do not; one command after the other, 300 runs each,
 * put the same two binaries 1.38x and 1.54x apart within the hour.  Commands
 * are started with posix_spawnp (no shell: a shell text is given as
 * `sh -c TEXT`), stdout and stderr to /dev/null, and timed from before
 * the spawn to after the wait with CLOCK_MONOTONIC, as hyperfine -N does;
 * wait4 gives the CPU time (user + system) and peak RSS, as GNU time reads
 * them.  Prints a line per command, in the order given:
 *
 *     MEDIAN P25 P75 CPU MAXRSS
 *
 * seconds of wall time (median and quartiles, R's default type 7), median
 * CPU seconds, and the largest peak RSS of the timed runs in KiB.  Shows the
 * round on stderr when it is a terminal.  A command that exits other than 0
 * stops it (exit 1). */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { MAXCMD = 16 };

struct run {
	double wall, cpu;
	long rss;
};

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

/* the p-quantile of sorted v[0..n-1], R's type 7 */
static double
quantile(const double *v, long n, double p)
{
	double h = (double)(n - 1) * p;
	long lo = (long)h;
	return lo + 1 < n ? v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]) : v[lo];
}

/* run argv once with stdout and stderr on /dev/null; false if it failed */
static int
run_once(char **argv, const posix_spawn_file_actions_t *fa, struct run *out)
{
	double t0 = now();
	struct rusage ru;
	pid_t pid;
	int st;
	if (posix_spawnp(&pid, argv[0], fa, NULL, argv, environ) != 0)
		return 0;
	while (wait4(pid, &st, 0, &ru) < 0)
		;
	out->wall = now() - t0;
	out->cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	out->rss = ru.ru_maxrss;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: timeit [-w WARM] ROUNDS CMD [ARG...] "
	    "[:: CMD [ARG...]]...\n");
	return 2;
}

int
main(int argc, char **argv)
{
	char **cmd[MAXCMD];
	int ncmd = 0, first = 1;
	long warm = 0;
	if (argc > 2 && strcmp(argv[1], "-w") == 0) {
		warm = strtol(argv[2], NULL, 10);
		first = 3;
	}
	long rounds = argc > first + 1 ? strtol(argv[first], NULL, 10) : 0;
	if (rounds < 1 || warm < 0 || strcmp(argv[first + 1], "::") == 0)
		return usage();
	/* split argv at "::" into NULL-terminated argument vectors */
	cmd[ncmd++] = argv + first + 1;
	for (int i = first + 1; i < argc; i++) {
		if (strcmp(argv[i], "::") != 0)
			continue;
		argv[i] = NULL;
		if (ncmd == MAXCMD || i + 1 >= argc ||
		    strcmp(argv[i + 1], "::") == 0) {
			fprintf(stderr, "timeit: at most %d commands, none empty\n",
			    MAXCMD);
			return 2;
		}
		cmd[ncmd++] = argv + i + 1;
	}

	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);

	size_t cells = (size_t)rounds * (size_t)ncmd;
	double *wall = malloc(sizeof *wall * cells);
	double *cpu = malloc(sizeof *cpu * cells);
	long rss[MAXCMD] = {0};
	if (wall == NULL || cpu == NULL) {
		perror("timeit");
		return 1;
	}
	int tty = isatty(2);
	for (long r = -warm; r < rounds; r++) {
		if (tty && r >= 0)
			fprintf(stderr, "\r  round %ld of %ld", r + 1, rounds);
		for (int j = 0; j < ncmd; j++) {
			int k = (int)((r + warm + j) % ncmd);
			struct run u;
			if (!run_once(cmd[k], &fa, &u)) {
				fprintf(stderr, "timeit: %s failed\n", cmd[k][0]);
				return 1;
			}
			if (r < 0)
				continue;
			size_t at = (size_t)k * (size_t)rounds + (size_t)r;
			wall[at] = u.wall;
			cpu[at] = u.cpu;
			if (u.rss > rss[k])
				rss[k] = u.rss;
		}
	}
	if (tty)
		fprintf(stderr, "\r%30s\r", "");
	for (int k = 0; k < ncmd; k++) {
		double *w = wall + (size_t)k * (size_t)rounds;
		double *c = cpu + (size_t)k * (size_t)rounds;
		qsort(w, (size_t)rounds, sizeof *w, cmp_double);
		qsort(c, (size_t)rounds, sizeof *c, cmp_double);
		printf("%.6f %.6f %.6f %.6f %ld\n", quantile(w, rounds, 0.5),
		    quantile(w, rounds, 0.25), quantile(w, rounds, 0.75),
		    quantile(c, rounds, 0.5), rss[k]);
	}
	free(wall);
	free(cpu);
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}
