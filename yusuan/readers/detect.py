"""Format and text-encoding detection by content, never by file name alone.

Encodings are tried strictly, most specific first (BOMs, UTF-16 by its NUL bytes, UTF-8,
GB18030); a decode that succeeds but yields no Chinese text is not trusted, so a wrong guess
becomes a rejection with a reason instead of mojibake in the warehouse.
"""

from __future__ import annotations

import codecs
import re


class RejectedFile(Exception):
    """The file cannot be ingested; the message is the reason recorded in the ingest ledger."""


_CJK = re.compile(r"[\u4e00-\u9fff]")

# Magic numbers of the formats finance bureaus publish in.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG", "png"),
)


def detect_format(name: str, data: bytes) -> str:
    """The format of a file by its content: tika_text, docx, xlsx, zip, html, pdf, ole2, jpeg, png or empty."""
    if not data or data.isspace():  # without copying the file
        return "empty"
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return _zip_kind(data) if fmt == "zip" else fmt
    if b"%PDF-" in data[:1024]:  # PDF readers accept up to 1 KB of junk before the header
        return "pdf"
    head = _head(data).lstrip().lower()
    if head.startswith("<") and any(tag in head for tag in ("<!doctype html", "<html", "<table", "<body")):
        return "html"
    return "tika_text"


def _head(data: bytes) -> str:
    """The file's first characters: a UTF-16 page (BOM or NUL bytes) puts a NUL beside each ASCII
    character of its markup, which a byte search would never match."""
    head = data[:4096]
    for bom, codec in BOM_ENCODINGS.items():
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")
    if 0 in head[:64]:
        return head.decode(_utf16_by_parity(head), errors="ignore")
    return head.decode("latin-1")


def _zip_kind(data: bytes) -> str:
    """docx or xlsx by the container's members (the name can lie), else a plain zip archive."""
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        return "zip"
    # An Office container is told by its parts; one missing its main part is still that kind of
    # file (damaged), for its reader to reject as such, not an archive of documents.
    if "word/document.xml" in names or (_OFFICE in names and any(n.startswith("word/") for n in names)):
        return "docx"
    if "xl/workbook.xml" in names or (_OFFICE in names and any(n.startswith("xl/") for n in names)):
        return "xlsx"
    return "zip"


_OFFICE = "[Content_Types].xml"  # the first part of every Office Open XML container


# Byte-order marks and the codec that reads past each (it drops the mark).
BOM_ENCODINGS = {codecs.BOM_UTF8: "utf-8-sig", codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}
BOMS = tuple(BOM_ENCODINGS)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises RejectedFile when no encoding is credible."""
    for bom, enc in BOM_ENCODINGS.items():
        if data.startswith(bom):
            return _strict(data, enc), enc
    candidates = ["utf-8", "gb18030"]
    if 0 in data:  # text in UTF-8 or GB18030 never holds NUL; BOM-less UTF-16 does, for ASCII
        _refuse_damaged_utf8(data)
        candidates = [_utf16_by_parity(data)]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _CJK.search(text) and "\x00" not in text:
            return text, enc
    raise RejectedFile("not readable as text: no encoding (UTF-8, UTF-16, GB18030) gives Chinese text")


def _refuse_damaged_utf8(data: bytes) -> None:
    """Chinese UTF-8 text but for NUL bytes in it is damaged text, told as such, not read as UTF-16
    mojibake (Chinese in UTF-16 never decodes as UTF-8, NULs removed or not)."""
    try:
        text = data.replace(b"\0", b"").decode("utf-8")
    except UnicodeDecodeError:
        return
    if _CJK.search(text):
        nuls = data.count(0)
        raise RejectedFile(f"UTF-8 text with {nuls} NUL byte{'s' if nuls > 1 else ''} in it (the first at byte "
                           f"{data.index(0)}): damaged in transfer or storage; fetch the file again")


def _strict(data: bytes, enc: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise RejectedFile(f"declares {enc} by its byte-order mark but does not decode: {exc.reason} at byte {exc.start}") from exc


def _utf16_by_parity(data: bytes) -> str:
    """ASCII characters (TAB, newline, digits) put their NUL byte second in LE, first in BE."""
    return "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
