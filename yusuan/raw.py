"""The raw stage: what files are in the raw folder, their hashes and formats.

Sidecar files `<file>.meta.json` (place, source_url, published_on from whoever collected the
file) travel with their document and are not documents themselves. Hidden files are skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.readers.detect import detect_format

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("place", "source_url", "published_on")


@dataclass(frozen=True)
class RawFile:
    path: Path
    sha256: str
    size_bytes: int
    format: str
    meta: dict = field(default_factory=dict, compare=False)
    meta_error: str | None = None

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def document_id(self) -> str:
        return self.sha256[:16]


def scan_raw(folder: Path) -> list[RawFile]:
    """Every document file under `folder` (recursively), sorted by path for stable runs."""
    if not folder.is_dir():
        raise FileNotFoundError(f"raw folder {folder} does not exist")
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.startswith(".") or path.name.endswith(SIDECAR_SUFFIX):
            continue
        data = path.read_bytes()
        meta, error = _sidecar(path)
        files.append(RawFile(path, hashlib.sha256(data).hexdigest(), len(data), detect_format(path.name, data), meta, error))
    return files


def _sidecar(path: Path) -> tuple[dict, str | None]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}, None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"sidecar {sidecar.name} is not valid JSON: {exc}"
    if not isinstance(meta, dict):
        return {}, f"sidecar {sidecar.name} must hold a JSON object"
    unknown = sorted(set(meta) - set(SIDECAR_KEYS))
    if unknown:
        return {}, f"sidecar {sidecar.name} has unknown keys {unknown}; allowed: {list(SIDECAR_KEYS)}"
    if meta.get("published_on") is not None:
        try:
            meta["published_on"] = dt.date.fromisoformat(meta["published_on"])
        except (TypeError, ValueError):
            return {}, f"sidecar {sidecar.name}: published_on {meta['published_on']!r} is not a YYYY-MM-DD date"
    return meta, None
