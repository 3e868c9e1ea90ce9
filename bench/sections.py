"""BENCHMARKS.md is written by several benchmarks, each owning one `## ` section of it."""

from __future__ import annotations

import re
from pathlib import Path


def write_section(path: Path, title: str, lines: list[str]) -> None:
    """Replace the section headed `title` (its heading is lines[0]) in `path`, or append it."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(title) + r".*?(?=\n## |\Z)", re.S)
    section = "\n".join(lines)
    # The match stops before the blank line's "\n## " of the next section: the section ends with a newline.
    text = pattern.sub(lambda _: section.rstrip("\n") + "\n", text) if title in text else text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def write_sections(path: Path, text: str) -> None:
    """Write `text`, a head and `## ` sections, into `path`: its head replaces the file's (what comes
    before the first section), each section the section of its title; the other benchmarks'
    sections stay."""
    head, *sections = re.split(r"\n(?=## )", text)
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    first = current.find("\n## ")
    path.write_text(head.rstrip("\n") + "\n" + (current[first:] if first >= 0 else ""), encoding="utf-8")
    for section in sections:
        write_section(path, section.split("\n", 1)[0], section.rstrip("\n").split("\n"))
