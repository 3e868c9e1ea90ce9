"""The nine standard tables (公开表) of a disclosure → fact rows.

Titles and columns are recognised by the wordings of the layout files (schemas/layouts/, read by
parse/layouts.py and parse/headers.py), so a template is described there, not here. A column
whose header no layout names is reported with its header and left out; the columns that are known
still load. A table without a subject or label column, or without any known amount column, is
'unparsed' with the reason. A kind that the part names (a title with no table under it, a title
no layout knows, or the text pointing to it) but that could not be read is 'unparsed', never
'absent'. Every amount cell becomes exactly one fact row (expenditure side, income side or 三公),
carrying the printed row label and its source line.

The two summary tables come side by side (income | expenditure, two label columns) or stacked
(one label column: the income block, then the expenditure block from the first 支出 row on).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from yusuan.model import Block, Cell, Paragraph, Table, cell_text
from yusuan.parse.amounts import NotAnAmount, parse_amount
from yusuan.parse.disclosures import Part
from yusuan.parse.headers import NUMBERED, Header, read_header
from yusuan.parse.layouts import LAYOUTS, TitleMatch, looks_like_table_title, match_title, title_key
from yusuan.parse.rows import Row, issue_row, rejoin
from yusuan.parse.text import TOTAL_LABEL, compact, fold, strip_numbering
from yusuan.vocab import FUNCTIONAL_CLASSES, SUBJECT_LEVELS, TABLE_KINDS, TableKind

_UNIT = re.compile(r"单位:(万元|元)")
_CODE = re.compile(r"^(\d{3}(?:\s*\d{2}){0,2})(?!\d)\s*(.*)$", re.S)
# A line of the text that points at a table (详见附表3, 公开表格包括…).
_REFERENCE = re.compile(r"详见|见附表|附表|公开表|包括")
_AMOUNT_SIDE = {"income": "in", "three_public": "tp"}


@dataclass
class TableResult:
    """What one part's standard tables yield; lists of warehouse rows as dicts."""

    tables: list[dict] = field(default_factory=list)
    expenditure: list[dict] = field(default_factory=list)
    income: list[dict] = field(default_factory=list)
    three_public: list[dict] = field(default_factory=list)
    subjects: dict[str, dict] = field(default_factory=dict)
    issues: list[dict] = field(default_factory=list)
    # ids of the part's tables read as standard tables with no issue: every figure in an amount
    # column was an amount, so no other table (an indicator header's words) ran on inside them
    read: set[int] = field(default_factory=set)


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
    stacked_side: str = "in"  # in a stacked summary, the block the rows are in
    code_parts: tuple[str, ...] = ()  # the last 类/款/项 printed, for rows that print only the lower parts
    paths: list[tuple[str, ...]] = field(default_factory=list)  # column → its header path, as printed

    def location(self, cell: Cell) -> str:
        return f"{self.file_name}:{cell.line}"

    def issue(self, cell: Cell, problem: str, detail: str) -> None:
        self.result.issues.append(issue_row(self.disclosure_id, self.kind.kind, problem, detail, self.location(cell)))


