"""What a person reads after a run: a terminal summary (`yusuan check`) and an HTML report
(data/warehouse/reports/), both from the dq tables of the published warehouse."""

from __future__ import annotations

import html

import duckdb

SUMMARY_SQL = """
WITH latest AS (SELECT ? AS run_id)
SELECT s.disclosure_id, u.unit_name, d.budget_year, d.scope, doc.file_name, s.score, s.status,
       s.rules_checked, s.rules_failed, s.failures
FROM dq_disclosure s JOIN latest USING (run_id)
LEFT JOIN (SELECT disclosure_id, unit_id, budget_year, scope, document_id FROM dim_disclosure
           UNION ALL SELECT disclosure_id, unit_id, budget_year, scope, document_id FROM quarantine.dim_disclosure) d USING (disclosure_id)
LEFT JOIN dim_unit u USING (unit_id)
LEFT JOIN dim_document doc USING (document_id)
ORDER BY s.score, doc.file_name, s.disclosure_id
"""
FAILURES_SQL = """
SELECT r.rule_id, r.severity, k.category, k.description, r.disclosure_id, r.expected, r.actual, r.difference,
       r.tolerance, r.source_location, r.message, r.status
FROM dq_result r JOIN dq_rule k USING (rule_id)
WHERE r.run_id = ? AND r.status IN ('fail', 'error')
ORDER BY CASE r.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, r.rule_id, r.source_location
"""
RULES_SQL = """
SELECT k.category, count(DISTINCT k.rule_id) AS rules,
       count(*) FILTER (r.status = 'fail') AS failures,
       count(DISTINCT r.disclosure_id) FILTER (r.status = 'fail') AS disclosures
FROM dq_rule k LEFT JOIN dq_result r ON r.rule_id = k.rule_id AND r.run_id = ?
GROUP BY ALL ORDER BY ALL
"""


def latest_run(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT run_id FROM ingest_log ORDER BY logged_at DESC LIMIT 1").fetchone()
    return row[0] if row else None


def _rows(con, sql: str, run_id: str) -> list[dict]:
    cursor = con.execute(sql, [run_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def text_summary(con: duckdb.DuckDBPyConnection, run_id: str) -> str:
    scores, failures, rules = (_rows(con, q, run_id) for q in (SUMMARY_SQL, FAILURES_SQL, RULES_SQL))
    lines = [f"data quality of run {run_id}: {len(scores)} disclosures, "
             f"{sum(r['rules'] for r in rules)} rules, {len(failures)} failing instances", "",
             "rules by category: " + ", ".join(f"{r['category']} {r['rules']} ({r['failures']} failures)" for r in rules), "",
             f"{'score':>6}  {'status':<11} {'fails':>5}  disclosure"]
    lines += [f"{s['score']:>6}  {s['status']:<11} {s['failures']:>5}  {s['file_name']} {s['unit_name']} {s['budget_year']} {s['scope']}"
              for s in scores]
    if failures:
        lines += ["", "failures:"]
        lines += [f"  {f['rule_id']:<13} {f['severity']:<8} {f['source_location'] or '':<32} "
                  f"expected {f['expected']} actual {f['actual']} diff {f['difference']}  {f['message']}" for f in failures]
    return "\n".join(lines)


def html_report(con: duckdb.DuckDBPyConnection, run_id: str) -> str:
    scores, failures, rules = (_rows(con, q, run_id) for q in (SUMMARY_SQL, FAILURES_SQL, RULES_SQL))
    e = html.escape
    out = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>yusuan data quality {e(run_id)}</title>",
           "<style>body{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
           "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}th{background:#eee}"
           ".quarantined{background:#fdd}.warnings{background:#ffe}.num{text-align:right}</style></head><body>",
           f"<h1>Data quality, run {e(run_id)}</h1>",
           f"<p>{len(scores)} disclosures · {sum(r['rules'] for r in rules)} rules · {len(failures)} failing instances</p>",
           "<h2>Rules by category</h2><table><tr><th>category</th><th>rules</th><th>failures</th><th>disclosures failing</th></tr>"]
    out += [f"<tr><td>{e(r['category'])}</td><td class=num>{r['rules']}</td><td class=num>{r['failures']}</td>"
            f"<td class=num>{r['disclosures']}</td></tr>" for r in rules]
    out.append("</table><h2>Disclosures</h2><table><tr><th>score</th><th>status</th><th>failures</th><th>unit</th>"
               "<th>year</th><th>scope</th><th>file</th><th>disclosure</th></tr>")
    out += [f"<tr class='{e(s['status'])}'><td class=num>{s['score']}</td><td>{e(s['status'])}</td><td class=num>{s['failures']}</td>"
            f"<td>{e(str(s['unit_name']))}</td><td>{s['budget_year']}</td><td>{e(str(s['scope']))}</td>"
            f"<td>{e(str(s['file_name']))}</td><td>{e(s['disclosure_id'])}</td></tr>" for s in scores]
    out.append("</table><h2>Failures</h2>")
    current = None
    for f in failures:
        if f["rule_id"] != current:
            if current is not None:
                out.append("</table>")
            current = f["rule_id"]
            out.append(f"<h3>{e(f['rule_id'])} ({e(f['severity'])}, {e(f['category'])})</h3><p>{e(f['description'])}</p>"
                       "<table><tr><th>where</th><th>expected</th><th>actual</th><th>difference</th><th>allowed</th><th>what</th></tr>")
        out.append(f"<tr><td>{e(f['source_location'] or '')}</td><td class=num>{_n(f['expected'])}</td>"
                   f"<td class=num>{_n(f['actual'])}</td><td class=num>{_n(f['difference'])}</td>"
                   f"<td class=num>{_n(f['tolerance'])}</td><td>{e(f['message'])}</td></tr>")
    out.append("</table>" if failures else "<p>None.</p>")
    out.append("</body></html>")
    return "\n".join(out)


def _n(value) -> str:
    return "" if value is None else str(value)
