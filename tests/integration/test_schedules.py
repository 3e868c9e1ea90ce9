"""The nightly schedule and the raw-folder sensor: defined, on by default, and the sensor fires
only when the folder's listing changes."""

import dagster as dg

from pipelines.definitions import build_defs
from pipelines.resources import YusuanPaths
from pipelines.schedules import nightly, raw_folder_changed
from tests.conftest import SEEDS
from tests.integration.conftest import run_pipeline


def test_nightly_at_two_in_beijing_time_and_on_by_default():
    assert (nightly.cron_schedule, nightly.execution_timezone) == ("0 2 * * *", "Asia/Shanghai")
    assert nightly.default_status == dg.DefaultScheduleStatus.RUNNING
    defs = build_defs()
    assert defs.resolve_schedule_def("nightly_build").job_name == "build_warehouse"
    assert defs.resolve_sensor_def("raw_folder_changed").default_status == dg.DefaultSensorStatus.RUNNING


def test_sensor_runs_once_per_change_of_the_raw_folder(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    paths = YusuanPaths(raw_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"))

    def tick(cursor):
        context = dg.build_sensor_context(cursor=cursor, resources={"paths": paths})
        return raw_folder_changed(context), context.cursor

    first, cursor = tick(None)
    assert isinstance(first, dg.RunRequest)
    again, same = tick(cursor)
    assert isinstance(again, dg.SkipReason) and same == cursor
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    changed, _ = tick(cursor)
    assert isinstance(changed, dg.RunRequest) and changed.run_key != first.run_key


def test_nightly_runs_only_when_something_changed(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "001.txt").write_bytes((SEEDS / "001_b2c706af3b854347.txt").read_bytes())
    paths = YusuanPaths(raw_dir=str(raw), warehouse=str(tmp_path / "budget.duckdb"))

    def tick():
        return nightly.evaluate_tick(dg.build_schedule_context(resources={"paths": paths}))

    assert len(tick().run_requests) == 1  # no warehouse yet
    assert run_pipeline(raw, paths=paths).success
    skipped = tick()
    assert not skipped.run_requests and skipped.skip_message == "1 documents, all unchanged since the last run"
    (raw / "002.txt").write_bytes((SEEDS / "002_a4c3473fffdcfd73.txt").read_bytes())
    assert len(tick().run_requests) == 1
