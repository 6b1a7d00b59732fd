#!/usr/bin/env python3
"""xlsx_check.py - read dyad's workbooks with the standard library only
(zipfile + xml.etree) and check them against dyad's CSV output and the HTML
report.  Used by tests/sh/xlsx.sh; prints "ok - ..." / "not ok - ..." lines.

    xlsx_check.py stats  BOOK.xlsx STATS.csv      (stats --flow -f csv)
    xlsx_check.py change BOOK.xlsx CHANGE.csv
    xlsx_check.py report BOOK.xlsx REPORT.html INPUT.csv
"""
import csv
import html.parser
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

failed = 0


def ok(cond, what, detail=""):
    global failed
    if cond:
        print("ok - " + what)
    else:
        failed = 1
        print("not ok - " + what + (": " + detail if detail else ""))


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Cell:
    def __init__(self, kind, value, fmt):
        self.kind = kind        # "n" number, "s" string, "b" boolean
        self.value = value
        self.fmt = fmt          # number format code


class Book:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        self.strings = []
        if "xl/sharedStrings.xml" in self.zip.namelist():
            root = ET.fromstring(self.zip.read("xl/sharedStrings.xml"))
            for si in root.findall("m:si", NS):
                self.strings.append("".join(t.text or "" for t in
                                            si.iter("{%s}t" % NS["m"])))
        self.formats = self._formats()
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels.iter(REL + "Relationship")}
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        self.sheets = {}
        self.order = []
        for s in wb.find("m:sheets", NS):
            rid = s.get("{%s}id" % NS["r"])
            self.sheets[s.get("name")] = "xl/" + target[rid]
            self.order.append(s.get("name"))

    def _formats(self):
        builtin = {0: "General", 1: "0", 2: "0.00", 9: "0%", 10: "0.00%"}
        root = ET.fromstring(self.zip.read("xl/styles.xml"))
        custom = {}
        nf = root.find("m:numFmts", NS)
        if nf is not None:
            for f in nf:
                custom[int(f.get("numFmtId"))] = f.get("formatCode")
        out = []
        for xf in root.find("m:cellXfs", NS):
            fid = int(xf.get("numFmtId", "0"))
            out.append(custom.get(fid, builtin.get(fid, "General")))
        return out

    def xml(self, name):
        return ET.fromstring(self.zip.read(self.sheets[name]))

    def rows(self, name):
        """The sheet as a list of rows, each a list of Cell or None."""
        root = self.xml(name)
        rows = []
        for row in root.iter("{%s}row" % NS["m"]):
            r = int(row.get("r")) - 1
            while len(rows) <= r:
                rows.append([])
            cells = rows[r]
            for c in row.findall("m:c", NS):
                i = col_index(c.get("r"))
                while len(cells) <= i:
                    cells.append(None)
                t = c.get("t", "n")
                v = c.find("m:v", NS)
                fmt = self.formats[int(c.get("s", "0"))]
                if t == "s":
                    cells[i] = Cell("s", self.strings[int(v.text)], fmt)
                elif t == "inlineStr":
                    cells[i] = Cell("s", "".join(x.text or "" for x in
                                                 c.iter("{%s}t" % NS["m"])), fmt)
                elif t == "str":
                    cells[i] = Cell("s", v.text or "", fmt)
                elif t == "b":
                    cells[i] = Cell("b", v.text == "1", fmt)
                elif v is not None:
                    cells[i] = Cell("n", float(v.text), fmt)
        return rows

    def frozen(self, name):
        pane = self.xml(name).find(".//m:sheetView/m:pane", NS)
        return pane is not None and pane.get("state") == "frozen" and \
            pane.get("ySplit") == "1"

    def all_text(self):
        """Every string a sheet holds (shared and inline)."""
        out = list(self.strings)
        for name in self.sheets:
            for row in self.rows(name):
                out.extend(c.value for c in row if c is not None and c.kind == "s")
        return out


