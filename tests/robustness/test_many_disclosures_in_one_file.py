"""Issue #16 (i): a file holding several disclosures one after another splits at each one's own
heading, whatever its kind: those without standard tables (003, 004: an explanation and target
tables) are not merged into the disclosure before them."""

import polars as pl

from tests.conftest import SEEDS
from yusuan.parse.batch import parse_files
from yusuan.raw import read_raw, scan_raw

FACTS = ("fact_expenditure", "fact_income", "fact_three_public", "dim_project", "fact_performance_indicator",
         "fact_budget_overview", "doc_section")


def in_order(frames: dict) -> pl.DataFrame:
    """dim_disclosure in reading order: by file name, then line."""
    files = frames["dim_document"].select("document_id", "file_name")
    return frames["dim_disclosure"].join(files, on="document_id").sort("file_name", "first_line")


def who(frames: dict) -> list[tuple]:
    units = frames["dim_unit"].select("unit_id", "unit_name")
    return in_order(frames).join(units, on="unit_id").select("unit_name", "budget_year", "scope", "title").rows()


def test_thirty_disclosures_in_one_file_come_out_as_thirty(tmp_path):
    seeds = parse_files(scan_raw(SEEDS)).frames
    rounds = 5
    text = "\n\n".join(path.read_text(encoding="utf-8") for _ in range(rounds) for path in sorted(SEEDS.glob("*.txt")))
    (tmp_path / "all.txt").write_text(text, encoding="utf-8")
    together = parse_files([read_raw(tmp_path / "all.txt", tmp_path)])
    assert together.rejected.is_empty()
    frames = together.frames
    assert frames["dim_disclosure"].height == rounds * seeds["dim_disclosure"].height == 30
    assert who(frames) == who(seeds) * rounds
    for table in FACTS:
        assert frames[table].height == rounds * seeds[table].height, table
    # Each disclosure keeps its own rows: the same count as the seed disclosure it copies.
    for table in FACTS:
        def rows_each(frames):
            counts = frames[table].group_by("disclosure_id").len()
            return in_order(frames).join(counts, on="disclosure_id", how="left", maintain_order="left")["len"].fill_null(0).to_list()

        assert rows_each(frames) == rows_each(seeds) * rounds, table
