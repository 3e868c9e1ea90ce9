"""Damaged copies of the committed fixtures, deterministic by seed: what a corpus of downloads
holds after a transfer breaks off, a disk flips bits, a tool re-encodes a file or rewrites a
Word or Excel container badly.

    python -m tests.fuzz.make_damaged OUT [--count N] [--seed S]

The originals are the sample corpus (data/raw/*.txt) and the committed format fixtures made from
it (tests/formats/fixtures and tests/formats/independent/fixtures: .docx, .xlsx, .html, .pdf).
Each damage is a function of (bytes, random generator) → bytes; `plan` picks, for case i, an
original and a damage from a generator seeded by (seed, i) alone, so a case is the same whatever
the count, and a failing case is remade from its number.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "formats"
ORIGINALS = tuple(sorted((ROOT / "data" / "raw").glob("*.txt"))
                  + sorted(p for folder in (FORMATS / "fixtures", FORMATS / "independent" / "fixtures") for p in folder.iterdir()
                           if p.suffix in (".docx", ".xlsx", ".html", ".pdf") and p.name[:3].isdigit()))
# How often each format is damaged: PDFs take seconds each to read, the others milliseconds.
FORMAT_WEIGHTS = {".txt": 8, ".docx": 4, ".xlsx": 4, ".html": 3, ".pdf": 1}

Damage = Callable[[bytes, random.Random], bytes]


# ---- any file ---------------------------------------------------------------------------------

def flip_bits(data: bytes, rng: random.Random) -> bytes:
    """One to eight bits flipped anywhere: a bad disk or a bad copy."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """The file cut off anywhere: a download broken off."""
    return data[: rng.randrange(len(data))]


def _chunk(data: bytes, rng: random.Random) -> tuple[int, int]:
    """A random span of up to a tenth of the file."""
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, max(1, len(data) // 10)))


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    """A span lost from the middle: a bad merge of download pieces."""
    start, end = _chunk(data, rng)
    return data[:start] + data[end:]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    """A span written twice, at once or somewhere else: a resumed download that resumed wrong."""
    start, end = _chunk(data, rng)
    at = end if rng.random() < 0.5 else rng.randrange(len(data))
    return data[:at] + data[start:end] + data[at:]


def nul_bytes(data: bytes, rng: random.Random) -> bytes:
    """Runs of NUL bytes written over the file or into it: a preallocated file never filled."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at, run = rng.randrange(len(out)), rng.randint(1, 4096)
        if rng.random() < 0.5:
            out[at : at + run] = bytes(min(run, len(out) - at))
        else:
            out[at:at] = bytes(run)
    return bytes(out)


# ---- text: the text dump and the web page ------------------------------------------------------

def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def cut_text(data: bytes, rng: random.Random) -> bytes:
    """The text cut off at a character (not inside one): at a line end, or inside a line."""
    lines = _lines(data)
    at = rng.randrange(len(lines))
    kept = b"".join(lines[:at])
    if rng.random() < 0.5:
        return kept
    line = lines[at].decode("utf-8", errors="replace")
    return kept + line[: rng.randrange(len(line) or 1)].encode("utf-8")


