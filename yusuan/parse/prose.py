"""The explanation (情况说明) as data: its sections, the figures its sentences state, the unit
profile, and the procurement and fixed-asset tables printed in it.

Sections are told by the keywords of their headings, not by their numbers, which documents
bend (001 numbers 三、 then 3、). A figure in a sentence is named by the words between it and
the figure before (`vocab.OVERVIEW_PROSE`); words of change (较上年增加, 减少了) make it the
change of the item named last, and a 主要是/原因 clause after it its reason. Amounts in 元 or
亿元 are normalised to 万元; the printed number, unit and wording stay in the row.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from yusuan.model import Block, Paragraph, Table
from yusuan.parse.amounts import CENT, IMPLAUSIBLE, UNIT_DIVISORS, NotAnAmount, parse_amount
from yusuan.parse.disclosures import Part
from yusuan.parse.rows import issue_row
from yusuan.parse.text import compact, fold, strip_numbering
from yusuan.vocab import OVERVIEW_FINER_PARTS, OVERVIEW_PROSE, SECTION_KINDS

_HEADING_NUMBER = re.compile(r"^[(（]?([一二三四五六七八九十]+|\d+)[)）]?[、.．]")
_EXPLANATION = re.compile(r"(情况说明|公开说明|信息公开)")
_HEADING_END = re.compile(r"(情况|说明|信息|解释|事项|原因|目标|指标)$")
# Thousands separators first (1,234.56万元; after folding, a full-width ， is a comma too).
_FIGURE = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(亿元|万元|元)")
_CHANGE = re.compile(r"(增加|减少|增长|下降|降低|节约|增)了?$")
_NEGATIVE = ("减少", "下降", "降低", "节约")
_REASON = re.compile(r"^[，,、]?\s*(?:主要(?:原因)?(?:是|为)(?:由于)?|原因[是为:：]|增减变化的主要原因是)([^；;。\d]*)")
_SENTENCE_END = re.compile(r"[。；;]")
_PERCENT = re.compile(r"^[，,（(]?\s*(?:增长|下降|增加|减少)?\s*(\d+(?:\.\d+)?)\s*%")
_UNITS = {**UNIT_DIVISORS, "亿元": Decimal("0.0001")}  # the prose also states 亿元
_FINER_PARTS = {item: re.compile(words) for item, words in OVERVIEW_FINER_PARTS.items()}
_OVERVIEW_PROSE = {kind: tuple((name, re.compile(words)) for name, words in items) for kind, items in OVERVIEW_PROSE.items()}


@dataclass
class Section:
    kind: str
    number: str | None
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def explanation_start(part: Part) -> int | None:
    """The index of the explanation's title in the part's blocks; None for a part without one."""
    return next((i for i, b in enumerate(part.blocks) if isinstance(b, Paragraph) and _is_explanation_title(b.text)), None)


@functools.lru_cache(maxsize=1 << 14)  # asked of the paragraphs before it by each parser that needs it
def _is_explanation_title(text: str) -> bool:
    return bool(_EXPLANATION.search(fold(text))) and len(compact(text)) <= 80


def sections(part: Part) -> list[Section]:
    """The numbered sections of the explanation, from its title to the end of the part."""
    start = explanation_start(part)
    if start is None:
        return []
    found: list[Section] = []
    for block in part.blocks[start + 1 :]:
        kind = heading_kind(block)
        if kind is not None and isinstance(block, Paragraph):
            number = _HEADING_NUMBER.match(fold(block.text))
            found.append(Section(kind, number.group(1) if number else None, strip_numbering(block.text), block.line))
        elif found:
            found[-1].blocks.append(block)
    return found


def heading_kind(block: Block) -> str | None:
    """A section heading: short, numbered 一、 or 3、 (or a bare 机关运行经费安排情况, 000 line 1523),
    ending the way headings end; its kind from its keywords."""
    return heading_kind_of(block.text) if isinstance(block, Paragraph) else None


@functools.lru_cache(maxsize=1 << 14)  # each paragraph is asked again by the outline
def heading_kind_of(printed: str) -> str | None:
    """heading_kind of the paragraph printed `printed`: the outline asks it by the text it has read."""
    text = fold(printed)
    if len(text) > 45 or not _HEADING_END.search(text):
        return None
    numbered = _HEADING_NUMBER.match(text) and not text.startswith(("(", "（"))
    unnumbered = len(text) <= 12 and "设置" not in text
    if not (numbered or unnumbered):
        return None
    bare = strip_numbering(text)
    return next((kind for kind, words in SECTION_KINDS.items() if any(w in bare for w in words)), None)


def section_rows(found: list[Section], disclosure_id: str, file_name: str) -> list[dict]:
    return [{"disclosure_id": disclosure_id, "seq": n, "number": s.number, "kind": s.kind, "title": s.title,
             "text": "\n".join(p.text for p in s.paragraphs), "source_location": f"{file_name}:{s.line}"}
            for n, s in enumerate(found, start=1)]


def prose_figures(found: list[Section], disclosure_id: str, file_name: str) -> list[dict]:
    """fact_budget_overview rows with source 'prose': the first figure stated for each item."""
    rows: dict[str, dict] = {}
    for section in found:
        if not _OVERVIEW_PROSE.get(section.kind):
            continue
        last_item = None  # a change stated in the next paragraph is still about the item named last
        for paragraph in section.paragraphs:
            last_item = _read_paragraph(paragraph, section.kind, rows, last_item, disclosure_id, file_name)
    return list(rows.values())


@functools.lru_cache(maxsize=1 << 14)  # the words between two figures recur across paragraphs and documents
def _name(context: str, kind: str) -> str | None:
    """The item of a `kind` of section whose wording ends closest to the figure."""
    best = None
    for rank, (name, pattern) in enumerate(_OVERVIEW_PROSE[kind]):
        for match in pattern.finditer(context):
            key = (match.end(), -rank)
            if best is None or key > best[0]:
                best = (key, name)
    return best[1] if best else None


def _read_paragraph(paragraph: Paragraph, kind: str, rows: dict, last_item: str | None, disclosure_id: str,
                    file_name: str) -> str | None:
    text = fold(paragraph.text)
    previous_end = 0
    adding_to: str | None = None  # the item whose own figure, or a finer part of it, came just before
    for match in _FIGURE.finditer(text):
        context = text[previous_end : match.start()]
        previous_end = match.end()
        printed, unit = Decimal(match.group(1).replace(",", "")), match.group(2)
        wan = _wan(printed, unit)
        if max(abs(printed), abs(wan)) >= IMPLAUSIBLE:  # no budget figure (a slip): left unread rather than failing the document
            continue
        item = _name(context, kind)
        finer = _FINER_PARTS.get(adding_to) if adding_to else None
        if item is None and finer and finer.search(context) and rows[adding_to]["printed_unit"] == unit:
            rows[adding_to]["amount_wan"] += wan
            rows[adding_to]["printed_amount"] += printed
            continue
        adding_to = None
        if _CHANGE.search(context):
            target = rows.get(item or last_item)
            if target is not None and target["change_wan"] is None:
                sign = -1 if any(w in context[-4:] for w in _NEGATIVE) else 1
                target["change_wan"] = wan * sign
                rest = text[match.end():]
                percent, reason = _PERCENT.match(rest), _REASON.match(rest)
                pct = Decimal(percent.group(1)) if percent else None
                target["change_pct"] = pct * sign if pct is not None and abs(pct) < IMPLAUSIBLE else None
                target["reason"] = reason.group(1).strip() if reason else None
            continue
        if item is None:
            continue
        last_item = item
        if item in rows:  # the first figure stated for an item is its figure; later ones itemise or repeat it
            continue
        rows[item] = {
            "disclosure_id": disclosure_id, "item": item, "amount_wan": wan, "printed_amount": printed,
            "printed_unit": unit, "change_wan": None, "change_pct": None, "source": "prose", "reason": None,
            "wording": _sentence_around(text, match.start(), match.end()),
            "source_location": f"{file_name}:{paragraph.line}",
        }
        adding_to = item
    return last_item


def _wan(printed: Decimal, unit: str) -> Decimal:
    return (printed / _UNITS[unit]).quantize(CENT, ROUND_HALF_UP)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind("。", 0, start), text.rfind("；", 0, start), text.rfind(";", 0, start)) + 1
    right = _SENTENCE_END.search(text, end)
    return text[left : right.end() if right else len(text)].strip()


def unit_profiles(found: list[Section], disclosure_id: str, file_name: str) -> list[dict]:
    """dim_unit_profile: the 机构设置 table's rows, the first completed from the duties prose."""
    duties = [s for s in found if s.kind == "duties"]
    if not duties:
        return []
    section = duties[0]
    prose = fold("。".join(p.text for s in duties for p in s.paragraphs))
    rows = []
    for table in (t for s in duties for t in s.tables):
        header = [fold(c.text) for c in table.rows[0]] if table.rows else []
        if not any("单位名称" in h for h in header):
            continue
        columns = {key: next((k for k, h in enumerate(header) if word in h), None)
                   for key, word in (("unit_name", "单位名称"), ("nature", "性质"), ("grade", "规格"), ("funding_form", "经费"))}
        for row in table.rows[1:]:
            cells = {key: compact(row[k].text) if k is not None and k < len(row) else None for key, k in columns.items()}
            if cells["unit_name"]:
                rows.append({**cells, "line": row[0].line})
    if not rows:
        rows.append({"unit_name": None, "nature": _after(prose, r"性质[:：]"), "grade": _after(prose, r"(?:级别|规格)[:：]"),
                     "funding_form": _after(prose, r"经费(?:保障)?形式[:：]"), "line": section.line})
    first = rows[0]
    first["grade"] = first["grade"] or _match(prose, r"为?(正处级|副处级|正科级|副科级|正县级|副县级|正股级|副股级)")
    staff = re.search(r"(?:在职人数|实有人数|编制人数|在编人数|在职)(?:为|共)?(\d+)人", prose)
    divisions = re.search(r"(?:下设(?:处室|科室|股室|机构)?为?|内设)([^。；;]+)", prose)
    return [{"disclosure_id": disclosure_id, "unit_name": r["unit_name"], "nature": r["nature"], "grade": r["grade"],
             "funding_form": r["funding_form"], "staff_count": int(staff.group(1)) if staff and i == 0 else None,
             "divisions": divisions.group(1).strip() if divisions and i == 0 else None,
             "duties": "\n".join(p.text for p in section.paragraphs) if i == 0 else None,
             "source_location": f"{file_name}:{r['line']}"} for i, r in enumerate(rows)]


