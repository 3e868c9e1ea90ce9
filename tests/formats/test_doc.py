"""A Word .doc (001's .docx saved by LibreOffice as Word 97) gives the same warehouse rows as its
text form when LibreOffice is installed; without it the file is rejected with how to install it.
A conversion runs on a private LibreOffice profile in a temporary folder, which it removes, and
one that hangs is killed with every process it started."""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import S001
from tests.formats.equality import assert_loads_like_text, fixture
from yusuan.readers import RejectedFile, read_document
from yusuan.readers import doc as doc_reader

POPEN = subprocess.Popen
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) not installed: apt install libreoffice-writer-nogui")


@needs_soffice
def test_doc_form_loads_the_same_rows_as_the_text_form():
    assert_loads_like_text(S001, "doc")


@needs_soffice
def test_conversion_uses_a_private_profile_and_leaves_nothing_behind(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    started = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kw: started.append(args) or POPEN(args, **kw))
    read_document("old.doc", fixture(S001, "doc").read_bytes())
    [args] = started
    profile = next(a for a in args if a.startswith("-env:UserInstallation="))
    assert profile.startswith(f"-env:UserInstallation={tmp_path.as_uri()}/yusuan-doc-")
    assert list(tmp_path.iterdir()) == []


def test_doc_without_libreoffice_is_rejected_with_how_to_enable_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RejectedFile, match="apt-get install libreoffice-writer-nogui"):
        read_document("old.doc", fixture(S001, "doc").read_bytes())


def test_a_hanging_conversion_is_killed_with_its_children(monkeypatch, tmp_path):
    bin_dir, pid_file = tmp_path / "bin", tmp_path / "child.pid"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pid_file}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setattr(doc_reader, "TIMEOUT", 1)
    with pytest.raises(RejectedFile, match="did not convert this .doc file within 1 s"):
        read_document("old.doc", fixture(S001, "doc").read_bytes())
    child = Path("/proc", pid_file.read_text().strip(), "status")
    time.sleep(0.2)
    assert not child.exists() or "State:\tZ" in child.read_text()  # gone, or dead and waiting to be reaped
