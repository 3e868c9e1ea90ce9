"""Readers: one module per input format, each turning raw bytes into a `model.Document`.

`read_document` is the single entry: it detects the format by content, decodes, and
dispatches. A file no reader can take raises `RejectedFile` with a reason a person can act on.
"""

from __future__ import annotations

from yusuan.model import Document
from yusuan.readers.archive import open_zip
from yusuan.readers.detect import RejectedFile, detect_format
from yusuan.readers.doc import read_ole2
from yusuan.readers.docx import read_docx
from yusuan.readers.html import read_html
from yusuan.readers.pdf import read_pdf
from yusuan.readers.tika_text import read_tika_text
from yusuan.readers.xlsx import read_xlsx

__all__ = ["RejectedFile", "detect_format", "read_document"]


def read_document(name: str, data: bytes, fmt: str | None = None) -> Document:
    """The document model of a file; `fmt` when the raw stage has already told the format."""
    fmt = fmt or detect_format(name, data)
    if fmt == "empty":
        raise RejectedFile("empty file")
    readers = {"tika_text": read_tika_text, "docx": read_docx, "html": read_html, "xlsx": read_xlsx, "ole2": read_ole2,
               "pdf": read_pdf}
    if fmt == "zip":
        open_zip(name, data)  # a damaged container is told as such
        raise RejectedFile("a zip archive that is no .docx or .xlsx: unpacking archives of disclosures is not supported yet")
    if fmt not in readers:
        raise RejectedFile(f"{fmt} files are not supported yet; the text form (.txt), .docx, .doc (with LibreOffice), .html, .xlsx/.xls and PDFs with a text layer are read")
    return readers[fmt](name, data)
