"""Zip containers (OOXML .docx/.xlsx) opened as untrusted input.

Limits against zip bombs (total uncompressed size, compression ratio of each member, member
count); member names that are absolute or climb out with `..` are never read. XML is parsed
with defusedxml, which refuses DTDs, entity expansion and external entities (XXE, billion laughs).
"""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from yusuan.readers.detect import RejectedFile

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200


def open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise RejectedFile(f"not a readable zip container (truncated or damaged): {exc}") from exc
    if len(members) > MAX_MEMBERS:
        raise RejectedFile(f"zip bomb: {len(members)} members (limit {MAX_MEMBERS})")
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES:
        raise RejectedFile(f"zip bomb: {total:,} bytes uncompressed (limit {MAX_TOTAL_BYTES:,})")
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise RejectedFile(f"zip bomb: {member.filename} expands {member.file_size // max(member.compress_size, 1)}× "
                               f"(limit {MAX_RATIO}×)")
    return archive


def safe_names(archive: zipfile.ZipFile) -> list[str]:
    """Member names that stay inside the archive (no absolute path, no `..`)."""
    return [n for n in archive.namelist() if not n.startswith(("/", "\\")) and ".." not in n.replace("\\", "/").split("/")]


def read_xml(archive: zipfile.ZipFile, member: str) -> Element:
    if member not in safe_names(archive):
        raise RejectedFile(f"the container has no {member}")
    try:
        with archive.open(member) as handle:
            data = handle.read(MAX_TOTAL_BYTES + 1)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise RejectedFile(f"{member} cannot be read from the container (truncated or damaged): {exc}") from exc
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise RejectedFile(f"{member} declares a DTD or entities (refused: XXE / entity expansion): {type(exc).__name__}") from exc
    except Exception as exc:  # noqa: BLE001 - any XML syntax error is a damaged file
        raise RejectedFile(f"{member} is not well-formed XML: {exc}") from exc
