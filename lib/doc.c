/* doc.c - HTML and Markdown back ends of the report writer. */
#include <stdarg.h>
#include <string.h>

#include "doc.h"
#include "dyad/escape.h"

void
doc_init(struct doc *d, FILE *out, bool html)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->html = html;
}

void
doc_raw(struct doc *d, const char *s)
{
	fputs(s, d->out);
}

void
doc_text(struct doc *d, const char *s)
{
	if (d->html)
		dyad_escape_html(d->out, s);
	else
		dyad_escape_markdown(d->out, s);
}

void
doc_textf(struct doc *d, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	doc_text(d, buf);
}

void
doc_heading(struct doc *d, int level, const char *text)
{
	if (d->html) {
		fprintf(d->out, "<h%d>", level);
		doc_text(d, text);
		fprintf(d->out, "</h%d>\n", level);
	} else {
		fprintf(d->out, "\n%.*s ", level, "######");
		doc_text(d, text);
		fputs("\n\n", d->out);
	}
}

void
doc_para_begin(struct doc *d)
{
	if (d->html)
		fputs("<p>", d->out);
}

void
doc_para_end(struct doc *d)
{
	fputs(d->html ? "</p>\n" : "\n\n", d->out);
}

void
doc_para(struct doc *d, const char *text)
{
	doc_para_begin(d);
	doc_text(d, text);
	doc_para_end(d);
}

void
doc_list_begin(struct doc *d)
{
	if (d->html)
		fputs("<ul>\n", d->out);
}

void
doc_list_end(struct doc *d)
{
	fputs(d->html ? "</ul>\n" : "\n", d->out);
}

void
doc_item_begin(struct doc *d)
{
	fputs(d->html ? "<li>" : "- ", d->out);
}

void
doc_item_end(struct doc *d)
{
	fputs(d->html ? "</li>\n" : "\n", d->out);
}

void
doc_table_begin(struct doc *d, int cols, const char *const *head,
    const bool *numeric)
{
	int i;

	d->cols = cols;
	d->col = 0;
	for (i = 0; i < cols && i < 16; i++)
		d->numeric[i] = numeric != NULL && numeric[i];
	if (d->html) {
		fputs("<table>\n<thead><tr>", d->out);
		for (i = 0; i < cols; i++) {
			fputs(numeric && numeric[i] ? "<th class=\"n\">" : "<th>", d->out);
			doc_text(d, head[i]);
			fputs("</th>", d->out);
		}
		fputs("</tr></thead>\n<tbody>\n", d->out);
		return;
	}
	fputs("\n|", d->out);
	for (i = 0; i < cols; i++) {
		putc(' ', d->out);
		doc_text(d, head[i]);
		fputs(" |", d->out);
	}
	fputs("\n|", d->out);
	for (i = 0; i < cols; i++)
		fputs(numeric && numeric[i] ? " ---: |" : " --- |", d->out);
	putc('\n', d->out);
}

void
doc_cell(struct doc *d, const char *text)
{
	if (d->col == 0)
		fputs(d->html ? "<tr>" : "|", d->out);
	if (d->html) {
		fputs(d->col < 16 && d->numeric[d->col] ? "<td class=\"n\">" :
		    "<td>", d->out);
		doc_text(d, text);
		fputs("</td>", d->out);
	} else {
		putc(' ', d->out);
		doc_text(d, text);
		fputs(" |", d->out);
	}
	if (++d->col == d->cols) {
		fputs(d->html ? "</tr>\n" : "\n", d->out);
		d->col = 0;
	}
}

void
doc_table_end(struct doc *d)
{
	fputs(d->html ? "</tbody>\n</table>\n" : "\n", d->out);
}

void
doc_note(struct doc *d, const char *text)
{
	if (d->html) {
		fputs("<p class=\"note\">", d->out);
		doc_text(d, text);
		fputs("</p>\n", d->out);
	} else {
		fputs("*", d->out);
		doc_text(d, text);
		fputs("*\n\n", d->out);
	}
}
