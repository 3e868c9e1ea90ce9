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
