"""The subjects' lineages across years (subject_lineage): hand-built revisions, and the samples."""

import polars as pl

from yusuan.analysis.subjects import lineages

LEVELS = {3: "class", 5: "section", 7: "item"}


def subjects(*rows: tuple[int, str, str]) -> list[dict]:
    return [{"subject_id": f"functional:{year}:{code}", "classification": "functional", "budget_year": year,
             "code": code, "name": name, "level": LEVELS[len(code)]} for year, code, name in rows]


def lineage_of(frame: pl.DataFrame) -> dict[str, tuple[str, str]]:
    return {r["subject_id"]: (r["lineage_key"], r["method"]) for r in frame.to_dicts()}


def test_a_subject_keeps_its_lineage_through_a_year_without_it_and_a_moved_code():
    """信访事务, an item of 20103 until 2023, is the section 20140 from 2024 (the 2024 revision);
    公共安全支出 is printed in 2021 and 2023 only and stays one lineage into 2024."""
    found = lineages(subjects((2021, "204", "公共安全支出"), (2021, "2010308", "信访事务"), (2022, "2010308", "信访事务"),
                              (2023, "2010308", "信访事务"), (2023, "204", "公共安全支出"),
                              (2024, "20140", "信访事务"), (2024, "204", "公共安全支出"), (2024, "2014004", "信访业务")))
    by_id = lineage_of(found)
    assert by_id["functional:2024:20140"] == ("functional:2021:2010308", "same_name")
    assert by_id["functional:2024:204"] == ("functional:2021:204", "same_code_name")
    assert by_id["functional:2024:2014004"] == ("functional:2024:2014004", "first")
    security = found.filter(lineage_name="公共安全支出")
    assert sorted(security["subject_id"]) == ["functional:2021:204", "functional:2023:204", "functional:2024:204"]
    assert found.filter(subject_id="functional:2024:20140")["linked_from"].item() == "functional:2023:2010308"


def test_a_renamed_code_continues_when_neither_name_is_printed_elsewhere():
    found = lineage_of(lineages(subjects((2021, "22401", "应急管理事务"), (2024, "22401", "应急管理与消防事务"),
                                         (2021, "20499", "其他公共安全支出"), (2024, "20499", "其他安全支出"),
                                         (2024, "20498", "其他公共安全支出"))))
    assert found["functional:2024:22401"] == ("functional:2021:22401", "same_code")
    # The old name is printed under 20498 in 2024: the name moved, the code 20499 starts anew.
    assert found["functional:2024:20498"] == ("functional:2021:20499", "same_name")
    assert found["functional:2024:20499"] == ("functional:2024:20499", "first")


def test_an_item_name_of_every_section_is_never_a_link_between_sections():
    """一般行政管理事务 is an item of many sections: under 20136 in 2023 and 20103 in 2024 (the
    samples 001 and 002) it is two subjects, even printed once a year."""
    found = lineage_of(lineages(subjects((2023, "2013602", "一般行政管理事务"), (2024, "2010302", "一般行政管理事务"),
                                         (2023, "2010301", "行政运行"), (2023, "2013601", "行政运行"),
                                         (2024, "2010301", "行政运行"))))
    assert found["functional:2024:2010302"][1] == "first"
    assert found["functional:2024:2010301"] == ("functional:2023:2010301", "same_code_name")


def test_public_security_over_the_years_is_one_query_on_the_samples(con):
    rows = con.execute("""SELECT d.budget_year, sum(f.amount_wan)
        FROM fact_expenditure f JOIN subject_lineage l USING (subject_id) JOIN dim_disclosure d USING (disclosure_id)
        WHERE l.lineage_name = '公共安全支出' AND f.table_kind = 'expenditure' AND f.fund_scope = 'all'
          AND f.measure = 'total' AND NOT f.is_total
        GROUP BY ALL ORDER BY ALL""").fetchall()
    assert [year for year, _ in rows] == [2021, 2023, 2024]
    assert con.execute("SELECT lineage_key, method FROM subject_lineage WHERE subject_id = 'functional:2024:20140'").fetchone() \
        == ("functional:2021:2010308", "same_name")
