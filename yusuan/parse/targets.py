"""Performance targets (绩效目标) → projects, spend plans, goals, indicators and prose.

A project target table follows a title ending in 绩效目标表. Its header part (项目编码, 项目名称,
预算数, 资金支出计划, 绩效目标) is read by label, cell after label, because merged cells make
its rows ragged; its indicator part is read by the column header (一级指标 … 指标值确定依据, wherever
the 一级指标 cell stands), rows rejoined to the header's width, a blank level cell repeating
the one above; a header part and an indicator part printed as two tables are one project table. A table with
an indicator header under no project title is the department-wide indicator table (003).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from yusuan.model import Block, Cell, Paragraph, Table
from yusuan.parse.amounts import CENT, NotAnAmount, parse_amount
from yusuan.parse.disclosures import PROJECT_TITLE, Part
from yusuan.parse.rows import issue_row, rejoin
from yusuan.parse.target_values import parse_target
from yusuan.parse.text import compact, fold, strip_numbering
from yusuan.vocab import INDICATOR_LEVEL1, INDICATOR_LEVEL2, PERFORMANCE_SECTIONS, SPEND_PLAN_MONTHS

_GOAL_ROW = re.compile(r"^目标\d+$")
_OPERATOR_CELL = re.compile(r"^(=|≥|≤|>|<|>=|<=|文字描述)$")
_SECTION_END = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、.*(绩效|预算|采购|资产|名词|其他|说明|经费|情况))")
_HEADER_LABELS = {
    "项目编码": "code", "专项资金名称": "name", "项目名称": "name", "预算数": "budget",
    "其他资金": "other", "绩效目标": "goals", "预算规模及资金用途": "purpose",
}


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

    def location(self, line: int) -> str:
        return f"{self.file_name}:{line}"

    def issue(self, kind: str, line: int, problem: str, detail: str) -> None:
        self.result.issues.append(issue_row(self.disclosure_id, kind, problem, detail, self.location(line)))


def parse_targets(part: Part, disclosure_id: str, file_name: str) -> TargetResult:
    ctx = _Context(TargetResult(), disclosure_id, file_name)
    claimed: set[int] = set()
    for i, block in enumerate(part.blocks):
        if isinstance(block, Paragraph) and PROJECT_TITLE.search(fold(block.text)):
            tables = _tables_under(part.blocks, i)
            if tables:
                claimed.update(id(t) for t in tables)
                _project(ctx, block, Table(rows=tuple(row for t in tables for row in t.rows), line=tables[0].line))
    for block in part.blocks:
        if isinstance(block, Table) and id(block) not in claimed and _indicator_header(block.rows) is not None:
            _indicators(ctx, "department_target", block.rows[_indicator_header(block.rows):], project_id=None)
    _performance_texts(ctx, part.blocks)
    return ctx.result


def _tables_under(blocks: list[Block], title_index: int) -> list[Table]:
    """The table under a project title; when it holds no indicator header, the table right after it
    whose first row is one is its indicator part: a Word file may print the header part and the
    indicators as two tables, kept apart by a paragraph holding a space (001 line 1628, 002 line
    1214), which the text form prints as a blank line, and the other forms drop."""
    for k in range(title_index + 1, min(title_index + 4, len(blocks))):
        block = blocks[k]
        if isinstance(block, Table):
            after = blocks[k + 1] if k + 1 < len(blocks) else None
            if _indicator_header(block.rows) is None and isinstance(after, Table) and _indicator_header(after.rows) == 0:
                return [block, after]
            return [block]
        if PROJECT_TITLE.search(fold(block.text)):
            return []
    return []


def _indicator_header(rows) -> int | None:
    """The row of the indicator header: a cell 一级指标, not always the first (a label cell merged
    down the indicator rows may stand before it)."""
    return next((i for i, row in enumerate(rows) if any("指标" in c.text and fold(c.text) == "一级指标" for c in row)), None)


def _project(ctx: _Context, title: Paragraph, table: Table) -> None:
    project_id = f"{ctx.disclosure_id}-p{len(ctx.result.projects) + 1}"
    header_end = _indicator_header(table.rows)
    head = table.rows[: header_end if header_end is not None else len(table.rows)]
    fields = _header_fields(ctx, head)
    name = fields.get("name") or re.sub(r"绩效目标表$", "", strip_numbering(title.text)) or None
    ctx.result.projects.append({
        "project_id": project_id, "disclosure_id": ctx.disclosure_id, "project_code": fields.get("code"),
        "project_name": name, "title": compact(title.text), "budget_wan": fields.get("budget"),
        "fiscal_wan": fields.get("fiscal"), "other_wan": fields.get("other"), "purpose": fields.get("purpose"),
        "source_location": ctx.location(title.line),
    })
    _spend_plan(ctx, project_id, head, fields.get("budget"))
    _goals(ctx, project_id, head)
    if header_end is None:
        ctx.issue("project_target", table.line, "no_indicator_header", "no 一级指标 header row: no indicators read")
    else:
        _indicators(ctx, "project_target", table.rows[header_end:], project_id)


def _label(cell: Cell) -> str | None:
    text = fold(cell.text)
    if "财政资金" in text:
        return "fiscal"
    if text.startswith("资金支出计划"):
        return "spend"
    return _HEADER_LABELS.get(text)


def _header_fields(ctx: _Context, head) -> dict:
    fields: dict = {}
    for r, row in enumerate(head):
        for c, cell in enumerate(row):
            label = _label(cell)
            value = row[c + 1] if c + 1 < len(row) else None
            if label in ("code", "name") and value is not None and _label(value) is None:
                fields.setdefault(label, compact(value.text) or None)
            elif label in ("budget", "fiscal", "other") and value is not None:
                fields.setdefault(label, _amount(ctx, value))
            elif label == "purpose" and r + 1 < len(head):
                texts = [c2.text for c2 in head[r + 1] if c2.text and _label(c2) is None]
                fields.setdefault("purpose", max(texts, key=len) if texts else None)
    return fields


def _amount(ctx: _Context, cell: Cell) -> Decimal | None:
    try:
        return parse_amount(cell.text)
    except NotAnAmount:
        ctx.issue("project_target", cell.line, "not_an_amount", f"{cell.text!r} where an amount belongs")
        return None


def _spend_plan(ctx: _Context, project_id: str, head, budget: Decimal | None) -> None:
    """资金支出计划（%）: cumulative shares at 3月底…12月底, or (002) cumulative amounts in 万元."""
    r = next((r for r, row in enumerate(head) if row and _label(row[0]) == "spend"), None)
    if r is None or r + 1 >= len(head):
        return
    values_row = head[r + 1]
    printed, months = [], set()
    for k, cell in enumerate(head[r]):
        month = SPEND_PLAN_MONTHS.get(fold(cell.text))
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


def _goals(ctx: _Context, project_id: str, head) -> None:
    for r, row in enumerate(head):
        c = next((c for c, cell in enumerate(row) if _label(cell) == "goals"), None)
        if c is None or c + 1 >= len(row):
            continue
        if _GOAL_ROW.match(fold(row[c + 1].text)):  # 目标1 / 目标2 rows (000 line 1702)
            cells = [other[c + 2] for other in head[r:] if len(other) > c + 2 and _GOAL_ROW.match(fold(other[c + 1].text))]
            texts = [(cell.text, cell.line) for cell in cells]
        else:  # one cell of numbered lines
            texts = [(line, row[c + 1].line) for line in row[c + 1].text.split("\n")]
        for text, line in texts:
            goal = _strip_goal_number(text)
            if goal:
                ctx.result.goals.append({"project_id": project_id, "disclosure_id": ctx.disclosure_id,
                                         "seq": sum(g["project_id"] == project_id for g in ctx.result.goals) + 1,
                                         "goal_text": goal, "source_location": ctx.location(line)})
        return


def _strip_goal_number(text: str) -> str:
    return re.sub(r"^\s*[（(]?\d+[）)]?[、.．]?\s*", "", text).strip()


def _indicators(ctx: _Context, kind: str, rows, project_id: str | None) -> None:
    header = rows[0]
    split_value = len(rows) > 1 and any(fold(c.text) in ("符号", "值") for c in rows[1])
    columns = _columns(header, rows[1] if split_value else None)
    width = len(rows[1]) if split_value else len(header)
    level1 = level2 = ""
    for row in rejoin(rows[2 if split_value else 1 :], width):
        if not any(c.text for c in row):
            continue
        if len(row) != width:
            ctx.issue(kind, row[0].line, "row_width", f"{len(row)} cells where the indicator header has {width}")
            continue
        cell = {role: row[k] for role, k in columns.items() if k < len(row)}
        level1 = compact(cell["level1"].text) or level1
        level2 = compact(cell["level2"].text) or level2
        raw, source = _target_text(row, columns)
        level3 = compact(cell["level3"].text)
        description = cell["description"].text if "description" in cell else ""
        target = parse_target(raw)
        classified = target.status == "classified" or "涉密" in fold(level3 + description)
        ctx.result.indicators.append({
            "indicator_id": f"{ctx.disclosure_id}-i{len(ctx.result.indicators) + 1}",
            "disclosure_id": ctx.disclosure_id, "project_id": project_id,
            "level1": level1 or None, "level2": level2 or None, "level3": level3 or None,
            "level1_norm": _normalise(level1, INDICATOR_LEVEL1), "level2_norm": _normalise(level2, INDICATOR_LEVEL2),
            "description": description or None, "target_raw": raw or None,
            "operator": target.operator, "target_value": target.value, "target_value_high": target.value_high,
            "target_unit": target.unit, "target_value_wan": target.value_wan,
            "target_status": "classified" if classified and target.status in ("empty", "classified") else target.status,
            "is_qualitative": target.is_qualitative, "is_classified": classified,
            "basis": (cell["basis"].text or None) if "basis" in cell else None,
            "source_location": ctx.location(source.line),
        })


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


def _normalise(level: str, vocabulary: dict[str, tuple[str, ...]]) -> str | None:
    bare = strip_numbering(level)
    return next((name for name, keywords in vocabulary.items() if any(k in bare for k in keywords)), None)


def _performance_texts(ctx: _Context, blocks: list[Block]) -> None:
    """总体绩效目标 / 分项绩效目标 / 工作保障措施: each paragraph under its heading, until the next."""
    section, seq = None, 0
    headings = {fold(title): name for name, title in PERFORMANCE_SECTIONS.items()}
    for block in blocks:
        if isinstance(block, Table):
            section = None
            continue
        bare = strip_numbering(block.text).rstrip(":：")
        if bare in headings:
            section, seq = headings[bare], 0
        elif _SECTION_END.match(fold(block.text)) or PROJECT_TITLE.search(fold(block.text)):
            section = None
        elif section and block.text.strip():
            seq += 1
            ctx.result.texts.append({"disclosure_id": ctx.disclosure_id, "section": section, "seq": seq,
                                     "text": block.text.strip(), "source_location": ctx.location(block.line)})
