/* util_gnuplot.c - start gnuplot with posix_spawnp (never a shell), write the
 * script to its standard input, and judge what it says on standard error. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "util_gnuplot.h"

extern char **environ;

#define MAX_REPORT 8192         /* bytes of gnuplot's stderr we repeat */

static const char install_hint[] =
    "install it (Debian, Ubuntu: apt-get install gnuplot-nox), set "
    "DYAD_GNUPLOT to its path, or use --script to write the gnuplot script "
    "and run it elsewhere";

/* Write all of buf to fd; 0, or -1 with errno (EPIPE: the reader died). */
static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Case-insensitive search for an ASCII word part. */
static bool
contains(const char *s, size_t len, const char *word)
{
	size_t i, j, wl = strlen(word);

	for (i = 0; i + wl <= len; i++) {
		for (j = 0; j < wl && tolower((unsigned char)s[i + j]) ==
		    word[j]; j++)
			;
		if (j == wl)
			return true;
	}
	return false;
}

/* Does gnuplot's stderr report a failure?  Errors fail; so does a warning
 * that something was not found (a font, a file).  Other warnings (an empty
 * range adjusted, say) still give a picture.  Fontconfig's complaints about
 * its own configuration are not gnuplot's errors. */
static bool
reports_failure(const char *text, size_t len)
{
	const char *line = text, *end = text + len, *nl;

	for (; line < end; line = nl + 1) {
		size_t n;

		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - line);
		if (n >= 10 && strncmp(line, "Fontconfig", 10) == 0)
			continue;
		if (contains(line, n, "error"))
			return true;
		if (contains(line, n, "warning") && contains(line, n, "not found"))
			return true;
	}
	return false;
}

/* Read up to MAX_REPORT bytes of the captured stderr into buf. */
static size_t
slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	/* NUL bytes would cut the report short; show them as spaces */
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	return n;
}

/* Print gnuplot's messages, each line indented, without blank lines. */
static void
repeat(const char *text)
{
	const char *p = text, *nl;

	for (; *p != '\0'; p = nl + (*nl != '\0')) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl > p)
			fprintf(stderr, "  %.*s\n", (int)(nl - p), p);
	}
}

int
cli_gnuplot_run(const char *script, size_t len, bool stdout_passthrough)
{
	const char *prog = getenv("DYAD_GNUPLOT");
	char *argv[3];
	char report[MAX_REPORT];
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	FILE *errf = NULL;
	int pipefd[2] = { -1, -1 }, nullfd = -1, status = 0, rc, werr = 0;
	pid_t pid;
	size_t nrep;

	if (prog == NULL || prog[0] == '\0')
		prog = "gnuplot";
	/* A file argument, not interactive standard input: gnuplot then stops
	 * at the first error instead of carrying on with the next command. */
	argv[0] = (char *)prog;
	argv[1] = (char *)"/dev/stdin";
	argv[2] = NULL;
	errf = tmpfile();
	if (errf == NULL) {
		cli_msg("cannot make a temporary file for gnuplot's messages: %s",
		    strerror(errno));
		return EXIT_DATA;
	}
	if (!stdout_passthrough) {
		nullfd = open("/dev/null", O_WRONLY);
		if (nullfd < 0) {
			cli_msg("/dev/null: %s", strerror(errno));
			fclose(errf);
			return EXIT_DATA;
		}
	}
	if (pipe(pipefd) != 0) {
		cli_msg("cannot make a pipe to gnuplot: %s", strerror(errno));
		fclose(errf);
		if (nullfd >= 0)
			close(nullfd);
		return EXIT_DATA;
	}
	fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[0], 0);
	posix_spawn_file_actions_adddup2(&fa, fileno(errf), 2);
	if (nullfd >= 0)
		posix_spawn_file_actions_adddup2(&fa, nullfd, 1);
	/* (an fd below 3 was dup2'ed onto itself: keep it open) */
	if (pipefd[0] > 2)
		posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	if (fileno(errf) > 2)
		posix_spawn_file_actions_addclose(&fa, fileno(errf));
	if (nullfd > 2)
		posix_spawn_file_actions_addclose(&fa, nullfd);
	/* what we printed so far must come before what gnuplot prints */
	fflush(stdout);
	fflush(stderr);
	rc = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[0]);
	if (nullfd >= 0)
		close(nullfd);
	if (rc != 0) {
		close(pipefd[1]);
		fclose(errf);
		/* (worded as below for exit status 127, which is how some
		 * systems, and valgrind, report the same failed exec) */
		if (rc == ENOENT || rc == EACCES || rc == ENOEXEC)
			cli_msg("cannot run gnuplot '%s'; %s", prog, install_hint);
		else
			cli_msg("cannot start gnuplot '%s': %s", prog, strerror(rc));
		return EXIT_DATA;
	}

	/* A gnuplot that dies early must not kill us with SIGPIPE. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	if (write_all(pipefd[1], script, len) != 0)
		werr = errno;
	close(pipefd[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			cli_msg("waiting for gnuplot: %s", strerror(errno));
			fclose(errf);
			return EXIT_DATA;
		}
	}
	nrep = slurp(errf, report, sizeof(report));
	fclose(errf);

	/* Some systems report a failed exec as exit status 127. */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && nrep == 0) {
		cli_msg("cannot run gnuplot '%s'; %s", prog, install_hint);
		return EXIT_DATA;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && werr == 0 &&
	    !reports_failure(report, nrep)) {
		if (nrep > 0) {         /* warnings: pass them on */
			fputs("dyad: gnuplot said:\n", stderr);
			repeat(report);
		}
		return EXIT_OK;
	}
	if (WIFSIGNALED(status))
		fprintf(stderr, "dyad: gnuplot failed: killed by signal %d\n",
		    WTERMSIG(status));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		fprintf(stderr, "dyad: gnuplot failed: exit status %d\n",
		    WEXITSTATUS(status));
	else if (werr != 0)
		fprintf(stderr, "dyad: gnuplot failed: it stopped reading the "
		    "script (%s)\n", strerror(werr));
	else
		fputs("dyad: gnuplot failed:\n", stderr);
	repeat(report);
	return EXIT_DATA;
}

bool
cli_gnuplot_complete(const char *path, const char *terminal)
{
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N',
	    'D', 0xAE, 0x42, 0x60, 0x82 };
	unsigned char tail[64];
	size_t n;
	long size;
	FILE *f = fopen(path, "rb");
	bool ok = false;

	if (f == NULL)
		return false;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0) {
		n = size < (long)sizeof(tail) ? (size_t)size : sizeof(tail);
		if (fseek(f, -(long)n, SEEK_END) == 0 &&
		    fread(tail, 1, n, f) == n) {
			if (strcmp(terminal, "dumb") == 0) {
				ok = tail[n - 1] == '\n';
			} else if (strncmp(terminal, "png", 3) == 0) {
				ok = n >= sizeof(iend) && memcmp(tail + n -
				    sizeof(iend), iend, sizeof(iend)) == 0;
			} else {
				while (n > 0 && isspace(tail[n - 1]))
					n--;
				if (strcmp(terminal, "svg") == 0)
					ok = n >= 6 && memcmp(tail + n - 6, "</svg>",
					    6) == 0;
				else if (strncmp(terminal, "pdf", 3) == 0)
					ok = n >= 5 && memcmp(tail + n - 5, "%%EOF",
					    5) == 0;
				else
					ok = true;
			}
		}
	}
	fclose(f);
	return ok;
}
