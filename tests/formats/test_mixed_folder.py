"""The job on a folder mixing every format read, hostile files among them: every disclosure
loads once, each hostile file is rejected with its reason in the ledger."""

import io
import zipfile

import duckdb

from tests.conftest import S000, S001, S002, S003, S004, SEEDS
from tests.formats.render import render_docx, render_html, render_xlsx
from tests.formats.test_docx import docx_with
from tests.integration.conftest import run_pipeline
from yusuan.readers.tika_text import read_tika_text


def model(seed):
    return read_tika_text(seed, (SEEDS / seed).read_bytes())


def test_mixed_formats_and_hostile_files(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / S000).write_bytes((SEEDS / S000).read_bytes())
    (raw / "001.docx").write_bytes(render_docx(model(S001)))
    (raw / "002.html").write_bytes(render_html(model(S002), "gb18030"))
    (raw / "003.xlsx").write_bytes(render_xlsx(model(S003)))
    with zipfile.ZipFile(raw / "archive.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(S004, (SEEDS / S004).read_bytes())
    (raw / "xxe.docx").write_bytes(docx_with(b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'))
    (raw / "photo.docx").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"\0" * 50_000_000)
    (raw / "bomb.zip").write_bytes(bomb.getvalue())
    whole = render_xlsx(model(S004))
    (raw / "cut.xlsx").write_bytes(whole[: len(whole) // 2])
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
