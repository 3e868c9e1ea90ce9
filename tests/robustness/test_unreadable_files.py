"""Issue #16 (d): a file gone between listing and reading, a zip member that cannot be unpacked,
and a zip member whose path leaves the archive are each rejected with a reason in the ledger;
the batch goes on."""

import zipfile

import yusuan
from tests.conftest import S001, S004, SEEDS
from yusuan import raw as raw_stage
from yusuan.parse.batch import parse_files
from yusuan.raw import plan_ingest


def ingest(folder):
    parsed = parse_files(plan_ingest(folder, [], yusuan.PARSER_VERSION).to_parse)
    ledger = {r["file_name"]: r for r in parsed.ledger.iter_rows(named=True)}
    documents = {r["file_name"]: r for r in parsed.frames["dim_document"].iter_rows(named=True)}
    return parsed, ledger, documents


def test_a_file_gone_between_listing_and_reading_is_rejected(tmp_path, monkeypatch):
    (tmp_path / S001).write_bytes((SEEDS / S001).read_bytes())
    listed = raw_stage.document_files(tmp_path) + [tmp_path / "downloading.txt"]  # listed, then gone
    monkeypatch.setattr(raw_stage, "document_files", lambda folder: listed)
    parsed, ledger, documents = ingest(tmp_path)
    assert ledger[S001]["status"] == "loaded"
    assert ledger["downloading.txt"]["status"] == "rejected" and "disappeared" in ledger["downloading.txt"]["reason"]
    assert documents["downloading.txt"]["status"] == "rejected"


def test_a_file_gone_between_planning_and_parsing_is_rejected(tmp_path):
    (tmp_path / S001).write_bytes((SEEDS / S001).read_bytes())
    files = plan_ingest(tmp_path, [], yusuan.PARSER_VERSION).to_parse
    (tmp_path / S001).unlink()
    ledger = parse_files(files).ledger.row(0, named=True)
    assert ledger["status"] == "rejected" and "disappeared" in ledger["reason"] and "Error" not in ledger["reason"]


def _corrupt(archive_path, member: str) -> None:
    """Flip a byte in the middle of `member`'s data, past its local header."""
    with zipfile.ZipFile(archive_path) as archive:
        info = archive.getinfo(member)
    data = bytearray(archive_path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    archive_path.write_bytes(bytes(data))


def test_damaged_zip_members_are_rejected_and_the_others_load(tmp_path):
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("good.txt", (SEEDS / S001).read_bytes(), zipfile.ZIP_DEFLATED)
        out.writestr("crc.txt", (SEEDS / S004).read_bytes(), zipfile.ZIP_STORED)
        out.writestr("deflate.txt", (SEEDS / S004).read_bytes()[:-10], zipfile.ZIP_DEFLATED)
    _corrupt(archive, "crc.txt")
    _corrupt(archive, "deflate.txt")
    parsed, ledger, _ = ingest(tmp_path)
    assert ledger["batch.zip!/good.txt"]["status"] == "loaded"
    for member in ("crc.txt", "deflate.txt"):
        row = ledger[f"batch.zip!/{member}"]
        assert row["status"] == "rejected" and row["reason"].startswith("zip member damaged"), row


def test_members_leaving_the_archive_are_in_the_ledger(tmp_path):
    archive = tmp_path / "escape.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("../up.txt", (SEEDS / S001).read_bytes())
        out.writestr("/etc/absolute.txt", (SEEDS / S004).read_bytes())
    parsed, ledger, documents = ingest(tmp_path)
    assert set(ledger) == set(documents) == {"escape.zip!/../up.txt", "escape.zip!//etc/absolute.txt"}
    assert all(r["status"] == "rejected" and "leaves the archive" in r["reason"] for r in ledger.values())
