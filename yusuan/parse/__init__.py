"""Parsers: the document model in, typed rows out. Pure functions, no I/O, no dagster."""
