"""The warehouse stage: DuckDB DDL from schemas/, bulk loading, atomic publishing."""
