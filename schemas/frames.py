"""Pandera (polars backend) schemas for every warehouse frame, generated from warehouse.yaml.

These are the structure rules: types, non-null, vocabularies, code formats, lower bounds and
unique keys. Nothing is written by hand here: add a constraint to the YAML instead.
"""

from __future__ import annotations

import pandera.polars as pa

from schemas import TABLES, Column, TableMeta


def _checks(column: Column) -> list[pa.Check]:
    checks = []
    if column.values:
        checks.append(pa.Check.isin(list(column.values)))
    if column.pattern:
        checks.append(pa.Check.str_matches(column.pattern))
    if column.min is not None:
        checks.append(pa.Check.ge(column.min))
    return checks


def schema_for(table: TableMeta) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {c.name: pa.Column(c.dtype, _checks(c), nullable=c.nullable) for c in table.columns},
        unique=list(table.primary_key) or None,
        strict=True,
        name=table.name,
        description=table.description,
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {name: schema_for(t) for name, t in TABLES.items()}
