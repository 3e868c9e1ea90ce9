"""Table cells from the ruling lines of a PDF page.

A cell is the smallest rectangle whose four sides are ruled: from each crossing of two rules,
the nearest crossing below and to the right that closes a rectangle along rules. Cells that
share a corner are one table. The method and its tolerances are pdfplumber's default table
finder (after Nurminen's thesis, as in Tabula), so tables read as they did with it: rules within
3 pt of one another are one rule (the two sides of a thin filled rectangle, the borders two
adjacent cells each draw), pieces of a rule less than 3 pt apart are one rule, rules shorter
than 3 pt are none, and rules meet when they come within 3 pt of each other.
"""

from __future__ import annotations

import bisect
import collections
from typing import NamedTuple

from yusuan.readers.limits import TABLE_CELLS

SNAP = 3.0
JOIN = 3.0
SHORTEST = 3.0
MEET = 3.0

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class Rule(NamedTuple):
    """A horizontal rule (`at` is its y, from `start` to `end` in x) or a vertical one (`at` is its x)."""

    at: float
    start: float
    end: float


def tables(horizontal: list[Rule], vertical: list[Rule]) -> list[list[Box]]:
    """The cells of each table on the page, tables top to bottom; one-cell tables included."""
    across = sorted(_merged(horizontal))  # by y, so that those a vertical rule spans are a slice
    down = _merged(vertical)
    # checked before the crossings are listed: a few bytes of drawing can make millions of them
    TABLE_CELLS.check(len(across) * len(down), f"a page draws {len(across):,} horizontal and {len(down):,} vertical rules, "
                                               f"which can cross in {len(across) * len(down):,} places")
    heights = [at for at, _, _ in across]
    # each crossing with the rules through it, so that two crossings are joined when they share one
    crossings: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for k, (x, top, bottom) in enumerate(down):
        first = bisect.bisect_left(heights, top - MEET)
        for n, (y, start, end) in enumerate(across[first:bisect.bisect_right(heights, bottom + MEET)], start=first):
            if start - MEET <= x <= end + MEET:
                through = crossings.get((x, y))
                if through is None:
                    through = crossings[x, y] = (set(), set())
                through[0].add(k)
                through[1].add(n)
    return _grouped(_cells(crossings))


def _merged(rules: list[Rule]) -> list[Rule]:
    """Rules snapped to a common position (the mean of a run of positions each within SNAP of the
    next), then the pieces on one position joined where they overlap or nearly touch."""
    rules = [r for r in rules if r.end - r.start >= 1]  # a dot or a rule seen end-on
    if not rules:
        return []
    positions = sorted({r.at for r in rules})
    runs, run = [], [positions[0]]
    for at in positions[1:]:
        if at - run[-1] > SNAP:
            runs.append(run)
            run = []
        run.append(at)
    runs.append(run)
    run_of = {at: k for k, run in enumerate(runs) for at in run}
    members = collections.defaultdict(list)
    for r in rules:
        members[run_of[r.at]].append(r)
    merged = []
    for group in members.values():
        at = sum(r.at for r in group) / len(group)
        pieces = sorted(group, key=lambda r: r.start)
        start, end = pieces[0].start, pieces[0].end
        for r in pieces[1:]:
            if r.start <= end + JOIN:
                end = max(end, r.end)
            else:
                merged.append(Rule(at, start, end))
                start, end = r.start, r.end
        merged.append(Rule(at, start, end))
    return [r for r in merged if r.end - r.start >= SHORTEST]


def _cells(crossings: dict[tuple[float, float], tuple[set[int], set[int]]]) -> list[Box]:
    """From each crossing, the nearest rectangle below and to the right closed along rules, in
    the order of the crossings (left to right, top to bottom). A crossing not joined to the next
    one below (or to the right) is joined to none further: a rule through both would pass through
    it."""
    column: dict[float, list[float]] = collections.defaultdict(list)  # the ys of crossings at each x
    row: dict[float, list[float]] = collections.defaultdict(list)  # the xs of crossings at each y
    corners = sorted(crossings)
    for x, y in corners:
        column[x].append(y)
        row[y].append(x)
    cells = []
    for x, y in corners:
        down, across = crossings[x, y]
        ys, xs = column[x], row[y]
        found = None
        for i in range(bisect.bisect_right(ys, y), len(ys)):
            bottom = ys[i]
            left_side = crossings[x, bottom]
            if down.isdisjoint(left_side[0]):
                break
            for j in range(bisect.bisect_right(xs, x), len(xs)):
                right = xs[j]
                top_side = crossings[right, y]
                if across.isdisjoint(top_side[1]):
                    break
                far = crossings.get((right, bottom))
                if far is not None and not far[0].isdisjoint(top_side[0]) and not far[1].isdisjoint(left_side[1]):
                    found = (x, y, right, bottom)
                    break
            if found:
                cells.append(found)
                break
    return cells


def _grouped(cells: list[Box]) -> list[list[Box]]:
    """Cells sharing a corner, directly or through others, as one table each; tables by their
    top left cell, top to bottom, and each table's cells in the order found."""
    # union-find: cells joined through a corner share a root, always the later cell, so that the roots
    # are found in one pass from the last cell back
    parent = list(range(len(cells)))
    first_at: dict[tuple[float, float], int] = {}  # the first cell found at each corner
    for k, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            first = first_at.setdefault(corner, k)
            if first != k:
                while parent[first] != first:
                    parent[first] = first = parent[parent[first]]
                parent[first] = k  # k is a root still: only cells found before it are joined to it yet
    for k in reversed(range(len(cells))):
        parent[k] = parent[parent[k]]
    found: dict[int, list[Box]] = collections.defaultdict(list)
    for k, box in enumerate(cells):
        found[parent[k]].append(box)
    return sorted(found.values(), key=lambda boxes: min((b[1], b[0]) for b in boxes))
