"""Write the layout-variant fixtures in tests/layouts/fixtures/ from two seeds.

    python -m tests.layouts.make_variants

Other provinces print the nine standard tables (公开表) with other titles and headers. Each
variant here rewrites the standard tables of 001 (单位预算, 2023) and 002 (部门预算, 2024 template,
many empty tables) in one such way and keeps every figure, so that parsing a fixture must give
the same facts as parsing its seed (tests/layouts/test_variants.py). The rewriting is plain line
work on the Tika text form, written here by hand: nothing is imported from yusuan, so the
fixtures do not depend on the parser they test.

The Tika form of a table: each cell is a line starting with a TAB, rows are separated by one
blank line, a cell spanning columns (gridSpan) is printed once, so its row is shorter, and a
vertically merged continuation cell prints as an empty cell. A standard table is the table right
under its title whose first row (the caption) holds 预算年度; its rows are the caption, the
header rows, the 栏次 row (column numbers) and the data rows. Only the titles and these tables
change; every other line of a seed is copied as it is.

Run again, the files come out byte for byte the same (test_variants checks that they are current).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "raw"
FIXTURES = Path(__file__).parent / "fixtures"
SEED_FILES = ("001_b2c706af3b854347.txt", "002_a4c3473fffdcfd73.txt")

# The title of each standard table in the seeds, after 部门预算/单位预算, and the table kind the
# parser files it under (the warehouse's table_kind names; written out, not imported).
SEED_TITLES = {
    "收支总表": "summary",
    "收入总表": "income",
    "支出总表": "expenditure",
    "财政拨款收支总表": "appropriation_summary",
    "一般公共预算财政拨款支出表": "gpb_expenditure",
    "一般公共预算财政拨款基本支出表": "gpb_basic",
    "政府性基金预算财政拨款支出表": "gov_fund",
    "政府基金预算财政拨款支出表": "gov_fund",  # 001 drops the 性
    "国有资本经营预算财政拨款支出表": "state_capital",
    "财政拨款“三公”经费支出表": "three_public",
}
# Tables by subject code + name: [序号 | 科目编码 | 科目名称 | amounts…] under a two-row header.
SUBJECT_KINDS = ("income", "expenditure", "gpb_expenditure", "gpb_basic", "gov_fund", "state_capital")
# The amount columns of 支出总表 as the seeds print them (folded: no spaces).
EXPENDITURE_COLUMNS = ("合计", "基本支出", "项目支出", "经营支出", "上解上级支出", "对附属单位补助支出")

_TITLE_PREFIX = re.compile(r"^\s*(?:\[bookmark: [^\]]*\]\s*)*")
_HEADING_MARK = re.compile(r"^\s*\[bookmark: _Toc")
_SCOPE = re.compile(r"^(部门|单位)预算")
_YEAR = re.compile(r"预算年度[:：]\s*(\d{4})")
_AMOUNT = re.compile(r"^-?\d+\.\d+$|^-?0$")


# ---------------------------------------------------------------------------------------------
# Reading and writing the Tika form
# ---------------------------------------------------------------------------------------------


@dataclass
class Region:
    """A standard table with its title: lines[title_index] is the title, lines[start..end] the cells."""

    title_index: int
    start: int
    end: int  # index of the last cell line
    rows: list[list[str]]  # cell texts as printed (after the TAB)


@dataclass
class StandardTable:
    kind: str
    prefix: str  # bookmark markers before the title text, kept as printed
    title: str
    caption: list[str]
    header: list[list[str]]
    stub: list[str] | None  # the 栏次 row
    body: list[list[str]]

    @property
    def rows(self) -> list[list[str]]:
        return [self.caption, *self.header, *([self.stub] if self.stub is not None else []), *self.body]

    def renumber_stub(self) -> None:
        """栏次 over every column after the first, numbered from 1 (as the seeds number it)."""
        width = max(len(row) for row in self.body)
        self.stub = ["栏次"] + [str(i) for i in range(1, width)]


@dataclass
class SeedDocument:
    lines: list[str]
    regions: list[Region]
    tables: dict[str, StandardTable] = field(default_factory=dict)  # in the order of `regions`
    scope: str = ""  # 单位 or 部门: how the seed's titles begin
    year: str = ""
    unit_name: str = ""  # from the caption (216001中共…: code glued to name)

    def render(self) -> str:
        lines = self.lines
        by_title = {region.title_index: region for region in self.regions}
        tables = {region.title_index: table for region, table in zip(self.regions, self.tables.values(), strict=True)}
        out: list[str] = []
        i = 0
        while i < len(lines):
            if i in by_title:
                table = tables[i]
                out.append(table.prefix + table.title)
                for k, row in enumerate(table.rows):
                    if k:
                        out.append("")
                    out += ["\t" + cell for cell in row]
                i = by_title[i].end + 1
            else:
                out.append(lines[i])
                i += 1
        return "\n".join(out)


def read_rows(lines: Sequence[str], start: int) -> tuple[list[list[str]], int, bool]:
    """The rows of the table whose first cell is lines[start]; the index of its last cell line;
    whether it stopped at a text line that Tika would read as the continuation of a cell."""
    rows: list[list[str]] = []
    current: list[str] = []
    blanks = 0
    last = start
    continued = False
    for j in range(start, len(lines)):
        line = lines[j]
        if line.startswith("\t"):
            if blanks >= 2:
                break
            current.append(line[1:])
            last, blanks = j, 0
        elif not line.strip():
            if current:
                rows.append(current)
                current = []
            blanks += 1
        else:
            continued = blanks <= 1 and not _HEADING_MARK.match(line)
            break
    if current:
        rows.append(current)
    return rows, last, continued


def find_regions(lines: Sequence[str]) -> list[Region]:
    """Every standard table: a table right under a text line, whose first row holds 预算年度."""
    regions = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("\t"):
            i += 1
            continue
        rows, last, continued = read_rows(lines, i)
        title = lines[i - 1] if i else ""
        if title.strip() and not title.startswith("\t") and any("预算年度" in c for c in rows[0]):
            if continued:
                raise ValueError(f"line {last + 2}: a standard table cell continues on a text line")
            regions.append(Region(i - 1, i, last, rows))
        i = last + 1
    return regions


def split_title(line: str) -> tuple[str, str]:
    prefix = _TITLE_PREFIX.match(line).group(0)
    return prefix, line[len(prefix):]


def read_seed(text: str) -> SeedDocument:
    lines = text.split("\n")
    regions = find_regions(lines)
    doc = SeedDocument(lines, regions)
    for region in regions:
        prefix, title = split_title(lines[region.title_index])
        kind = SEED_TITLES[_SCOPE.sub("", title)]
        rows = [list(r) for r in region.rows]
        stub = next(i for i, row in enumerate(rows) if row[0].strip() == "栏次")
        if kind in doc.tables:
            raise ValueError(f"{kind} twice")
        doc.tables[kind] = StandardTable(kind, prefix, title, rows[0], rows[1:stub], rows[stub], rows[stub + 1:])
    if len(doc.tables) != 9:
        raise ValueError(f"{len(doc.tables)} standard tables, not 9")
    summary = doc.tables["summary"]
    doc.scope = _SCOPE.match(summary.title).group(1)
    doc.year = _YEAR.search("".join(summary.caption)).group(1)
    doc.unit_name = re.sub(r"^\d+", "", summary.caption[0].strip())
    return doc


def standard_cells(text: str) -> list[tuple[str, list[list[str]]]]:
    """(title, rows) of each standard table of a text, found by structure alone (any title)."""
    lines = text.split("\n")
    return [(split_title(lines[r.title_index])[1], r.rows) for r in find_regions(lines)]


def outside_tables(text: str) -> list[str]:
    """The lines that are neither a standard table nor its title."""
    lines = text.split("\n")
    inside = {i for r in find_regions(lines) for i in range(r.title_index, r.end + 1)}
    return [line for i, line in enumerate(lines) if i not in inside]


def is_figure(cell: str) -> bool:
    """1452.21, 2.250000, 0: what the seeds print in amount cells (codes, 序号 and 栏次 are not)."""
    return bool(_AMOUNT.match(cell.strip()))


def amount_strings(text: str) -> Counter:
    """Every figure printed in a table cell of the text, as printed."""
    return Counter(line[1:].strip() for line in text.split("\n") if line.startswith("\t") and is_figure(line[1:]))


def seed_figures(doc: SeedDocument) -> Counter:
    """The figures of a seed's standard tables, found by column position (not by pattern)."""
    out: Counter = Counter()
    for kind, table in doc.tables.items():
        for row in table.body:
            if kind == "summary":
                cells = [row[2], row[4]]
            elif kind == "appropriation_summary":
                cells = [row[2], *row[4:]]
            elif kind == "three_public":
                cells = row[2:]
            else:
                cells = row[3:]
            out.update(c.strip() for c in cells if c.strip())
    return out


