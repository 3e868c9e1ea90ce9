"""Split a document into disclosures and say who, when and where each one is about.

One document can hold several disclosures (000: the department 455, then its unit 455001).
A disclosure starts where a standard table kind repeats; the part headings just above it
(第二部分…, 一、…收支预算) belong to the new part. Who publishes it comes from the first row
of its tables ("455沧州…": code glued to name), or for documents without tables from the
title of the explanation (情况说明). Other names the part gives the unit are kept as aliases.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from yusuan.model import Block, Document, Paragraph, Table, cell_text
from yusuan.parse.layouts import LAYOUTS, TitleMatch, match_title
from yusuan.parse.text import compact, fold, strip_numbering

_PART_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、.*预算$)")
_UNIT_HEADING = re.compile(r"^[一二三四五六七八九十]+、(.+?)(?:收支)?预算$")
_EXPLANATION_TITLE = re.compile(r"^(.*?)((?:19|20)\d{2}年)?(部门|单位)预算.*(说明|公开)")
_EXPLANATION_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?[^，。；]*?(部门|单位)预算(?:信息)?(?:公开)?情况说明$")
# An explanation read this many blocks and more is a whole one: a second explanation heading, or
# standard tables, after it belong to the next disclosure. (A heading repeated on the next line,
# 002 lines 1123-1124, or a cover title just above the tables, is not.)
_EXPLANATION_BODY = 5
PROJECT_TITLE_END = "绩效目标表"  # how the title of a project target table ends
_YEAR = re.compile(r"预算年度[:：]?\s*((?:19|20)\d{2})")
_SCOPE_WORDS = re.compile(r"(部门|单位)(?:预算|收支)")
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})年")
_CODE_NAME = re.compile(r"^(\d+)?\s*(.+)$")
# A place is a run of names ending 市/县/区…; a county name can be one character before 县
# (雄县, 涉县, 邱县: thirteen counties of Hebei), tried first so that 邱县市场监督管理局 is not 邱县市.
_PLACE = re.compile(
    r"^(?:中共)?((?:[\u4e00-\u9fff]县|[\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|省|市|地区|盟|县|旗|区))+)"
)
_NOT_PLACE_SUFFIX = ("社区", "小区", "校区", "景区", "厂区", "园区管理")


@dataclass
class Part:
    seq: int
    blocks: list[Block]
    scope: str | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    budget_year: int | None = None
    place: str | None = None
    title: str | None = None
    scope_assumed: bool = False  # tables whose titles and text never say 部门 or 单位
    # `standard_title` of each block, which the parsers walking the part all ask: split_parts
    # hands over what it found in the whole document
    titles: list[TitleMatch | None] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.blocks[0].line

    @property
    def last_line(self) -> int:
        last = self.blocks[-1]
        return last.last_line if isinstance(last, Table) else last.line


_TITLE_REACH = 3  # blocks after a title that may hold its table (a unit line, a note between)


def standard_title(blocks: list[Block] | tuple[Block, ...], i: int) -> TitleMatch | None:
    """The standard table whose title blocks[i] is, when a table (or a note that it is published
    empty) follows it; a title with neither is a mention, as in a table of contents."""
    block = blocks[i]
    match = match_title(block.text) if isinstance(block, Paragraph) else None
    if match is None:
        return None
    for after in blocks[i + 1 : i + 1 + _TITLE_REACH]:
        if isinstance(after, Table):
            return match
        if match_title(after.text):
            return None
        if any(m in fold(after.text) for m in LAYOUTS.markers["empty_table"]):
            return match
    return None


def lift_titles(blocks: tuple[Block, ...]) -> list[Block]:
    """A title printed as the first row of its table (a workbook's merged title row, a Word
    table whose first row is the title) as the paragraph it stands for."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and len(block.rows) > 1:
            texts = set(filter(str.strip, map(cell_text, block.rows[0])))
            if len(texts) == 1 and match_title(next(iter(texts))):
                cell = next(c for c in block.rows[0] if c.text.strip())
                out += [Paragraph(cell.text, cell.line), Table(rows=block.rows[1:], line=block.rows[1][0].line)]
                continue
        out.append(block)
    return out


def split_parts(doc: Document) -> list[Part]:
    """The disclosures of `doc`, each starting at its own heading: where a standard table kind
    repeats, or where a second explanation (情况说明) or standard tables begin after a whole
    explanation (one followed by its target tables). Disclosures without tables (003, 004: an
    explanation and target tables) are thus told apart in a file of several one after another."""
    blocks = lift_titles(doc.blocks)
    starts = [0]
    seen: set[str] = set()
    explained: int | None = None  # where the current part's explanation heading is
    targets = False  # whether target tables (绩效目标表) came after it: the disclosure's last part
    titles = [standard_title(blocks, i) for i in range(len(blocks))]
    for i, (block, found) in enumerate(zip(blocks, titles, strict=True)):
        heading = _is_explanation_heading(block)
        # An explanation printed before its own tables (common elsewhere) must not split them off:
        # only an explanation followed by target tables is a whole disclosure.
        after_explanation = explained is not None and i - explained > _EXPLANATION_BODY and targets
        if explained is not None and isinstance(block, Paragraph) and is_project_title(block.text):
            targets = True
        if (found and (found.kind.kind in seen or after_explanation)) or (heading and after_explanation):
            start = i
            while start - 1 > starts[-1] and (_is_part_heading(blocks[start - 1])
                                              or (heading and start == i and _is_name_line(blocks[start - 1]))):
                start -= 1
            starts.append(start)
            seen, explained, targets = set(), None, False
        if found:
            seen.add(found.kind.kind)
        if heading and explained is None:
            explained = i
    bounds = starts + [len(blocks)]
    parts = []
    for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        if b > a:
            part = Part(seq=n + 1, blocks=blocks[a:b])
            # A title looks at most _TITLE_REACH blocks ahead: only the last few of a part, whose
            # reach the part's end cuts, are asked again.
            kept = max(b - a - _TITLE_REACH, 0)
            part.titles = titles[a : a + kept] + [standard_title(part.blocks, i) for i in range(kept, b - a)]
            _identify(part)
            parts.append(part)
    return parts


