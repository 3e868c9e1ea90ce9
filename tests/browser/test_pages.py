"""`yusuan pages` in a real browser: the system's Chromium (Debian's package) driven by playwright
from PyPI, as in test_ui.py. The site is generated from a warehouse built from the five samples and
served by the command itself; each page must load with no console error and no failed request, show
the figures the documents print (read by hand from the samples, cited by line), and draw its charts.
With YUSUAN_SCREENSHOTS=DIR the pages are saved there (docs/img holds the README's)."""

import os
import signal
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.conftest import chromium_page, free_port, needs_chromium, served
from tests.conftest import ROOT
from yusuan.pages.charts import figure
from yusuan.pages.read import Place, Unit
from yusuan.pages.render import cell, environment, unit_charts

UNIT = "中共秦皇岛市海港区委政法委员会本级"  # 001 line 3: 216001中共秦皇岛市海港区委政法委员会本级
PLACE = "秦皇岛市海港区"


@pytest.fixture(scope="module")
def site(warehouse):
    """`yusuan pages` on a free port, serving the site it wrote from the warehouse."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "pipelines.cli", "pages", "--warehouse", str(warehouse), "--port", str(port)]
    # SIGINT, as Ctrl-C: the command removes its temporary site
    with served(command, url, signal.SIGINT, cwd=ROOT) as server:
        yield url
    assert f"serving on {url}" in server.output


@pytest.fixture
def page(site):
    with chromium_page(1300, 900) as page:
        yield page


def charts_drawn(page, ids: list[str]) -> None:
    """Every chart of the page has been drawn by plotly.js (an SVG inside its div), and no other chart is there."""
    assert sorted(page.locator(".chart").evaluate_all("divs => divs.map(d => d.id)")) == sorted(ids)
    for chart in ids:
        page.locator(f"#{chart} svg.main-svg").first.wait_for(timeout=20_000)


def shoot(page, name: str) -> None:
    if folder := os.environ.get("YUSUAN_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / name), full_page=True)


@needs_chromium
def test_the_index_leads_to_a_unit_page_with_its_figures_and_charts(site, page):
    page.goto(site, wait_until="networkidle")
    assert "5 places, 6 units" in page.inner_text("main")
    page.get_by_role("link", name=UNIT).click()
    page.wait_for_load_state("networkidle")
    charts_drawn(page, ["chart-budget", "chart-classes", "chart-basic-project", "chart-three-public"])
    cells = {section: page.locator(f"#{section} td").all_inner_texts()
             for section in ("budget", "classes", "basic-project", "three-public", "quality")}
    # 001 line 211 本年收入合计 1452.21, line 213 本年支出合计 1452.21
    assert cells["budget"][:6] == ["2023", "unit", "1452.21", "1452.21", "—", "—"]
    assert "001_b2c706af3b854347.txt:213" in cells["budget"]
    # 001 lines 567-571: 201 一般公共服务支出 1065.08, of which project 1065.08; lines 597-599: 204 公共安全支出 276.93
    assert ["201", "一般公共服务支出", "1065.08", "—", "1065.08"] == cells["classes"][2:7]
    assert "276.93" in cells["classes"]
    # 001 lines 559-561: 合计 1452.21 = 基本支出 387.13 + 项目支出 1065.08; lines 1280-1281: 人员经费 355.31, 公用经费 31.82
    assert cells["basic-project"][2:6] == ["355.31", "31.82", "387.13", "1065.08"]
    # 001 line 1617: 三公 2.56万元, 因公出国（境）费0万元, 公务用车购置及运维费2.25万元; line 1574: 公务接待费 0.310000
    assert cells["three-public"][2:4] == ["2.56", "0.00"] and "2.25" in cells["three-public"] and "0.31" in cells["three-public"]
    assert "001_b2c706af3b854347.txt" in cells["quality"]
    # the bars are labelled with the printed figures
    assert "1452.21" in page.locator("#chart-budget .bartext").all_text_contents()
    shoot(page, "pages_unit.png")
    assert page.problems == []


@needs_chromium
def test_a_place_page_lists_its_units_and_class_totals_by_year(site, page):
    page.goto(site, wait_until="networkidle")
    page.get_by_role("link", name=PLACE).first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == PLACE
    charts_drawn(page, ["chart-classes"])
    # the unit's 支出合计 in 2023 (001 line 213), under its year
    assert page.locator("#units th").all_inner_texts()[-1] == "2023"
    assert page.locator("#units tr", has_text=UNIT).locator("td").last.inner_text() == "1452.21"
    classes = page.locator("#classes td").all_inner_texts()
    # 001 lines 567-569, 597-599, 627-629: 201 1065.08, 204 276.93, 208 社会保障和就业支出 61.54
    for code, total in (("201", "1065.08"), ("204", "276.93"), ("208", "61.54")):
        assert classes[classes.index(code) + 3] == total  # after its name and the count of disclosures
    assert {"201 一般公共服务支出", "204 公共安全支出"} <= set(page.locator("#chart-classes .legendtext").all_text_contents())
    shoot(page, "pages_place.png")
    assert page.problems == []


def test_text_from_the_documents_is_escaped_and_figures_are_never_floats():
    name = '<script>alert("x")</script>办公室'
    unit = Unit({"unit_id": "u", "unit_name": name, "unit_code": None, "place": None, "place_code": None},
                Place("p", name, None))
    html = environment().get_template("unit.html").render(unit=unit, charts=unit_charts(unit), root="../")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;办公室" in html
    (bar,) = figure([("2023", name, Decimal("0.31"))], stacked=True)["data"]
    assert bar["name"].startswith("&lt;script&gt;") and bar["text"] == ["0.31"]
    assert figure([("2023", name, None)], stacked=True) is None  # nothing to draw: no empty chart
    with pytest.raises(TypeError):
        cell(1452.21)