def fold(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------------------------
# The variants: each takes a freshly read seed and changes one thing in its standard tables
# ---------------------------------------------------------------------------------------------

# Titles as other provinces print them; the 部门预算/单位预算 prefix dropped, shortened or moved.
_TITLES = {
    "单位": {
        "summary": "收支预算总表",
        "income": "单位收入预算总表",
        "expenditure": "支出预算总表",
        "appropriation_summary": "财政拨款收支预算总表",
        "gpb_expenditure": "一般公共预算支出表",
        "gpb_basic": "单位一般公共预算基本支出表",
        "gov_fund": "政府性基金预算支出表",
        "state_capital": "单位国有资本经营预算支出表",
        "three_public": '一般公共预算"三公"经费支出预算表',
    },
    "部门": {
        "summary": "部门收支总表",
        "income": "部门收入预算总表",
        "expenditure": "部门支出预算总表",
        "appropriation_summary": "财政拨款收支预算总表",
        "gpb_expenditure": "部门一般公共预算支出表",
        "gpb_basic": "一般公共预算基本支出表",
        "gov_fund": "部门政府性基金预算支出表",
        "state_capital": "国有资本经营预算支出表",
        "three_public": '一般公共预算"三公"经费支出预算表',
    },
}


def titles(doc: SeedDocument) -> None:
    for kind, table in doc.tables.items():
        table.title = _TITLES[doc.scope][kind]


def numbered_titles(doc: SeedDocument) -> None:
    """Numbered, with the year, one with the unit's name before it (in the seeds' table order)."""
    y, s, name = doc.year, doc.scope, doc.unit_name
    bare = {kind: _SCOPE.sub("", t.title) for kind, t in doc.tables.items()}
    new = {
        "summary": f"表1 {y}年{s}收支总表",
        "income": f"附表2：{y}年{s}收入总表",
        "expenditure": f"3.{s}支出总表",
        "appropriation_summary": f"（四）{s}预算{bare['appropriation_summary']}",
        "gpb_expenditure": f"五、{y}年{s}预算{bare['gpb_expenditure']}",
        "gpb_basic": f"{y}年度{s}预算{bare['gpb_basic']}",
        "gov_fund": f"{name}{y}年{s}预算{bare['gov_fund']}",
        "state_capital": f"附表8 {s}预算{bare['state_capital']}",
        "three_public": f"9、{y}年{s}预算{bare['three_public']}",
    }
    for kind, table in doc.tables.items():
        table.title = new[kind]


def split_code(code: str, parts: int) -> list[str]:
    """201 → [201, '', ''], 20136 → [201, 36, ''], 2013601 → [201, 36, 01]; economic 30101 → [301, 01]."""
    code = code.strip()
    if code and (not code.isdigit() or len(code) not in (3, 5, 7)[:parts]):
        raise ValueError(f"subject code {code!r} in a {parts}-part layout")
    return [code[:3], code[3:5], code[5:7]][:parts]


def _subject_parts(kind: str) -> list[str]:
    return ["类", "款"] if kind == "gpb_basic" else ["类", "款", "项"]


def _check_subject_header(table: StandardTable) -> None:
    r2 = table.header[1]
    if len(table.header) != 2 or fold(r2[1]) != "科目编码" or fold(r2[2]) != "科目名称":
        raise ValueError(f"{table.kind}: unexpected header {table.header}")


def code_split(doc: SeedDocument) -> None:
    """The subject code over three cells 类 | 款 | 项 (economic: 类 | 款) under 科目编码."""
    for kind in SUBJECT_KINDS:
        table = doc.tables[kind]
        _check_subject_header(table)
        parts = _subject_parts(kind)
        r2 = table.header[1]
        # 科目编码 now spans the code cells (still printed once); 科目名称 and every cell right of
        # it are merged down into the new third row, which prints them as empty cells.
        table.header.append([""] + parts + [""] + [""] * len(r2[3:]))
        table.body = [[row[0], *split_code(row[1], len(parts)), *row[2:]] for row in table.body]
        table.renumber_stub()


def set_amount_columns(table: StandardTable, names: Sequence[str], order: Sequence[int]) -> None:
    """Give the amount columns of a subject table (header [序号 | 科目 (two cells) | amounts…] over
    ["" | 科目编码 | 科目名称 | ""…]) the header `names` (in the seed's order), then put them in
    `order` (seed positions), the header and every cell of the column moving together."""
    _check_subject_header(table)
    r1, r2 = table.header
    width = len(r1) - 2
    if not (len(names) == width == len(r2) - 3 == len(order)) or any(len(row) != width + 3 for row in table.body):
        raise ValueError(f"{table.kind}: {width} amount columns")
    r1 = r1[:2] + list(names)
    table.header = [r1[:2] + [r1[2 + i] for i in order], r2[:3] + [r2[3 + i] for i in order]]
    table.body = [row[:3] + [row[3 + i] for i in order] for row in table.body]


def national_columns(doc: SeedDocument) -> None:
    """支出总表 with the column names of the national template."""
    names = ("合计", "基本支出", "项目支出", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出")
    table = doc.tables["expenditure"]
    _check_amount_names(table, EXPENDITURE_COLUMNS)
    set_amount_columns(table, names, range(len(names)))


def _check_amount_names(table: StandardTable, expected: Sequence[str]) -> None:
    if tuple(fold(c) for c in table.header[0][2:]) != tuple(expected):
        raise ValueError(f"{table.kind}: amount columns {table.header[0][2:]}")


def column_order(doc: SeedDocument) -> None:
    """Amount columns permuted: 项目支出 before 基本支出; in 支出总表 also the last three reversed."""
    expenditure = doc.tables["expenditure"]
    set_amount_columns(expenditure, expenditure.header[0][2:], (0, 2, 1, 5, 4, 3))
    gpb = doc.tables["gpb_expenditure"]
    set_amount_columns(gpb, gpb.header[0][2:], (0, 2, 1))


def _stack(table: StandardTable, amounts: int, headings: bool) -> None:
    """Left side's rows, then the right side's, in one [序号 | 项目 | amounts…] table; an income row
    fills the first amount column only."""
    income, spending = [], []
    for row in table.body:
        left_label, left_amount, right_label, right = row[1], row[2], row[3], row[4:]
        if len(right) != amounts:
            raise ValueError(f"{table.kind}: {len(row)} cells in {row}")
        if left_label.strip():
            income.append([left_label, left_amount] + [""] * (amounts - 1))
        elif left_amount.strip():
            raise ValueError(f"{table.kind}: unlabelled {left_amount}")
        if right_label.strip():
            spending.append([right_label, *right])
        elif any(c.strip() for c in right):
            raise ValueError(f"{table.kind}: unlabelled {right}")
    body: list[list[str]] = []
    number = 0
    for heading, block in (("收入", income), ("支出", spending)):
        if headings:
            body.append(["", heading] + [""] * amounts)
        for cells in block:
            number += 1
            body.append([str(number), *cells])
    table.body = body


def stacked_summary(doc: SeedDocument) -> None:
    """收支总表 and 财政拨款收支总表 as one column of rows: income block, then expenditure block
    (with 收入/支出 heading rows in the unit's 001, without in the department's 002)."""
    headings = doc.scope == "单位"
    summary = doc.tables["summary"]
    if [fold(c) for c in summary.header[1]] != ["", "项目", "预算数", "项目", "预算数"]:
        raise ValueError(f"summary header {summary.header}")
    _stack(summary, 1, headings)
    summary.header = [["序号", summary.header[1][1], "预算数"]]
    summary.renumber_stub()

    appropriation = doc.tables["appropriation_summary"]
    r2 = appropriation.header[1]
    if [fold(c) for c in r2[:5]] != ["", "项目", "金额", "项目", "合计"] or len(r2) != 8:
        raise ValueError(f"appropriation header {appropriation.header}")
    _stack(appropriation, 4, headings)
    # 预算数 spans the four amount columns (printed once); 序号 and 项目 merge down into row 2.
    appropriation.header = [["序号", r2[1], "预算数"], ["", "", *r2[4:]]]
    appropriation.renumber_stub()


def code_name_one_cell(doc: SeedDocument) -> None:
    """Code and name in one cell ("2010101 行政运行") under one 科目 header; in the 一般公共预算
    支出表 the two cells stay but the codes are printed spaced ("201 01 01")."""
    heads = {"income": "功能分类科目", "gpb_basic": "经济分类科目"}
    for kind in SUBJECT_KINDS:
        table = doc.tables[kind]
        _check_subject_header(table)
        if kind == "gpb_expenditure":
            for row in table.body:
                row[1] = " ".join(p for p in split_code(row[1], 3) if p)
            continue
        r1, r2 = table.header
        r1[1] = heads.get(kind, "科目")
        r2 = [r2[0], "", *r2[3:]]  # the 科目 cell merged down, printed once as an empty cell
        table.header = [r1, r2] if any(c.strip() for c in r2) else [r1]
        table.body = [[row[0], f"{row[1].strip()} {row[2].strip()}".strip(), *row[3:]] for row in table.body]
        table.renumber_stub()


def no_column_numbers(doc: SeedDocument) -> None:
    for table in doc.tables.values():
        table.stub = None


def three_row_header(doc: SeedDocument) -> None:
    """A grouping row on top: 支出 (收入, 一般公共预算支出…) over the amount columns; 序号 and
    科目 merge down into the second row, printed there as empty cells."""
    groups = {"income": "收入", "expenditure": "支出", "gpb_expenditure": "一般公共预算支出",
              "gov_fund": "政府性基金预算支出", "state_capital": "国有资本经营预算支出"}
    for kind, group in groups.items():
        table = doc.tables[kind]
        _check_subject_header(table)
        r1 = table.header[0]
        table.header = [[r1[0], r1[1], group], ["", "", *r1[2:]], table.header[1]]


def title_suffix(doc: SeedDocument) -> None:
    for kind in SUBJECT_KINDS:
        doc.tables[kind].title += "（按经济分类）" if kind == "gpb_basic" else "（按功能分类）"


def three_public_title(doc: SeedDocument, quoted: str, fund: str, ending: str = "经费支出表") -> None:
    """The 三公 title as `{单位预算}{fund}{quoted}{ending}`, e.g. 单位预算一般公共预算‘三公’经费支出表."""
    table = doc.tables["three_public"]
    table.title = f"{doc.scope}预算{fund}{quoted}{ending}"


def three_public_quotes(doc: SeedDocument) -> None:
    """Two of the ways (test_variants tries the others in memory)."""
    if doc.scope == "单位":
        three_public_title(doc, "‘三公’", "一般公共预算")
    else:
        three_public_title(doc, '"三公"', "")


VARIANTS: dict[str, Callable[[SeedDocument], None]] = {
    "titles": titles,
    "numbered_titles": numbered_titles,
    "code_split": code_split,
    "national_columns": national_columns,
    "stacked_summary": stacked_summary,
    "column_order": column_order,
    "code_name_one_cell": code_name_one_cell,
    "no_column_numbers": no_column_numbers,
    "three_row_header": three_row_header,
    "title_suffix": title_suffix,
    "three_public_quotes": three_public_quotes,
}


def seed_text(seed: str) -> str:
    return (SEEDS / seed).read_bytes().decode("utf-8")


def rewrite(text: str, change: Callable[[SeedDocument], None]) -> str:
    doc = read_seed(text)
    change(doc)
    return doc.render()


def variant_text(variant: str, seed: str) -> str:
    return rewrite(seed_text(seed), VARIANTS[variant])


def check(original: str, changed: str) -> list[str]:
    """What is wrong with a rewritten seed, parser-free: figures lost or added, other lines changed."""
    problems = []
    before, after = amount_strings(original), amount_strings(changed)
    if before != after:
        problems.append(f"figures lost {dict(before - after)}, added {dict(after - before)}")
    if outside_tables(original) != outside_tables(changed):
        problems.append("lines outside the standard tables changed")
    if len(standard_cells(changed)) != 9:
        problems.append(f"{len(standard_cells(changed))} standard tables")
    return problems


def main() -> None:
    for variant in VARIANTS:
        for seed in SEED_FILES:
            text = variant_text(variant, seed)
            problems = check(seed_text(seed), text)
            if problems:
                raise SystemExit(f"{variant}/{seed}: {problems}")
            target = FIXTURES / variant / seed
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
