"""Splitting a document into disclosures: the standard titles each part hands its parsers are the
ones its own blocks give (`standard_title` asked of the part), also where a title's reach crosses
into the next disclosure."""

from pathlib import Path

import pytest

from tests.unit.tika import table
from yusuan.parse.disclosures import split_parts, standard_title
from yusuan.readers.tika_text import parse_tika_text

SAMPLES = sorted((Path(__file__).parents[2] / "data" / "raw").glob("*.txt"))


def _asked_of_each_block(part):
    return [standard_title(part.blocks, i) for i in range(len(part.blocks))]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_each_part_holds_the_titles_its_blocks_give(sample):
    parts = split_parts(parse_tika_text(sample.name, sample.read_text(encoding="utf-8")))
    assert all(part.titles == _asked_of_each_block(part) for part in parts)


def test_the_unit_disclosure_of_000_starts_with_its_own_titles():
    sample = next(p for p in SAMPLES if p.name.startswith("000"))
    _, unit = split_parts(parse_tika_text(sample.name, sample.read_text(encoding="utf-8")))
    lines = [block.line for block, title in zip(unit.blocks, unit.titles, strict=True) if title]
    assert lines[:4] == [2968, 3188, 3382, 3528]  # 000 lines 2968 单位预算收支总表, 3188 收入总表, 3382 支出总表, 3528 财政拨款收支总表


def test_a_title_whose_table_lies_in_the_next_disclosure_is_no_title_of_its_own():
    # An explanation, a title, the explanation's target table title (the disclosure is whole), and
    # the next unit's explanation heading: the table three blocks after the title is the next one's.
    text = ("2021年部门预算信息公开情况说明\n" + "".join(f"第{n}段说明文字。\n" for n in range(8))
            + "部门预算一般公共预算财政拨款基本支出表\n1、慰问活动经费绩效目标表\n2021年单位预算信息公开情况说明\n"
            + table(["455001某某单位", "预算年度：2021", "单位：万元"], ["项目", "金额"]))
    first, second = split_parts(parse_tika_text("t.txt", text))
    assert first.blocks[-2].text == "部门预算一般公共预算财政拨款基本支出表"
    assert first.titles[-2] is None  # asked of the whole document, it has a table two blocks on
    assert first.titles == _asked_of_each_block(first) and second.titles == _asked_of_each_block(second)
