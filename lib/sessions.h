/* sessions.h - the sessions table, shared by sessions.c and report.c. */
#ifndef DYAD_SESSIONS_H
#define DYAD_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>

struct dy_session {
	char *child;
	long date;              /* days since 1970-01-01 */
	int stage;              /* 1 getting to know the family, 2 dyadic
	                         * sessions, 3 wrapping up */
	bool attended;
};

struct dyad_sessions {
	struct dy_session *row;
	size_t n, cap;
	size_t skipped;
};

#endif
