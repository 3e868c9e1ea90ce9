"""parsed and validated, one step per part: the same two stages as assets/parsed.py and
assets/validated.py, under the same asset keys, for a run whose steps are spread over machines
(pipelines/distributed.py).

The raw stage's plan is cut into the parts a one-machine run makes (yusuan.parse.batch.split_parts,
200 documents each); each part is parsed, then validated, by a step of its own, on whichever
machine the executor gives it, writing its Parquet files into the run's folders under the lake
data folder, which every machine of the run sees. A last step hands those folders on under the
stages' asset keys, as parsed_budget and validated_budget do, so the warehouse stage is the same.
Part for part the work is that of a one-machine run, so the warehouse comes out the same."""

from dataclasses import dataclass

import dagster as dg
import polars as pl

from assets.parsed import PARSED_OUTS
from assets.validated import VALIDATED_OUTS
from pipelines.resources import YusuanPaths
from yusuan.parse.batch import PARSED_TABLES, duplicate_ledger, parse_part, split_parts
from yusuan.parts import TableParts
from yusuan.quality.evaluate import evaluate_part
from yusuan.raw import IngestPlan, RawFile

# A part's files and ledger travel between its steps through this IO manager: small values, kept
# in the Dagster instance's storage, which every worker sees (pipelines/distributed.py).
STEP_IO = "step_io"


@dataclass(frozen=True)
class Part:
    number: int
    files: list[RawFile]


@dataclass(frozen=True)
class PartLedger:
    number: int
    ledger: pl.DataFrame  # what became of each file of the part


@dg.op(out=dg.DynamicOut(Part, io_manager_key=STEP_IO))
def split_run(raw_documents: IngestPlan):
    """The documents to parse in parts; one part, empty, when there are none (the next stages
    read every table)."""
    for number, files in enumerate(split_parts(raw_documents.to_parse)):
        yield dg.DynamicOutput(Part(number, files), mapping_key=f"part_{number}")


@dg.op(out=dg.Out(PartLedger, io_manager_key=STEP_IO))
def parse_run_part(context: dg.OpExecutionContext, paths: YusuanPaths, part: Part) -> PartLedger:
    """One part read and parsed; a bad file is rejected with its reason, never fatal."""
    ledger = parse_part(paths.run_parts(context.run.run_id, "parsed"), part.number, part.files)
    rejected = ledger.filter(status="rejected")
    for row in rejected.iter_rows(named=True):
        context.log.warning(f"rejected {row['file_name']}: {row['reason']}")
    context.add_output_metadata({"part": part.number, "files": ledger.height, "rejected": rejected.height})
    return PartLedger(part.number, ledger)


@dg.op(out=dg.Out(PartLedger, io_manager_key=STEP_IO))
def validate_run_part(context: dg.OpExecutionContext, paths: YusuanPaths, parsed: PartLedger) -> PartLedger:
    """Every rule of the catalog on one part; the rows of disclosures failing an error rule go to
    the quarantine."""
    run_id = context.run.run_id
    evaluate_part(paths.run_parts(run_id, "parsed"), paths.run_parts(run_id, "validated"),
                  paths.run_parts(run_id, "quarantine"), parsed.number)
    context.add_output_metadata({"part": parsed.number})
    return parsed


@dg.op(out={name: dg.Out() for name in PARSED_OUTS | VALIDATED_OUTS})
def hand_on_parts(context: dg.OpExecutionContext, paths: YusuanPaths, raw_documents: IngestPlan,
                  parts: list[PartLedger]):
    """The run's folders of parts, as the parsed and validated stages' values."""
    run_id = context.run.run_id
    parsed, validated, quarantine = (paths.run_parts(run_id, stage) for stage in ("parsed", "validated", "quarantine"))
    ledger = pl.concat([*(p.ledger for p in sorted(parts, key=lambda p: p.number)), duplicate_ledger(raw_documents.duplicates)])
    for table in PARSED_TABLES:
        yield dg.Output(TableParts(parsed, table), f"parsed_{table}", metadata={"rows": parsed.rows(table)})
    yield dg.Output(ledger, "parsed_ledger", metadata={"files": ledger.height,
                                                       "rejected": ledger.filter(status="rejected").height})
    for table in PARSED_TABLES:
        yield dg.Output(TableParts(validated, table), f"validated_{table}",
                        metadata={"rows": validated.rows(table), "quarantined_rows": quarantine.rows(table)})
    yield dg.Output(quarantine, "validated_quarantine")
    yield dg.Output(TableParts(validated, "dq_result"), "validated_dq_result")
    yield dg.Output(TableParts(validated, "dq_disclosure"), "validated_dq_disclosure")


@dg.graph_multi_asset(outs=PARSED_OUTS | VALIDATED_OUTS)
def parsed_validated_by_part(raw_documents: IngestPlan):
    """Parse, then validate, each part of the run in a step of its own."""
    parts = split_run(raw_documents).map(parse_run_part).map(validate_run_part).collect()
    return hand_on_parts(raw_documents, parts)._asdict()