def parse_tables(part: Part, disclosure_id: str, file_name: str) -> TableResult:
    result = TableResult()
    found: dict[str, dict] = {}
    named: dict[str, str] = {}  # kind → why the part says it has it, where no table was read
    for i, (block, match) in enumerate(zip(part.blocks, part.titles, strict=True)):
        if not isinstance(block, Paragraph):
            continue
        if match is None:
            if (titled := match_title(block.text)) is not None:
                named.setdefault(titled.kind.kind, f"title at line {block.line} has no table under it")
            elif looks_like_table_title(block.text) and _table_after(part.blocks, i)[0] is not None:
                result.issues.append(issue_row(
                    disclosure_id, "document", "unknown_table_title",
                    f"{compact(block.text)!r} looks like a budget table, but no layout in schemas/layouts names it",
                    f"{file_name}:{block.line}"))
                for kind in TABLE_KINDS:
                    named.setdefault(kind.kind, f"an unrecognised table {compact(block.text)!r} at line {block.line} may be it")
            elif "表" in block.text and _REFERENCE.search(block.text):
                for kind_name in _kinds_named_in(block.text):
                    named.setdefault(kind_name, f"named in the text at line {block.line}, but no table under a recognised title")
            continue
        if match.kind.kind in found:
            continue
        table, unit = _table_after(part.blocks, i)
        ctx = _Context(result, disclosure_id, file_name, part.budget_year, match.kind, unit)
        issues_before = len(result.issues)
        status, row_count, template, column_map = _read_table(ctx, table, match) if table else ("empty", 0, match.template, None)
        if status == "loaded" and len(result.issues) == issues_before:
            result.read.add(id(table))
        found[match.kind.kind] = {
            "disclosure_id": disclosure_id, "table_kind": match.kind.kind, "title": compact(block.text),
            "status": status, "row_count": row_count, "source_location": f"{file_name}:{block.line}",
            "layout_template": template, "column_map": column_map,
        }
    for kind in TABLE_KINDS:
        row = found.get(kind.kind)
        if row is None and kind.kind in named and found:
            result.issues.append(issue_row(disclosure_id, kind.kind, "not_found", named[kind.kind], f"{file_name}:{part.first_line}"))
        result.tables.append(row or {
            "disclosure_id": disclosure_id, "table_kind": kind.kind, "title": None,
            "status": "unparsed" if kind.kind in named and found else "absent", "row_count": 0, "source_location": None,
            "layout_template": None, "column_map": None,
        })
    return result


def _table_after(blocks: list[Block], title_index: int) -> tuple[Table | None, str]:
    """The table under a title (paragraphs such as `单位：万元` may sit between) and its unit."""
    title = blocks[title_index]
    printed = _UNIT.search(fold(title.text)) if isinstance(title, Paragraph) else None  # 部门收支总表 单位：元
    unit = printed.group(1) if printed else "万元"
    for block in blocks[title_index + 1 : title_index + 4]:
        texts = ([c.text for c in block.rows[0]] if block.rows else []) if isinstance(block, Table) else [block.text]
        match = _UNIT.search(fold(" ".join(texts)))
        if match:
            unit = match.group(1)
        if isinstance(block, Table):
            return block, unit
        if match_title(block.text):
            break
    return None, unit


def _kinds_named_in(text: str) -> list[str]:
    key = title_key(text)  # the same reduction as titles, so 详见附表3 收支预算总表 names 收支总表
    named, seen = [], set()
    for known, (kind, _) in LAYOUTS.titles.items():
        if kind not in seen and known in key:
            key = key.replace(known, "|")  # the longest wording wins: 财政拨款收支总表 is not also 收支总表
            named.append(kind)
            seen.add(kind)
    return named


def _read_table(ctx: _Context, table: Table, title: TitleMatch) -> tuple[str, int, str | None, str | None]:
    header = read_header(ctx.kind, table.rows)
    body = rejoin(table.rows[header.body_start :], header.width)
    # The template whose words named most columns; on a tie, the one whose wording the title is in.
    template = max(header.templates, key=lambda t: (header.templates[t], t == title.template), default=title.template)
    column_map = _column_map(tuple(header.paths), tuple(header.roles))
    plan = _plan(ctx, table, header, body)
    if isinstance(plan, str):
        ctx.issue(table.rows[0][0], "layout_mismatch", plan)
        return "unparsed", 0, template, column_map
    ctx.paths = header.paths
    if any(side == "ti" for _, side, *_ in plan.amounts):
        body = _total_rows(plan, body)
    used = [c for c, _ in plan.text] + [c for c, *_ in plan.amounts]
    beyond = max(used) + 1  # a row this wide holds every column read
    row_count = 0
    for row in body:
        cells = map(row.__getitem__, used) if len(row) >= beyond else (row[c] for c in used if c < len(row))
        if not any(map(cell_text, cells)):
            continue
        if len(row) != header.width:
            ctx.issue(row[0], "row_width", f"{len(row)} cells where the header has {header.width}")
            continue
        row_count += 1
        _read_row(ctx, plan, row)
    return ("loaded" if row_count else "empty"), row_count, template, column_map


