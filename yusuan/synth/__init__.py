"""Synthetic budget disclosures with ground truth: `generate(out, docs, seed)`.

The generator recombines the structure of the five seeds (data/raw) into new documents in the
Tika text form: Hebei places, unit codes and names, budget years 2021-2024 in their editions,
standard tables printed in one of three templates (hebei, national, stacked: wording.py),
functional and economic subject trees whose amounts reconcile, project target tables, an
explanation whose figures agree with the tables, and the printing messes the parser handles
(listed in render.py and README.md here). A set share of documents carries one injected inconsistency, each breaking a known
data-quality rule. The truth (expected facts and rule failures) is computed from the
generator's own model, never by parsing, in the generator's own wording. Pure Python: no
Dagster, and nothing of the parser, its vocabulary or the readers.

    out/raw/<year>/*.txt   documents
    out/truth/*.parquet    ground truth, see README.md here and out/truth/manifest.json
"""

from yusuan.synth.corpus import TRUTH_FILES, generate

__all__ = ["TRUTH_FILES", "generate"]