def cell(rows, r, c):
    if r >= len(rows) or c >= len(rows[r]):
        return None
    return rows[r][c]


def same_number(got, want):
    # libxlsxwriter writes 16 significant digits ("%.16G"); CSV has every
    # digit needed to read the double back
    return got == want or abs(got - want) <= 1e-15 * max(abs(want), 1e-300)


def compare_csv(book, sheet, csvpath, label, columns=None):
    """Sheet cells against the CSV file (only columns, when given)."""
    data = list(csv.reader(open(csvpath, newline="", encoding="utf-8")))
    head = data[0]
    keep = [i for i, h in enumerate(head) if columns is None or h in columns]
    rows = book.rows(sheet)
    got_head = [c.value if c else None for c in rows[0]]
    ok(got_head == [head[i] for i in keep], "%s: header row is the CSV header" % label,
       "%s vs %s" % (got_head[:6], [head[i] for i in keep][:6]))
    bad = []
    numeric = 0
    for r, line in enumerate(data[1:], start=1):
        for j, i in enumerate(keep):
            want = line[i]
            got = cell(rows, r, j)
            if want == "":
                if got is not None:
                    bad.append("row %d %s: %r for an empty cell" % (r, head[i], got.value))
                continue
            if got is None:
                bad.append("row %d %s: missing, want %r" % (r, head[i], want))
            elif want in ("true", "false"):
                if got.kind != "b" or got.value != (want == "true"):
                    bad.append("row %d %s: %r want boolean %s" % (r, head[i], got.value, want))
            elif re.fullmatch(r"-?[0-9.]+(e[-+]?[0-9]+)?", want):
                numeric += 1
                if got.kind != "n" or not same_number(got.value, float(want)):
                    bad.append("row %d %s: %r (%s) want number %s" % (r, head[i], got.value, got.kind, want))
            elif got.kind != "s" or got.value != want:
                bad.append("row %d %s: %r want text %r" % (r, head[i], got.value, want))
    ok(not bad, "%s: every cell equals --format csv (%d numeric cells)" % (label, numeric),
       "; ".join(bad[:5]))
    ok(len(rows) == len(data), "%s: %d data rows" % (label, len(data) - 1),
       "sheet has %d rows" % (len(rows) - 1))
    return rows, head, keep


def check_formats(rows, names, want, label):
    head = [c.value if c else None for c in rows[0]]
    for name, fmt in want.items():
        if name not in head:
            ok(False, "%s: column %s present" % (label, name))
            continue
        j = head.index(name)
        fmts = {rows[r][j].fmt for r in range(1, len(rows))
                if j < len(rows[r]) and rows[r][j] is not None and rows[r][j].kind == "n"}
        ok(fmts == {fmt}, "%s: %s cells have number format %s" % (label, name, fmt),
           "formats %s" % fmts)


def check_notes(book, label):
    ok("Notes" in book.sheets and book.order[-1] == "Notes",
       "%s: the last sheet is Notes" % label, "sheets %s" % book.order)
    rows = book.rows("Notes")
    topics = {r[0].value: (r[1].value if len(r) > 1 and r[1] else None)
              for r in rows if r and r[0] is not None and r[0].kind == "s"}
    version = os.environ.get("DYAD_VERSION_LINE", "").split()    # "dyad 0.1.0"
    ok(topics.get("dyad version") == (version[1] if len(version) > 1 else None),
       "%s: Notes give the dyad version" % label, "got %r" % topics.get("dyad version"))
    heads = [r for r in rows if r and r[0] is not None and r[0].value == "code"]
    ok(heads and "source" in [c.value for c in heads[0] if c],
       "%s: Notes list the catalog entries with their sources" % label)
    return topics, rows


def check_frozen(book, label):
    bad = [n for n in book.order if not book.frozen(n)]
    ok(not bad, "%s: the header row of every sheet is frozen" % label, "not in %s" % bad)