def _after(text: str, label: str) -> str | None:
    match = re.search(label + r"\s*([^，,。；;\s]+)", text)
    return match.group(1) if match else None


def _match(text: str, pattern: str) -> str | None:
    match = re.search(pattern, text)
    return match.group(1) if match else None


def procurement_rows(found: list[Section], disclosure_id: str, file_name: str) -> tuple[list[dict], list[dict]]:
    """fact_procurement from the 政府采购预算 table: its 合计 row and each purchase; and a
    parse_issue for a table of which no row could be read under its header, though its rows
    hold numbers (rows out of line with the header: a piece of another table inside it)."""
    rows: list[dict] = []
    issues: list[dict] = []
    for section in (s for s in found if s.kind == "procurement"):
        for table in section.tables:
            header = next((r for r in table.rows if any("采购物品" in fold(c.text) for c in r)), None)
            if header is None:
                continue
            start = table.rows.index(header)
            amount_col = next((k for k, c in enumerate(header) if "采购金额" in fold(c.text)), None)
            if amount_col is None:
                issues.append(issue_row(disclosure_id, "document", "layout_mismatch",
                                        "政府采购 table: its header names 采购物品 but no 政府采购金额 column, so no "
                                        "purchase is read", f"{file_name}:{header[0].line}"))
                continue
            amount_col += 1  # 总计/合计 below it
            read = len(rows)
            project = None
            for row in table.rows[start + 1 :]:
                label = compact(row[0].text)
                if len(row) <= amount_col or label in ("项目名称",) or not any(c.text for c in row):
                    continue
                amount = _amount(row[amount_col].text)
                if amount is None:
                    continue
                is_total = bool(re.fullmatch(r"(合计|总计|小计|.*小计)", fold(label)))
                project = label or project
                item = compact(row[2].text) if not is_total else label
                code = compact(row[3].text) if len(row) > 3 else ""
                rows.append({"disclosure_id": disclosure_id, "project_name": None if is_total else project,
                             "item": item or None, "category": _category(code, item), "amount_wan": amount,
                             "is_total": is_total, "source_location": f"{file_name}:{row[amount_col].line}"})
            if len(rows) == read and any(_amount(c.text) is not None for row in table.rows[start + 1 :] for c in row):
                issues.append(issue_row(disclosure_id, "document", "layout_mismatch",
                                        f"政府采购 table: its rows hold numbers, none in the column under 政府采购金额 "
                                        f"(column {amount_col + 1})", f"{file_name}:{header[0].line}"))
    return rows, issues


def _category(code: str, item: str) -> str | None:
    """货物 / 工程 / 服务, from the catalogue code's letter (A/B/C) or as printed (004)."""
    if item in ("货物", "工程", "服务"):
        return item
    return {"A": "货物", "B": "工程", "C": "服务"}.get(code[:1]) if code else None


def fixed_asset_rows(found: list[Section], disclosure_id: str, file_name: str) -> list[dict]:
    """fact_fixed_asset from 固定资产占用情况表: each category with its quantity and value."""
    rows = []
    for section in (s for s in found if s.kind == "assets"):
        for table in section.tables:
            header = next((r for r in table.rows if any("价值" in fold(c.text) for c in r)), None)
            if header is None:
                continue
            for row in table.rows[table.rows.index(header) + 1 :]:
                if len(row) < 3 or not compact(row[0].text):
                    continue
                label = compact(row[0].text)
                rows.append({"disclosure_id": disclosure_id, "category": label, "quantity": _amount(row[1].text),
                             "amount_wan": _amount(row[2].text),
                             "is_total": bool(re.fullmatch(r"(资产总额|合计|总计)", fold(label))),
                             "source_location": f"{file_name}:{row[2].line}"})
    return rows


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except NotAnAmount:
        return None
