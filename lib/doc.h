/* doc.h - a tiny document writer with HTML and Markdown back ends, so the
 * report is written once.  Text from the data always goes through the
 * escaping calls (doc_text); doc_raw is for dyad's own fixed markup. */
#ifndef DYAD_DOC_H
#define DYAD_DOC_H

#include <stdbool.h>
#include <stdio.h>

struct doc {
	FILE *out;
	bool html;
	int cols;               /* columns of the table being written */
	bool numeric[16];       /* right-aligned columns of that table */
	int col;                /* next cell */
	bool head;              /* in the header row */
};

void doc_init(struct doc *d, FILE *out, bool html);
void doc_raw(struct doc *d, const char *s);
void doc_text(struct doc *d, const char *s);            /* escaped */
void doc_textf(struct doc *d, const char *fmt, ...)      /* escaped */
    __attribute__((format(printf, 2, 3)));
void doc_heading(struct doc *d, int level, const char *text);
void doc_para_begin(struct doc *d);
void doc_para_end(struct doc *d);
void doc_para(struct doc *d, const char *text);          /* escaped */
void doc_item_begin(struct doc *d);                      /* bullet */
void doc_item_end(struct doc *d);
void doc_list_begin(struct doc *d);
void doc_list_end(struct doc *d);
void doc_table_begin(struct doc *d, int cols, const char *const *head,
    const bool *numeric);
void doc_cell(struct doc *d, const char *text);          /* escaped */
void doc_table_end(struct doc *d);
void doc_note(struct doc *d, const char *text);          /* small print */

#endif
