"""Zip containers (OOXML .docx/.xlsx, archives of disclosures) opened as untrusted input.

The container's limits (yusuan.readers.limits: member count, total and per-member unpacked size,
compression ratio) are checked on the central directory before anything is unpacked; a member
that unpacks to more than its declared size fails its checksum when read. Member names that are
absolute or climb out with `..` are never read. XML is parsed with defusedxml, which refuses DTDs,
entity expansion and external entities (XXE, billion laughs).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from yusuan.readers.detect import RejectedFile
from yusuan.readers.limits import ARCHIVE_BYTES, ARCHIVE_MEMBERS, MEMBER_BYTES, MEMBER_RATIO, RATIO_FROM_BYTES, XML_TAGS


def open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        why = ("no directory of its members at its end, where a zip keeps it" if "not a zip file" in str(exc)
               else "the directory of its members is damaged")
        raise RejectedFile(f"not a readable zip container (truncated or damaged): {why}") from exc
    ARCHIVE_MEMBERS.check(len(members), f"the zip holds {len(members):,} files")
    total = sum(m.file_size for m in members)
    ARCHIVE_BYTES.check(total, f"zip bomb? the zip unpacks to {ARCHIVE_BYTES.shown(total)}")
    for member in members:
        MEMBER_BYTES.check(member.file_size, f"zip bomb? {member.filename} unpacks to {MEMBER_BYTES.shown(member.file_size)}")
        if member.file_size > RATIO_FROM_BYTES:
            ratio = member.file_size // max(member.compress_size, 1)
            MEMBER_RATIO.check(ratio, f"zip bomb: {member.filename} expands {MEMBER_RATIO.shown(ratio)}")
    return archive


def safe_names(archive: zipfile.ZipFile) -> list[str]:
    """Member names that stay inside the archive (no absolute path, no `..`)."""
    return [n for n in archive.namelist() if not n.startswith(("/", "\\")) and ".." not in n.replace("\\", "/").split("/")]


def read_xml(archive: zipfile.ZipFile, member: str) -> Element:
    if member not in safe_names(archive):
        raise RejectedFile(f"the container has no {member}")
    data = read_member(archive, member)
    tags = data.count(b"<")  # before the tree is built
    XML_TAGS.check(tags, f"{member} holds {tags:,} XML tags")
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise RejectedFile(f"{member} declares a DTD or entities (refused: XXE / entity expansion): {type(exc).__name__}") from exc
    except Exception as exc:  # noqa: BLE001 - any XML syntax error is a damaged file
        raise RejectedFile(f"{member} is not well-formed XML: {exc}") from exc


def read_member(archive: zipfile.ZipFile, member: str) -> bytes:
    """A member's bytes: no more than it declares (open_zip checked that), its checksum verified."""
    try:
        with archive.open(member) as handle:
            return handle.read()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
        raise RejectedFile(f"{member} cannot be read from the container: {_damage(exc)}; the file is truncated or "
                           f"damaged, fetch it again") from exc


def _damage(exc: Exception) -> str:
    """What a failed member read says about the container, in words: zipfile and zlib say it in theirs."""
    text = str(exc)
    if "CRC" in text:
        return "its content is corrupt (it fails its CRC checksum)"
    if isinstance(exc, zlib.error):
        return "its compressed data is corrupt (it does not inflate)"
    if isinstance(exc, EOFError) or "truncated" in text.lower():
        return "it ends before its declared size"
    # A bad magic number, a negative seek: the member's local header is not where the directory says
    return "its entry in the container's directory points at no member header"
