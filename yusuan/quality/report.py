"""What a person reads about data quality: a terminal summary (`yusuan check`), an HTML report
(data/warehouse/reports/) and a Markdown one (the Dagster UI), all from the dq tables of the
published warehouse.

Each reports on a *scope* of dq rows: by default the disclosures now in the warehouse, each with
the results of the latest run that evaluated it (a run reads only what changed, so one run's rows
are a delta, not the state of the data); or the rows of one run (`yusuan check --run`).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from schemas.ddl import quote

# Every disclosure now in the warehouse (loaded or quarantined; retired documents' rows are gone),
# with the run that last evaluated it.
CURRENT_SCOPE = """
SELECT disclosure_id, arg_max(run_id, logged_at) AS run_id FROM dq_disclosure
WHERE disclosure_id IN (SELECT disclosure_id FROM main.dim_disclosure UNION ALL SELECT disclosure_id FROM quarantine.dim_disclosure)
GROUP BY disclosure_id
"""
RUN_SCOPE = "SELECT disclosure_id, run_id FROM dq_disclosure WHERE run_id = {run}"
DISCLOSURES = """(SELECT disclosure_id, unit_id, budget_year, scope, document_id FROM main.dim_disclosure
                 UNION ALL SELECT disclosure_id, unit_id, budget_year, scope, document_id FROM quarantine.dim_disclosure)"""

SUMMARY_SQL = f"""
SELECT s.disclosure_id, u.unit_name, d.budget_year, d.scope, doc.file_name, s.score, s.status,
       s.rules_checked, s.rules_failed, s.failures, c.score AS completeness
FROM dq_disclosure s JOIN chosen USING (disclosure_id, run_id)
LEFT JOIN dq_completeness_score c USING (disclosure_id, run_id)
LEFT JOIN {DISCLOSURES} d USING (disclosure_id)
LEFT JOIN dim_unit u USING (unit_id)
LEFT JOIN dim_document doc USING (document_id)
ORDER BY s.score, doc.file_name, s.disclosure_id
"""
FAILURES_SQL = f"""
SELECT r.rule_id, r.severity, k.category, k.description, r.disclosure_id, u.unit_name, d.budget_year, d.scope,
       r.expected, r.actual, r.difference, r.tolerance, r.source_location, r.message, r.status
FROM dq_result r JOIN chosen USING (disclosure_id, run_id) JOIN dq_rule k USING (rule_id)
LEFT JOIN {DISCLOSURES} d USING (disclosure_id)
LEFT JOIN dim_unit u USING (unit_id)
WHERE r.status IN ('fail', 'error')
ORDER BY CASE r.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, r.rule_id, r.source_location, r.disclosure_id
"""
# Only the failing rows are joined to the scope: the warehouse holds a row per rule and disclosure
# (1.5 million at 30,000 documents), a few thousand failing.
RULES_SQL = """
SELECT k.category, count(DISTINCT k.rule_id) AS rules, count(r.rule_id) AS failures,
       count(DISTINCT r.disclosure_id) AS disclosures
FROM dq_rule k LEFT JOIN (SELECT rule_id, disclosure_id FROM dq_result JOIN chosen USING (disclosure_id, run_id)
                          WHERE status = 'fail') r ON r.rule_id = k.rule_id
GROUP BY ALL ORDER BY ALL
"""
# Per rule: how many disclosures it applied to, failed in, or could not be evaluated on. A disclosure
# has one row per rule, or a row per failing instance and none other (yusuan.quality.evaluate._results):
# the disclosures checked are its passes and its distinct failing ones, counted without a DISTINCT
# over every row (a third of the time).
RULE_STATUS_SQL = """
SELECT r.rule_id,
       count(*) FILTER (r.status = 'pass') + count(DISTINCT r.disclosure_id) FILTER (r.status = 'fail') AS checked,
       count(DISTINCT r.disclosure_id) FILTER (r.status = 'fail') AS failing,
       count(*) FILTER (r.status = 'fail') AS failures,
       count(*) FILTER (r.status = 'error') AS errors
