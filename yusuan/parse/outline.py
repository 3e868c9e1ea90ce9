"""What a disclosure announces it holds, against what the document holds: the evidence that a
file was cut off, lost a piece or holds one twice, which would otherwise load as a tidy disclosure.

A document announces its parts in four ways, each read here as promises (`Promise`):
- **numbering**: a paragraph numbered 五、 announces 一、 to 四、 before it, 第三部分 the first two
  parts, 3、 (a project's target table, an item of a list) 1、 and 2、; and a numbered paragraph
  printed again word for word is a piece written twice. A list numbered from 一、 again inside a
  section (003's 一、总体绩效目标 under 五、) is a level of its own; numbered table titles count
  apart from numbered items, which count afresh in each section; a heading numbered otherwise
  (001's 3、, 000's bare 机关运行经费安排情况 and unnumbered 扫黑除恶…绩效目标表) takes the place of a
  number it skips.
- **contents**: every entry of a 目录 comes back as a heading after it; an entry that names a
  standard table (a 附表/附件 list too) comes back as that table.
- **template**: an explanation runs to the end of its template (…政府采购, 国有资产, 名词解释); one
  whose last section comes earlier there has lost the sections after it.
- **ending**: the text ends with a full sentence, not mid-sentence or under a heading with nothing
  after it (only the document's last disclosure has an end of its own).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from yusuan.model import Block, Paragraph
from yusuan.parse.disclosures import Part, standard_title
from yusuan.parse.layouts import match_title
from yusuan.parse.prose import Section, explanation_start, heading_kind, heading_kind_of
from yusuan.parse.text import compact, fold, strip_numbering

# The explanation's sections in template order, as far as every template prints them (the
# closing 其他需要说明的事项 is left out of some, 002).
TEMPLATE_ORDER = ("duties", "overview", "operating_cost", "three_public", "performance", "procurement", "assets",
                  "glossary")
_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}
_LISTED = re.compile(r"^([一二三四五六七八九十]{1,3})、")
_PART = re.compile(r"^第([一二三四五六七八九十]{1,3})部分")
_CONTENTS = re.compile(r"^(目录|附件|附表)[:：]?(.*)$")
_ENTRY_NUMBER = re.compile(r"(?:附表)?\d{1,2}[.、．:：-]")
_PAGE_NUMBER = re.compile(r"[\s.…·．_\-—]*\d{0,4}$")
_NO_TEXT = re.compile(r"^[\s\-—–第页共/\d]*$")  # a page number (- 1 -, 第1页) is no text
_SENTENCE_END = tuple("。！？!?；;…”」』）)】")
_HEADING_LENGTH = 45  # a numbered line longer than this is an item of a list, not a heading
_FRAGMENT = 40  # a last line without a full stop this long is a sentence cut off, not a signature or date


@dataclass(frozen=True)
class Promise:
    kind: str  # numbering | contents | template | ending
    what: str  # the part promised, in words
    line: int  # where it is announced (for an ending: where the text stops)
    found: int | None  # the line of the part, None when it is missing


def promises(parts: list[Part], sections: list[list[Section]]) -> list[list[Promise]]:
    """For each disclosure of a document, the parts it announces, each with where it was found;
    `sections` are their explanations' sections. The 第X部分 count runs through the whole document
    (000's 第二部分 at line 2966 follows the first part's 第一部分), and a 目录 can announce the
    disclosures after it."""
    across = _numbering([b for part in parts for b in part.blocks if isinstance(b, Paragraph)], PARTS)
    starts = [part.first_line for part in parts]
    out: list[list[Promise]] = [[] for _ in parts]
    for promise in across:
        out[max(bisect.bisect_right(starts, promise.line) - 1, 0)].append(promise)
    for k, (part, found) in enumerate(zip(parts, sections, strict=True)):
        out[k] += _contents(parts, k)
        start = explanation_start(part)
        if start is not None:
            explanation = [b for b in part.blocks[start + 1 :] if isinstance(b, Paragraph)]
            out[k] += [p for family in (LISTED, TITLES, ARABIC) for p in _numbering(explanation, family)]
            out[k] += _template(found, part.blocks[start].line)
    out[-1] += _ending(parts[-1].blocks) if parts else []
    return out


def breaks(found: list[Promise], file_name: str) -> list[str]:
    """The broken promises as dim_disclosure.outline_breaks: `file:line: what`, in document order."""
    return [f"{file_name}:{p.line}: {p.what}" for p in sorted(found, key=lambda p: p.line) if p.found is None]


def number_of(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23; None for what is no numeral (二三)."""
    tens, ten, units = numeral.rpartition("十")
    if not ten:
        return _DIGITS.get(numeral)
    if (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
        return None
    return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(units, 0)


def _numeral(n: int) -> str:
    digits = "一二三四五六七八九"
    tens, units = divmod(n, 10)
    return (digits[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (digits[units - 1] if units else "")


# ---- numbering ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Family:
    """A way of numbering paragraphs: each family runs its own count."""
    pattern: re.Pattern  # its number, group 1
    form: str  # the number as printed, for messages
    sections: bool  # whether section headings (prose.heading_kind) belong to it, else each starts its count anew
    stand_in: Callable[[str, bool], bool] | None = None  # a paragraph (folded; a section heading?) that may take a skipped number's place
    chinese: bool = True  # numbered 一二三, not 1 2 3

    def number(self, printed: str) -> int | None:
        return number_of(printed) if self.chinese else int(printed)

    def printed(self, n: int) -> str:
        return self.form.format(_numeral(n) if self.chinese else n)


def _section_numbered_otherwise(text: str, heading: bool) -> bool:
    """A section heading out of the 一、 count: 001's 3、财政拨款“三公”…, 000's bare 机关运行经费安排情况."""
    return heading and not text.startswith(("(", "第"))


def _title_unnumbered(text: str, heading: bool) -> bool:
    """000's 扫黑除恶专项斗争工作经费绩效目标表 between 3、 and 5、: a table's title out of the 1、 count."""
    return text.endswith("表") and len(text) <= 80


_ARABIC = r"^(\d{1,2})(?:、|\.(?!\d))"
LISTED = _Family(_LISTED, "{}、", sections=True, stand_in=_section_numbered_otherwise)
PARTS = _Family(_PART, "第{}部分", sections=True)
# The titles of tables numbered 1、 2、 (the projects' target tables) count apart from the lists
# numbered so around them: a table lost from the middle, or the first, leaves a gap in their count.
TITLES = _Family(re.compile(_ARABIC + r"(?=.*表$)"), "{}、", sections=False, stand_in=_title_unnumbered, chinese=False)
ARABIC = _Family(re.compile(_ARABIC + r"(?!.*表$)"), "{}、", sections=False, chinese=False)
_FAMILIES = (LISTED, PARTS, TITLES, ARABIC)


@functools.lru_cache(maxsize=1 << 14)  # every family reads each paragraph, and paragraphs repeat across documents
def _reading(printed: str) -> tuple[str, bool, _Family | None, int | None]:
    """A paragraph as the numbering reads it, once for all families: folded, whether it heads a
    section (prose.heading_kind), and the family numbering it with its number (None: no numeral).
    At most one family numbers a paragraph: each begins otherwise (第, 一, a digit; 表 at the end or not)."""
    text = fold(printed)
    heading = heading_kind_of(printed) is not None
    for family in _FAMILIES:
        match = family.pattern.match(text)
        if match:
            return text, heading, family, family.number(match.group(1))
    return text, heading, None, None


def _numbering(paragraphs: list[Paragraph], family: _Family) -> list[Promise]:
    """Each number a family of numbered paragraphs runs through: found, skipped, or printed twice.
    `levels` maps, outermost first, each open level's numbers to where and how they were printed;
    a paragraph continues the innermost level it follows on from, a 1 opens a level inside, a
    number further on closes the levels it jumps over (the numbers between are missing, unless a
    stand-in printed since takes their place), and one printed before with the same words is a
    piece written twice (the same number with other words is a misnumbering, 003's
    四、部门整体支出绩效指标 under 五、)."""
    out: list[Promise] = []
    levels: list[dict[int, tuple[int, str]]] = []
    spare: list[int] = []  # lines of the stand-ins since the last numbered paragraph
    for paragraph in paragraphs:
        text, heading, numbered_by, n = _reading(paragraph.text)
        if heading and not family.sections:
            levels, spare = [], []  # a new section: its lists count afresh (004's 三公 1. 2. are not its projects' 1、 2、)
            continue
        if numbered_by is not family:
            if family.stand_in and family.stand_in(text, heading):
                spare.append(paragraph.line)
            continue
        if n is None:
            continue
        level = next((i for i in range(len(levels) - 1, -1, -1) if max(levels[i]) + 1 == n), None)
        if level is None and n == 1:
            levels.append({0: (paragraph.line, "")})
            level = len(levels) - 1
        elif level is None:
            gaps = [(n - max(numbers) - 1, i) for i, numbers in enumerate(levels) if n > max(numbers) + 1]
            if not gaps and levels:
                first = next((numbers[n] for numbers in reversed(levels) if n in numbers), None)
                if first is not None and first[1] == text:
                    out.append(Promise("numbering", f"{_label(text)} printed again (first at line {first[0]})",
                                       paragraph.line, None))
                continue
            level = min(gaps)[1] if gaps else 0  # the level it leaves fewest numbers out of
            last = max(levels[level]) if levels else 0
            out += [Promise("numbering", f"{family.printed(k)} (before {_label(text)})", paragraph.line,
                            spare[j] if j < len(spare) else None) for j, k in enumerate(range(last + 1, n))]
            if not levels:
                levels.append({0: (paragraph.line, "")})
        del levels[level + 1 :]
        levels[level][n] = (paragraph.line, text)
        out.append(Promise("numbering", family.printed(n), paragraph.line, paragraph.line))
        spare = []
    return out


def _is_heading(text: str) -> bool:
    """A numbered line that heads what follows, not an item of a list: short and no sentence, or a
    table's title (a project's name makes its target table's title long)."""
    return not text.endswith(_SENTENCE_END) and (len(text) <= _HEADING_LENGTH or (len(text) <= 80 and text.endswith("表")))


def _label(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


# ---- contents ---------------------------------------------------------------------------------

def _contents(parts: list[Part], k: int) -> list[Promise]:
    """Each entry of each 目录 (or 附表/附件 list of tables) in parts[k], found after it or not."""
    out = []
    blocks = parts[k].blocks
    for i, block in enumerate(blocks):
        heading = _CONTENTS.match(fold(block.text)) if isinstance(block, Paragraph) else None
        if heading is None or standard_title(blocks, i):  # 附表2：…收入总表 over its table is its title
            continue
        entries, end = _entries(blocks, i, heading.group(2))
        if heading.group(1) != "目录":  # an attachment can be anything; a list of tables promises them
            entries = [(text, line) for text, line in entries if match_title(text)]
        rest = [*blocks[end:], *(b for later in parts[k + 1 :] for b in later.blocks)]
        out += [Promise("contents", text, line, _find(text, rest)) for text, line in entries]
    return out


def _entries(blocks: list[Block], i: int, inline: str) -> tuple[list[tuple[str, int]], int]:
    """The entries under the contents heading at blocks[i] (or inline after it, 附表：1.… 2.…),
    and where the body starts: at the first block that is no entry, or that repeats an entry."""
    line = blocks[i].line
    if inline:
        return [(e, line) for e in (_entry(t) for t in _ENTRY_NUMBER.split(inline)) if e], i + 1
    entries: list[tuple[str, int]] = []
    end = i + 1
    for end in range(i + 1, len(blocks)):
        block = blocks[end]
        text = _entry(block.text) if isinstance(block, Paragraph) else ""
        if not text or len(text) > 60 or text.endswith(_SENTENCE_END) or text in (e for e, _ in entries):
            break
        entries.append((text, block.line))
    else:
        end = len(blocks)
    return entries, end


def _entry(text: str) -> str:
    """An entry without its dot leaders and page number."""
    return _PAGE_NUMBER.sub("", compact(text))


def _find(entry: str, blocks: list[Block]) -> int | None:
    """The line of the heading (or standard table) `entry` names."""
    table = match_title(entry)
    bare = strip_numbering(entry)
    for k, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        if table is not None:
            title = standard_title(blocks, k)
            if title is not None and title.kind == table.kind:
                return block.line
        elif strip_numbering(block.text) == bare:
            return block.line
    return None


# ---- template ---------------------------------------------------------------------------------

def _template(found: list[Section], title_line: int) -> list[Promise]:
    """The template's sections after the explanation's last one (all of them after a title with
    no section under it), where no section has their kind."""
    kinds = {s.kind for s in found}
    last = found[-1] if found else None
    after = TEMPLATE_ORDER[TEMPLATE_ORDER.index(last.kind) + 1 :] if last and last.kind in TEMPLATE_ORDER else ()
    where = f"after {last.kind} ({_label(last.title)})" if last else "under the explanation's title"
    return [Promise("template", f"the {kind} section the template has {where}", last.line if last else title_line, None)
            for kind in (after if last else TEMPLATE_ORDER) if kind not in kinds]


# ---- ending -----------------------------------------------------------------------------------

def _ending(blocks: list[Block]) -> list[Promise]:
    """Where the text stops: after a full sentence (kept), or short of one."""
    last = next((b for b in reversed(blocks) if not (isinstance(b, Paragraph) and _NO_TEXT.match(b.text))), None)
    if not isinstance(last, Paragraph):
        return []
    text = fold(last.text)
    if heading_kind(last) is not None or (_LISTED.match(text) and _is_heading(text)):
        return [Promise("ending", f"the text under the last heading {_label(text)}", last.line, None)]
    if len(text) > _FRAGMENT and not text.endswith(_SENTENCE_END):
        return [Promise("ending", f"the rest of the sentence {_label(text[-20:])}", last.line, None)]
    return []
