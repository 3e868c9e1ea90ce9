"""PDF readers side by side, in one process and one run, on the committed PDFs: the five seeds as our
writer's .docx printed by LibreOffice (tests/formats/fixtures) and seeds 000-002 as Word files
made by hand and printed by LibreOffice (tests/formats/independent/fixtures). Run:

    .venv/bin/python bench/pdf_readers.py [--baseline REV] [--pdfplumber REV] [--repeats 5] [--pymupdf DIR]

Readers: the layout of pdf.py on pdfium's characters, in this tree and at the baseline REV; the
same layout on pdfplumber's characters and tables (the reader at the --pdfplumber REV); and two
bare table extractors, each page's tables as they come and every other line a paragraph:
pdfplumber's `find_tables` and PyMuPDF's `find_tables`. A reader at a revision is its modules
yusuan/readers/pdf*.py there, unpacked with `git archive` and imported beside this tree's. PyMuPDF
is AGPL: measured only, never a dependency; it is imported from DIR (`pip install --no-deps
--target DIR "PyMuPDF<2"`, outside .venv), and its row says so when absent.

Speed: CPU time (time.process_time) of reading each file into the document model, the median of
`repeats` passes; the readers take turns on each file, so that all meet the same load of the
shared machine. Each read runs with garbage collection paused, as the parse stage reads
(yusuan/parse/reader.py): a collection would otherwise walk what the other readers and the
parser left in this process, and a reader that pauses collections itself would gain that. Fidelity: the warehouse rows parsed from each reader's document against those of
the seed's text form, row for row, as the format tests compare them (tests/formats/equality.py);
a reader's document goes through this tree's parser. Writes the section "PDF readers" of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import collections
import functools
import importlib.abc
import importlib.util
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sections import write_section  # noqa: E402

import yusuan.readers  # noqa: E402
from tests.conftest import SEEDS  # noqa: E402
from tests.formats.equality import comparable  # noqa: E402
from yusuan.model import Cell, Document, Paragraph, Table, collections_paused  # noqa: E402
from yusuan.parse.batch import parse_files  # noqa: E402
from yusuan.raw import read_raw  # noqa: E402
from yusuan.readers.pdf import PAGE, read_pdf  # noqa: E402

SECTION = "## PDF readers"
FOLDERS = {"ours": ROOT / "tests/formats/fixtures", "independent": ROOT / "tests/formats/independent/fixtures"}
TARGET_MS = 100
SAMPLES = 5  # seeds 000-004, the first files: the target is their mean

Reader = Callable[[str, bytes], Document]


def reader_at(rev: str, into: Path) -> Reader:
    """read_pdf of the PDF reader at `rev` (yusuan/readers/pdf*.py there), loaded beside this tree's:
    while pdf.py is imported, a finder serves the modules named yusuan.readers.pdf* from `rev`, so
    that its imports of its own modules get theirs; then this tree's modules are put back."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", rev, "yusuan/readers/"],
                            check=True, capture_output=True, text=True).stdout.split()
    paths = [path for path in listed if Path(path).name.startswith("pdf") and path.endswith(".py")]
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, *paths], check=True, capture_output=True).stdout
    folder = into / rev
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    names = {f"yusuan.readers.{Path(path).stem}": folder / path for path in paths}

    class AtRev(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            return importlib.util.spec_from_file_location(name, names[name]) if name in names else None

    package = sys.modules["yusuan.readers"]
    ours = {name: sys.modules.pop(name, None) for name in names}
    # `from yusuan.readers import pdf_pdfminer` takes the package's attribute when it has one
    attributes = {name: package.__dict__.pop(name.rpartition(".")[2], None) for name in names}
    sys.meta_path.insert(0, AtRev())
    try:
        return importlib.import_module("yusuan.readers.pdf").read_pdf
    finally:
        del sys.meta_path[0]
        for name, module in ours.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module
        for name, attribute in attributes.items():
            package.__dict__.pop(name.rpartition(".")[2], None)
            if attribute is not None:
                setattr(package, name.rpartition(".")[2], attribute)


def bare(name: str, pages: list[tuple[list[tuple[float, list[list[str | None]]]], list[tuple[float, str]]]]) -> Document:
    """A document of each page's tables (top, rows) and the lines outside them (top, text) as
    paragraphs, top to bottom: what a table extractor gives without a layout of its own."""
    blocks = []
    for number, (tables, lines) in enumerate(pages, start=1):
        ordinal = number * PAGE
        for _, item in sorted([*tables, *lines], key=lambda i: i[0]):
            if isinstance(item, str):
                ordinal += 1
                blocks.append(Paragraph(item, ordinal))
                continue
            rows = []
            for row in item:
                cells = []
                for text in row:
                    ordinal += 1
                    cells.append(Cell(text or "", ordinal))
                rows.append(tuple(cells))
            if rows:
                blocks.append(Table(rows=tuple(rows), line=rows[0][0].line))
    return Document(name=name, blocks=tuple(blocks))


def pdfplumber_tables(name: str, data: bytes) -> Document:
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            outside = page.filter(lambda obj, boxes=boxes: not any(
                b[0] <= obj.get("x0", -1) and obj.get("x1", -1) <= b[2] and b[1] <= obj.get("top", -1) and obj.get("bottom", -1) <= b[3]
                for b in boxes))
            lines = [(line["top"], line["text"]) for line in outside.extract_text_lines()]
            pages.append(([(t.bbox[1], t.extract()) for t in found], lines))
            page.close()
    return bare(name, pages)


def pymupdf_tables(name: str, data: bytes) -> Document:
    import pymupdf

    pages = []
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        for page in pdf:
            found = page.find_tables().tables
            boxes = [pymupdf.Rect(t.bbox) for t in found]
            lines = [(line["bbox"][1], "".join(span["text"] for span in line["spans"]))
                     for block in page.get_text("dict")["blocks"] if block["type"] == 0
                     for line in block["lines"] if not any(box.contains(pymupdf.Rect(line["bbox"])) for box in boxes)]
            pages.append(([(t.bbox[1], t.extract()) for t in found], lines))
    return bare(name, pages)


@functools.cache
def text_form(seed: str) -> dict[str, list]:
    return comparable(parse_files([read_raw(SEEDS / seed, SEEDS)]).frames)


def facts(path: Path, reader: Reader) -> tuple[int, int]:
    """(rows equal to the text form's, rows of the text form) over every warehouse table."""
    yusuan.readers.read_pdf = reader  # read_document dispatches through this module's name
    try:
        batch = parse_files([read_raw(path, path.parent)])
    finally:
        yusuan.readers.read_pdf = read_pdf
    text = text_form(path.with_suffix(".txt").name)
    other = comparable(batch.frames) if batch.rejected.is_empty() else {}
    equal = total = 0
    for table, rows in text.items():
        expected = collections.Counter(map(repr, rows))
        equal += sum((expected & collections.Counter(map(repr, other.get(table, [])))).values())
        total += len(rows)
    return equal, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default="ca38dd8", help="the revision of this reader to measure against")
    parser.add_argument("--pdfplumber", default="b8f2eca", help="the revision with the pdfplumber reader")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pymupdf", type=Path, help="a folder PyMuPDF is installed in (--target), never .venv")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    if args.pymupdf:
        sys.path.append(str(args.pymupdf))
    files = [(kind, path) for kind, folder in FOLDERS.items() for path in sorted(folder.glob("0*.pdf"))]
    with tempfile.TemporaryDirectory() as folder:
        readers: dict[str, tuple[str, Reader | None]] = {
            f"pdfium characters + our layout ({args.baseline})": ("BSD-3 / Apache-2.0", reader_at(args.baseline, Path(folder))),
            "pdfium characters + our layout (this tree)": ("BSD-3 / Apache-2.0", read_pdf),
            f"pdfplumber characters + our layout ({args.pdfplumber})": ("MIT", reader_at(args.pdfplumber, Path(folder))),
            "pdfplumber `find_tables`, bare": ("MIT", pdfplumber_tables),
            "PyMuPDF `find_tables`, bare": ("AGPL-3.0", pymupdf_tables if importlib.util.find_spec("pymupdf") else None),
        }
        present = {name: reader for name, (_, reader) in readers.items() if reader is not None}
        times: dict[str, list[float]] = {name: [] for name in present}
        fidelity: dict[str, list[tuple[int, int]]] = {name: [] for name in present}
        for kind, path in files:
            data = path.read_bytes()
            passes = collections.defaultdict(list)
            for reader in present.values():
                reader(path.name, data)  # imports and first-use caches out of the measure
            for _ in range(args.repeats):
                for name, reader in present.items():
                    with collections_paused():
                        started = time.process_time()
                        reader(path.name, data)
                        spent = time.process_time() - started
                    passes[name].append(spent)
            for name, reader in present.items():
                times[name].append(statistics.median(passes[name]) * 1000)
                fidelity[name].append(facts(path, reader))
            print(kind, path.name, {name: f"{times[name][-1]:.0f} ms {fidelity[name][-1]}" for name in present}, flush=True)
    write(args, files, readers, times, fidelity)


