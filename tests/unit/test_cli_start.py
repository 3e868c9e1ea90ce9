"""`yusuan --help`, check, status and rules start without Dagster (whose import takes seconds).

Each case runs in a fresh interpreter, since this test session may have imported Dagster already.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs the commands through typer's CliRunner against a warehouse made from the DDL alone (one
# ledger row, so that check and status have a run to report), then lists the heavy modules loaded.
SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path

    import duckdb
    from typer.testing import CliRunner

    from pipelines.cli import app
    from schemas.ddl import warehouse_ddl

    warehouse = Path(sys.argv[1]) / "budget.duckdb"
    con = duckdb.connect(str(warehouse))
    for statement in warehouse_ddl():
        con.execute(statement)
    con.execute("INSERT INTO ingest_log VALUES ('run1', 'a.txt', repeat('0', 64), 'loaded', NULL, TIMESTAMP '2026-01-01 00:00')")
    con.close()
    results = {}
    for args in (["--help"], ["rules"], ["status", "--warehouse", str(warehouse)], ["check", "--warehouse", str(warehouse)]):
        result = CliRunner().invoke(app, args)
        results[args[0]] = [result.exit_code, result.output, repr(result.exception)]
    heavy = sorted({m.split(".")[0] for m in sys.modules} & {"dagster", "dagster_webserver", "great_expectations", "pandera"})
    print(json.dumps({"results": results, "heavy": heavy}))
""")


def test_help_check_status_and_rules_import_no_dagster(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for command, (code, output, exception) in report["results"].items():
        assert code == 0, f"yusuan {command} exited {code}: {output[-600:]} {exception}"
    assert "Usage" in report["results"]["--help"][1]
    assert "1 files received" in report["results"]["status"][1]
    assert report["heavy"] == [], f"imported by --help/check/status/rules: {report['heavy']}"


def test_the_installed_command_help_imports_no_dagster():
    """`yusuan --help` as a shell starts it (the console script), seen through -X importtime."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c",
                           "import sys; sys.argv = ['yusuan', '--help']; from pipelines.cli import app; app()"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "typer" in imported
    assert not {m for m in imported if m.split(".")[0] == "dagster"}


def test_ui_starts_dagster_dev_with_its_supersession_notice_filtered(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from pipelines import cli

    started = []
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # `ui` moves to the repository; put back after the test
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: started.append((path, argv)))
    result = CliRunner().invoke(cli.app, ["ui", "--port", "3999"])
    assert result.exit_code == 0, result.output
    [(path, argv)] = started
    assert path == sys.executable
    assert argv[1:] == ["-W", cli.DEV_NOTICE, "-m", "dagster", "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", "3999"]


# With `-W DEV_NOTICE`, calling `dagster dev` emits nothing; with every warning shown, it emits its
# notice (so the filter matches Dagster's text, and hides nothing else).
NOTICE_SCRIPT = textwrap.dedent("""
    import warnings
    from dagster._cli.dev import dev_command

    def call():
        try:
            dev_command.callback()  # warns first, then fails on the missing options
        except TypeError:
            pass

    with warnings.catch_warnings(record=True) as filtered:
        call()
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        call()
    print(len(filtered), [f"{w.category.__name__}: {w.message}" for w in shown])
""")


def test_the_ui_filter_hides_exactly_the_dev_command_notice():
    from pipelines.cli import DEV_NOTICE

    done = subprocess.run([sys.executable, "-W", DEV_NOTICE, "-c", NOTICE_SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "superseded" not in done.stderr
    filtered, shown = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert filtered == "0"
    assert "SupersessionWarning: Function `dev_command` is superseded" in shown


# The command as a shell starts it leaves without the interpreter's teardown (pipelines.cli._leave):
# its exit status, its buffered output and what was registered to run at exit must survive that.
LEAVE_SCRIPT = textwrap.dedent("""
    import atexit, sys
    from pipelines.cli import app

    atexit.register(lambda: print("exit handler ran"))
    sys.argv = ["yusuan", *sys.argv[1:]]
    app()
    print("not reached: the command leaves")
""")


def test_the_command_leaves_at_once_with_its_status_output_and_exit_handlers(tmp_path):
    missing = str(tmp_path / "none.duckdb")
    for args, status, said in ((["rules"], 0, "STR-001"), (["check", "--warehouse", missing], 2, "no warehouse")):
        done = subprocess.run([sys.executable, "-c", LEAVE_SCRIPT, *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == status, done.stderr
        assert said in done.stdout + done.stderr
        assert done.stdout.rstrip().endswith("exit handler ran")
        assert "not reached" not in done.stdout