def _line_span(lines: list[bytes], rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(lines))
    return start, min(len(lines), start + rng.randint(1, max(1, len(lines) // 10)))


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    """Whole lines lost from the middle."""
    lines = _lines(data)
    start, end = _line_span(lines, rng)
    return b"".join(lines[:start] + lines[end:])


def duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    """Whole lines written twice, at once or somewhere else."""
    lines = _lines(data)
    start, end = _line_span(lines, rng)
    at = end if rng.random() < 0.5 else rng.randrange(len(lines))
    return b"".join(lines[:at] + lines[start:end] + lines[at:])


_ENCODINGS = ("gb18030", "gbk", "utf-16", "utf-16-le", "utf-8-sig", "big5")


def reencode(data: bytes, rng: random.Random) -> bytes:
    """The whole text in another encoding, or a span of it (mixed encodings: an edit in
    another editor), or UTF-8 read as cp1252 and written back as UTF-8 (double encoding)."""
    text = data.decode("utf-8", errors="replace")
    how = rng.choice(("whole", "span", "double"))
    if how == "whole":
        return text.encode(rng.choice(_ENCODINGS), errors="replace")
    if how == "double":
        return data.decode("cp1252", errors="replace").encode("utf-8")
    start, end = _chunk(text.encode("utf-8"), rng)
    start, end = start * len(text) // len(data), end * len(text) // len(data)
    return (text[:start].encode("utf-8") + text[start:end].encode(rng.choice(_ENCODINGS), errors="replace")
            + text[end:].encode("utf-8"))


_SPAN_VALUES = ("0", "-1", "2", "7", "999999", "2147483648", "x", "", "1e9", " 3 ")


def html_spans(data: bytes, rng: random.Random) -> bytes:
    """Odd colspan/rowspan values on random cells, end tags dropped, a wrong charset declared."""
    text = data.decode("utf-8", errors="replace")
    cells = [m.end() for m in re.finditer(r"<t[dh]\b", text)]
    for at in sorted(rng.sample(cells, min(len(cells), rng.randint(1, 6))), reverse=True):
        attribute = rng.choice(("colspan", "rowspan"))
        text = f'{text[:at]} {attribute}="{rng.choice(_SPAN_VALUES)}"{text[at:]}'
    if rng.random() < 0.5:
        ends = [m.start() for m in re.finditer(r"</t[dhr]>|</table>", text)]
        for at in sorted(rng.sample(ends, min(len(ends), rng.randint(1, 20))), reverse=True):
            text = text[:at] + re.sub(r"^</t[dhr]>|^</table>", "", text[at:], count=1)
    if rng.random() < 0.3:
        text = re.sub(r"charset=[\w-]+", f"charset={rng.choice(_ENCODINGS)}", text, count=1)
    return text.encode("utf-8")


# ---- Office containers: docx and xlsx -----------------------------------------------------------

def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _main_part(members: dict[str, bytes]) -> str:
    return "word/document.xml" if "word/document.xml" in members else next(
        n for n in members if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def zip_crc(data: bytes, rng: random.Random) -> bytes:
    """A byte of one member's compressed data changed, its CRC left as it was; or a CRC field
    itself changed in the member's local header."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice(archive.infolist())
    header = info.header_offset
    name_length, extra_length = int.from_bytes(out[header + 26 : header + 28], "little"), int.from_bytes(
        out[header + 28 : header + 30], "little")
    body = header + 30 + name_length + extra_length
    if rng.random() < 0.5 and info.compress_size:
        out[body + rng.randrange(info.compress_size)] ^= 1 << rng.randrange(8)
    else:
        out[header + 14 + rng.randrange(4)] ^= 0xFF
    return bytes(out)


_CELL_REFS = ("A1", "A0", "XFD1048576", "ZZZZ99999999", "B-3", "", "AAAAAAAAAAA1", "C7")
_RANGES = ("A1:XFD1048576", "A1:A1", "C5:A1", "A1:ZZ99999", "B2", "A0:B0", "XFD1:XFD1048576")


def office_xml(data: bytes, rng: random.Random) -> bytes:
    """The main part of a docx or xlsx rewritten with odd spans and dimensions, re-zipped whole:
    gridSpan and vMerge values in Word tables; merged ranges, the sheet's dimension and cell
    references in a worksheet."""
    members = _members(data)
    part = _main_part(members)
    xml = members[part].decode("utf-8")
    for _ in range(rng.randint(1, 6)):
        xml = rng.choice(_DOCX_EDITS if part.startswith("word/") else _XLSX_EDITS)(xml, rng)
    members[part] = xml.encode("utf-8")
    return _zipped(members)


def _replace_one(xml: str, pattern: str, rng: random.Random, make: Callable[[re.Match], str]) -> str:
    found = list(re.finditer(pattern, xml))
    if not found:
        return xml
    match = rng.choice(found)
    return xml[: match.start()] + make(match) + xml[match.end() :]


def _grid_span(xml: str, rng: random.Random) -> str:
    """A cell spanning an odd number of grid columns (or a new span on a cell that had none)."""
    value = rng.choice(_SPAN_VALUES)
    if rng.random() < 0.5:
        return _replace_one(xml, r'<w:gridSpan w:val="[^"]*"/>', rng, lambda m: f'<w:gridSpan w:val="{value}"/>')
    return _replace_one(xml, r"<w:tcPr>", rng, lambda m: f'<w:tcPr><w:gridSpan w:val="{value}"/>')


def _v_merge(xml: str, rng: random.Random) -> str:
    """A vertical merge starting or continuing where none was (or one with an odd value)."""
    value = rng.choice(('w:val="restart"', "", 'w:val="continue"', 'w:val="x"'))
    return _replace_one(xml, r"<w:tcPr>", rng, lambda m: f"<w:tcPr><w:vMerge {value}/>")


def _grid_columns(xml: str, rng: random.Random) -> str:
    """A table grid with an odd number of columns or odd widths."""
    cols = "".join(f'<w:gridCol w:w="{rng.choice(("0", "-5", "100", "99999999"))}"/>' for _ in range(rng.choice((0, 1, 60))))
    return _replace_one(xml, r"<w:tblGrid>.*?</w:tblGrid>", rng, lambda m: f"<w:tblGrid>{cols}</w:tblGrid>")


def _merge_cell(xml: str, rng: random.Random) -> str:
    """A merged range replaced by an odd one (the whole sheet, inverted, malformed), or added."""
    ref = rng.choice(_RANGES)
    if "<mergeCell " in xml and rng.random() < 0.6:
        return _replace_one(xml, r'<mergeCell ref="[^"]*"/>', rng, lambda m: f'<mergeCell ref="{ref}"/>')
    if "<mergeCells" in xml:
        return xml.replace("</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>', 1)
    return xml.replace("</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>', 1)


def _dimension(xml: str, rng: random.Random) -> str:
    """The sheet's declared dimension set to an odd range."""
    ref = rng.choice(_RANGES)
    if "<dimension " in xml:
        return re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml, count=1)
    return xml.replace("<sheetData>", f'<dimension ref="{ref}"/><sheetData>', 1)


def _cell_ref(xml: str, rng: random.Random) -> str:
    """One cell's (or row's) reference moved somewhere odd."""
    if rng.random() < 0.7:
        return _replace_one(xml, r'<c r="[^"]*"', rng, lambda m: f'<c r="{rng.choice(_CELL_REFS)}"')
    return _replace_one(xml, r'<row r="[^"]*"', rng, lambda m: f'<row r="{rng.choice(("0", "-1", "1048577", "x"))}"')


_DOCX_EDITS = (_grid_span, _v_merge, _grid_columns)
_XLSX_EDITS = (_merge_cell, _dimension, _cell_ref)


def member_cut(data: bytes, rng: random.Random) -> bytes:
    """One member's XML cut off, then re-zipped with correct CRCs: a container a tool wrote wrong."""
    members = _members(data)
    name = rng.choice([n for n in members if n.endswith(".xml")])
    members[name] = members[name][: rng.randrange(len(members[name]) or 1)]
    return _zipped(members)


# ---- the plan -----------------------------------------------------------------------------------

GENERIC: dict[str, Damage] = {"flip_bits": flip_bits, "truncate": truncate, "delete_chunk": delete_chunk,
                              "duplicate_chunk": duplicate_chunk, "nul_bytes": nul_bytes}
TEXT: dict[str, Damage] = {"cut_text": cut_text, "delete_lines": delete_lines, "duplicate_lines": duplicate_lines,
                           "reencode": reencode}
DAMAGES: dict[str, dict[str, Damage]] = {
    ".txt": {**GENERIC, **TEXT},
    ".html": {**GENERIC, **TEXT, "html_spans": html_spans},
    ".docx": {**GENERIC, "zip_crc": zip_crc, "office_xml": office_xml, "member_cut": member_cut},
    ".xlsx": {**GENERIC, "zip_crc": zip_crc, "office_xml": office_xml, "member_cut": member_cut},
    ".pdf": GENERIC,
}


def original_name(original: Path) -> str:
    """An original's name with the folder it comes from (formats, independent, data): the
    fixture folders hold files of the same names."""
    return f"{original.parent.parent.name}_{original.name}"


@dataclass(frozen=True)
class Case:
    """Damage `kind` done to `original`, number `number` of the series `seed`."""

    number: int
    original: Path
    kind: str
    seed: int

    @property
    def file_name(self) -> str:
        return f"{self.number:05d}_{self.kind}_{original_name(self.original)}"

    def damaged(self) -> bytes:
        damage = DAMAGES[self.original.suffix][self.kind]
        return damage(self.original.read_bytes(), random.Random(f"{self.seed}:{self.number}:bytes"))


def plan(count: int, seed: int, start: int = 0, formats: dict[str, int] = FORMAT_WEIGHTS) -> list[Case]:
    """Cases start … start + count − 1 of the series `seed`, drawn from the formats by their weights."""
    weights = [formats.get(p.suffix, 0) for p in ORIGINALS]
    cases = []
    for number in range(start, start + count):
        rng = random.Random(f"{seed}:{number}")
        original = rng.choices(ORIGINALS, weights)[0]
        cases.append(Case(number, original, rng.choice(sorted(DAMAGES[original.suffix])), seed))
    return cases


def write(cases: list[Case], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (out / case.file_name).write_bytes(case.damaged())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(plan(args.count, args.seed), args.out)


if __name__ == "__main__":
    main()
