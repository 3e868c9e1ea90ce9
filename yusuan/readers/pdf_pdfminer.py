"""The characters and ruling lines of each page of a PDF, read with pdfminer (pdfplumber): the
second route, for a damaged file whose fonts pdfium cannot draw (pdf_content.LostGlyphs).
pdfminer takes a character's text from the file's character codes, never from its glyph, so it
reads such a file as it was written; it takes ten times pdfium's time, which only such files pay.

The pages are those of pdf_content (characters as dicts of the same keys; rules from every
straight line and rectangle edge, as pdfplumber's table finder takes them). pdfminer reads on
where it meets damage too (a font it cannot load, a text matrix it cannot parse, data lost in a
stream), and logs a warning: the file is then rejected with the first, as what it reads may have
lost figures. Its warnings are never printed.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator

from yusuan.readers.detect import RejectedFile
from yusuan.readers.pdf_cells import Rule
from yusuan.readers.pdf_content import Page


def read_pages(data: bytes) -> list[Page]:
    # imported here: 0.2 s, paid by the damaged files only
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    pages = []
    try:
        with _warnings() as warned, pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                edges = page.edges
                pages.append(Page(chars=[c for c in page.chars if c.get("upright", True) and c["text"]],
                                  horizontal=[Rule(e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h"],
                                  vertical=[Rule(e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v"]))
                page.close()  # else pdfplumber keeps every page's drawing objects until the end
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many error types for damaged files
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args)):  # pdfplumber wraps pdfminer's errors
            raise RejectedFile("encrypted PDF: opening it needs a password") from exc
        raise RejectedFile(f"not a readable PDF (damaged or truncated): {type(exc).__name__}: {exc}") from exc
    if warned:
        raise RejectedFile(f"not a readable PDF (damaged or truncated): {warned[0]}")
    if not any(page.chars for page in pages):
        raise RejectedFile("not a readable PDF (damaged or truncated): no page shows text")
    return pages


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _warnings() -> Iterator[list[str]]:
    """pdfminer's warnings while it reads, kept here rather than passed on (where no handler takes
    them, Python prints them on stderr)."""
    logger, kept = logging.getLogger("pdfminer"), _Kept()
    saved = logger.level, logger.propagate
    logger.addHandler(kept)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield kept.messages
    finally:
        logger.removeHandler(kept)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
