"""Every file the README, docs/*.md and the CLI's help cite is in the repository.

Cited are: paths under a top-level folder of the repository (`schemas/rules.yaml`,
`tests/integration/test_readme.py`), markdown link targets, and bare file names such as
`workspace.yaml` or `hebei.yaml` (which must be the name of some file of the repository).
What the pipeline or the setup writes (data/warehouse/, .venv/, $DAGSTER_HOME) is not cited
as a repository file and is left out.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import typer.main

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".git", ".venv", ".tools", ".dagster", "__pycache__", ".pytest_cache", ".ruff_cache"}
# Written by `make run` / `yusuan run` (git ignores data/warehouse/ but its .gitkeep).
GENERATED = ("data/warehouse/",)
# Named as files to create, not as files that exist.
EXAMPLES = {"schemas/layouts/zhejiang.yaml"}  # README "Adding a template": the new file a province needs
GENERATED_NAMES = {"dagster.yaml"}  # `yusuan ui` / `yusuan run` write it into $DAGSTER_HOME


def _repo_files() -> list[str]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        found += [str((Path(folder) / f).relative_to(ROOT)) for f in files]
    return found


FILES = _repo_files()
NAMES = {Path(f).name for f in FILES}
TOPS = sorted({Path(f).parts[0] for f in FILES if len(Path(f).parts) > 1})
ROOTED = re.compile(r"(?<![\w./<$-])((?:" + "|".join(map(re.escape, TOPS)) + r")/[\w./*-]*)")
BARE = re.compile(r"(?<![\w./<$-])([\w-]+(?:\.[\w-]+)*\.(?:md|ya?ml|py|toml|lock))\b(?![/\w])")
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


def cited(text: str) -> set[tuple[str, str]]:
    """(kind, path) for every path the text cites: kind is rooted, bare or link."""
    found = {("rooted", m[1].rstrip(".,:;")) for m in ROOTED.finditer(text)}
    found |= {("bare", m[1]) for m in BARE.finditer(text)}
    found |= {("link", m[1]) for m in LINK.finditer(text) if not re.match(r"[a-z]+:", m[1])}
    return found


def missing(text: str, base: Path) -> list[str]:
    gone = []
    for kind, path in sorted(cited(text)):
        if kind == "bare":
            ok = path in NAMES or path in GENERATED_NAMES
        elif kind == "link":
            ok = (base / path).exists()
        else:
            ok = (path in EXAMPLES or path.startswith(GENERATED)
                  or (any(ROOT.glob(path.rstrip("/"))) if "*" in path else (ROOT / path).exists()))
        if not ok:
            gone.append(path)
    return gone


def cli_help() -> str:
    from pipelines.cli import app

    group = typer.main.get_command(app)
    texts = [group.help or ""]
    for command in group.commands.values():
        texts.append(command.help or "")
        texts += [getattr(param, "help", None) or "" for param in command.params]
    return "\n".join(texts)


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS, ids=[str(d.relative_to(ROOT)) for d in DOCS])
def test_every_path_a_document_cites_exists(doc):
    assert missing(doc.read_text(encoding="utf-8"), doc.parent) == []


def test_every_path_the_cli_help_cites_exists():
    text = cli_help()
    assert "schemas/rules.yaml" in text  # the help is read (rules' docstring)
    assert missing(text, ROOT) == []


def test_dead_references_are_caught():
    text = ("see DOMAIN.md §6, docs/data_dictionary.md and [rules](docs/rules.md); build "
            "data/warehouse/budget.duckdb from schemas/warehouse.yaml with tests/unit/*.py and hebei.yaml.")
    assert missing(text, ROOT) == ["DOMAIN.md", "docs/data_dictionary.md"]


def test_no_issue_numbers_are_cited():
    """Issue numbers point outside the repository (issue #9 was cited and is not there): say what is meant."""
    texts = {str(d.relative_to(ROOT)): d.read_text(encoding="utf-8") for d in DOCS} | {"CLI help": cli_help()}
    assert {name: re.findall(r"issues? #\d+", text) for name, text in texts.items() if re.search(r"issues? #\d+", text)} == {}
