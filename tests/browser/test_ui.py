"""What a reviewer sees in the Dagster UI, in a real browser: the system's Chromium (Debian's
package), driven by playwright from PyPI — no browser is downloaded. Skipped where there is no
Chromium. With YUSUAN_SCREENSHOTS=DIR the pages are saved there (docs/img holds the README's)."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import chromium_page, free_port, needs_chromium, served
from tests.conftest import ROOT, SEEDS

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    """`make run` then `yusuan ui` on a free port, as a new user does, in a Dagster home of its own."""
    root = tmp_path_factory.mktemp("ui")
    shutil.copytree(SEEDS, root / "raw")
    env = {**os.environ, "DAGSTER_HOME": str(root / "dagster_home"), "YUSUAN_RAW_DIR": str(root / "raw"),
           "YUSUAN_WAREHOUSE": str(root / "warehouse" / "budget.duckdb")}
    cli = [sys.executable, "-m", "pipelines.cli"]
    subprocess.run([*cli, "run"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)
    port = free_port()
    with served([*cli, "ui", "--port", str(port)], f"http://127.0.0.1:{port}/server_info", signal.SIGTERM, env=env, cwd=ROOT):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def page(ui):
    with chromium_page(1500, 950) as page:
        yield page


def open_ui(page, url: str) -> None:
    # A new instance greets its first visitor with a newsletter dialog, whenever the page gets to it.
    page.add_locator_handler(page.get_by_role("button", name="Skip"), lambda skip: skip.click())
    page.goto(url, wait_until="networkidle")


def shoot(page, name: str) -> None:
    folder = os.environ.get("YUSUAN_SCREENSHOTS")
    if folder:
        # the dialog opens focused on its Close button, scrolled to the end, and fades in
        page.evaluate("document.querySelectorAll('.bp5-portal *').forEach(e => { e.scrollTop = 0; })")
        page.wait_for_timeout(1000)
        page.screenshot(path=str(Path(folder) / name))


def test_a_failing_check_shows_its_evidence_down_to_the_source_line(ui, page):
    open_ui(page, f"{ui}/assets/budget_warehouse?view=checks")
    page.get_by_text("EXP_ROW_003", exact=True).first.click()
    page.locator("tr", has_text="evidence").get_by_text("[Show Markdown]").click()
    dialog = page.get_by_role("dialog")
    # 000 line 1134: 商品和服务支出 printed 8.71 where its parts add up to 8.21
    dialog.get_by_text("000_ff2e0223a4ae885a.txt:1134").wait_for(timeout=30_000)
    assert "沧州渤海新区南大港产业园区综合治理办公室 2021 department" in dialog.inner_text()
    assert "8.71" in dialog.inner_text() and "0.50" in dialog.inner_text()
    shoot(page, "ui_failing_check.png")
    assert page.problems == []


def test_the_report_is_one_click_from_the_warehouse_asset(ui, page):
    open_ui(page, f"{ui}/assets/budget_warehouse?view=overview")
    page.locator("tr", has_text="report").get_by_text("[Show Markdown]").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Data quality of the disclosures now in the warehouse").wait_for(timeout=30_000)
    text = dialog.inner_text()
    assert "6 disclosures" in text and "27 failing instances" in text
    assert "沧州经济开发区群众工作中心" in text  # 002's unit, by name (002 line 3)
    shoot(page, "ui_report.png")
    assert page.problems == []
