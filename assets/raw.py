"""raw: the files in the raw folder, with their hash and detected format."""

from collections import Counter
from pathlib import Path

import dagster as dg

from pipelines.resources import YusuanPaths
from yusuan.raw import RawFile, scan_raw


@dg.asset(group_name="raw", kinds={"python"})
def raw_documents(context: dg.AssetExecutionContext, paths: YusuanPaths) -> list[RawFile]:
    """Every document file in the raw folder (sidecar .meta.json files travel with theirs)."""
    files = scan_raw(Path(paths.raw_dir))
    context.add_output_metadata({
        "raw_dir": paths.raw_dir,
        "files": len(files),
        "bytes": sum(f.size_bytes for f in files),
        "formats": dg.MetadataValue.json(dict(Counter(f.format for f in files))),
    })
    return files
