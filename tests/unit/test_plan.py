"""What a run must do with each file, against what the warehouse holds (yusuan.raw.plan_ingest)."""

import os

from yusuan.raw import plan_ingest, read_raw


def known(folder, *names, version="1"):
    rows = []
    for name in names:
        raw = read_raw(folder / name, folder)
        rows.append({"document_id": raw.document_id, "file_name": name, "sha256": raw.sha256,
                     "size_bytes": raw.size_bytes, "mtime_ns": raw.mtime_ns, "parser_version": version, "status": "current"})
    return rows


def test_new_unchanged_changed_withdrawn_and_duplicate(tmp_path):
    for name, text in (("a.txt", "甲"), ("b.txt", "乙"), ("c.txt", "丙")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    state = known(tmp_path, "a.txt", "b.txt", "c.txt")
    (tmp_path / "b.txt").write_text("乙改", encoding="utf-8")  # changed
    (tmp_path / "c.txt").unlink()  # withdrawn
    (tmp_path / "d.txt").write_text("丁", encoding="utf-8")  # new
    (tmp_path / "e.txt").write_text("甲", encoding="utf-8")  # same bytes as a.txt
    plan = plan_ingest(tmp_path, state, "1")
    assert [f.file_name for f in plan.to_parse] == ["b.txt", "d.txt"]
    assert plan.unchanged == ["a.txt"]
    assert sorted((r["file_name"], r["status"]) for r in plan.retired) == [("b.txt", "superseded"), ("c.txt", "withdrawn")]
    assert [(raw.file_name, original) for raw, original in plan.duplicates] == [("e.txt", "a.txt")]


def test_unchanged_file_is_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    state = known(tmp_path, "a.txt")
    state[0]["sha256"] = "0" * 64  # were the file read, its hash would differ from this record
    assert plan_ingest(tmp_path, state, "1").is_noop


def test_touched_file_with_the_same_bytes_is_unchanged(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    state = known(tmp_path, "a.txt")
    os.utime(tmp_path / "a.txt", ns=(1, 1))
    assert plan_ingest(tmp_path, state, "1").is_noop


def test_new_parser_version_reads_everything_again(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    plan = plan_ingest(tmp_path, known(tmp_path, "a.txt", version="1"), "2")
    assert [f.file_name for f in plan.to_parse] == ["a.txt"]
    assert [r["status"] for r in plan.retired] == ["superseded"]


def test_a_zip_archive_of_disclosures_is_ingested_member_by_member(tmp_path):
    import zipfile

    from tests.conftest import S001, S003, SEEDS
    from yusuan.parse.batch import parse_files

    with zipfile.ZipFile(tmp_path / "batch.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"2023/{S001}", (SEEDS / S001).read_bytes())
        archive.writestr(S003, (SEEDS / S003).read_bytes())
        archive.writestr("../escape.txt", b"outside")  # a path leaving the archive: rejected unread
    plan = plan_ingest(tmp_path, [], "1")
    assert [f.file_name for f in plan.to_parse] == [f"batch.zip!/2023/{S001}", f"batch.zip!/{S003}", "batch.zip!/../escape.txt"]
    batch = parse_files(plan.to_parse)
    assert batch.ledger["status"].to_list() == ["loaded", "loaded", "rejected"]
    assert batch.frames["dim_disclosure"].height == 2
    state = [{**row, "parser_version": "1"} for row in batch.frames["dim_document"].to_dicts()]
    assert plan_ingest(tmp_path, state, "1").is_noop  # the archive untouched: not even opened


def test_a_hostile_archive_is_rejected_as_one_file(tmp_path):
    import zipfile

    from yusuan.parse.batch import parse_files

    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"\0" * 50_000_000)
    plan = plan_ingest(tmp_path, [], "1")
    ledger = parse_files(plan.to_parse).ledger
    assert ledger["file_name"].to_list() == ["bomb.zip"] and "zip bomb" in ledger["reason"].item()
