"""Issue #16 (e): HTML may omit </tr>, </td> and </th> (valid HTML, common in generated pages);
such a page loads the same rows as the seed's text form. The page is rendered here, from the text
form's document model, by code of its own (not tests/formats/make_fixtures.py)."""

import html

from tests.conftest import S001, SEEDS
from tests.formats.equality import _text_form, comparable
from yusuan.model import Paragraph
from yusuan.parse.batch import parse_files
from yusuan.raw import read_raw
from yusuan.readers import read_document
from yusuan.readers.tika_text import read_tika_text


def _text(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def page_without_end_tags(seed: str) -> str:
    doc = read_tika_text(seed, (SEEDS / seed).read_bytes())
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>预算</title></head><body>']
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p>{_text(block.text)}</p>")
        else:
            out.append("<table>")
            for r, row in enumerate(block.rows):  # no </tr>, </td>, </th>
                tag = "th" if r == 0 else "td"
                out.append("<tr>" + "".join(f"<{tag}>{_text(cell.text)}" for cell in row))
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def test_rows_and_cells_close_implicitly():
    page = "<table><thead><tr><th>甲<th>乙<tbody><tr><td>1<td>2<tr><td>3<td>4</table>".encode()
    (table,) = read_document("t.html", page).blocks
    assert [[c.text for c in r] for r in table.rows] == [["甲", "乙"], ["1", "2"], ["3", "4"]]


def test_a_malformed_span_counts_as_one():
    page = '<table><tr><td colspan="two">甲<td rowspan="">乙</table>'.encode()
    (table,) = read_document("t.html", page).blocks
    assert [[c.text for c in r] for r in table.rows] == [["甲", "乙"]]


def test_seed_page_without_end_tags_loads_like_its_text_form(tmp_path):
    path = tmp_path / S001.replace(".txt", ".html")
    path.write_text(page_without_end_tags(S001), encoding="utf-8")
    parsed = parse_files([read_raw(path, tmp_path)])
    assert parsed.rejected.is_empty(), parsed.rejected
    assert parsed.frames["fact_expenditure"].height > 0
    expected, actual = _text_form(S001), comparable(parsed.frames)
    for table in expected:
        assert actual[table] == expected[table], table