@functools.lru_cache(maxsize=1 << 12)  # a template prints the same header in every document
def _column_map(paths: tuple[tuple[str, ...], ...], roles: tuple[str | None, ...]) -> str:
    return "; ".join(f"{'›'.join(p) or '(blank)'}={r}" for p, r in zip(paths, roles, strict=True) if r)


@dataclass(frozen=True)
class _Plan:
    """The columns to read: text columns with their role; amount columns with their side (in, out,
    tp; ti for a 三公 item column; stacked when the row decides), measure, fund scope (or None) and
    the label column naming their row (None: the subject name)."""

    text: tuple[tuple[int, str], ...]
    amounts: tuple[tuple[int, str, str, str | None, int | None], ...]


_TEXT_ROLES = ("code", "code_part", "name", "code_name", "label")


def _plan(ctx: _Context, table: Table, header: Header, body: list[Row]) -> _Plan | str:
    """The columns to read, or why the table cannot be read."""
    paths = tuple(header.paths)
    roles = list(_item_roles(ctx.kind, paths, tuple(header.roles)))
    for c, role in enumerate(roles):
        if role is not None:
            continue
        cells = [row[c].text for row in body if c < len(row) and row[c].text]
        if cells and not paths[c] and all(NUMBERED.match(compact(t)) for t in cells):
            roles[c] = "row_number"  # an unheaded column of 1, 2, 3 … numbers the rows
        elif cells or paths[c]:
            ctx.issue(table.rows[0][0], "unknown_column",
                      f"column {c + 1} {'›'.join(paths[c]) or '(no header)'}: no layout names it, its cells are not loaded")
    plan, repeated = _columns_plan(ctx.kind, paths, tuple(roles))
    for c, role in repeated:
        ctx.issue(table.rows[0][0], "duplicate_column", f"column {c + 1} {'›'.join(paths[c])} repeats {role}: not loaded")
    return plan


@functools.lru_cache(maxsize=1 << 12)  # a template prints the same header in every document
def _item_roles(kind: TableKind, paths: tuple[tuple[str, ...], ...], roles: tuple[str | None, ...]) -> tuple[str | None, ...]:
    """The header's roles, with the national 三公 table's item columns as ti:<item>."""
    items = _item_columns(paths) if kind.kind == "three_public" else {}
    if len([i for i in items.values() if i != "total"]) < 2:
        return roles
    return tuple(f"ti:{items[c]}" if c in items else role for c, role in enumerate(roles))


@functools.lru_cache(maxsize=1 << 12)  # and so its columns' roles, which decide the plan (shared: immutable)
def _columns_plan(kind: TableKind, paths: tuple[tuple[str, ...], ...],
                  roles: tuple[str | None, ...]) -> tuple[_Plan | str, tuple[tuple[int, str], ...]]:
    """The plan for columns of these roles (or why there is none), and the columns left out
    because they repeat another's role: (column, role)."""
    labels = [c for c, r in enumerate(roles) if r == "label"]
    text = tuple((c, r) for c, r in enumerate(roles) if r in _TEXT_ROLES)
    items = [(c, role[3:]) for c, role in enumerate(roles) if role and role.startswith("ti:")]
    if items:
        return _Plan(text, tuple((c, "ti", item, None, _label_of(labels, c)) for c, item in items)), ()
    amounts, repeated, seen = [], [], set()
    for c, role in enumerate(roles):
        if role is None or role == "row_number" or role in _TEXT_ROLES:
            continue
        if kind.shape == "two_sided":
            side = "stacked" if len(labels) < 2 else ("in" if c < labels[1] else "out")
        else:
            side = _AMOUNT_SIDE.get(kind.kind, "out")
        if (side, role) in seen:
            repeated.append((c, role))
            continue
        seen.add((side, role))
        measure, _, scope = role.partition("@")
        amounts.append((c, side, measure, scope or None, _label_of(labels, c)))
    text_roles = {r for _, r in text}
    if not amounts:
        reason = f"no amount column recognised in the header {' | '.join('›'.join(p) for p in paths)}"
    elif kind.shape == "subject" and not text_roles & {"code", "code_part", "name", "code_name"}:
        reason = "no subject code or name column recognised"
    elif kind.shape != "subject" and "label" not in text_roles:
        reason = "no row label (项目) column recognised"
    else:
        return _Plan(text, tuple(amounts)), tuple(repeated)
    return reason, tuple(repeated)


