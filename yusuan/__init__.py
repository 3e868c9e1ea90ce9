"""yusuan: budget disclosures (部门预算/单位预算) into an analytical warehouse.

This package is the pure core: reading documents, parsing them into typed frames and
loading the warehouse. It never imports dagster; the Dagster layer lives in assets/ and
pipelines/ at the repository root and only calls into here.
"""

PARSER_VERSION = "0.1.0"
