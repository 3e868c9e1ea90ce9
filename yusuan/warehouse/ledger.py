"""The ingest ledger of a run: every file version the run acted on, with what became of it.

A document that loaded becomes loaded_with_warnings or quarantined by the worst data-quality
status of its disclosures; the versions the run retired are superseded or withdrawn. With the
rejected ones, every file given is accounted for.
"""

from __future__ import annotations

import polars as pl

from yusuan.parse.batch import LEDGER_COLUMNS

_WORST = {"quarantined": 2, "warnings": 1, "ok": 0}
_LEDGER_STATUS = {2: "quarantined", 1: "loaded_with_warnings", 0: "loaded"}


def finalize(ledger: pl.DataFrame, scores: pl.DataFrame, disclosures: pl.DataFrame, retired: list[dict]) -> pl.DataFrame:
    worst = (disclosures.select("disclosure_id", "document_id").join(scores.select("disclosure_id", "status"), on="disclosure_id")
             .group_by("document_id").agg(rank=pl.col("status").replace_strict(_WORST).max()))
    loaded = ledger.with_columns(document_id=pl.col("sha256").str.head(16)).join(worst, on="document_id", how="left")
    loaded = loaded.with_columns(status=pl.when(pl.col("status") == "loaded")
                                 .then(pl.col("rank").fill_null(0).replace_strict(_LEDGER_STATUS))
                                 .otherwise(pl.col("status"))).select(list(LEDGER_COLUMNS))
    gone = pl.DataFrame([{"file_name": r["file_name"], "sha256": r["sha256"], "status": r["status"], "reason": None}
                         for r in retired], schema=LEDGER_COLUMNS)
    return pl.concat([loaded, gone])