def _label_of(labels: list[int], c: int) -> int | None:
    """The label column naming an amount column's row: the nearest on its left (its side's)."""
    return next((lc for lc in reversed(labels) if lc < c), labels[0] if labels else None)


def _total_rows(plan: _Plan, body: list[Row]) -> list[Row]:
    """A 三公 table by item columns may list each unit under the total: the total row alone, so
    that no figure counts twice."""
    labels = [c for c, role in plan.text if role == "label"]
    totals = [row for row in body if any(TOTAL_LABEL.search(compact(row[c].text)) for c in labels if c < len(row))]
    return totals[:1] or body


def _item_columns(paths: tuple[tuple[str, ...], ...]) -> dict[int, str]:
    """三公 items named by column headers; a 小计/合计 under an item's header is that item."""
    items = {}
    for c, path in enumerate(paths):
        for text in reversed(path):
            item = _three_public_item(text) if not TOTAL_LABEL.search(text) and text != "小计" else None
            if item:
                items[c] = item
                break
        else:
            if path and (TOTAL_LABEL.search(path[-1]) or path[-1] == "小计") and len(path) == 1:
                items[c] = "total"
    return items


def _read_row(ctx: _Context, plan: _Plan, row: Row) -> None:
    """Each amount cell of a row to its fact, labelled by the text cells of its side."""
    code, name, labels, parts = None, "", {}, []
    for c, role in plan.text:
        text = row[c].text
        if role == "code":
            if text.isdigit() or any(ch.isdigit() for ch in text):  # the first test answers for most codes
                code = compact(text)
            elif text and not name:  # 合计 merged over the code and name cells
                name = text
        elif role == "code_part":
            parts.append(compact(text))
        elif role in ("name", "code_name"):
            name = text
        else:
            labels[c] = label = compact(text)
            # In 财政拨款收支总表 the 年初结转 row heads the carry-over of each fund: itself and the rows below.
            if ctx.kind.kind == "appropriation_summary" and "年初" in label and "结转" in label:
                ctx.after_carryover = True
    if parts:
        code = _joined_code(ctx, parts)
    subject = None
    if name or code:
        name = compact(name)
        split = _CODE.match(name) if code is None and name[:1].isdigit() else None
        if split and split.group(2):
            code, name = compact(split.group(1)), split.group(2)
        subject = _subject(ctx, code, name, row[plan.text[0][0]])
    for c, side, measure, scope, label_column in plan.amounts:
        cell = row[c]
        if not cell.text:
            continue
        # A cell merged across columns repeats in each (readers expand spans): its figure counts once.
        left = row[c - 1] if c else None
        if left is not None and (left is cell or left.line == cell.line):
            continue
        label = name if label_column is None else labels[label_column]
        if side == "ti":  # an item column: the figure is the item's, the row's label its unit or 合计
            _amount_cell(ctx, "tp", ctx.kind.fund_scope, None, cell, label or "›".join(ctx.paths[c]), subject, item=measure)
            continue
        if side == "stacked":
            side = _stacked_side(ctx, label)
            if side == "in" and measure != "total":
                continue  # income rows of a stacked table carry their figure in the total column
        _amount_cell(ctx, side, measure, scope, cell, label, subject)


def _joined_code(ctx: _Context, parts: list[str]) -> str | None:
    """A code printed over 类 | 款 | 项 cells; a row may print only its lower parts under the
    class above it."""
    if not any(parts):
        return None
    if not parts[0] and ctx.code_parts:
        filled = next(i for i, p in enumerate(parts) if p)
        parts = list(ctx.code_parts[:filled]) + parts[filled:]
    ctx.code_parts = tuple(parts)
    code = ""
    for part in parts:
        if not part:
            break
        code = part if part.startswith(code) and len(part) > 3 else code + part  # 201 | 20101 | 2010101 printed whole
    return code or None


