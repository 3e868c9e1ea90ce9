"""The job on a folder mixing every format read, hostile files among them: every disclosure
loads once, each hostile file is rejected with its reason in the ledger."""

import io
import zipfile

import duckdb

from tests.conftest import S000, S001, S002, S003, S004, SEEDS
from tests.formats.equality import fixture
from tests.formats.test_docx import docx_with
from tests.formats.test_pdf import scanned_pdf
from tests.integration.conftest import run_pipeline


def test_mixed_formats_and_hostile_files(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "000.pdf").write_bytes(fixture(S000, "pdf").read_bytes())
    (raw / "001.docx").write_bytes(fixture(S001, "docx").read_bytes())
    (raw / "002.html").write_bytes(fixture(S002, "html").read_bytes())
    (raw / "003.xlsx").write_bytes(fixture(S003, "xlsx").read_bytes())
    with zipfile.ZipFile(raw / "archive.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(S004, (SEEDS / S004).read_bytes())
    (raw / "xxe.docx").write_bytes(docx_with(b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'))
    (raw / "photo.docx").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"\0" * 50_000_000)
    (raw / "bomb.zip").write_bytes(bomb.getvalue())
    whole = fixture(S004, "xlsx").read_bytes()
    (raw / "cut.xlsx").write_bytes(whole[: len(whole) // 2])
    (raw / "scan.pdf").write_bytes(scanned_pdf())
    warehouse = tmp_path / "budget.duckdb"
    assert run_pipeline(raw, warehouse).success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ledger = dict(con.sql("SELECT file_name, coalesce(reason, status) FROM ingest_log").fetchall())
        disclosures = con.sql("SELECT count(*) FROM dim_disclosure").fetchone()[0]
    assert disclosures == 6, ledger  # 000 holds two
    assert ledger[f"archive.zip!/{S004}"] == "loaded_with_warnings"
    assert "DTD or entities" in ledger["xxe.docx"]
    assert "jpeg files are not supported" in ledger["photo.docx"]
    assert "zip bomb" in ledger["bomb.zip"]
    assert "truncated or damaged" in ledger["cut.xlsx"]
    assert "no text layer" in ledger["scan.pdf"]
