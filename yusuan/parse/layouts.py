"""Table layouts as data: the wordings of each template (schemas/layouts/*.yaml), loaded and checked.

A layout file says, for each of the nine standard tables, the title wordings it goes by and the
header words that identify each column role; the parser recognises the union of every file and
remembers which template each word came from, so a table records the template it was read with.
Everything here fails loudly at import on a file that names an unknown table kind, role, income
source or fund scope, or gives one word two roles in the same table: a typo in a layout must not
quietly lose a column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from yusuan.parse.text import fold
from yusuan.vocab import FUND_SCOPES, INCOME_SOURCES, MEASURES, TABLE_KINDS, THREE_PUBLIC_ITEMS, TableKind

LAYOUT_DIR = Path(__file__).resolve().parents[2] / "schemas" / "layouts"
KINDS = {k.kind: k for k in TABLE_KINDS}
# Column roles that are not amounts: the subject code (whole, or one of its 类/款/项 parts), its
# name, both in one cell, a row label, and the row-number column.
TEXT_ROLES = ("code", "code_part", "name", "code_name", "label", "row_number")
MARKERS = ("row_numbers", "column_numbers", "caption", "empty_table", "other_tables", "qualifiers")


class LayoutError(ValueError):
    """A layout file that does not describe a layout the parser can use."""


@dataclass(frozen=True)
class Word:
    text: str  # folded
    role: str
    template: str


@dataclass
class Layouts:
    templates: list[str] = field(default_factory=list)
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # title key → (kind, template)
    title_patterns: list[tuple[re.Pattern, str, str]] = field(default_factory=list)  # wordings with *
    columns: dict[str, list[Word]] = field(default_factory=dict)  # kind → words, longest first
    rows: list[Word] = field(default_factory=list)  # 三公 row labels → item, longest first
    income_rows: list[tuple[str, str, str]] = field(default_factory=list)  # (word, source, fund scope)
    markers: dict[str, tuple[str, ...]] = field(default_factory=dict)


def amount_roles(kind: TableKind) -> tuple[str, ...]:
    """The amount roles a table kind's columns can take."""
    if kind.kind == "three_public":
        return tuple(FUND_SCOPES)
    if kind.shape == "two_sided":
        return ("total", *(f"total@{scope}" for scope in FUND_SCOPES))
    if kind.kind == "income":
        return tuple(INCOME_SOURCES)
    return tuple(MEASURES)


