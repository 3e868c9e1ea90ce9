"""Issue #16 (b): an amount beyond DECIMAL(18,2) is a parse_issue, not a failed parse step; and a
document whose rows cannot be typed is rejected with the reason while the rest of its part loads."""

import shutil
from decimal import Decimal

import pytest

from tests.conftest import S001, S004, SEEDS
from yusuan.parse import reader as reader_module
from yusuan.parse.amounts import NotAnAmount, parse_amount
from yusuan.parse.batch import parse_files
from yusuan.raw import scan_raw

HUGE = "100000000000000000"  # 1e17: 20 digits as DECIMAL(18,2)


def test_an_amount_beyond_any_budget_is_refused_with_its_reason():
    with pytest.raises(NotAnAmount, match="implausible"):
        parse_amount(HUGE)
    assert parse_amount("99999999999999.99") == Decimal("99999999999999.99")


def test_a_huge_cell_is_a_parse_issue_and_the_document_loads(tmp_path):
    lines = (SEEDS / S001).read_text(encoding="utf-8").split("\n")
    assert lines[558] == "\t1452.21"  # 支出总表 合计
    lines[558] = f"\t{HUGE}"
    (tmp_path / S001).write_text("\n".join(lines), encoding="utf-8")
    parsed = parse_files(scan_raw(tmp_path))
    assert parsed.ledger["status"].to_list() == ["loaded"]
    issues = parsed.frames["parse_issue"].filter(source_location=f"{S001}:559")
    assert issues["problem"].to_list() == ["not_an_amount"]


def test_a_huge_prose_figure_is_left_unread(tmp_path):
    text = (SEEDS / S004).read_text(encoding="utf-8")
    assert "预算收入为3700.07万元" in text
    (tmp_path / S004).write_text(text.replace("预算收入为3700.07万元", f"预算收入为{HUGE}万元", 1), encoding="utf-8")
    parsed = parse_files(scan_raw(tmp_path))
    assert parsed.ledger["status"].to_list() == ["loaded"]
    assert parsed.frames["fact_budget_overview"].filter(source="prose", item="income_total").is_empty()


def test_a_document_whose_rows_do_not_fit_is_rejected_and_the_part_loads(tmp_path, monkeypatch):
    for name in (S001, S004):
        shutil.copy(SEEDS / name, tmp_path)
    real = reader_module.parse_document

    def inflated(doc, document_id, meta=None):  # a parser slip letting an amount through unchecked
        rows = real(doc, document_id, meta)
        if doc.name == S004:
            rows["fact_budget_overview"][0]["amount_wan"] = Decimal(HUGE).quantize(Decimal("0.01"))
        return rows

    monkeypatch.setattr(reader_module, "parse_document", inflated)
    parsed = parse_files(scan_raw(tmp_path))
    ledger = {r["file_name"]: r for r in parsed.ledger.iter_rows(named=True)}
    assert ledger[S001]["status"] == "loaded"
    assert ledger[S004]["status"] == "rejected" and "fact_budget_overview" in ledger[S004]["reason"]
    assert parsed.frames["dim_disclosure"].height == 1
