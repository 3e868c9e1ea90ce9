"""Great Expectations judges every instance of every rule in one batch.

GX is imported once per process, only by the process that validates, and one ephemeral context
serves every run: importing it costs seconds, validating tens of thousands of instances
milliseconds (a run starts the import early, in the process that will validate: `yusuan.quality.evaluate.prepare`).
Each instance carries its rule's tolerance; GX checks that |difference| − tolerance ≤ 0 and
reports the failing rows by their index columns, which become the `fail` rows of dq_result.
"""

from __future__ import annotations

import os
from functools import cache

import polars as pl

INDEX_COLUMNS = ["rule_id", "disclosure_id", "source_location", "row"]


def set_up() -> None:
    """Import GX and set up its validation, if not done yet."""
    _validation()


@cache
def _validation():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")  # offline machines: no usage statistics
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    batch = context.data_sources.add_pandas("yusuan").add_dataframe_asset("instances").add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite(name="reconciliation"))
    suite.add_expectation(gx.expectations.ExpectColumnValuesToBeBetween(column="excess", max_value=0))
    return context.validation_definitions.add(gx.ValidationDefinition(name="reconciliation", data=batch, suite=suite))


def failing(instances: pl.DataFrame) -> pl.DataFrame:
    """`instances` (rule_id, disclosure_id, source_location, difference, tolerance) → the rows GX rejects."""
    if instances.is_empty():
        return instances.clear()
    numbered = instances.with_row_index("row")
    # The excess is computed exactly in Decimal; only its sign matters to GX, so float is safe.
    frame = numbered.select(*INDEX_COLUMNS, excess=(pl.col("difference").abs() - pl.col("tolerance")).cast(pl.Float64)).to_pandas()
    result = _validation().run(
        batch_parameters={"dataframe": frame},
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": INDEX_COLUMNS},
    )
    rows = [entry["row"] for entry in result.results[0].result.get("unexpected_index_list") or []]
    return numbered.filter(pl.col("row").is_in(rows)).drop("row")