@functools.lru_cache(maxsize=1 << 14)  # asked of every paragraph, here and by the target parsers
def is_project_title(text: str) -> bool:
    """Whether a paragraph is the title of a project target table."""
    return fold(text).endswith(PROJECT_TITLE_END)


def _is_part_heading(block: Block) -> bool:
    return isinstance(block, Paragraph) and bool(_PART_HEADING.match(compact(block.text)))


def _is_explanation_heading(block: Block) -> bool:
    """The heading of an explanation: `…2021年部门预算信息公开情况说明`, not a sentence or a
    section heading of the explanation (二、部门预算总体情况…情况说明)."""
    return isinstance(block, Paragraph) and len(block.text) <= 80 and _explains(block.text)


@functools.lru_cache(maxsize=1 << 14)  # every paragraph is asked, and headings repeat across documents
def _explains(text: str) -> bool:
    return bool(_EXPLANATION_HEADING.match(strip_numbering(compact(text))))


def _is_name_line(block: Block) -> bool:
    """A unit's name printed on a line of its own above its explanation heading (003)."""
    text = compact(block.text) if isinstance(block, Paragraph) else ""
    return 0 < len(text) <= 40 and not re.search(r"[\d。；：:，,]", text)


def _identify(part: Part) -> None:
    titled = False
    for i, found in enumerate(part.titles):
        if found:  # the first title says the scope, and the caption row under it who and when
            titled, part.scope = True, found.scope
            nxt = part.blocks[i + 1] if i + 1 < len(part.blocks) else None
            if isinstance(nxt, Table) and nxt.rows:
                _from_caption_row(part, [c.text for c in nxt.rows[0]])
            break
    explanation = _explanation_title(part)
    if explanation:
        part.title = compact(explanation[0])
        part.scope = part.scope or explanation[1]
        if explanation[2]:
            _add_name(part, explanation[2])
    if part.scope is None and titled:
        part.scope = _scope_in_text(part)
    if part.budget_year is None:
        part.budget_year = _first_year(part)
    for block in part.blocks[:3]:
        heading = _UNIT_HEADING.match(compact(block.text)) if isinstance(block, Paragraph) else None
        if heading:
            _add_name(part, heading.group(1))
    part.title = part.title or _first_text(part)
    part.place = place_of(part.unit_name) if part.unit_name else None


def _from_caption_row(part: Part, cells: list[str]) -> None:
    for text in cells:
        year = _YEAR.search(compact(text))
        if year:
            part.budget_year = int(year.group(1))
        elif text and "单位" not in compact(text)[:3] and (named := _CODE_NAME.match(compact(text))):
            part.unit_code, part.unit_name = named.groups()


def _explanation_title(part: Part) -> tuple[str, str, str | None] | None:
    """(title, scope, unit name or None) of the explanation (情况说明) heading."""
    previous = None
    for block in part.blocks:
        if not isinstance(block, Paragraph):
            continue
        text = compact(block.text)
        # The length first: on a long paragraph the expression tries every start of 部门预算 in it.
        match = _EXPLANATION_TITLE.match(strip_numbering(text)) if len(text) <= 80 else None
        if match:
            name = match.group(1)
            if not name and previous and len(previous) <= 40 and not re.search(r"\d", previous):
                name = previous
            scope = "department" if match.group(3) == "部门" else "unit"
            return text, scope, name or None
        previous = text
    return None


def _scope_in_text(part: Part) -> str:
    """The scope of a part whose first title does not say it: a later title, or the text
    (部门预算 / 单位预算); a department when nothing says (recorded, see parse_document)."""
    for found in part.titles:
        if found and found.scope:
            return found.scope
    for block in part.blocks:
        if isinstance(block, Paragraph):
            match = _SCOPE_WORDS.search(fold(block.text))
            if match:
                return "department" if match.group(1) == "部门" else "unit"
    part.scope_assumed = True
    return "department"


def _add_name(part: Part, name: str) -> None:
    name = compact(name)
    if not name:
        return
    if part.unit_name is None:
        part.unit_name = name
    elif name != part.unit_name and name not in part.aliases:
        part.aliases.append(name)


def _first_year(part: Part) -> int | None:
    for block in part.blocks:
        if isinstance(block, Paragraph):
            match = _ANY_YEAR.search(block.text)
            if match:
                return int(match.group(1))
    return None


def _first_text(part: Part) -> str | None:
    return next((compact(b.text) for b in part.blocks if isinstance(b, Paragraph) and b.text.strip()), None)


def place_of(unit_name: str) -> str | None:
    """The place in a unit's full name (沧州渤海新区南大港产业园区…), or None if it has none."""
    match = _PLACE.match(compact(unit_name))
    if not match:
        return None
    place = match.group(1)
    if place == compact(unit_name) or place.endswith(_NOT_PLACE_SUFFIX):
        return None
    return place