def load(folder: Path = LAYOUT_DIR) -> Layouts:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise LayoutError(f"no layout files in {folder}")
    layouts = Layouts(markers={m: () for m in MARKERS}, columns={k: [] for k in KINDS})
    for path in files:
        _add(layouts, path, yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    layouts.titles = dict(sorted(layouts.titles.items(), key=lambda kv: -len(kv[0])))
    for words in layouts.columns.values():
        words.sort(key=lambda w: -len(w.text))
    layouts.rows.sort(key=lambda w: -len(w.text))
    layouts.income_rows.sort(key=lambda r: -len(r[0]))
    return layouts


def _add(layouts: Layouts, path: Path, data: dict) -> None:
    def fail(message: str) -> None:
        raise LayoutError(f"{path.name}: {message}")

    template = data.get("template")
    if not template or template in layouts.templates:
        fail(f"needs a unique `template:` name (got {template!r})")
    layouts.templates.append(template)
    for marker, words in (data.get("markers") or {}).items():
        if marker not in MARKERS:
            fail(f"unknown marker {marker!r}; known: {', '.join(MARKERS)}")
        layouts.markers[marker] += tuple(fold(w) for w in _words(fail, f"markers.{marker}", words))
    for kind_name, table in (data.get("tables") or {}).items():
        kind = KINDS.get(kind_name) or fail(f"unknown table kind {kind_name!r}; known: {', '.join(KINDS)}")
        for title in _words(fail, f"{kind_name}.titles", table.get("titles", [])):
            key = title_key(title)
            if "*" in key:  # 三公*表: any wording with those words in that order
                pattern = re.compile("^" + ".*".join(re.escape(piece) for piece in key.split("*")) + "$")
                layouts.title_patterns.append((pattern, kind_name, template))
                continue
            if layouts.titles.get(key, (kind_name,))[0] != kind_name:
                fail(f"title {title!r} of {kind_name} is already the title of {layouts.titles[key][0]}")
            layouts.titles.setdefault(key, (kind_name, template))
        allowed = TEXT_ROLES + amount_roles(kind)
        taken = {w.text: w.role for w in layouts.columns[kind_name]}
        for role, words in (table.get("columns") or {}).items():
            if role not in allowed:
                fail(f"{kind_name}: unknown column role {role!r}; allowed: {', '.join(allowed)}")
            for word in _words(fail, f"{kind_name}.columns.{role}", words):
                text = fold(word)
                if taken.get(text, role) != role:
                    fail(f"{kind_name}: header word {word!r} is given to both {taken[text]} and {role}")
                if text not in taken:
                    taken[text] = role
                    layouts.columns[kind_name].append(Word(text, role, template))
        for item, words in (table.get("rows") or {}).items():
            if kind_name != "three_public" or item not in THREE_PUBLIC_ITEMS:
                fail(f"{kind_name}: unknown row {item!r} (rows are the 三公 items: {', '.join(THREE_PUBLIC_ITEMS)})")
            layouts.rows += [Word(fold(w), item, template) for w in _words(fail, f"{kind_name}.rows.{item}", words)]
    for entry in data.get("income_rows") or []:
        source, scope = entry.get("source"), entry.get("fund_scope")
        if source not in INCOME_SOURCES or scope not in FUND_SCOPES:
            fail(f"income row {entry!r}: source must be one of {', '.join(INCOME_SOURCES)}, fund_scope one of {', '.join(FUND_SCOPES)}")
        layouts.income_rows += [(fold(w), source, scope) for w in _words(fail, "income_rows", entry.get("words"))]


def _words(fail, where: str, words) -> list[str]:
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        fail(f"{where} must be a list of non-empty strings")
    return words


_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
# Numbering before a title, matched on the NFKC text before spaces are dropped (表1 2023年…): a
# bare numeral needs its separator, so that 一般公共预算 keeps its 一.
_NUMBERING = re.compile(
    r"^\s*(?:附?表\s*\d{1,2}(?:-\d+)?(?!\d)|附?表\s*[一二三四五六七八九十]+|附件\s*[\d一二三四五六七八九十]+"
    r"|第[一二三四五六七八九十]+部分|[(][一二三四五六七八九十\d]+[)]|[一二三四五六七八九十]+(?=[、.:,])|\d{1,2}(?=[、.:,\s]))"
    r"[\s、.:,-]*"
)
_SUFFIX = re.compile(r"[(][^()]*[)]$|(?:金额)?单位:(?:万元|元)$")
# A table number inside the title (部门预算表一：收支总表, 2023年附表3 …).
_INNER_NUMBER = re.compile(r"附?表(?:\d{1,2}(?:-\d+)?|[一二三四五六七八九十]+)[:、.]")
_YEAR = re.compile(r"(?:19|20)\d{2}年度?")
_SCOPE = re.compile(r"(部门|单位)")
_MONEY_UNIT = re.compile(r"(?:金额)?单位:(?:万元|元)")


@functools.lru_cache(maxsize=1 << 14)
def title_key(text: str) -> str:
    """A title reduced to what tells its kind: no quotes, numbering, bracketed suffix, year,
    部门/单位 scope word, or 预算 (which the templates place anywhere)."""
    key = _QUOTES.sub("", unicodedata.normalize("NFKC", text))
    for _ in range(3):  # 附表2：（一）…
        stripped = _NUMBERING.sub("", key, count=1)
        if stripped == key:
            break
        key = stripped
    key = _INNER_NUMBER.sub("", fold(key))
    while _SUFFIX.search(key):
        key = _SUFFIX.sub("", key)
    years = list(_YEAR.finditer(key))
    if years:
        key = key[years[-1].end():]
    return key.replace("部门", "").replace("单位", "").replace("预算", "").replace("年度", "")


def title_scope(text: str) -> str | None:
    """department or unit, when the title says so (部门预算…, 单位收支总表); the last such word,
    as a unit name before the title may hold one too."""
    found = _SCOPE.findall(_MONEY_UNIT.sub("", _QUOTES.sub("", fold(text))))
    return None if not found else ("department" if found[-1] == "部门" else "unit")


LAYOUTS = load()
_PUNCTUATION = re.compile(r"[,，。;；:：!！?？、]")


@dataclass(frozen=True)
class TitleMatch:
    kind: TableKind
    scope: str | None
    template: str


@functools.lru_cache(maxsize=1 << 16)  # the same paragraphs are tested while splitting and parsing
def match_title(text: str) -> TitleMatch | None:
    """The standard table a title names, tolerating numbering, a year, a unit name before the
    title, 部门/单位/预算 anywhere and a bracketed suffix; None for anything else."""
    if len(text) > 80:
        return None
    key = title_key(text)
    if not key.endswith("表"):
        return None
    found = LAYOUTS.titles.get(key)
    if found is None:
        for known, candidate in LAYOUTS.titles.items():
            if key.endswith(known) and _is_name_prefix(key[: -len(known)]):
                found = candidate
                break
    if found is None:
        found = next(((kind, template) for pattern, kind, template in LAYOUTS.title_patterns
                      if pattern.match(key) and not _PUNCTUATION.search(key)), None)
    if found is None:
        return None
    return TitleMatch(KINDS[found[0]], title_scope(text), found[1])


def _is_name_prefix(prefix: str) -> bool:
    """Whether text before a known title can be a unit's name (not 财政拨款 before 支出总表)."""
    return (len(prefix) <= 40 and not _PUNCTUATION.search(prefix)
            and not any(prefix.endswith(q) for q in LAYOUTS.markers["qualifiers"]))


_TABLE_WORDS = re.compile(r"收|支|拨款|经费|预算")


@functools.lru_cache(maxsize=1 << 14)  # asked of every paragraph that is no standard title
def looks_like_table_title(text: str) -> bool:
    """A short line ending in 表 about budget figures that is not one of the other known tables:
    when no layout matches it, the parser reports it instead of passing over it."""
    if len(text) > 80:
        return False
    key = title_key(text)
    return (len(key) <= 60 and key.endswith("表") and not _PUNCTUATION.search(key)
            and bool(_TABLE_WORDS.search(fold(text))) and not any(w in key for w in LAYOUTS.markers["other_tables"]))
