"""The raw stage: files, hashes, formats and sidecars."""

import datetime as dt
import hashlib
import json
import pickle
import zipfile

from tests.conftest import S003, SEEDS
from yusuan.parse.batch import parse_files, parse_into
from yusuan.parts import Parts
from yusuan.raw import plan_ingest, scan_raw


def test_files_are_hashed_sorted_and_sidecars_are_not_documents(tmp_path):
    (tmp_path / "b.txt").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "sub" / "a.pdf.meta.json").write_text("{}")
    (tmp_path / ".gitkeep").write_text("")
    files = scan_raw(tmp_path)
    assert [(f.file_name, f.format) for f in files] == [("b.txt", "tika_text"), ("sub/a.pdf", "pdf")]
    assert files[0].sha256 == hashlib.sha256(b"x").hexdigest()


def test_sidecar_overrides_place_and_adds_source(tmp_path):
    # 003 names no place the reader can be sure of beyond its name; a collector's sidecar wins.
    (tmp_path / S003).write_bytes((SEEDS / S003).read_bytes())
    meta = {"place": "廊坊市大厂回族自治县", "source_url": "http://example.invalid/003", "published_on": "2021-03-26"}
    (tmp_path / f"{S003}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    batch = parse_files(scan_raw(tmp_path))
    disclosure = batch.frames["dim_disclosure"].row(0, named=True)
    assert disclosure["source_url"] == "http://example.invalid/003"
    assert disclosure["published_on"] == dt.date(2021, 3, 26)
    assert batch.frames["dim_unit"]["place"].to_list() == ["廊坊市大厂回族自治县"]


def test_a_broken_sidecar_rejects_its_document_with_the_reason(tmp_path):
    (tmp_path / S003).write_bytes((SEEDS / S003).read_bytes())
    (tmp_path / f"{S003}.meta.json").write_text('{"published_on": "26/03/2021"}')
    (tmp_path / "x.txt.meta.json").write_text("{not json")
    batch = parse_files(scan_raw(tmp_path))
    assert batch.ledger.to_dicts() == [{
        "file_name": S003, "sha256": hashlib.sha256((SEEDS / S003).read_bytes()).hexdigest(), "status": "rejected",
        "reason": f"sidecar {S003}.meta.json: published_on '26/03/2021' is not a YYYY-MM-DD date"}]


def test_parsing_by_several_readers_gives_the_same_frames(tmp_path):
    for n in range(3):
        for seed in sorted(SEEDS.glob("*.txt")):
            (tmp_path / f"{n:02d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n副本{n}\n", encoding="utf-8")
    files = scan_raw(tmp_path)
    one, two = Parts(tmp_path / "one"), Parts(tmp_path / "two")
    ledgers = [parse_into(one, files, workers=1, part_size=4), parse_into(two, files, workers=2, pool_from=2, part_size=4)]
    assert one.numbers() == two.numbers() == [0, 1, 2, 3]  # 15 documents, 4 a part
    for name in one.tables():
        assert (one.scan(name).drop("ingested_at", strict=False).collect()
                .equals(two.scan(name).drop("ingested_at", strict=False).collect())), name
    assert ledgers[0].equals(ledgers[1])


def test_a_planned_file_is_the_same_once_pickled(tmp_path):
    # The plan goes from step to step pickled (pipelines.resources.RunOutputs), and each file to its reader.
    (tmp_path / "a.txt").write_bytes(b"x")
    (tmp_path / "a.txt.meta.json").write_text('{"place": "廊坊市", "published_on": "2021-03-26"}', encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "batch.zip", "w") as archive:
        archive.writestr("b.txt", b"y")
        archive.writestr("../escape.txt", b"outside")  # refused unread
    plan = plan_ingest(tmp_path, [], "1")
    copy = pickle.loads(pickle.dumps(plan))
    assert copy.to_parse == plan.to_parse
    meta = {"place": "廊坊市", "published_on": dt.date(2021, 3, 26)}
    assert [(f.file_name, f.path, f.sha256, f.meta) for f in copy.to_parse] == [
        ("a.txt", tmp_path / "a.txt", hashlib.sha256(b"x").hexdigest(), meta),
        ("batch.zip!/b.txt", tmp_path / "batch.zip", hashlib.sha256(b"y").hexdigest(), {}),
        ("batch.zip!/../escape.txt", tmp_path / "batch.zip", hashlib.sha256(b"batch.zip!/../escape.txt").hexdigest(), {})]
    assert [f.read_bytes() for f in copy.to_parse[:2]] == [b"x", b"y"]
