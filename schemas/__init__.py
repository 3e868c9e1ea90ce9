"""The warehouse metadata (warehouse.yaml), loaded once, and what is generated from it.

`TABLES` maps each warehouse table to its columns in order. `polars_schema` gives the typed
frame a parser output becomes; `schemas.frames` builds the Pandera schemas and `schemas.ddl`
the DuckDB DDL with its COMMENT ON statements. No dagster here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from yusuan import vocab

_POLARS_TYPES = {
    "VARCHAR": pl.String,
    "INTEGER": pl.Int32,
    "BIGINT": pl.Int64,
    "BOOLEAN": pl.Boolean,
    "DECIMAL(18,2)": pl.Decimal(18, 2),
    "DECIMAL(18,4)": pl.Decimal(18, 4),
    "DECIMAL(18,3)": pl.Decimal(18, 3),
    "DECIMAL(5,1)": pl.Decimal(5, 1),
    "TIMESTAMP": pl.Datetime("us"),
    "DATE": pl.Date,
    "VARCHAR[]": pl.List(pl.String),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = False
    values: tuple[str, ...] | None = None
    pattern: str | None = None
    min: int | None = None

    @property
    def dtype(self) -> pl.DataType:
        return _POLARS_TYPES[self.type]


@dataclass(frozen=True)
class TableMeta:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    history: bool = False  # accumulates across runs (copied over from the previous warehouse)
    derived: bool = False  # computed from the other tables at each publish (no quarantine copy)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.dtype for c in self.columns}


def _load() -> dict[str, TableMeta]:
    raw = yaml.safe_load((Path(__file__).parent / "warehouse.yaml").read_text(encoding="utf-8"))
    tables = {}
    for name, spec in raw["tables"].items():
        columns = []
        for col, c in spec["columns"].items():
            values = getattr(vocab, c["values"]) if "values" in c else None
            columns.append(Column(col, c["type"], c["description"], c.get("nullable", False),
                                  tuple(values) if values else None, c.get("pattern"), c.get("min")))
        tables[name] = TableMeta(name, spec["description"], tuple(columns), tuple(spec.get("primary_key", ())),
                                 spec.get("history", False), spec.get("derived", False))
    return tables


TABLES: dict[str, TableMeta] = _load()

# The tables whose rows belong to one disclosure (directly, or through their project): what a
# retired document or a quarantined disclosure takes with it. The run history stays.
DISCLOSURE_SCOPED: tuple[str, ...] = tuple(name for name, meta in TABLES.items()
                                           if "disclosure_id" in meta.polars_schema and not meta.history)
