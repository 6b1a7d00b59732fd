/* dyad/escape.h - write data-derived text safely into each output language. */
#ifndef DYAD_ESCAPE_H
#define DYAD_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Each writes s (NUL-terminated) to out and returns 0, or -1 on a write
 * error.  They never fail on content: any byte sequence is escaped. */

/* A JSON string literal with its quotes; control characters as \uXXXX and
 * invalid UTF-8 bytes as U+FFFD so the document stays valid. */
int dyad_escape_json(FILE *out, const char *s);

/* A CSV field (RFC 4180): quoted when it holds the delimiter, a quote, CR or
 * LF, starts/ends with a space or tab, or starts with a byte-order mark
 * (UTF-8 or UTF-16: a reader drops or refuses one at the start of a file).
 * With safe, a field starting with = + - @ (or tab/CR) gets a leading ' so
 * spreadsheets do not run it as a formula. */
int dyad_escape_csv(FILE *out, const char *s, char delim, bool safe);

/* A TSV field: tab, CR, LF and backslash written as \t \r \n \\. */
int dyad_escape_tsv(FILE *out, const char *s, bool safe);

/* HTML text or attribute value: & < > " ' as entities; control characters
 * other than tab and LF as spaces; invalid UTF-8 bytes as U+FFFD. */
int dyad_escape_html(FILE *out, const char *s);

/* A Markdown table cell or paragraph text: \ ` * _ [ ] | ~ are
 * backslash-escaped (and # + - ! > = at the start), < and & become entities,
 * line breaks become spaces, so a table keeps its shape and no markup or HTML
 * starts. */
int dyad_escape_markdown(FILE *out, const char *s);

/* A gnuplot string literal with its double quotes.  Inside double quotes
 * gnuplot interprets backslash escapes and, in gnuplot 5.4, backquotes as
 * command substitution; so \ and " are escaped, every backquote is written
 * as the octal escape \140 (which gnuplot does not substitute), control
 * bytes are written as octal, and the result can never end the literal
 * early or run anything.  Enhanced-text markup characters (^ _ @ & ~ { })
 * and the backslash are escaped for the enhanced-text parser too, so labels
 * print literally. */
int dyad_escape_gnuplot(FILE *out, const char *s);

#ifdef __cplusplus
}
#endif
#endif