def stats(path, csvpath):
    book = Book(path)
    ok(book.order == ["statistics", "change counts", "flow", "Notes"],
       "stats: sheets statistics, change counts, flow, Notes", "%s" % book.order)
    rows, head, _ = compare_csv(book, "statistics", csvpath, "stats statistics")
    check_formats(rows, head, {"n_pairs": "0", "pre_mean": "0.0", "p_t": "0.000",
                               "g": "0.00", "d_z": "0.00", "rows": "0"},
                  "stats statistics")
    compare_csv(book, "change counts", csvpath, "stats change counts",
                {"measure", "label", "n_pairs", "rci_improved", "rci_unchanged",
                 "rci_deteriorated", "recovered"})
    flow_cols = {h for h in head if h in ("measure", "rows") or
                 h.startswith("rows_") or h.startswith("excluded_")}
    data = list(csv.reader(open(csvpath, newline="", encoding="utf-8")))
    frows = Book(path).rows("flow")
    # the flow sheet may end with the rows that belong to no measure
    extra = [r for r in frows[len(data):] if r]
    ok(all(r[0].value == "(no measure)" for r in extra),
       "stats flow: only a '(no measure)' row after the measures")
    if not extra:
        compare_csv(book, "flow", csvpath, "stats flow", flow_cols)
    check_frozen(book, "stats")
    check_notes(book, "stats")


def change(path, csvpath):
    book = Book(path)
    ok(book.order == ["pairs", "Notes"], "change: sheets pairs, Notes", "%s" % book.order)
    rows, head, _ = compare_csv(book, "pairs", csvpath, "change pairs")
    check_formats(rows, head, {"pre": "0.0", "change": "0.00", "rci": "0.00"},
                  "change pairs")
    check_frozen(book, "change")
    topics, _ = check_notes(book, "change")
    ok("identifiers" in (topics.get("identifiers") or ""),
       "change: Notes say the workbook holds client identifiers")


