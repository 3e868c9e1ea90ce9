"""A seed as a workbook gives the same warehouse rows as its text form."""

import pytest

from tests.conftest import S000, S001, S002, S003, S004
from tests.formats.equality import assert_loads_like_text
from tests.formats.render import render_xlsx
from yusuan.readers import RejectedFile, read_document
from yusuan.readers.tika_text import read_tika_text
from yusuan.readers.xlsx import _text


@pytest.mark.parametrize("seed", [S000, S001, S002, S003, S004])
def test_xlsx_form_loads_the_same_rows_as_the_text_form(tmp_path, seed):
    assert_loads_like_text(tmp_path, seed, render_xlsx, "xlsx")


@pytest.mark.parametrize("value, text", [(8.709999999999999, "8.71"), (2010301.0, "2010301"), (0.5, "0.5"), (None, ""), (3, "3")])
def test_numbers_without_float_noise(value, text):
    assert _text(value) == text


def test_truncated_workbook_is_rejected():
    data = render_xlsx(read_tika_text("x.txt", "部门预算收支总表\n\t455某单位\n\t预算年度：2021\n".encode()))
    with pytest.raises(RejectedFile, match="truncated or damaged"):
        read_document("cut.xlsx", data[: len(data) // 2])


def test_word_doc_without_libreoffice_is_rejected_with_how_to_enable_it(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "WordDocument".encode("utf-16-le")
    with pytest.raises(RejectedFile, match="apt-get install libreoffice-writer-nogui"):
        read_document("old.doc", ole2)
