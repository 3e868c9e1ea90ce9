"""Performance targets (绩效目标) → projects, spend plans, goals, indicators and prose.

A project target table follows a title ending in 绩效目标表. Its header part (项目编码, 项目名称,
预算数, 资金支出计划, 绩效目标) is read by label, cell after label, because merged cells make
its rows ragged; its indicator part is read by the column header (一级指标 … 指标值确定依据, wherever
the 一级指标 cell stands), rows rejoined to the header's width, a blank level cell repeating
the one above; a header part and an indicator part printed as two tables are one project table. A table with
an indicator header under no project title is the department-wide indicator table (003), unless
it prints a project's header part or comes after the first project table: then it is a project
table whose title was lost.

Nothing in a target table is dropped without a parse issue: a cell of the header part that no
label reads, a label the disclosure's other project tables print and this one lacks, a spend plan
without its values, an indicator header without the columns a target needs, a header-part row
among the indicators, a target holding characters outside common use (GB2312), which is what a
damaged byte makes of a unit or an operator.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from yusuan.model import Block, Cell, Paragraph, Table, cell_text
from yusuan.parse.amounts import CENT, NotAnAmount, parse_amount
from yusuan.parse.disclosures import PROJECT_TITLE_END, Part, is_project_title
from yusuan.parse.rows import issue_row, rejoin
from yusuan.parse.target_values import parse_target
from yusuan.parse.text import compact, fold, strip_numbering
from yusuan.vocab import INDICATOR_LEVEL1, INDICATOR_LEVEL2, PERFORMANCE_SECTIONS, SPEND_PLAN_MONTHS

_GOAL_ROW = re.compile(r"^目标\d+$")
_GOAL_NUMBER = re.compile(r"^\s*[（(]?\d+[）)]?[、.．]?\s*")
_OPERATOR_CELL = re.compile(r"^(=|≥|≤|>|<|>=|<=|文字描述)$")
_SECTION_END = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、.*(绩效|预算|采购|资产|名词|其他|说明|经费|情况))")
_HEADER_LABELS = {
    "项目编码": "code", "专项资金名称": "name", "项目名称": "name", "预算数": "budget",
    "其他资金": "other", "绩效目标": "goals", "预算规模及资金用途": "purpose",
}
_LABEL_NAMES = {"code": "项目编码", "name": "项目名称", "budget": "预算数", "fiscal": "其中：财政资金", "other": "其他资金",
                "purpose": "预算规模及资金用途", "spend": "资金支出计划", "goals": "绩效目标"}
_FISCAL = re.compile(r"^(其中:?)?财政资金(\(万元\))?$")
_UNIT_NOTE = re.compile(r"^单位:")  # 单位：万元 over the header part (004): no cell of the project
_TARGET_ROLES = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "指标值"}


@dataclass
class TargetResult:
    projects: list[dict] = field(default_factory=list)
    spend_plan: list[dict] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)


@dataclass
class _Context:
    result: TargetResult
    disclosure_id: str
    file_name: str
    labels: dict[str, set[str]] = field(default_factory=dict)  # project_id → the header labels its table prints

    def location(self, line: int) -> str:
        return f"{self.file_name}:{line}"

    def issue(self, kind: str, line: int, problem: str, detail: str) -> None:
        self.result.issues.append(issue_row(self.disclosure_id, kind, problem, detail, self.location(line)))


def parse_targets(part: Part, disclosure_id: str, file_name: str, standard: Collection[int] = ()) -> TargetResult:
    """The part's target tables; `standard` are the ids of its tables read whole as standard tables
    (TableResult.read), which hold no indicators and are not searched for an indicator header
    (most of a part's cells are theirs)."""
    ctx = _Context(TargetResult(), disclosure_id, file_name)
    claimed: set[int] = set()
    # Each table's indicator header, found once: the steps below ask it of the same tables again.
    headers = {id(b): None if id(b) in standard else _indicator_header(b.rows) for b in part.blocks if isinstance(b, Table)}
    first_title = None
    for i, block in enumerate(part.blocks):
        if isinstance(block, Paragraph) and is_project_title(block.text):
            first_title = i if first_title is None else first_title
            tables = _tables_under(part.blocks, i, headers)
            if tables:
                claimed.update(id(t) for t in tables)
                _project(ctx, block, Table(rows=tuple(row for t in tables for row in t.rows), line=tables[0].line),
                         _joined_header(tables, headers))
    for k, block in enumerate(part.blocks):
        if not isinstance(block, Table) or id(block) in claimed or (header := headers[id(block)]) is None:
            continue
        before = part.blocks[k - 1] if k else None
        head = before if (header == 0 and isinstance(before, Table) and id(before) not in claimed
                          and headers[id(before)] is None and _printed_labels(before.rows)) else None
        rows = (head.rows if head else ()) + block.rows
        header_end = _joined_header([t for t in (head, block) if t], headers)
        if _printed_labels(rows[:header_end]) or (first_title is not None and k > first_title):
            claimed.update(id(t) for t in (head, block) if t)
            ctx.issue("project_target", block.line, "untitled_project_table",
                      "a project target table under no title ending in 绩效目标表 (lost or damaged): read as a project "
                      "without its title")
            _project(ctx, None, Table(rows=rows, line=rows[0][0].line if rows[0] else block.line), header_end)
        else:
            _indicators(ctx, "department_target", block.rows[header:], project_id=None)
    _missing_labels(ctx)
    _performance_texts(ctx, part.blocks)
    return ctx.result


def _tables_under(blocks: list[Block], title_index: int, headers: dict[int, int | None]) -> list[Table]:
    """The table under a project title; when it holds no indicator header, the table right after it
    whose first row is one is its indicator part: a Word file may print the header part and the
    indicators as two tables, kept apart by a paragraph holding a space (001 line 1628, 002 line
    1214), which the text form prints as a blank line, and the other forms drop."""
    for k in range(title_index + 1, min(title_index + 4, len(blocks))):
        block = blocks[k]
        if isinstance(block, Table):
            after = blocks[k + 1] if k + 1 < len(blocks) else None
            if headers[id(block)] is None and isinstance(after, Table) and headers[id(after)] == 0:
                return [block, after]
            return [block]
        if is_project_title(block.text):
            return []
    return []


def _indicator_header(rows) -> int | None:
    """The row of the indicator header: a cell 一级指标, not always the first (a label cell merged
    down the indicator rows may stand before it)."""
    # Asked of every cell of every table of a part: a plain loop costs less than joining the texts
    # to rule out at once the tables (nearly all but the target tables) where no cell holds 指标.
    for i, row in enumerate(rows):
        for cell in row:
            if "指标" in cell.text and fold(cell.text) == "一级指标":  # the substring test first: fold costs more
                return i
    return None


def _is_indicator_header(row) -> bool:
    return _indicator_header([row]) == 0


def _joined_header(tables: list[Table], headers: dict[int, int | None]) -> int | None:
    """The indicator header's row in the rows of `tables` one after another."""
    before = 0
    for table in tables:
        header = headers[id(table)]
        if header is not None:
            return before + header
        before += len(table.rows)
    return None


def _project(ctx: _Context, title: Paragraph | None, table: Table, header_end: int | None) -> None:
    """A project target table, its indicator header at row `header_end` (None: it has none)."""
    project_id = f"{ctx.disclosure_id}-p{len(ctx.result.projects) + 1}"
    head = table.rows[: header_end if header_end is not None else len(table.rows)]
    read: set[int] = set()  # ids of the header part's cells read as values
    fields = _header_fields(ctx, head, read)
    titled = strip_numbering(title.text).removesuffix(PROJECT_TITLE_END) if title else ""
    ctx.result.projects.append({
        "project_id": project_id, "disclosure_id": ctx.disclosure_id, "project_code": fields.get("code"),
        "project_name": fields.get("name") or titled or "", "title": compact(title.text) if title else "",
        "budget_wan": fields.get("budget"), "fiscal_wan": fields.get("fiscal"), "other_wan": fields.get("other"),
        "purpose": fields.get("purpose"), "source_location": ctx.location(title.line if title else table.line),
    })
    _spend_plan(ctx, project_id, head, fields.get("budget"), read)
    _goals(ctx, project_id, head, read)
    _unread(ctx, head, read)
    ctx.labels[project_id] = _printed_labels(head)
    if header_end is None:
        ctx.issue("project_target", table.line, "no_indicator_header", "no 一级指标 header row: no indicators read")
    else:
        _indicators(ctx, "project_target", table.rows[header_end:], project_id)


@functools.lru_cache(maxsize=1 << 12)  # every cell of a header part is asked again by each field read from it
def _label(printed: str) -> str | None:
    text = fold(printed)
    if _FISCAL.match(text):
        return "fiscal"
    if text.startswith("资金支出计划"):
        return "spend"
    return _HEADER_LABELS.get(text)


def _printed_labels(rows) -> set[str]:
    return set(filter(None, map(_label, map(cell_text, itertools.chain.from_iterable(rows)))))


def _header_fields(ctx: _Context, head, read: set[int]) -> dict:
    fields: dict = {}
    for r, row in enumerate(head):
        for c, cell in enumerate(row):
            label = _label(cell.text)
            value = row[c + 1] if c + 1 < len(row) else None
            if label in ("code", "name") and value is not None and _label(value.text) is None:
                fields.setdefault(label, compact(value.text) or None)
                read.add(id(value))
            elif label in ("budget", "fiscal", "other") and value is not None and value is not cell:
                fields.setdefault(label, _amount(ctx, value))
                read.add(id(value))
            elif label == "purpose" and r + 1 < len(head):
                texts = [c2 for c2 in head[r + 1] if c2.text and _label(c2.text) is None]
                fields.setdefault("purpose", max((c2.text for c2 in texts), key=len) if texts else None)
                read.update(id(c2) for c2 in texts)
    return fields


def _unread(ctx: _Context, head, read: set[int]) -> None:
    """The header part's cells that are neither a label nor a value a label reads: a label the parser
    does not know (a damaged 其中：财政资金) leaves its value unread too."""
    unread = {id(cell): cell for row in head for cell in row
              if cell.text.strip() and id(cell) not in read and _label(cell.text) is None and not _UNIT_NOTE.match(fold(cell.text))}
    if unread:
        cells = list(unread.values())
        ctx.issue("project_target", cells[0].line, "unread_cell",
                  f"{len(cells)} cell{'s' if len(cells) > 1 else ''} of the header part that no label reads: "
                  + ", ".join(repr(compact(c.text)[:40]) for c in cells[:6]))


def _missing_labels(ctx: _Context) -> None:
    """A label the disclosure's other project tables all print and one does not: its rows were lost
    (001 and 003 print no header part at all, and none of theirs is then missing)."""
    for project_id, labels in ctx.labels.items():
        others = [other for pid, other in ctx.labels.items() if pid != project_id]
        missing = set.intersection(*others) - labels if others else set()
        if missing:
            project = next(p for p in ctx.result.projects if p["project_id"] == project_id)
            ctx.result.issues.append(issue_row(
                ctx.disclosure_id, "project_target", "missing_label",
                f"project {project['project_name'] or project['title']!r} prints no "
                + "、".join(_LABEL_NAMES[label] for label in _LABEL_NAMES if label in missing)
                + f", which the disclosure's other {len(others)} project tables all print", project["source_location"]))


def _amount(ctx: _Context, cell: Cell) -> Decimal | None:
    try:
        return parse_amount(cell.text)
    except NotAnAmount:
        ctx.issue("project_target", cell.line, "not_an_amount", f"{cell.text!r} where an amount belongs")
        return None


def _spend_plan(ctx: _Context, project_id: str, head, budget: Decimal | None, read: set[int]) -> None:
    """资金支出计划（%）: cumulative shares at 3月底…12月底, or (002) cumulative amounts in 万元."""
    r = next((r for r, row in enumerate(head) if row and _label(row[0].text) == "spend"), None)
    if r is None:
        return
    values_row = head[r + 1] if r + 1 < len(head) else None
    if values_row is None or _printed_labels([values_row]) - {"spend"}:  # the label merged down is no other label
        ctx.issue("project_target", head[r][0].line, "spend_plan_without_values",
                  "资金支出计划 is printed without the row of its values: no spend plan read")
        return
    printed, months = [], set()
    for k, cell in enumerate(head[r]):
        month = SPEND_PLAN_MONTHS.get(fold(cell.text))
        if month and k < len(values_row):
            read.update((id(cell), id(values_row[k])))
        if month in months:  # a merged cell repeated across the grid: the first is the one printed
            continue
        months.add(month)
        if month and k < len(values_row) and (value := _amount(ctx, values_row[k])) is not None:
            printed.append((month, value, values_row[k].line))
    if not printed:
        return
    last = printed[-1][1]
    is_amount = any(v > 100 for _, v, _ in printed) or (
        budget is not None and budget != 100 and abs(last - budget) <= CENT and abs(last - 100) > CENT)
    for month, value, line in printed:
        pct = (value * 100 / budget).quantize(CENT, ROUND_HALF_UP) if is_amount and budget else (None if is_amount else value)
        wan = value if is_amount else ((budget * value / 100).quantize(CENT, ROUND_HALF_UP) if budget is not None else None)
        ctx.result.spend_plan.append({"project_id": project_id, "period_end": month, "cumulative_pct": pct,
                                      "cumulative_wan": wan, "is_amount_form": is_amount,
                                      "source_location": ctx.location(line)})


def _goals(ctx: _Context, project_id: str, head, read: set[int]) -> None:
    for r, row in enumerate(head):
        c = next((c for c, cell in enumerate(row) if _label(cell.text) == "goals"), None)
        if c is None or c + 1 >= len(row):
            continue
        if _GOAL_ROW.match(fold(row[c + 1].text)):  # 目标1 / 目标2 rows (000 line 1702)
            numbered = [other for other in head[r:] if len(other) > c + 2 and _GOAL_ROW.match(fold(other[c + 1].text))]
            read.update(id(cell) for other in numbered for cell in other[c + 1 : c + 3])
            texts = [(other[c + 2].text, other[c + 2].line) for other in numbered]
        else:  # one cell of numbered lines
            read.add(id(row[c + 1]))
            texts = [(line, row[c + 1].line) for line in row[c + 1].text.split("\n")]
        goals = [(goal, line) for text, line in texts if (goal := _strip_goal_number(text))]
        # The project's goals are all read here, at once: numbered from 1.
        ctx.result.goals += [{"project_id": project_id, "disclosure_id": ctx.disclosure_id, "seq": seq,
                              "goal_text": goal, "source_location": ctx.location(line)}
                             for seq, (goal, line) in enumerate(goals, start=1)]
        return


def _strip_goal_number(text: str) -> str:
    return _GOAL_NUMBER.sub("", text).strip()


def _indicators(ctx: _Context, kind: str, rows, project_id: str | None) -> None:
    header = rows[0]
    split_value = len(rows) > 1 and any(fold(c.text) in ("符号", "值") for c in rows[1])
    columns = _columns(header, rows[1] if split_value else None)
    width = len(rows[1]) if split_value else len(header)
    if not _header_complete(ctx, kind, header, columns, width):
        return
    level1 = level2 = ""
    for row in rejoin(rows[2 if split_value else 1 :], width):
        if not any(c.text for c in row) or _is_indicator_header(row):  # a header repeated on a new page
            continue
        if label := _label(row[0].text):  # a header part's row begins with its label
            ctx.issue(kind, row[0].line, "header_row_among_indicators",
                      f"a row beginning with {_LABEL_NAMES[label]} among the indicators: the header part of another "
                      "project table, its title lost?")
            continue
        if len(row) != width:
            ctx.issue(kind, row[0].line, "row_width", f"{len(row)} cells where the indicator header has {width}")
            continue
        cell = {role: row[k] for role, k in columns.items() if k < len(row)}
        level1 = compact(cell["level1"].text) or level1
        level2 = compact(cell["level2"].text) or level2
        raw, source = _target_text(row, columns)
        if uncommon := _uncommon(raw):
            ctx.issue(kind, source.line, "damaged_character",
                      f"the target {raw!r} holds {uncommon!r}, which no printed target does (a control character, or outside "
                      "GB2312): a damaged byte in its operator, number or unit?")
        level3 = compact(cell["level3"].text)
        description = cell["description"].text if "description" in cell else ""
        target = parse_target(raw)
        classified = target.status == "classified" or "涉密" in fold(level3 + description)
        ctx.result.indicators.append({
            "indicator_id": f"{ctx.disclosure_id}-i{len(ctx.result.indicators) + 1}",
            "disclosure_id": ctx.disclosure_id, "project_id": project_id,
            "level1": level1 or None, "level2": level2 or None, "level3": level3 or None,
            "level1_norm": _normalise(level1, 1), "level2_norm": _normalise(level2, 2),
            "description": description or None, "target_raw": raw or None,
            "operator": target.operator, "target_value": target.value, "target_value_high": target.value_high,
            "target_unit": target.unit, "target_value_wan": target.value_wan,
            "target_status": "classified" if classified and target.status in ("empty", "classified") else target.status,
            "is_qualitative": target.is_qualitative, "is_classified": classified,
            "basis": (cell["basis"].text or None) if "basis" in cell else None,
            "source_location": ctx.location(source.line),
        })


def _header_complete(ctx: _Context, kind: str, header, columns: dict[str, int], width: int) -> bool:
    """The columns a target needs are there, inside the rows' width (a damaged 指标值 or 二级指标
    header leaves a column nobody reads), and no header cell names a column none of them is."""
    missing = [name for role, name in _TARGET_ROLES.items() if columns.get(role, width) >= width]
    if missing:
        ctx.issue(kind, header[0].line, "indicator_header_incomplete",
                  f"the indicator header {[compact(c.text) for c in header]} has no {'、'.join(missing)} column: "
                  "no indicators read")
        return False
    known = set(columns.values()) | set(range(columns.get("target", 0), columns.get("target_parts", -1) + 1))
    unknown = [compact(c.text) for k, c in enumerate(header)
               if k not in known and c.text.strip() and not any(c is header[j] for j in known)]
    if unknown:
        ctx.issue(kind, header[0].line, "unknown_column", f"indicator header cells no column is read by: {unknown}")
    return True


@functools.lru_cache(maxsize=1 << 12)  # targets repeat (≥95%, 是) across indicators and documents
def _uncommon(text: str) -> str:
    """The characters of `text` a damaged byte makes: a replacement mark, a control character, an
    unassigned or private code point, an ideograph outside GB2312 (the character set every form of
    these documents can be written in). In a target (an operator, a number, a unit) no real one
    holds them."""
    return "".join(dict.fromkeys(ch for ch in text if _damaged(ch)))


def _damaged(ch: str) -> bool:
    if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn") or (unicodedata.category(ch) == "Cc" and not ch.isspace()):
        return True
    if not unicodedata.name(ch, "").startswith("CJK"):
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def _columns(header, sub_header) -> dict[str, int]:
    """Role → column index, from the header text; the value columns of a split header by position."""
    columns: dict[str, int] = {}
    for k, cell in enumerate(header):
        text = fold(cell.text)
        role = ("level1" if text.startswith("一级") else "level2" if text.startswith("二级") else
                "level3" if text.startswith("三级") else "description" if ("描述" in text or "说明" in text) else
                "basis" if "依据" in text else "target" if text.startswith("指标值") else None)
        if role and role not in columns:
            columns[role] = k
    if sub_header is not None:  # 003: 指标值 spans 符号 | 值 | 符号; the basis is the last column
        parts = [k for k, cell in enumerate(sub_header) if fold(cell.text)]
        columns.update({"target": parts[0], "target_parts": parts[-1], "basis": len(sub_header) - 1})
    return columns


def _target_text(row, columns) -> tuple[str, Cell]:
    """The printed target; for a split header, its parts joined in the order operator, number, unit,
    each told by what it looks like (003: the column headed 符号 holds the unit; 文字描述 marks text)."""
    if "target_parts" not in columns:
        cell = row[columns["target"]]
        return compact(cell.text), cell
    parts = [row[k] for k in range(columns["target"], columns["target_parts"] + 1)]
    texts = [compact(c.text) for c in parts]
    operator = next((t for t in texts if _OPERATOR_CELL.match(t)), "")
    number = next((t for t in texts if re.fullmatch(r"\d+(\.\d+)?", t)), "")
    rest = "".join(t for t in texts if t and t not in (operator, number))
    if operator == "文字描述":
        return rest, parts[0]
    return f"{operator}{number}{rest}", parts[0]


@functools.lru_cache(maxsize=1 << 12)  # a table repeats its level names down its rows
def _normalise(level: str, depth: int) -> str | None:
    bare = strip_numbering(level)
    vocabulary = INDICATOR_LEVEL1 if depth == 1 else INDICATOR_LEVEL2
    return next((name for name, keywords in vocabulary.items() if any(k in bare for k in keywords)), None)


def _performance_texts(ctx: _Context, blocks: list[Block]) -> None:
    """总体绩效目标 / 分项绩效目标 / 工作保障措施: each paragraph under its heading, until the next."""
    section, seq = None, 0
    for block in blocks:
        if isinstance(block, Table):
            section = None
            continue
        heading = _performance_heading(block.text)
        if heading is not None:
            section, seq = heading or None, 0
        elif section and block.text.strip():
            seq += 1
            ctx.result.texts.append({"disclosure_id": ctx.disclosure_id, "section": section, "seq": seq,
                                     "text": block.text.strip(), "source_location": ctx.location(block.line)})


_PERFORMANCE_HEADINGS = {fold(title): name for name, title in PERFORMANCE_SECTIONS.items()}


@functools.lru_cache(maxsize=1 << 14)  # every paragraph of every part is asked
def _performance_heading(text: str) -> str | None:
    """The section a paragraph heads; "" for one that ends the section it is in (another
    heading, a project's title); None for any other."""
    bare = strip_numbering(text).rstrip(":：")
    if bare in _PERFORMANCE_HEADINGS:
        return _PERFORMANCE_HEADINGS[bare]
    return "" if _SECTION_END.match(fold(text)) or is_project_title(text) else None
