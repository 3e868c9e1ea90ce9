"""Issue #16 (h): rejection reasons written for people, not a misleading guess or raw exception text."""

import io
import zipfile

import pytest

import yusuan
from tests.conftest import S001, SEEDS
from yusuan.parse import reader as reader_module
from yusuan.parse.batch import parse_files
from yusuan.raw import plan_ingest


def reasons(folder) -> dict[str, str]:
    plan = plan_ingest(folder, [], yusuan.PARSER_VERSION)
    return {r["file_name"]: r["reason"] for r in parse_files(plan.to_parse).ledger.iter_rows(named=True)}


def test_nul_bytes_in_utf8_text_are_named_as_damage(tmp_path):
    data = (SEEDS / S001).read_bytes()
    (tmp_path / S001).write_bytes(data[:500] + b"\0" * 5 + data[500:])
    reason = reasons(tmp_path)[S001]
    assert "5 NUL bytes" in reason and "damaged" in reason and "not a budget disclosure" not in reason


def test_a_docx_without_its_body_is_one_damaged_docx_not_an_archive(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        for part in ("[Content_Types].xml", "_rels/.rels", "word/styles.xml", "docProps/app.xml"):
            docx.writestr(part, "<x/>")
    (tmp_path / "report.docx").write_bytes(buffer.getvalue())
    found = reasons(tmp_path)
    assert list(found) == ["report.docx"] and "word/document.xml" in found["report.docx"]


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), KeyError("target"),
                                   ValueError("negative seek value -1")])
def test_an_unforeseen_error_gets_a_reason_for_people(tmp_path, monkeypatch, error):
    (tmp_path / S001).write_bytes((SEEDS / S001).read_bytes())

    def broken(*args):
        raise error

    monkeypatch.setattr(reader_module, "parse_document", broken)
    # The reason plain Python gives: compiled, the file would first be parsed again as plain Python
    # (tests/unit/test_native.py), which this broken parse_document does not reach.
    monkeypatch.setattr(reader_module, "COMPILED", False)
    reason = reasons(tmp_path)[S001]
    assert not reason.startswith(type(error).__name__) and not reason.startswith("parser error")
    assert "damaged" in reason
