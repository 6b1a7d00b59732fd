/* version.c - the library version, set by the Makefile. */
#include "dyad.h"

#ifndef DYAD_VERSION
#define DYAD_VERSION "unknown"
#endif

const char *
dyad_version(void)
{
	return DYAD_VERSION;
}
