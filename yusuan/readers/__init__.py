"""Readers: one module per input format, each turning raw bytes into a `model.Document`.

`read_document` is the single entry: it detects the format by content, decodes, and
dispatches. A file no reader can take raises `RejectedFile` with a reason a person can act on.
"""

from __future__ import annotations

from yusuan.model import Document
from yusuan.readers.detect import RejectedFile, detect_format
from yusuan.readers.tika_text import read_tika_text

__all__ = ["RejectedFile", "detect_format", "read_document"]


def read_document(name: str, data: bytes) -> Document:
    fmt = detect_format(name, data)
    if fmt == "empty":
        raise RejectedFile("empty file")
    if fmt == "tika_text":
        return read_tika_text(name, data)
    raise RejectedFile(f"{fmt} files are not supported yet; only the text form (.txt) is read")
