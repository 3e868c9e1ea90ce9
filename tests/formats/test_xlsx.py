"""A seed as a workbook gives the same warehouse rows as its text form."""

import pytest

from tests.conftest import S000, S001, S002, S003, S004
from tests.formats.equality import assert_loads_like_text, fixture
from yusuan.readers import RejectedFile, read_document
from yusuan.readers.xlsx import _text


@pytest.mark.parametrize("seed", [S000, S001, S002, S003, S004])
def test_xlsx_form_loads_the_same_rows_as_the_text_form(seed):
    assert_loads_like_text(seed, "xlsx")


@pytest.mark.parametrize("value, text", [(8.709999999999999, "8.71"), (2010301.0, "2010301"), (0.5, "0.5"), (None, ""), (3, "3"),
                                         (1234567890.12, "1234567890.12")])
def test_numbers_without_float_noise(value, text):
    assert _text(value) == text


def test_truncated_workbook_is_rejected():
    data = fixture(S004, "xlsx").read_bytes()
    with pytest.raises(RejectedFile, match="truncated or damaged"):
        read_document("cut.xlsx", data[: len(data) // 2])

