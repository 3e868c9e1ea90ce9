"""Format and encoding detection: decode what is certain, reject what is not."""

import codecs

import pytest

from yusuan.readers import RejectedFile, read_document
from yusuan.readers.detect import decode_text, detect_format

TEXT = "部门预算收支总表\n\t455沧州渤海新区\n\t预算年度：2021\n"


@pytest.mark.parametrize("encoded, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
])
def test_each_encoding_decodes_to_the_same_text(encoded, encoding):
    assert decode_text(encoded) == (TEXT, encoding)


def test_bytes_no_encoding_explains_are_rejected_not_guessed():
    with pytest.raises(RejectedFile, match="no encoding"):
        decode_text(bytes(range(128, 256)) * 4)


def test_ascii_without_chinese_is_not_trusted():
    with pytest.raises(RejectedFile, match="no encoding"):
        decode_text(b"hello world\n")


def test_a_bom_that_lies_is_rejected_with_the_encoding_named():
    with pytest.raises(RejectedFile, match="utf-8-sig"):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\xfa")


@pytest.mark.parametrize("data, fmt", [
    (b"%PDF-1.7", "pdf"), (b"\r\n%PDF-1.4", "pdf"), (b"PK\x03\x04rest", "zip"), (b"\xff\xd8\xff\xe0", "jpeg"),
    (b"<!DOCTYPE html><html>", "html"), (b"  \n", "empty"), (TEXT.encode(), "tika_text"),
])
def test_format_is_told_by_content(data, fmt):
    assert detect_format("any.txt", data) == fmt


def test_formats_without_a_reader_yet_are_rejected_by_name():
    with pytest.raises(RejectedFile, match="png files are not supported yet"):
        read_document("a.txt", b"\x89PNG\r\n\x1a\n")


def test_empty_file_is_rejected():
    with pytest.raises(RejectedFile, match="empty file"):
        read_document("a.txt", b"")
