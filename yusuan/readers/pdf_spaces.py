"""The spaces pdfium's text page leaves out of a PDF page, put back.

pdfplumber, and the layout in pdf.py, see every space printed: a run of spaces is text (项  目), a
space before a wrapped line's break joins it with one, and a line's trailing spaces take room in
it. pdfium's text page (pdf_content.py) keeps fewer:

- a text object of one space is skipped, as its glyph, and so the object, has no extent
  (LibreOffice sets a space between Chinese text and punctuation so). It goes back where the
  object starts: an ideographic space where the next character of the line follows one em on (a
  space is narrower in every font), else a space as wide as those pdfium kept at its size (or a
  quarter em). pdfium skips a character whose glyph it cannot draw (a damaged font) the same way,
  and its text is lost: such a blank followed one em on, or closer at a distance no space of its
  size takes, is counted as a doubt.
- of a run of spaces only the first is kept. The others go back after it: as many as fit exactly
  before the next character of the line, or at the end of a line up to the last space of its
  text object (whose extent ends at that space's origin). Where they do not fit exactly, the gap
  is spacing (letter spacing, a justified line), and nothing goes back.
"""

from __future__ import annotations

import bisect
import collections
import statistics


def space_widths(runs: list[list[tuple[dict, float]]]) -> dict[float, float]:
    """The width of a space at each font size, from the spaces pdfium kept on the pages (each
    page's `runs`: every space it kept starts one)."""
    seen = collections.defaultdict(list)
    for page in runs:
        for char, _ in page:
            seen[round(char["size"], 1)].append(char["x1"] - char["x0"])
    return {size: statistics.median(widths) for size, widths in seen.items()}


def restore_spaces(chars: list[dict], stretches: list[tuple[float, int]], blanks: list[tuple[float, float]],
                   runs: list[tuple[dict, float]], widths: dict[float, float]) -> int:
    """Add to `chars` (a page's) the spaces of the one-space text objects (`blanks`: where each
    starts and its baseline) and of the runs of spaces (`runs`: the space pdfium kept first,
    and where its text object ends). `stretches`: (baseline, index) where each stretch of `chars`
    on one baseline starts. Returns the number of blanks that may be characters lost."""
    if not blanks and not runs:
        return 0
    if blanks:
        # a blank's baseline, from its object's extent, as that of the line it is on: they differ by a
        # rounding, if at all, where the object is drawn in a form
        baselines = sorted({baseline for baseline, _ in stretches})
        blanks = [(x, _nearest(baselines, baseline)) for x, baseline in blanks]
    # the characters of the lines that lost spaces, by baseline
    lines: dict[float, list[dict]] = {baseline: [] for _, baseline in blanks}
    lines.update((first["bottom"], []) for first, _ in runs)
    for (baseline, start), (_, end) in zip(stretches, [*stretches[1:], (None, len(chars))], strict=True):
        line = lines.get(baseline)
        if line is not None:
            line += chars[start:end]
    starts = {}
    for baseline, line in lines.items():
        line.sort(key=lambda c: c["x0"])
        starts[baseline] = [c["x0"] for c in line]

    def following(x: float, baseline: float, width: float) -> int:
        """The index of the next character of the line from x (they may overlap by a rounding)."""
        return bisect.bisect_left(starts[baseline], x - width / 4)

    restored, doubts = [], 0
    for x, baseline in blanks:
        line = lines[baseline]
        if not line:
            continue  # a line of spaces only shows nothing
        k = following(x, baseline, 0.0)
        size = line[max(k - 1, 0)]["size"]
        width = widths.get(round(size, 1))
        gap = line[k]["x0"] - x if k < len(line) else size * 2  # the end of the line: a space
        if abs(gap - size) <= 0.05 * size:
            restored.append(_space(x, size, baseline, size, "\u3000"))
            doubts += 1
        else:
            restored.append(_space(x, width or size / 4, baseline, size))
            doubts += width is not None and gap < size and abs(gap - width) > 0.05 * width
    for first, last in runs:
        x, width, baseline, size = first["x1"], first["x1"] - first["x0"], first["bottom"], first["size"]
        if width <= 0:
            continue
        xs = starts[baseline]
        k = following(x, baseline, width)
        end = min(xs[k], last + width) if k < len(xs) else last + width
        count = round((end - x) / width)
        if abs(end - x - count * width) <= 0.05 * width:
            restored += [_space(x + n * width, width, baseline, size) for n in range(count)]
    chars += restored
    return doubts


def _nearest(baselines: list[float], baseline: float) -> float:
    """The baseline of `baselines` within a hundredth of a point of `baseline`, or `baseline`."""
    k = bisect.bisect_left(baselines, baseline - 0.01)
    return baselines[k] if k < len(baselines) and baselines[k] <= baseline + 0.01 else baseline


def _space(x: float, width: float, baseline: float, size: float, text: str = " ") -> dict:
    return {"text": text, "x0": x, "x1": x + width, "top": baseline - size, "bottom": baseline, "size": size}
