"""Every numeric cell of every standard table in the seeds lands in exactly one fact row.

The cells are counted here straight from the text, independently of the reader and parsers:
a title line, then TAB lines grouped by blank lines into rows, stopping at the next paragraph;
after the 栏次 row, the amount columns of each kind (positions read off the seeds' headers).
"""

import re

import polars as pl
import pytest

from tests.conftest import S000, S001, S002, S003, S004, SEEDS

TITLE = re.compile(r"^\s*(\[bookmark: [^\]]*\])?(部门预算|单位预算)\S*表\s*$")
NUMBER = re.compile(r"^\d+(\.\d+)?$")


def amount_positions(title: str, width: int) -> set[int]:
    if "财政拨款收支总表" in title:  # 序号 | 项目 金额 | 项目 合计 一般公共 基金 国资
        return {2, 4, 5, 6, 7}
    if "收支总表" in title:  # 序号 | 项目 预算数 | 项目 预算数
        return {2, 4}
    if "三公" in title:  # 序号 | 项目 | 合计 一般公共 基金 国资
        return {2, 3, 4, 5}
    return set(range(3, width))  # 序号 | 编码 | 名称 | amounts


def numeric_cells(file_name: str) -> set[str]:
    lines = (SEEDS / file_name).read_text(encoding="utf-8").split("\n")
    found = set()
    for start, title in enumerate(lines):
        if not TITLE.match(title):
            continue
        rows, row = [], []
        for number in range(start + 2, len(lines) + 1):
            line = lines[number - 1]
            if line.startswith("\t"):
                row.append((number, line.strip()))
            elif not line.strip():
                rows, row = (rows + [row], []) if row else (rows, row)
            else:
                break
        rows += [row] if row else []
        body = [i for i, r in enumerate(rows) if r[0][1] == "栏次"]
        for r in rows[body[0] + 1 :]:
            positions = amount_positions(title, len(r))
            found |= {f"{file_name}:{n}" for i, (n, text) in enumerate(r) if i in positions and NUMBER.match(text)}
    return found


def fact_locations(seeds, file_name: str) -> pl.Series:
    frames = [seeds.frames[t].select("source_location") for t in ("fact_expenditure", "fact_income", "fact_three_public")]
    locations = pl.concat(frames)["source_location"]
    return locations.filter(locations.str.starts_with(file_name + ":"))


@pytest.mark.parametrize("file_name, cells", [(S000, 320), (S001, 216), (S002, 97), (S003, 0), (S004, 0)])
def test_each_numeric_cell_is_in_exactly_one_fact_row(seeds, file_name, cells):
    expected = numeric_cells(file_name)
    loaded = fact_locations(seeds, file_name)
    assert len(expected) == cells  # pinned, so that a change in the scanner above shows up too
    assert loaded.len() == loaded.n_unique() == len(expected)
    assert set(loaded) == expected
