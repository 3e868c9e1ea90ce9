"""The nine standard tables (公开表) of a disclosure → fact rows.

Each table kind has a column layout in `vocab.LAYOUTS`. A table is read only when its
column count and header keywords agree with that layout; otherwise it is recorded as
'unparsed' with the reason, never guessed. Every amount cell becomes exactly one fact row
(expenditure side, income side or 三公), carrying the printed row label and its source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.model import Block, Cell, Table
from yusuan.parse.amounts import NotAnAmount, parse_amount
from yusuan.parse.disclosures import Part, standard_title
from yusuan.parse.rows import issue_row, rejoin
from yusuan.parse.text import compact, fold, strip_numbering
from yusuan.vocab import (
    FUNCTIONAL_CLASSES,
    INCOME_ROW_SOURCES,
    LAYOUTS,
    SUBJECT_LEVELS,
    TABLE_KINDS,
    THREE_PUBLIC_ITEMS,
    TableKind,
)

_UNIT = re.compile(r"单位:(万元|元)")
_TOTAL_LABEL = re.compile(r"(合计|总计)$")


@dataclass
class TableResult:
    """What one part's standard tables yield; lists of warehouse rows as dicts."""

    tables: list[dict] = field(default_factory=list)
    expenditure: list[dict] = field(default_factory=list)
    income: list[dict] = field(default_factory=list)
    three_public: list[dict] = field(default_factory=list)
    subjects: dict[tuple, dict] = field(default_factory=dict)
    issues: list[dict] = field(default_factory=list)


@dataclass
class _Context:
    """Where the rows of one table go and how to label them."""

    result: TableResult
    disclosure_id: str
    file_name: str
    year: int | None
    kind: TableKind
    unit: str
    after_carryover: bool = False  # below 年初财政拨款结转和结余 the fund rows are carry-over

    def location(self, cell: Cell) -> str:
        return f"{self.file_name}:{cell.line}"

    def issue(self, cell: Cell, problem: str, detail: str) -> None:
        self.result.issues.append(issue_row(self.disclosure_id, self.kind.kind, problem, detail, self.location(cell)))


def parse_tables(part: Part, disclosure_id: str, file_name: str) -> TableResult:
    result = TableResult()
    found: dict[str, dict] = {}
    for i, block in enumerate(part.blocks):
        title = standard_title(block)
        if not title or title[1].kind in found:
            continue
        kind = title[1]
        table, unit = _table_after(part.blocks, i)
        ctx = _Context(result, disclosure_id, file_name, part.budget_year, kind, unit)
        status, row_count = _read_table(ctx, table) if table else ("empty", 0)
        found[kind.kind] = {
            "disclosure_id": disclosure_id, "table_kind": kind.kind, "title": compact(block.text),
            "status": status, "row_count": row_count, "source_location": f"{file_name}:{block.line}",
        }
    for kind in TABLE_KINDS:
        result.tables.append(found.get(kind.kind) or {
            "disclosure_id": disclosure_id, "table_kind": kind.kind, "title": None,
            "status": "absent", "row_count": 0, "source_location": None,
        })
    return result


def _table_after(blocks: list[Block], title_index: int) -> tuple[Table | None, str]:
    """The table under a title (paragraphs such as `单位：万元` may sit between) and its unit."""
    unit = "万元"
    for block in blocks[title_index + 1 : title_index + 4]:
        texts = [c.text for c in block.rows[0]] if isinstance(block, Table) and block.rows else [block.text]
        match = _UNIT.search(fold(" ".join(texts)))
        if match:
            unit = match.group(1)
        if isinstance(block, Table):
            return block, unit
        if standard_title(block):
            break
    return None, unit


def _read_table(ctx: _Context, table: Table) -> tuple[str, int]:
    layout = LAYOUTS[ctx.kind.kind]
    stub = next((r for r in table.rows if r and fold(r[0].text) == "栏次"), None)
    if stub is None:
        ctx.issue(table.rows[0][0], "no_column_numbers", "no 栏次 row: cannot tell header from data")
        return "unparsed", 0
    body_start = table.rows.index(stub)
    header_text = fold(" ".join(c.text for row in table.rows[1:body_start] for c in row))
    width = len(stub)
    offset = width - len(layout)
    missing = [keyword for _, keyword in layout if keyword not in header_text]
    if offset not in (0, 1) or missing:
        reason = f"{width} columns for a layout of {len(layout)}" if offset not in (0, 1) else f"header lacks {missing}"
        ctx.issue(stub[0], "layout_mismatch", reason)
        return "unparsed", 0
    row_count = 0
    for row in rejoin(table.rows[body_start + 1 :], width):
        if not any(c.text for c in row[offset:]):
            continue
        if len(row) != width:
            ctx.issue(row[0], "row_width", f"{len(row)} cells where the header has {width}")
            continue
        row_count += 1
        _read_row(ctx, layout, row[offset:])
    return ("loaded" if row_count else "empty"), row_count


