"""The code location the UI loads (workspace.yaml → pipelines.definitions) builds the same
warehouse as an in-process run: launched here with `dagster job execute`, as a UI launch is."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import yaml

from tests.conftest import ROOT, SEEDS


def test_code_location_run_gives_the_same_warehouse(built, tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    warehouse = tmp_path / "budget.duckdb"
    env = os.environ | {"DAGSTER_HOME": str(home), "YUSUAN_RAW_DIR": str(SEEDS), "YUSUAN_WAREHOUSE": str(warehouse)}
    (location,) = yaml.safe_load((ROOT / "workspace.yaml").read_text())["load_from"]
    module = location["python_module"]["module_name"]
    dagster = Path(sys.executable).with_name("dagster")
    done = subprocess.run([str(dagster), "job", "execute", "-m", module, "-d", ".", "-j", "build_warehouse"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, rows in built[3].items():
            assert con.sql(f"SELECT * FROM {table} ORDER BY ALL").fetchall() == rows, table


def test_loading_the_definitions_imports_no_validation_library():
    """The UI's code server, a schedule's tick and a run with nothing to validate load the
    Definitions: Pandera, pandas and Great Expectations (seconds, about 250 MB) wait for a validation."""
    script = ("import sys; import pipelines.definitions; "
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandera', 'pandas', 'great_expectations'}))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
