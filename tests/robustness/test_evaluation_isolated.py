"""Issue #16 (b): an exception while validating one document holds that document back (quarantine,
with the reason in dq_result), never the part it was evaluated with."""

import shutil

from tests.conftest import S001, S004, SEEDS
from yusuan.parse.batch import parse_into
from yusuan.parts import Parts
from yusuan.quality import evaluate as evaluate_module
from yusuan.raw import scan_raw


def test_a_document_breaking_the_evaluation_is_quarantined_alone(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (S001, S004):
        shutil.copy(SEEDS / name, raw)
    files = scan_raw(raw)
    broken = next(f.document_id for f in files if f.file_name == S004)
    parsed, validated, quarantine = (Parts(tmp_path / stage) for stage in ("parsed", "validated", "quarantine"))
    parse_into(parsed, files)
    real = evaluate_module._structure

    def structure(frames):  # a validation bug that only this document's rows trigger
        if broken in frames["dim_document"]["document_id"].to_list():
            raise RecursionError("maximum recursion depth exceeded")
        return real(frames)

    monkeypatch.setattr(evaluate_module, "_structure", structure)
    evaluate_module.evaluate_parts(parsed, validated, quarantine)  # here: the patch is in this process
    loaded = validated.scan("dim_disclosure").collect()["document_id"].to_list()
    held = quarantine.scan("dim_disclosure").collect()["document_id"].to_list()
    assert broken not in loaded and loaded and held == [broken]
    scores = validated.scan("dq_disclosure").collect()
    assert scores.filter(status="quarantined").height == 1
    errors = validated.scan("dq_result").collect().filter(status="error")
    assert errors.height == 1 and "RecursionError" in errors["message"][0]
    documents = validated.scan("dim_document").collect()["document_id"].to_list()
    assert sorted(documents) == sorted(f.document_id for f in files)  # both documents recorded
    assert quarantine.scan("fact_performance_indicator").collect().height > 0