def _read_row(ctx: _Context, layout, cells: tuple[Cell, ...]) -> None:
    """Dispatch each amount cell of a row to its fact, labelled by the text cell on its left."""
    code = subject = None
    label = ""
    previous = None
    for (role, _), cell in zip(layout, cells, strict=True):
        # A cell merged across columns repeats in each (readers expand spans): its figure counts once.
        repeat, previous = cell is previous or (previous is not None and cell.line == previous.line and cell.text), cell
        if repeat and role not in ("code", "name", "label"):
            continue
        if role == "code":
            code = compact(cell.text) or None
        elif role == "name":
            label = compact(cell.text)
            subject = _subject(ctx, code, label, cell)
        elif role == "label":
            label = compact(cell.text)
            # In 财政拨款收支总表 the 年初结转 row heads the carry-over of each fund below it.
            if ctx.kind.kind == "appropriation_summary" and "年初" in label and "结转" in label:
                ctx.after_carryover = True
        else:
            _amount_cell(ctx, role, cell, label, subject)


def _subject(ctx: _Context, code: str | None, name: str, cell: Cell) -> str | None:
    if code is None:
        return None
    if not code.isdigit() or len(code) not in SUBJECT_LEVELS:
        ctx.issue(cell, "bad_subject_code", f"code {code!r} is not a 3, 5 or 7 digit subject code")
        return None
    return _register_subject(ctx, ctx.kind.classification, code, name)


def _register_subject(ctx: _Context, classification: str, code: str, name: str) -> str:
    subject_id = f"{classification}:{ctx.year}:{code}"
    ctx.result.subjects.setdefault(subject_id, {
        "subject_id": subject_id, "classification": classification, "budget_year": ctx.year,
        "code": code, "name": name, "level": SUBJECT_LEVELS[len(code)],
        "parent_code": code[: len(code) - 2] if len(code) > 3 else None,
    })
    return subject_id


def _amount_cell(ctx: _Context, role: str, cell: Cell, label: str, subject: str | None) -> None:
    try:
        amount = parse_amount(cell.text, ctx.unit)
    except NotAnAmount:
        ctx.issue(cell, "not_an_amount", f"{cell.text!r} in an amount column")
        return
    if amount is None:
        return
    if not label:
        ctx.issue(cell, "unlabelled_amount", f"{cell.text} has no row label")
        return
    side, _, rest = role.partition(":")
    measure, _, scope = rest.partition("@")
    common = {"disclosure_id": ctx.disclosure_id, "table_kind": ctx.kind.kind, "row_label": label,
              "amount_wan": amount, "source_location": ctx.location(cell)}
    if side == "tp":
        item = _three_public_item(label)
        if item is None:
            ctx.issue(cell, "unknown_row", f"三公 row {label!r} is not in the vocabulary")
            return
        ctx.result.three_public.append({**common, "item": item, "fund_scope": measure})
    elif side == "in":
        source, fund_scope, is_total = _income_row(ctx, measure, label)
        ctx.result.income.append({**common, "subject_id": subject, "income_source": source,
                                  "fund_scope": fund_scope, "is_total": is_total})
    else:
        if ctx.kind.shape == "two_sided":
            subject = _class_subject(ctx, label)
        ctx.result.expenditure.append({**common, "subject_id": subject, "measure": measure,
                                       "fund_scope": scope or ctx.kind.fund_scope,
                                       "is_total": _is_total(label)})


def _is_total(label: str) -> bool:
    return bool(_TOTAL_LABEL.search(label))


def _income_row(ctx: _Context, column_source: str, label: str) -> tuple[str, str, bool]:
    """(income_source, fund_scope, is_total) of an income amount."""
    scope = ctx.kind.fund_scope
    if ctx.kind.shape == "subject":
        return column_source, scope, _is_total(label)
    bare = strip_numbering(label)
    if bare.endswith("总计"):
        return "grand_total", scope, True
    if bare.endswith("合计"):
        return "total", scope, True
    if "结转" in bare:
        return "carryover", scope, ctx.after_carryover
    for keyword, (source, fund) in INCOME_ROW_SOURCES:
        if keyword in bare:
            return ("carryover" if ctx.after_carryover else source), fund, False
    return "other", scope, False


def _class_subject(ctx: _Context, label: str) -> str | None:
    code = FUNCTIONAL_CLASSES.get(strip_numbering(label))
    return _register_subject(ctx, "functional", code, strip_numbering(label)) if code else None


def _three_public_item(label: str) -> str | None:
    bare = strip_numbering(label)
    for item, wording in THREE_PUBLIC_ITEMS.items():
        if fold(wording) in bare:
            return item
    return None
