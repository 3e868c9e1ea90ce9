"""Old binary Office files (OLE2): .xls workbooks are read directly; Word .doc files are
converted to .docx by LibreOffice (headless) when `soffice` is on the machine, and otherwise
rejected with how to enable them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from yusuan.model import Document
from yusuan.readers.detect import RejectedFile
from yusuan.readers.docx import read_docx
from yusuan.readers.xlsx import read_xlsx

ENABLE = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) so that `soffice` is on the PATH"


def read_ole2(name: str, data: bytes) -> Document:
    if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" not in data:  # no WordDocument stream: a workbook
        return read_xlsx(name, data, is_zip=False)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RejectedFile(f"a Word .doc file: reading it needs LibreOffice; {ENABLE}")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.doc"
        source.write_bytes(data)
        done = subprocess.run([soffice, "--headless", "--norestore", "--convert-to", "docx", "--outdir", folder, str(source)],
                              capture_output=True, timeout=300, check=False)
        converted = Path(folder) / "in.docx"
        if done.returncode != 0 or not converted.exists():
            raise RejectedFile(f"LibreOffice could not convert this .doc file: {done.stderr.decode(errors='replace')[-300:]}")
        return read_docx(name, converted.read_bytes())
