"""The nine standard tables (公开表) of a disclosure, printed in the template of its document,
each amount recorded as the fact it must load as.

The tables (tables.py) hold the figures and the meaning of every row; the template (wording.py)
decides only how they are printed: titles, caption, header rows, the order of the amount
columns, how a subject code is printed, side-by-side or stacked summaries. The facts are
recorded from the tables, so they are the same in every template; only the printed row labels
(row_label) and, for a stacked summary, the number of rows it prints follow the template.

A Style is drawn once per document, so that its tables agree with one another (one numbering
of titles, the same tables with code and name in one cell), as a document made from one
template does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.synth.render import Facts, Part, Printer, compact
from yusuan.synth.tables import SubjectRow, SubjectTable, ThreePublic, TwoSided, cn
from yusuan.synth.wording import (
    AMOUNT_HEADS,
    APPROPRIATION_SCOPES,
    CLASS_ROWS,
    COLUMN_ORDER,
    EMPTY_NOTE,
    EMPTY_NOTES,
    HEADER_VARIANTS,
    HEBEI_TITLE_VARIANTS,
    HEBEI_TITLES,
    MEASURES,
    NATIONAL_TITLES,
    NUMBERINGS,
    ONE_CELL_HEAD,
    ONE_CELL_HEADS,
    PRINT_ORDER,
    SIDE_HEADERS,
    SIDE_WORDS,
    STACKED_HEADINGS,
    SUBJECT_HEADS,
    SUBJECT_TABLES,
    THREE_PUBLIC_HEADERS,
    THREE_PUBLIC_QUOTES,
    THREE_PUBLIC_WORDS,
)

CLASS_NAMES = dict(CLASS_ROWS)


@dataclass(frozen=True)
class Style:
    template: str
    titles: str = "central"  # national: the central departments' or the provincial title wording
    numbering: str = NUMBERINGS[0]  # national: 表1 on its own line, 表1 before the title, 附表1：
    named: bool = False  # national: the unit's name before each title
    whole_codes: bool = False  # national: each 类/款/项 cell holds the code so far (201 | 20101 | 2010101)
    headings: bool = False  # stacked: 收入 / 支出 rows opening the two blocks of a summary table
    one_cell: frozenset[str] = field(default_factory=frozenset)  # stacked: tables with code and name in one cell


def draw_style(rng, template: str) -> Style:
    if template == "national":
        return Style(template, titles=rng.choice(tuple(NATIONAL_TITLES)), numbering=rng.choice(NUMBERINGS),
                     named=rng.random() < 0.25, whole_codes=rng.random() < 0.3)
    if template == "stacked":
        return Style(template, headings=rng.random() < 0.5,
                     one_cell=frozenset(kind for kind in SUBJECT_TABLES if rng.random() < 0.5))
    return Style(template)


def standard_tables(p: Printer, part: Part, tables, facts: Facts, edition: str, style: Style) -> None:
    """The nine tables (those not absent), in template order, each recorded in `facts`."""
    year = part.year
    first = True
    for number, kind in enumerate(PRINT_ORDER, start=1):
        if kind in tables.absent:
            continue
        table = tables.tables.get(kind)
        _title(p, part, kind, number, edition, style)
        unit = "万元"
        if not first and p.messy and p.rng.random() < 0.08 * p.messy:
            unit = "元"
        caption = [f"{part.code or ''}{part.name}", f"预算年度：{year}", f"单位：{unit}"]
        if edition == "2021" and first:
            caption[1] = f"  预算年度：{year}"
        if not first and p.messy and p.rng.random() < 0.05 * p.messy:
            if p.rng.random() < 0.5:  # 004 line 70: the unit as the only cell of the first row
                caption = [f"单位：{unit}"]
            else:  # 000 line 1586: the unit on an indented line of its own
                p.para(" " * 40 + f"单位：{unit}")
                caption = caption[:2]
        first = False
        printer = _printer(p, kind, style)
        p.begin_table()
        p.row(caption)
        for row in printer.header:
            cells = [c if isinstance(c, tuple) else (c, 1) for c in row]
            p.row([p.rng.choice(HEADER_VARIANTS[t]) if t in HEADER_VARIANTS else t for t, _ in cells],
                  spans=[n for _, n in cells])
        if style.template != "national":  # national prints no 栏次 row
            p.row(["栏次", *[str(k) for k in range(1, printer.width)]])
        amount_style = "yuan" if unit == "元" else ("six" if kind == "three_public" and edition == "2023" else "plain")
        if table is None:
            p.row([""] * printer.width)
            p.end_table()
            p.blank()
            p.para(EMPTY_NOTES.get(kind, EMPTY_NOTE))
            facts.tables.append((kind, "empty", 0))
            continue
        n = printer.rows(p, table, year, amount_style, facts)
        facts.tables.append((kind, "loaded", n))
        p.end_table()
        p.blank()
    for kind in tables.absent:
        facts.tables.append((kind, "absent", 0))


def _title(p: Printer, part: Part, kind: str, number: int, edition: str, style: Style) -> None:
    if style.template == "national":
        scope = "部门" if part.scope == "department" else "单位"
        wording = NATIONAL_TITLES[style.titles][kind].format(s=scope, q=p.rng.choice(THREE_PUBLIC_QUOTES))
        title = f"{part.name if style.named else ''}{part.year}年{wording}"
        numbered = style.numbering.format(n=number)
        lines = [numbered, title] if numbered == f"表{number}" else [numbered + title]
    else:
        prefix = "部门预算" if part.scope == "department" else "单位预算"
        title = prefix + HEBEI_TITLES[kind]
        if kind in HEBEI_TITLE_VARIANTS and p.rng.random() < HEBEI_TITLE_VARIANTS[kind][1]:
            title = prefix + HEBEI_TITLE_VARIANTS[kind][0]
        lines = [title]
    if edition == "2024":
        mark = p.toc_mark()
        # 002 line 225: a _Toc heading may follow the last cell of the previous table directly
        p.heading_after_table(f" {mark}{lines[0]}" if p.rng.random() < 0.3 else f"{mark}{lines[0]}")
        lines = lines[1:]
    for line in lines:
        p.para(line)


# --- one printer per table shape ---------------------------------------------------------------

@dataclass
class _Printer:
    header: list[list]
    width: int

    def rows(self, p: Printer, table, year: int, style: str, facts: Facts) -> int:
        raise NotImplementedError


def _printer(p: Printer, kind: str, style: Style) -> _Printer:
    if kind in SUBJECT_TABLES:
        return _subject_printer(p, kind, style)
    if kind == "three_public":
        header = [list(r) for r in THREE_PUBLIC_HEADERS[style.template]]
        return _ThreePublicPrinter(header, 6, style.template)
    header = [list(r) for r in SIDE_HEADERS[style.template][kind]]
    amounts = 1 if kind == "summary" else len(APPROPRIATION_SCOPES)
    if style.template == "stacked":
        return _StackedPrinter(header, 2 + amounts, style.template, amounts, style.headings)
    return _SidePrinter(header, 3 + 1 + amounts, style.template, amounts)


def _subject_printer(p: Printer, kind: str, style: Style) -> _Printer:
    template = style.template
    classification, _ = SUBJECT_TABLES[kind]
    heads = AMOUNT_HEADS["national" if template == "national" else "hebei"]
    heads = heads[kind if kind in ("income", "gpb_basic") else "spending"]
    order = COLUMN_ORDER.get(template, {}).get(kind, MEASURES[kind])
    top: list = []
    low: list[str] = []
    for measure in order:
        group, word = heads[measure]
        if group is None:
            top.append(word)
        elif top and isinstance(top[-1], tuple) and top[-1][0] == group:
            top[-1] = (group, top[-1][1] + 1)
        else:
            top.append((group, 1))
        low.append(word if group else "")
    top = [c[0] if isinstance(c, tuple) and c[1] == 1 else c for c in top]
    if kind in style.one_cell:
        header = [["序号", ONE_CELL_HEADS.get(kind, ONE_CELL_HEAD), *top]]
        if any(low):
            header.append(["", "", *low])
        parts = 0
        joiner = " " if p.rng.random() < 0.8 else ""
    elif template == "national":
        head, parts_words, name = SUBJECT_HEADS["national"][classification]
        header = [["序号", (head, len(parts_words)), name, *top], ["", *parts_words, "", *low]]
        parts, joiner = len(parts_words), "whole" if style.whole_codes else None
    else:
        head, code, name = SUBJECT_HEADS["hebei"][classification]
        header = [["序号", (head, 2), *top], ["", code, name, *low]]
        parts, joiner = 1, None
    columns = [MEASURES[kind].index(m) for m in order]
    width = 1 + parts + 1 + len(columns)
    return _SubjectPrinter(header, width, kind, columns, parts, joiner)


@dataclass
class _SubjectPrinter(_Printer):
    kind: str
    columns: list[int]  # the data column printed in each amount column
    parts: int  # cells of the code: 1, 类|款|项 (3) or 类|款 (2); 0: code and name in one cell
    joiner: str | None  # between code and name in one cell; "whole": each code part printed with the parts above it

    def rows(self, p: Printer, table: SubjectTable, year: int, style: str, facts: Facts) -> int:
        kind = self.kind
        classification, scope = SUBJECT_TABLES[kind]
        target = facts.income if kind == "income" else facts.expenditure
        for n, row in enumerate(table.rows, start=1):
            name, vals = row.name, row.vals
            printed_name = name
            if row.code is not None and p.text_form and p.noisy and len(name) > 4 and p.rng.random() < 0.05:
                printed_name = f"{name[:3]}\n\n{name[3:]}"  # a cell holding two paragraphs
            cells = [str(n), *self._subject(row, p.text_cell(printed_name)), *(p.amount(vals[k], style) for k in self.columns)]
            subject = f"{classification}:{year}:{row.code}" if row.code else None
            target.extend((kind, subject, measure, scope, name, row.code is None, v)
                          for measure, v in zip(MEASURES[kind], vals, strict=True) if v is not None)
            p.row(cells, split=True)
        return len(table.rows)

    def _subject(self, row: SubjectRow, name: str) -> list[str]:
        code = row.code or ""
        if self.parts == 0:
            return [f"{code}{self.joiner}{name}" if code else name]
        if self.parts == 1:
            return [code, name]
        if self.joiner == "whole":
            return [code[:n] if len(code) >= n else "" for n in (3, 5, 7)][: self.parts] + [name]
        return [code[:3], code[3:5], code[5:7]][: self.parts] + [name]


@dataclass
class _SidePrinter(_Printer):
    """收支总表 / 财政拨款收支总表 side by side: 序号 | income label | amount | expenditure label | amounts."""

    template: str
    amounts: int

    def label(self, kind: str, side: str, word: str | None, number: int | None) -> str:
        if word is None:
            return ""
        text = SIDE_WORDS[self.template][kind][side].get(word) or CLASS_NAMES[word]
        return f"{cn(number)}、{text}" if number else text

    def rows(self, p: Printer, table: TwoSided, year: int, style: str, facts: Facts) -> int:
        for n, row in enumerate(table.rows, start=1):
            left, right = self._record(table.kind, row, year, facts)
            cells = [str(n), p.text_cell(left), p.amount(row.left, style), p.text_cell(right),
                     *(p.amount(v, style) for v in row.right)]
            p.row(cells, split=True)
        return len(table.rows)

    def _record(self, kind: str, row, year: int, facts: Facts) -> tuple[str, str]:
        """The row's two labels, its facts recorded (each label is its own row_label)."""
        left = self.label(kind, "in", row.left_word, row.left_no)
        right = self.label(kind, "out", row.right_word, row.right_no)
        if row.left is not None:
            source, fund, is_total = row.left_meta
            facts.income.append((kind, None, source, fund, left, is_total, row.left))
        scopes = ("all",) if kind == "summary" else APPROPRIATION_SCOPES
        subject = f"functional:{year}:{row.right_code}" if row.right_code else None
        facts.expenditure.extend((kind, subject, "total", scope, right, row.right_total, v)
                                 for scope, v in zip(scopes, row.right, strict=True) if v is not None)
        return left, right


