"""yusuan: budget disclosures (部门预算/单位预算) into an analytical warehouse.

This package is the pure core: reading documents, parsing them into typed frames and
loading the warehouse. It never imports dagster; the Dagster layer lives in assets/ and
pipelines/ at the repository root and only calls into here.
"""

# Bump when a change to readers or parsers can change the rows of a document already loaded:
# the next run reads every document again (0.2.0: places with a one-character county name,
# prose amounts with thousands separators, workbook amounts past ten digits, PDFs).
PARSER_VERSION = "0.2.0"

from yusuan import native  # noqa: E402 - before any module it may load compiled is imported

native.use()
