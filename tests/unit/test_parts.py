"""A run's stages in Parquet parts: the same rows whether parts are handled here or on every core."""

import polars as pl

from tests.conftest import SEEDS
from yusuan.parse.batch import parse_into
from yusuan.parts import Parts
from yusuan.quality.evaluate import evaluate_parts
from yusuan.raw import scan_raw


def test_an_empty_run_still_has_one_part_with_every_table(tmp_path):
    parts = Parts(tmp_path / "parsed")
    assert parse_into(parts, []).is_empty()
    assert parts.numbers() == [0]
    assert "fact_expenditure" in parts.tables() and parts.rows("fact_expenditure") == 0


def test_validating_parts_on_two_processes_gives_the_same_results(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (raw / seed.name).write_bytes(seed.read_bytes())
    parsed = Parts(tmp_path / "parsed")
    parse_into(parsed, scan_raw(raw), part_size=1)  # five parts: one seed each
    outputs = {}
    for workers in (1, 2):
        validated, quarantine = Parts(tmp_path / f"validated{workers}"), Parts(tmp_path / f"quarantine{workers}")
        evaluate_parts(parsed, validated, quarantine, workers=workers, pool_from=2)
        outputs[workers] = {t: validated.scan(t).collect().sort(pl.all()) for t in validated.tables()}
    assert outputs[1].keys() == outputs[2].keys()
    for table, frame in outputs[1].items():
        assert frame.equals(outputs[2][table]), table
    # the seeds' 27 failures, found part by part (tests/quality/test_rules.py lists them)
    assert outputs[1]["dq_result"].filter(status="fail").height == 27