@dataclass
class _StackedPrinter(_SidePrinter):
    """The two summary tables stacked: 序号 | 项目 | amounts, the income rows (their figure in the
    first amount column), then the expenditure rows; 收入 / 支出 rows open the blocks if `headings`."""

    headings: bool = False

    def rows(self, p: Printer, table: TwoSided, year: int, style: str, facts: Facts) -> int:
        income, spending = [], []
        for row in table.rows:
            left, right = self._record(table.kind, row, year, facts)
            if left:
                income.append([p.text_cell(left), p.amount(row.left, style), *[""] * (self.amounts - 1)])
            if right:
                spending.append([p.text_cell(right), *(p.amount(v, style) for v in row.right)])
        printed = n = 0
        for heading, block in zip(STACKED_HEADINGS, (income, spending), strict=True):
            if self.headings:
                p.row(["", heading, *[""] * self.amounts])
                printed += 1
            for cells in block:
                n += 1
                p.row([str(n), *cells], split=True)
            printed += len(block)
        return printed


@dataclass
class _ThreePublicPrinter(_Printer):
    template: str

    def rows(self, p: Printer, table: ThreePublic, year: int, style: str, facts: Facts) -> int:
        words = THREE_PUBLIC_WORDS[self.template]
        for row in table.rows:
            label = row.prefix + words[row.item]
            cells = [row.seq, label]
            for scope, value in zip(APPROPRIATION_SCOPES, row.vals, strict=True):
                cells.append(p.amount(value, style))
                if value is not None:
                    facts.three_public.append((row.item, scope, compact(label), value))
            p.row(cells, split=True)
        return len(table.rows)
