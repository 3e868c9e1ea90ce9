"""A run's stages in Parquet parts: the same rows whether parts are handled here or in processes of their own."""

import subprocess
import sys
import textwrap

import polars as pl

from tests.conftest import ROOT, SEEDS
from yusuan.parse.batch import parse_into
from yusuan.parts import Parts
from yusuan.quality.evaluate import evaluate_parts
from yusuan.raw import scan_raw



def test_an_empty_run_still_has_one_part_with_every_table(tmp_path):
    parts = Parts(tmp_path / "parsed")
    assert parse_into(parts, []).is_empty()
    assert parts.numbers() == [0]
    assert "fact_expenditure" in parts.tables() and parts.rows("fact_expenditure") == 0


def test_validating_parts_in_a_process_of_their_own_gives_the_same_results(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (raw / seed.name).write_bytes(seed.read_bytes())
    parsed = Parts(tmp_path / "parsed")
    parse_into(parsed, scan_raw(raw), part_size=1)  # five parts: one seed each
    outputs = {}
    for where, apart_from in (("here", 6), ("apart", 2)):
        validated, quarantine = Parts(tmp_path / f"validated_{where}"), Parts(tmp_path / f"quarantine_{where}")
        evaluate_parts(parsed, validated, quarantine, apart_from=apart_from)
        outputs[where] = {t: validated.scan(t).collect().sort(pl.all()) for t in validated.tables()}
    assert outputs["here"].keys() == outputs["apart"].keys()
    for table, frame in outputs["here"].items():
        assert frame.equals(outputs["apart"][table]), table
    # the seeds' 27 failures, found part by part (tests/quality/test_rules.py lists them)
    assert outputs["here"]["dq_result"].filter(status="fail").height == 27


def test_a_large_validation_leaves_great_expectations_out_of_this_process(tmp_path):
    """Validated apart, GX's import (about 250 MB) goes with its process, before the load."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from tests.conftest import SEEDS
        from yusuan.parse.batch import parse_files
        from yusuan.parts import Parts
        from yusuan.quality.evaluate import evaluate_parts
        from yusuan.raw import scan_raw

        parsed = Parts(Path({str(tmp_path)!r}) / "parsed")
        for number, raw in enumerate(scan_raw(SEEDS)):
            parsed.write(number, parse_files([raw]).frames)
        evaluate_parts(parsed, Parts(parsed.root.with_name("validated")), Parts(parsed.root.with_name("quarantine")), apart_from=2)
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"great_expectations", "pandera", "pandas"}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert Parts(tmp_path / "validated").rows("dq_disclosure") == 6