class Tables(html.parser.HTMLParser):
    """Every <table> of an HTML page: rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.row = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
            self.tables[-1].append(self.row)
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


DASH = "\u2014"


def xl_count(c):
    """A count cell as the report would print it."""
    if c is None:
        return DASH
    if c.kind == "n":
        return "%d" % c.value
    return c.value


def xl_pct(c):
    return DASH if c is None else "%.0f%%" % (100 * c.value)


def report(path, htmlpath, inputpath):
    book = Book(path)
    p = Tables()
    p.feed(open(htmlpath, encoding="utf-8").read())
    tables = p.tables
    bad = []
    compared = 0

    def find(first):
        return [t for t in tables if t and t[0] and t[0][0] == first]

    def match(label, html_cells, xl_cells):
        nonlocal compared
        for h, x in zip(html_cells, xl_cells):
            compared += 1
            if h != x:
                bad.append("%s: report %r, workbook %r" % (label, h, x))
        if len(html_cells) != len(xl_cells):
            bad.append("%s: %d cells vs %d" % (label, len(html_cells), len(xl_cells)))

    # people served, assessments by timepoint, completion, flow
    people = find("Children")[0]
    xr = book.rows("people")
    match("people", people[1], [xl_count(cell(xr, 1, j)) for j in range(4)])
    tp = find("Timepoint")[0]
    xr = book.rows("timepoints")
    for r in range(1, len(tp)):
        match("timepoint %s" % tp[r][0], tp[r],
              [cell(xr, r, 0).value, xl_count(cell(xr, r, 1)), xl_count(cell(xr, r, 2))])
    comp = find("Outcome")[0]
    xr = book.rows("completion")
    for r in range(1, len(comp)):
        match("completion row %d" % r, comp[r][2:],
              [xl_count(cell(xr, r, 3)), xl_count(cell(xr, r, 4)), xl_pct(cell(xr, r, 5))])
    fl = find("Measure")[0]
    xr = book.rows("flow")
    for r in range(1, len(fl)):
        match("flow %s" % fl[r][0], fl[r],
              [cell(xr, r, 0).value] + [xl_count(cell(xr, r, j)) for j in range(1, 7)])

    # the outcome tables: the overall ones, then one per group
    outcome = find("Outcome (measure)")
    overall = [row for t in outcome[:2] for row in t[1:]]
    grouped = [row for t in outcome[2:] for row in t[1:]]
    if "groups" not in book.sheets:
        overall = [row for t in outcome for row in t[1:]]
        grouped = []

    hh = outcome[0][0]          # the report's outcome header
    H = {name: hh.index(name) for name in ("Pairs", "Pre mean", "Post mean",
                                           "Reliably improved", "Recovered",
                                           "Reliably worse")}
    pcol = [i for i, n in enumerate(hh) if n.startswith("p ")]

    def outcome_rows(sheet, html_rows):
        xr = book.rows(sheet)
        X = {c.value: j for j, c in enumerate(xr[0]) if c is not None}
        ok(len(xr) - 1 == len(html_rows), "report %s: as many rows as the report (%d)"
           % (sheet, len(html_rows)), "%d" % (len(xr) - 1))
        for r, h in enumerate(html_rows, start=1):
            label = "%s row %d" % (sheet, r)
            pairs = cell(xr, r, X["pairs"])
            match(label + " pairs", [h[H["Pairs"]]], [xl_count(pairs)])
            if pairs is not None and pairs.kind == "s" and not pairs.value.startswith("<"):
                bad.append(label + ": pairs %r is not a number" % pairs.value)
            if h[H["Pre mean"]] == DASH:
                continue
            dec = 2 if cell(xr, r, X["scale"]).value.startswith("ratio") else 1
            match(label + " means", [h[H["Pre mean"]], h[H["Post mean"]]],
                  ["%.*f" % (dec, cell(xr, r, X[k]).value) for k in ("pre_mean", "post_mean")])
            if pcol and h[pcol[0]] != DASH:
                p = cell(xr, r, X["p_adjusted"])
                if p is None or not (p.kind == "n" and p.fmt == "0.000"):
                    bad.append(label + ": p_adjusted is not a 0.000 number")
            for hn, xn in (("Reliably improved", "reliably_improved"),
                           ("Recovered", "recovered"), ("Reliably worse", "reliably_worse")):
                c = cell(xr, r, X[xn])
                s = cell(xr, r, X[xn] + 1)
                want = DASH if c is None else "%s (%s)" % (xl_count(c), xl_pct(s))
                match(label + " " + xn, [h[H[hn]]], [want])

    outcome_rows("outcomes", overall)
    if grouped:
        outcome_rows("groups", grouped)
    ok(not bad, "report: %d cells equal the HTML report's, suppression included" % compared,
       "; ".join(bad[:6]))

    texts = book.all_text()
    ok(any(re.fullmatch(r"<\d+", t) for t in texts), "report: small counts are shown as <N")
    ok(all(c is None or c.kind == "n" or not re.fullmatch(r"\d+", str(c.value))
           for s in book.order if s != "Notes" for row in book.rows(s) for c in row),
       "report: shown counts are numeric cells")
    ids = set()
    for row in csv.DictReader(open(inputpath, newline="", encoding="utf-8")):
        for k in ("child_id", "caregiver_id", "family_id"):
            if row.get(k):
                ids.add(row[k])
    leaked = sorted({i for i in ids for t in texts if i in t})
    ok(ids and not leaked, "report: none of the %d identifiers of the input appears"
       % len(ids), "found %s" % leaked[:5])
    check_frozen(book, "report")
    check_notes(book, "report")


if __name__ == "__main__":
    what = sys.argv[1]
    {"stats": stats, "change": change, "report": report}[what](*sys.argv[2:])
    sys.exit(failed)
