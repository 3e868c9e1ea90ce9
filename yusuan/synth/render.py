"""Print a disclosure in the Tika text form of the seeds (and, for the other formats, as the
document model), and record what each printed cell must load as. The nine standard tables are
printed by standard.py, in the document's template; this module has the printer, the project
target tables and the department-wide indicator table.

Tika form (yusuan/readers/tika_text.py): a table cell is a line starting with a TAB, a cell
may continue on following lines without one, rows end with a blank line, and a paragraph
after a table needs two blank lines (or a `[bookmark: _Toc…]` heading right after the last
cell). The printing messes the parser handles are printed here on purpose: rows split
by empty paragraphs in a cell, stray TABs, `[bookmark: _GoBack]` in cells, amounts as
2.250000 / 1,234.50 / full-width digits / full-width spaces, blanks as ——, - - or -, tables in
元, 单位 lines on their own, 合计 rows last, header spacing, 三、 then 3、 headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.model import Cell, Document, Paragraph, Table

_SPACE = re.compile(r"\s+")
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
NO_VALUE = ("——", "- -", "-", "\u3000")
NOISY_TABLES = 0.3  # share of tables printed with cell-level messes when messy=1


def _visible(text: str) -> str:
    """What a reader of the written document sees of a printed text: bookmarks are hidden, TABs
    and the spaces around each line fall away, an empty paragraph inside a cell leaves no line."""
    text = _BOOKMARK.sub("", text).replace("\t", " ")
    return "\n".join(line for line in (part.strip() for part in text.split("\n")) if line)


def compact(text: str) -> str:
    return _SPACE.sub("", text)


def money(c: int) -> str:
    """Cents as printed in 万元 with two decimals."""
    return f"{c // 100}.{c % 100:02d}" if c >= 0 else f"-{-c // 100}.{-c % 100:02d}"


@dataclass
class Facts:
    """The expected rows of one disclosure (without file and part, added by the writer)."""

    expenditure: list[tuple] = field(default_factory=list)
    income: list[tuple] = field(default_factory=list)
    three_public: list[tuple] = field(default_factory=list)
    indicators: list[tuple] = field(default_factory=list)
    tables: list[tuple] = field(default_factory=list)


class Printer:
    """Lines of one document, with the randomness of its messes; for a document written in another
    format than the text form, also the document itself (yusuan.model), built as it is printed."""

    def __init__(self, rng, messy: float, text_form: bool = True) -> None:
        self.rng = rng
        self.messy = messy  # share of tables printed with messes, relative to NOISY_TABLES (0: a clean print)
        # The messes of the Tika text form itself (rows split by an empty paragraph, TAB-only and
        # bookmark debris) are printed only when the document is written as text: a document
        # rendered as Word or a workbook carries the cell-level messes alone.
        self.text_form = text_form
        self.lines: list[str] = []  # lines, or whole table rows (a row's cells joined by newlines)
        self.blocks: list[Paragraph | Table] = []  # the document model (not text_form)
        self._rows: list[tuple[Cell, ...]] | None = None  # rows of the table being built
        self._ordinal = 0
        self.toc = 0
        self.noisy = False  # the table being printed carries cell-level messes

    # --- low level ---------------------------------------------------------------------
    def para(self, text: str) -> None:
        self.lines.append(text)
        if not self.text_form and (text := _visible(text)):
            self._close_table()
            self.blocks.append(Paragraph(text, self._next()))

    def blank(self, n: int = 1) -> None:
        self.lines.extend([""] * n)

    def toc_mark(self, prefix: str = "2_2") -> str:
        self.toc += 1
        return f"[bookmark: _Toc_{prefix}_{self.toc:010d}]"

    def begin_table(self) -> None:
        """Decide whether the next table is printed with cell-level messes."""
        self.noisy = bool(self.messy) and self.rng.random() < NOISY_TABLES * self.messy

    def end_table(self) -> None:
        self.lines.append("")
        self.noisy = False

    def row(self, cells: list[str], split: bool = False, spans: list[int] | None = None) -> None:
        """One table row; `split` lets a cell end with an empty paragraph, which splits the row
        (001 lines 1636-1644: the parser rejoins it from the header's width). `spans` gives the
        columns each cell spans: a merged cell is printed once, as Tika prints it, and in the
        document model repeated over its columns, as the readers of Word, web pages and workbooks
        give it."""
        if split and self.text_form and self.noisy and len(cells) > 1 and self.rng.random() < 0.3:
            cut = self.rng.randrange(1, len(cells))
            self.lines.append("\t" + "\n\t".join(cells[:cut]) + "\n\n\t" + "\n\t".join(cells[cut:]))
        else:
            self.lines.append("\t" + "\n\t".join(cells))
        self.lines.append("")
        if not self.text_form:
            if self._rows is None:
                self._rows = []
            row: list[Cell] = []
            for text, span in zip(cells, spans or [1] * len(cells), strict=True):
                row += [Cell(_visible(text), self._next())] * span
            self._rows.append(tuple(row))

    def heading_after_table(self, text: str) -> None:
        """A `_Toc` heading, which may follow the last cell of the table above directly (002 line
        225: the bookmark starts a paragraph, so the cell does not continue)."""
        if len(self.lines) > 2 and self.lines[-1] == "" and self.lines[-2] == "" and self.rng.random() < 0.5:
            while self.lines[-1] == "":
                self.lines.pop()
        self.para(text)

    def gap(self) -> None:
        """Empty paragraphs inside a table, between two of its parts (they do not end it)."""
        self.lines += ["", "", " "]

    def text(self) -> str:
        return "\n".join(self.lines)

    def document(self, name: str) -> Document:
        self._close_table()
        return Document(name, tuple(self.blocks))

    def _next(self) -> int:
        self._ordinal += 1
        return self._ordinal

    def _close_table(self) -> None:
        # As in the text form, only a paragraph ends a table: rows printed after blank lines
        # alone continue the table above them.
        if self._rows:
            self.blocks.append(Table(tuple(self._rows), self._rows[0][0].line))
        self._rows = None

    def text_cell(self, text: str) -> str:
        """A text cell, sometimes with a stray TAB, a _GoBack bookmark or a full-width space
        (all dropped by the reader)."""
        if self.noisy and text and self.rng.random() < 0.1:
            return self.rng.choice((f"{text}\t", f"[bookmark: _GoBack]{text}", f"\u3000{text}") if self.text_form else
                                   (f"\u3000{text}",))
        return text

    # --- amounts -------------------------------------------------------------------------
    def amount(self, c: int | None, style: str) -> str:
        if c is None:
            if self.noisy and self.rng.random() < 0.15:
                return self.rng.choice(NO_VALUE)
            return ""
        if style == "yuan":
            y = c * 100
            return self.rng.choice((str(y), f"{y:,}", f"{y}.00")) if self.noisy else str(y)
        if c == 0:
            return "0" if style == "six" else "0.00"
        text = money(c)
        if not self.noisy or self.rng.random() > 0.3:
            return text + "0000" if style == "six" else text
        form = self.rng.randrange(5)
        if form == 0:
            return f"{c // 100:,}.{c % 100:02d}"
        if form == 1:
            return text.translate(FULL_WIDTH)
        if form == 2:
            return f"\u3000{text} "
        if form == 3 and c % 100 == 0:
            return str(c // 100)
        return text + "0000"


@dataclass
class Part:
    """What the renderer needs of one disclosure besides its tables."""

    scope: str  # department | unit
    year: int
    code: str | None
    name: str
    seq: int  # the part number within its document


# --- project target tables ---------------------------------------------------------------

INDICATOR_HEADERS = (
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
    ["一级指标", "二级指标", "三级指标", "指标说明", "指标值", "指标确定依据"],
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定\n\n依据"],
)


def project_table(p: Printer, n: int, project, edition: str, facts: Facts, amount_form: bool = False,
                  inject: dict | None = None) -> None:
    """A project target table (项目/专项资金绩效目标表) in the edition of the year."""
    inject = inject or {}
    rng = p.rng
    p.para(f"{n}、{project.name}绩效目标表")
    if edition == "2021":
        p.blank()
        p.para(" " * 64 + "单位：万元" if rng.random() < 0.6 else "单位：万元")
    p.begin_table()
    if edition in ("2021", "2024"):
        if edition == "2024":
            p.row(["单位：万元"])
        p.row(["项目编码", project.code or "", "项目名称" if edition == "2024" else "专项资金名称", project.name])
        budget = inject.get("budget", project.budget)
        p.row(["预算规模及资金用途", "预算数", inject.get("budget_text") or money(budget),
               "其中：财政    资金" if edition == "2024" else "其中：财政资金", inject.get("fiscal_text") or money(project.fiscal),
               "其他资金", money(project.other) if project.other else rng.choice(("", " "))])
        p.row(["", project.purpose])
        p.row(["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"])
        plan = inject.get("spend_plan", project.spend_plan)
        if amount_form:
            values = [("" if v is None else money(budget * v // 100 if v != 100 else budget)) for v in plan]
        else:
            decimals = rng.random() < 0.5
            values = [("" if v is None else f"{v}.00" if decimals else str(v)) for v in plan]
        p.row(["", *values])
    goals = inject.get("goals", project.goals)
    if edition == "2021" and len(goals) > 1 and rng.random() < 0.5:  # 000 line 1702: 目标1 / 目标2 rows
        for k, goal in enumerate(goals, start=1):
            p.row(["绩效目标" if k == 1 else "", f"目标{k}", goal])
    else:
        sep = "、" if edition == "2021" else "."
        p.row(["绩效目标", "\n".join(f"{k}{sep}{g}" for k, g in enumerate(goals, start=1))])
    if edition != "2021":
        p.gap()
    p.row(list(rng.choice(INDICATOR_HEADERS)))
    indicator_rows(p, inject.get("targets", project.targets), facts, n)
    p.end_table()
    p.blank()


def indicator_rows(p: Printer, targets, facts: Facts, seq: int | None) -> None:
    rng = p.rng
    level1 = level2 = None
    for t in targets:
        new1 = t.level1 != level1
        new2 = new1 or t.level2 != level2
        repeat = rng.random() < 0.1
        cells = [t.level1 if new1 or repeat else "", t.level2 if new2 or repeat else "", p.text_cell(t.level3),
                 t.description, t.printed, t.basis]
        level1, level2 = t.level1, t.level2
        stray = bool(p.text_form and p.noisy and cells[2] and rng.random() < 0.1)
        if stray:
            cells.insert(3, "")  # 001 line 1733: a TAB-only paragraph, one cell too many
        p.row(cells, split=not stray)
        facts.indicators.append((seq, t.level1, t.level2, compact(t.level3) or None, compact(t.printed) or None,
                                 t.operator, t.value, t.unit, t.status, t.status == "classified"))


def department_indicator_table(p: Printer, rows, facts: Facts) -> None:
    """003 line 70: the department-wide table, the target split into 符号 | 值 | unit columns."""
    p.begin_table()
    p.row(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    p.row(["", "", "", "", "符号", "值", "符号", ""])
    previous = None
    for level1, level2, name, desc, op, value, unit, text, basis in rows:
        show1 = level1 if level1 != previous else ""
        previous = level1
        if text is not None:  # 文字描述: qualitative
            p.row([show1, level2, name, desc, "文字描述", "", text, basis])
            facts.indicators.append((None, level1, level2, name, text, None, None, None, "qualitative", False))
        else:
            p.row([show1, level2, name, desc, p.rng.choice((op, f" {op}")), value, unit, basis])
            parsed_op = {"≥": ">=", "≤": "<=", "=": "="}[op]
            facts.indicators.append((None, level1, level2, name, f"{op}{value}{unit}", parsed_op, value,
                                     "%" if unit == "百分比" else unit, "number", False))
    p.end_table()
    p.blank()
