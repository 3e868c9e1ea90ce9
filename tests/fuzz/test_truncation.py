"""Truncation evidence (COM-004): what the seeds announce, read where the text says it, and copies
of the seeds cut by slicing their text, each of which must be flagged.

A cut that takes away a part the document announces (a section its numbering or its template
promises, a project target table its numbering counts, an entry of a 目录, the end of a
sentence) must fail COM-004, or be rejected; the seeds themselves break nothing they announce.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import S000, S001, S002, S003, S004, SEEDS
from yusuan.parse import outline, prose
from yusuan.parse.batch import parse_files
from yusuan.parse.disclosures import split_parts
from yusuan.quality.evaluate import evaluate
from yusuan.raw import scan_raw
from yusuan.readers.tika_text import read_tika_text

# The explanation's top-level sections of each seed's last disclosure, by line (read off the
# seeds): 000's 机关运行经费安排情况 (1523, unnumbered) and 001's 3、 (1616) stand for 三、 and 四、.
SECTIONS = {
    S000: [4420, 4475, 4489, 4492, 4497, 5671, 5834, 5870, 5892],
    S001: [1582, 1610, 1613, 1616, 1620, 2691, 2828, 2864, 2875],
    S002: [1126, 1142, 1150, 1152, 1154, 1177, 1178, 2153, 2203, 2220],
    S003: [7, 26, 35, 37, 39, 1938, 2010, 2046, 2057],
    S004: [2, 28, 32, 34, 41, 1586, 1725, 1789, 1793],
}
# The 名词解释 heading: the last section every template has (002 closes with it).
GLOSSARY = {S000: 5870, S001: 2864, S002: 2220, S003: 2046, S004: 1789}
ISSUE_CASE = "002_inside_1145.txt"
PROJECT_TITLE = re.compile(r"^(\[bookmark: [^\]]*\])?\s*\d+、.*绩效目标表\s*$")


def _lines(seed: str) -> list[str]:
    return (SEEDS / seed).read_text(encoding="utf-8").split("\n")


def _promises(seed: str, text: str | None = None) -> list[list[outline.Promise]]:
    """Per disclosure of the seed (or of `text`), what it announces."""
    doc = read_tika_text(seed, (text if text is not None else (SEEDS / seed).read_text(encoding="utf-8")).encode())
    parts = [p for p in split_parts(doc) if p.scope]
    return outline.promises(parts, [prose.sections(part) for part in parts])


# ---- the seeds: what they announce --------------------------------------------------------------

@pytest.mark.parametrize("seed", list(SECTIONS))
def test_each_section_is_found_where_the_seed_prints_it(seed):
    found = {p.found for p in _promises(seed)[-1] if p.kind == "numbering"}
    assert set(SECTIONS[seed]) <= found


def test_a_heading_numbered_otherwise_stands_for_the_number_it_skips():
    """000's bare 机关运行经费安排情况 for 三、, its unnumbered 扫黑除恶…绩效目标表 for 4、 among the
    project tables, and 001's 3、财政拨款“三公”… for 四、."""
    stand_ins = {(seed, p.what[:2], p.line, p.found) for seed in (S000, S001) for p in _promises(seed)[0]
                 if p.found is not None and p.found != p.line}
    assert stand_ins == {(S000, "三、", 1527, 1523), (S000, "4、", 1994, 1886), (S001, "四、", 1620, 1616)}


def test_project_target_tables_are_counted_by_their_numbers():
    numbers = [(p.what, p.line) for p in _promises(S001)[0] if p.kind == "numbering" and p.line >= 1621 and "、" in p.what
               and p.what[0].isdigit()]
    assert numbers[:3] == [("1、", 1621), ("2、", 1708), ("3、", 1791)] and numbers[12] == ("13、", 2614)


def test_the_seeds_break_nothing_they_announce(seeds):
    frame = seeds.frames["dim_disclosure"]
    assert frame["outline_breaks"].to_list() == [[]] * frame.height
    assert frame["parts_announced"].min() > 0


# ---- cut copies -----------------------------------------------------------------------------------

def _cuts(seed: str) -> dict[str, str]:
    """name → the seed's text cut or with a piece taken out, each taking a part it announces:
    before and just after each section up to 名词解释, halfway through the line under each section
    and through the glossary's lines, before each project's target table, and one project's table
    taken out of the middle."""
    lines = _lines(seed)

    def upto(n: int) -> str:  # the first n lines
        return "\n".join(lines[:n]) + "\n"

    cuts = {}
    for line in [s for s in SECTIONS[seed][1:] if s <= GLOSSARY[seed]]:
        cuts[f"before_{line}"] = upto(line - 1)
        cuts[f"after_{line}"] = upto(line)
    for line in [s + 1 for s in SECTIONS[seed]] + list(range(GLOSSARY[seed] + 1, len(lines))):
        if len(lines[line - 1]) > 90:  # half of it is still more than a signature or a date
            cuts[f"inside_{line}"] = upto(line - 1) + _mid_sentence(lines[line - 1])
    titles = [n for n, text in enumerate(lines, start=1) if PROJECT_TITLE.match(text) and n > SECTIONS[seed][0]]
    for line in titles:
        cuts[f"before_project_{line}"] = upto(line - 1)
    middle = len(titles) // 2
    cuts[f"without_project_{titles[middle]}"] = upto(titles[middle] - 1) + "\n".join(lines[titles[middle + 1] - 1 :])
    return cuts