def write(args, files, readers, times, fidelity) -> None:
    baseline, ours, plumber = list(times)[:3]
    names = [f"{path.name[:3]}{'ᵢ' if kind == 'independent' else ''}" for kind, path in files]
    lines = [SECTION, "",
             f"`.venv/bin/python bench/pdf_readers.py --baseline {args.baseline} --pdfplumber {args.pdfplumber} "
             f"--repeats {args.repeats}{' --pymupdf DIR' if args.pymupdf else ''}`: the {len(files)} committed PDFs (seeds "
             "000-004 as our .docx printed by LibreOffice; 000ᵢ-002ᵢ as Word files made by hand, printed by LibreOffice), each "
             f"read into the document model. CPU time per document, the median of {args.repeats} passes, the readers taking "
             "turns on each file, each read with garbage collection paused as the parse stage reads (yusuan/parse/reader.py); "
             "rows: the warehouse rows this tree's parser loads from the reader's document that equal the text form's, row "
             "for row (tests/formats/equality.py).", "",
             "| reader | licence | CPU ms per document: mean (median) | seeds 000-004: mean "
             f"| per document ({' / '.join(names)}) | × {baseline} | rows equal to the text form "
             "| documents whose rows all equal it |",
             "|---|---|---|---|---|---|---|---|"]
    for name, (licence, reader) in readers.items():
        if reader is None:
            lines.append(f"| {name} | {licence} | not installed (--pymupdf DIR) | | | | | |")
            continue
        ms = times[name]
        equal, total = map(sum, zip(*fidelity[name], strict=True))
        whole = sum(e == t for e, t in fidelity[name])
        lines.append(f"| {name} | {licence} | {statistics.mean(ms):.0f} ({statistics.median(ms):.0f}) "
                     f"| {statistics.mean(ms[:SAMPLES]):.0f} | {' / '.join(f'{m:.0f}' for m in ms)} "
                     f"| {sum(ms) / sum(times[baseline]):.3f} | {equal:,} of {total:,} ({equal / total:.1%}) "
                     f"| {whole} of {len(files)} |")
    mean = statistics.mean(times[ours][:SAMPLES])
    met = "met" if mean <= TARGET_MS else "not met"
    same = "the same rows as" if fidelity[ours] == fidelity[baseline] else "NOT the same rows as"
    lines += ["", f"Target: at most {TARGET_MS} ms per document on seeds 000-004 (mean) with the rows of the reader before: "
              f"{met}, {mean:.0f} ms against {statistics.mean(times[baseline][:SAMPLES]):.0f} ms at {args.baseline} in this run "
              f"(× {sum(times[ours][:SAMPLES]) / sum(times[baseline][:SAMPLES]):.3f}; all 8 documents × "
              f"{sum(times[ours]) / sum(times[baseline]):.3f}), with {same} it. 000ᵢ and 001ᵢ hold four rows no PDF reader "
              "can yield, three of 000ᵢ and one of 001ᵢ (NOT_YIELDED in tests/formats/independent/test_independent.py: a "
              "figure and two labels a page break cut): the readers with our layout load every other row. The machine is "
              "shared: absolute times move with its load (in this run the pdfplumber reader took "
              f"{statistics.mean(times[plumber][:SAMPLES]):.0f} ms per seed 000-004), the ratio between readers measured in "
              "the same run much less.", ""]
    write_section(args.out, SECTION, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
