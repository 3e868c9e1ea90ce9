"""The verdict on each damaged file, against what its undamaged original gave.

A damaged file must be in the ledger, and then either load the original's figures or say that
something is wrong: be rejected, or raise a flag its original did not (a quarantine, a failing
rule instance, a parse issue). Anything else is a **silent** change: figures that differ from
the document's, loaded as if nothing happened; the failure this suite exists to find.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tests.fuzz.make_damaged import Case, original_name
from tests.fuzz.observe import Observation
from yusuan.raw import ARCHIVE_SEPARATOR

BAD = ("missing", "silent")  # the verdicts that fail the suite


@dataclass(frozen=True)
class Verdict:
    case: Case
    verdict: str  # unchanged | rejected | flagged | silent | missing
    detail: str


def by_file(observations: dict[str, Observation]) -> dict[str, Observation]:
    """The observations by file: a file a run opened as a zip archive (its damage made it one)
    is its members together, loaded if any of them was."""
    members: dict[str, list[Observation]] = {}
    for name, observation in observations.items():
        members.setdefault(name.split(ARCHIVE_SEPARATOR)[0], []).append(observation)
    return {name: found[0] if len(found) == 1 else _together(name, found) for name, found in members.items()}


def _together(name: str, members: list[Observation]) -> Observation:
    loaded = [m for m in members if m.status != "rejected"]
    return Observation(name, "loaded" if loaded else "rejected", "; ".join(m.reason or "" for m in members),
                       sum((m.figures for m in loaded), Counter()), set().union(*(m.flags for m in loaded)),
                       sum(m.seconds for m in members))


def judge(case: Case, damaged: Observation | None, originals: dict[str, Observation]) -> Verdict:
    """`damaged`: the case's entry of `by_file`."""
    original = originals[original_name(case.original)]
    if damaged is None:
        return Verdict(case, "missing", "not in the ledger")
    if damaged.status == "rejected":
        return Verdict(case, "rejected", damaged.reason or "")
    raised = sorted(damaged.flags - original.flags)
    if raised:
        return Verdict(case, "flagged", f"{len(raised)} new flags, e.g. {raised[0][:200]}")
    if damaged.figures == original.figures:
        return Verdict(case, "unchanged", "")
    return Verdict(case, "silent", _difference(original.figures, damaged.figures))


def _difference(original: Counter, damaged: Counter) -> str:
    lost, gained = original - damaged, damaged - original
    return (f"{sum(lost.values())} figures lost, e.g. {sorted(lost, key=str)[:3]}; "
            f"{sum(gained.values())} gained, e.g. {sorted(gained, key=str)[:3]}")


def summary(verdicts: list[Verdict]) -> str:
    """Counts by verdict, then by damage kind for the bad ones."""
    counts = Counter(v.verdict for v in verdicts)
    bad = Counter((v.verdict, v.case.kind) for v in verdicts if v.verdict in BAD)
    return (", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
            + "".join(f"\n  {verdict} by {kind}: {n}" for (verdict, kind), n in sorted(bad.items())))
