"""Old binary Office files (OLE2): .xls workbooks are read directly; Word .doc files are
converted to .docx by LibreOffice (headless) when `soffice` is on the machine, and otherwise
rejected with how to enable them.

Each conversion runs in a temporary folder with its own LibreOffice profile: with the user's
profile, a LibreOffice already open (or another conversion in a parallel parse worker) would
take the job over and this one would return at once without a file. A conversion that hangs
is killed with everything it started (its own process group) after `TIMEOUT` seconds, or sooner:
before the file's time budget (limits.file_seconds) runs out. The parse step stops a reader over
its budget by killing the reader's process, which would leave LibreOffice running in its own
session; so the conversion ends first, with room to spare.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from yusuan.model import Document
from yusuan.readers.detect import RejectedFile
from yusuan.readers.docx import read_docx
from yusuan.readers.limits import file_seconds
from yusuan.readers.xlsx import read_xlsx

ENABLE = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) so that `soffice` is on the PATH"
TIMEOUT = 300
BUDGET_SHARE = 0.9  # of the file's time budget, for the conversion: the rest for reading its result


def read_ole2(name: str, data: bytes) -> Document:
    if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" not in data:  # no WordDocument stream: a workbook
        return read_xlsx(name, data, is_zip=False)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RejectedFile(f"a Word .doc file: reading it needs LibreOffice; {ENABLE}")
    with tempfile.TemporaryDirectory(prefix="yusuan-doc-") as folder:
        source = Path(folder) / "in.doc"
        source.write_bytes(data)
        profile = Path(folder, "profile").as_uri()
        process = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                                    "--convert-to", "docx", "--outdir", folder, str(source)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        timeout = min(TIMEOUT, BUDGET_SHARE * file_seconds())
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RejectedFile(f"LibreOffice did not convert this .doc file within {timeout:g} s") from exc
        converted = Path(folder) / "in.docx"
        if process.returncode != 0 or not converted.exists():
            raise RejectedFile(f"LibreOffice could not convert this .doc file: {stderr.decode(errors='replace')[-300:]}")
        return read_docx(name, converted.read_bytes())
