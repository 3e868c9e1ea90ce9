"""Dagster asset definitions, one module per stage: raw → parsed → validated → warehouse.

Each asset is a few lines that call the pure package `yusuan`; no parsing logic lives here.
"""