def _mid_sentence(line: str) -> str:
    """The first half of `line`, cut inside a sentence (a cut just after 。 takes no part of one)."""
    end = len(line) // 2
    while line[end - 1] in "。；;":
        end -= 1
    return line[:end]


@pytest.fixture(scope="module")
def cut_copies(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("cuts")
    names = {}
    for seed in SECTIONS:
        for how, text in _cuts(seed).items():
            name = f"{seed[:3]}_{how}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            names[name] = how
    lines = _lines(S002)  # the issue's case: cut inside the 收入说明 paragraph
    (folder / ISSUE_CASE).write_text("\n".join(lines[:1144]) + "\n" + _mid_sentence(lines[1144]), encoding="utf-8")
    return folder, names


@pytest.fixture(scope="module")
def judged(cut_copies):
    folder, _ = cut_copies
    batch = parse_files(scan_raw(folder))
    return batch, evaluate(batch.frames)


def test_every_cut_that_takes_an_announced_part_is_flagged(cut_copies, judged):
    _, names = cut_copies
    batch, quality = judged
    documents = batch.frames["dim_document"].select("document_id", "file_name", "status")
    last = batch.frames["dim_disclosure"].sort("first_line").group_by("document_id").last().select("document_id", "disclosure_id")
    com = quality.results.filter(rule_id="COM-004").select("disclosure_id", "status", "message")
    verdicts = documents.join(last, on="document_id", how="left").join(com, on="disclosure_id", how="left")
    unflagged = verdicts.filter((pl.col("status") != "rejected") & (pl.col("status_right") != "fail"))
    assert len(names) > 150
    assert unflagged.is_empty(), unflagged.select("file_name", "status_right", "message").to_dicts()[:10]
    failures = verdicts.filter(pl.col("status_right") == "fail")["message"]
    assert failures.str.contains(r"\(blank\)").sum() == 0  # every failure says what is missing


def test_the_issue_case_warns_instead_of_loading_quietly(judged):
    """002 cut inside its 收入说明 (line 1145): such a file loaded as `loaded`, with a few of its 28
    overview rows and none of its 9 projects; now the disclosure loads with a warning that names
    what is missing."""
    batch, quality = judged
    document = batch.frames["dim_document"].filter(file_name=ISSUE_CASE)["document_id"].item()
    score = quality.scores.filter(pl.col("disclosure_id").str.starts_with(document))
    failure = quality.results.filter(pl.col("disclosure_id").str.starts_with(document), rule_id="COM-004", status="fail")
    assert score["status"].to_list() == ["warnings"]
    assert failure["source_location"].item() == f"{ISSUE_CASE}:1142"
    assert "the procurement section the template has after overview" in failure["message"].item()


def test_a_table_of_contents_announces_what_numbering_cannot():
    """Without a 目录, 004 cut before its last section (九、其他情况说明) ends on a full sentence after
    a whole 名词解释: nothing says more was to come. With one, the entry is missing."""
    lines = _lines(S004)
    contents = ["目录", *(f"{lines[n - 1].strip()}……{page}" for page, n in enumerate(SECTIONS[S004], start=1))]
    before_last = lines[1 : SECTIONS[S004][-1] - 1]
    assert outline.breaks(_promises(S004, "\n".join([lines[0], *before_last]))[0], S004) == []
    assert outline.breaks(_promises(S004, "\n".join([lines[0], *contents, *lines[1:]]))[0], S004) == []
    (missing,) = [p for p in _promises(S004, "\n".join([lines[0], *contents, *before_last]))[0] if p.found is None]
    assert (missing.kind, missing.what, missing.line) == ("contents", "九、其他情况说明", 2 + len(SECTIONS[S004]))


def test_a_list_of_tables_announces_the_tables():
    """001 with a list of its nine tables (附表) before them, cut before its fifth: the five tables
    from it on are announced and missing."""
    lines = _lines(S001)
    titles = [text for text in lines[:1600] if re.fullmatch(r"单位预算.*表", text)]
    listed = "附表：" + " ".join(f"{n}.{title}" for n, title in enumerate(titles, start=1))
    cut = "\n".join([listed, *lines[: 1100 - 1]]) + "\n"
    missing = [p.what for p in _promises(S001, cut)[0] if p.kind == "contents" and p.found is None]
    assert len(titles) == 9 and missing == titles[4:]