FROM dq_result r JOIN chosen USING (disclosure_id, run_id)
GROUP BY r.rule_id
"""


STREAM_ROWS = 10_000
# The disclosures a report shows in the UI, worst first; the HTML report and `yusuan check` list
# every one, read as they are written rather than held (at 100,000 documents, 136,000 rows held
# as dicts were some 500 MB of the run's load step).
WORST = 50


@dataclass(frozen=True)
class Scope:
    """Which dq rows a report covers: the current disclosures (run_id None) or one run's."""

    run_id: str | None = None

    @property
    def title(self) -> str:
        return f"run {self.run_id}" if self.run_id else "the disclosures now in the warehouse"

    def rows(self, con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
        return list(self.stream(con, sql))

    def stream(self, con: duckdb.DuckDBPyConnection, sql: str) -> Iterator[dict]:
        """The rows of `sql` over this scope, a batch at a time held."""
        chosen = RUN_SCOPE.format(run=quote(self.run_id)) if self.run_id else CURRENT_SCOPE
        cursor = con.execute(f"WITH chosen AS ({chosen}) {sql}")
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(STREAM_ROWS):
            yield from (dict(zip(names, row, strict=True)) for row in batch)


def latest_run(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT run_id FROM ingest_log ORDER BY logged_at DESC LIMIT 1").fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class Quality:
    """The dq rows of a scope, as the reports show them."""

    scope: Scope
    disclosures: int
    worst: list[dict]  # the first WORST disclosures, by score
    failures: list[dict]
    rules: list[dict]

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection, scope: Scope) -> Quality:
        (disclosures,) = scope.rows(con, "SELECT count(*) AS n FROM dq_disclosure JOIN chosen USING (disclosure_id, run_id)")[0].values()
        return cls(scope, disclosures, scope.rows(con, f"{SUMMARY_SQL} LIMIT {WORST}"),
                   *(scope.rows(con, q) for q in (FAILURES_SQL, RULES_SQL)))

    def scores(self, con: duckdb.DuckDBPyConnection) -> Iterator[dict]:
        """Every disclosure of the scope, worst first (con: the connection it was read from)."""
        return self.scope.stream(con, SUMMARY_SQL)

    @property
    def headline(self) -> str:
        return (f"{self.disclosures} disclosures, {sum(r['rules'] for r in self.rules)} rules, "
                f"{len(self.failures)} failing instances")


def rule_status(con: duckdb.DuckDBPyConnection, scope: Scope = Scope()) -> dict[str, dict]:
    return {r["rule_id"]: r for r in scope.rows(con, RULE_STATUS_SQL)}


def disclosure_label(row: dict) -> str:
    """How a person names a disclosure: its unit, year and scope (the id only when none is known)."""
    if row.get("unit_name") is None:
        return row["disclosure_id"]
    return f"{row['unit_name']} {row['budget_year']} {row['scope']}"


def text_summary(con: duckdb.DuckDBPyConnection, scope: Scope = Scope()) -> str:
    quality = Quality.read(con, scope)
    lines = [f"data quality of {scope.title}: {quality.headline}", "",
             "rules by category: " + ", ".join(f"{r['category']} {r['rules']} ({r['failures']} failures)" for r in quality.rules), "",
             f"{'score':>6}  {'status':<11} {'fails':>5}  {'complete':>8}  disclosure"]
    lines += [f"{s['score']:>6}  {s['status']:<11} {s['failures']:>5}  {_n(s['completeness']):>8}  {s['file_name']} {s['unit_name']} "
              f"{s['budget_year']} {s['scope']}" for s in quality.scores(con)]
    if quality.failures:
        lines += ["", "failures:"]
        lines += [f"  {f['rule_id']:<13} {f['severity']:<8} {f['source_location'] or '':<32} "
                  f"expected {_n(f['expected'])} actual {_n(f['actual'])} diff {_n(f['difference'])}  {f['message']}"
                  for f in quality.failures]
    return "\n".join(lines)


EVIDENCE_COLUMNS = ("disclosure", "where", "expected", "actual", "difference", "allowed", "what")


def evidence_cells(f: dict) -> tuple[str, ...]:
    return (disclosure_label(f), f["source_location"] or "", _n(f["expected"]), _n(f["actual"]), _n(f["difference"]),
            _n(f["tolerance"]), f["message"])


def markdown_evidence(failures: list[dict], limit: int) -> str:
    """A Markdown table of failing instances (the first `limit`), each with its disclosure and source line."""
    rows = ["| " + " | ".join(EVIDENCE_COLUMNS) + " |", "|" + "---|" * len(EVIDENCE_COLUMNS)]
    rows += ["| " + " | ".join(_md(c) for c in evidence_cells(f)) + " |" for f in failures[:limit]]
    if len(failures) > limit:
        rows.append(f"\n… and {len(failures) - limit} more: `yusuan check` lists every one.")
    return "\n".join(rows)


def markdown_report(quality: Quality, limit: int = WORST) -> str:
    """The report as Markdown, for the Dagster UI: the worst disclosures and each rule's failures,
    `limit` rows at most per table (a province's warehouse has thousands)."""
    out = [f"## Data quality of {quality.scope.title}", "", quality.headline, "", "### Rules by category", "",
           "| category | rules | failures | disclosures failing |", "|---|---|---|---|"]
    out += [f"| {r['category']} | {r['rules']} | {r['failures']} | {r['disclosures']} |" for r in quality.rules]
    out += ["", "### Disclosures, worst first", "", "| score | status | failures | completeness | unit | year | scope | file |",
            "|---|---|---|---|---|---|---|---|"]
    out += [f"| {s['score']} | {s['status']} | {s['failures']} | {_n(s['completeness'])} | {_md(s['unit_name'])} | {s['budget_year']} "
            f"| {_md(s['scope'])} | {_md(s['file_name'])} |" for s in quality.worst[:limit]]
    for rule_id, failures in _by_rule(quality.failures).items():
        first = failures[0]
        out += ["", f"### {rule_id} ({first['severity']}, {first['category']})", "", _md(first["description"]), "",
                markdown_evidence(failures, limit)]
    if not quality.failures:
        out += ["", "No rule fails."]
    return "\n".join(out)


def write_html(quality: Quality, con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The report as an HTML page at `path`: every disclosure and every failing instance."""
    with path.open("w", encoding="utf-8") as page:
        page.writelines(f"{line}\n" for line in _html(quality, con))


def _html(quality: Quality, con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    scope = quality.scope
    e = html.escape
    yield from [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>yusuan data quality: {e(scope.title)}</title>",
                "<style>body{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
                "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}th{background:#eee}"
                ".quarantined{background:#fdd}.warnings{background:#ffe}.num{text-align:right}</style></head><body>",
                f"<h1>Data quality of {e(scope.title)}</h1>", f"<p>{e(quality.headline)}</p>",
                "<h2>Rules by category</h2><table><tr><th>category</th><th>rules</th><th>failures</th><th>disclosures failing</th></tr>"]
    yield from (f"<tr><td>{e(r['category'])}</td><td class=num>{r['rules']}</td><td class=num>{r['failures']}</td>"
                f"<td class=num>{r['disclosures']}</td></tr>" for r in quality.rules)
    yield ("</table><h2>Disclosures</h2><table><tr><th>score</th><th>status</th><th>failures</th><th>completeness</th>"
           "<th>unit</th><th>year</th><th>scope</th><th>file</th><th>disclosure</th></tr>")
    yield from (f"<tr class='{e(s['status'])}'><td class=num>{s['score']}</td><td>{e(s['status'])}</td><td class=num>{s['failures']}</td>"
                f"<td class=num>{_n(s['completeness'])}</td><td>{e(str(s['unit_name']))}</td><td>{s['budget_year']}</td><td>{e(str(s['scope']))}</td>"
                f"<td>{e(str(s['file_name']))}</td><td>{e(s['disclosure_id'])}</td></tr>" for s in quality.scores(con))
    yield "</table><h2>Failures</h2>"
    for rule_id, failures in _by_rule(quality.failures).items():
        first = failures[0]
        yield (f"<h3>{e(rule_id)} ({e(first['severity'])}, {e(first['category'])})</h3><p>{e(first['description'])}</p>"
               "<table><tr>" + "".join(f"<th>{c}</th>" for c in EVIDENCE_COLUMNS) + "</tr>")
        yield from ("<tr>" + "".join(f"<td{' class=num' if 2 <= i <= 5 else ''}>{e(c)}</td>" for i, c in enumerate(evidence_cells(f)))
                    + "</tr>" for f in failures)
        yield "</table>"
    if not quality.failures:
        yield "<p>None.</p>"
    yield "</body></html>"


def _by_rule(failures: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for f in failures:
        grouped.setdefault(f["rule_id"], []).append(f)
    return grouped


def _n(value) -> str:
    return "" if value is None else str(value)


def _md(value) -> str:
    """A value in a Markdown table cell: pipes escaped, line breaks flattened."""
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")