def _stacked_side(ctx: _Context, label: str) -> str:
    """The block of a stacked summary a row is in: income until the first expenditure row."""
    bare = strip_numbering(label)
    if ctx.stacked_side == "in" and ("支出" in bare or "年终结转" in bare or bare in FUNCTIONAL_CLASSES):
        ctx.stacked_side = "out"
    return ctx.stacked_side


def _subject(ctx: _Context, code: str | None, name: str, cell: Cell) -> str | None:
    if code is None:
        return None
    if not code.isdigit() or len(code) not in SUBJECT_LEVELS:
        ctx.issue(cell, "bad_subject_code", f"code {code!r} is not a 3, 5 or 7 digit subject code")
        return None
    return _register_subject(ctx, ctx.kind.classification, code, name)


def _register_subject(ctx: _Context, classification: str | None, code: str, name: str) -> str:
    subject_id = f"{classification}:{ctx.year}:{code}"
    if subject_id not in ctx.result.subjects:  # the first row naming a subject names it (each amount cell asks)
        ctx.result.subjects[subject_id] = {
            "subject_id": subject_id, "classification": classification, "budget_year": ctx.year,
            "code": code, "name": name, "level": SUBJECT_LEVELS[len(code)],
            "parent_code": code[: len(code) - 2] if len(code) > 3 else None,
        }
    return subject_id


def _amount_cell(ctx: _Context, side: str, measure: str, scope: str | None, cell: Cell, label: str,
                 subject: str | None, item: str | None = None) -> None:
    try:
        amount = parse_amount(cell.text, ctx.unit)
    except NotAnAmount as exc:  # an implausible figure says why; any other text is quoted
        ctx.issue(cell, "not_an_amount", str(exc) if type(exc) is not NotAnAmount else f"{cell.text!r} in an amount column")
        return
    if amount is None:
        return
    if not label:
        ctx.issue(cell, "unlabelled_amount", f"{cell.text} has no row label")
        return
    # One dict literal a fact: built whole, a dict costs less than the shared columns first and
    # each side's added after.
    kind, where = ctx.kind, ctx.location(cell)
    if side == "tp":
        item = item or _three_public_item(label)
        if item is None:
            ctx.issue(cell, "unknown_row", f"三公 row {label!r} is not in the layouts' rows")
            return
        ctx.result.three_public.append({
            "disclosure_id": ctx.disclosure_id, "table_kind": kind.kind, "row_label": label, "amount_wan": amount,
            "source_location": where, "item": item, "fund_scope": measure})
    elif side == "in":
        source, fund_scope, is_total = _income_row(ctx, measure, label)
        ctx.result.income.append({
            "disclosure_id": ctx.disclosure_id, "table_kind": kind.kind, "row_label": label, "amount_wan": amount,
            "source_location": where, "subject_id": subject, "income_source": source,
            "fund_scope": fund_scope, "is_total": is_total})
    else:
        ctx.result.expenditure.append({
            "disclosure_id": ctx.disclosure_id, "table_kind": kind.kind, "row_label": label, "amount_wan": amount,
            "source_location": where,
            "subject_id": _class_subject(ctx, label) if kind.shape == "two_sided" else subject,
            "measure": measure, "fund_scope": scope or kind.fund_scope, "is_total": _is_total(label)})


@functools.lru_cache(maxsize=1 << 12)  # asked for every amount cell of a row, under the same label
def _is_total(label: str) -> bool:
    return bool(TOTAL_LABEL.search(label))


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
    for word, source, fund in LAYOUTS.income_rows:
        if word in bare:
            return ("carryover" if ctx.after_carryover else source), fund, False
    return "other", scope, False


def _class_subject(ctx: _Context, label: str) -> str | None:
    code = FUNCTIONAL_CLASSES.get(strip_numbering(label))
    return _register_subject(ctx, "functional", code, strip_numbering(label)) if code else None


def _three_public_item(label: str) -> str | None:
    bare = strip_numbering(label)
    return next((word.role for word in LAYOUTS.rows if word.text in bare), None)
