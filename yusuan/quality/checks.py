"""One check per rule of the catalog: each computes its identity as a frame of instances.

An instance is one place where the identity can be tested: (disclosure_id, source_location,
expected, actual, n_parts, message), optionally with its own `difference` (one-sided rules).
Checks only compute; Great Expectations judges every instance of every rule in one batch
(`quality.judge`). A check that finds nothing to test returns no rows: the rule is then not
applicable to that disclosure. Missing cells count as zero: a blank cell prints "nothing".
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from yusuan.parse.text import TOTAL_WORDS
from yusuan.vocab import REQUIRED_LEVEL1

MONEY = pl.Decimal(18, 2)
INSTANCE_SCHEMA = {
    "disclosure_id": pl.String, "source_location": pl.String, "expected": MONEY, "actual": MONEY,
    "difference": MONEY, "n_parts": pl.Int32, "message": pl.String,
}
Frames = dict[str, pl.DataFrame]
CHECKS: dict[str, Callable[[Frames], pl.DataFrame]] = {}

SUBJECT_SIDE = ("expenditure", "gpb_expenditure", "gpb_basic", "gov_fund", "state_capital")
APPROPRIATION_TABLES = {"general_public_budget": "gpb_expenditure", "government_fund": "gov_fund",
                        "state_capital": "state_capital"}


BLANK = "(blank)"  # a message's part that is null


def describe(template: str, *parts: str | pl.Expr) -> pl.Expr:
    """A message from `template` and its `parts` (column names or expressions). pl.format gives
    null when any part is null, and dq_result.message is NOT NULL: a missing part reads "(blank)"."""
    return pl.format(template, *((pl.col(p) if isinstance(p, str) else p).cast(pl.String).fill_null(BLANK) for p in parts))


def line_of(location: str) -> pl.Expr:
    """The line number of a `file:line` column, to order locations as the document does."""
    return pl.col(location).str.extract(r":(\d+)$").cast(pl.Int64)


def check(rule_id: str):
    def register(fn):
        CHECKS[rule_id] = fn
        return fn
    return register


def finish(frame: pl.DataFrame) -> pl.DataFrame:
    """Instances in the common shape; `difference` defaults to actual − expected."""
    frame = frame.with_columns(pl.col("expected", "actual").cast(MONEY))
    if "difference" not in frame.columns:
        frame = frame.with_columns(difference=pl.col("actual") - pl.col("expected"))
    return frame.select(
        pl.col(name).cast(dtype) for name, dtype in INSTANCE_SCHEMA.items()
    )


def _money(expr: pl.Expr) -> pl.Expr:
    return expr.cast(MONEY)


def _sum_where(condition: pl.Expr) -> pl.Expr:
    return _money(pl.col("amount_wan").filter(condition).sum())


def row_sums(facts: pl.DataFrame, keys: list[str], is_total: pl.Expr, is_part: pl.Expr, what: str) -> pl.DataFrame:
    """For each row (`keys`), the printed total against the sum of its printed parts."""
    rows = facts.filter(is_total | is_part).with_columns(is_total=is_total)
    grouped = rows.group_by(keys).agg(
        actual=_sum_where(pl.col("is_total")),
        expected=_sum_where(~pl.col("is_total")),
        n_parts=(~pl.col("is_total")).sum().cast(pl.Int32),
        source_location=pl.col("source_location").sort_by(~pl.col("is_total")).first(),
        label=pl.col("row_label").first(),
    )
    return finish(grouped.with_columns(message=describe(f"{what}: row {{}}: printed {{}}, parts add up to {{}}",
                                                          "label", "actual", "expected")))


def _with_code(facts: pl.DataFrame) -> pl.DataFrame:
    code = pl.col("subject_id").str.split(":").list.last()
    return facts.with_columns(code=code, parent=pl.when(code.str.len_chars() > 3).then(code.str.head(-2)))


def tree_sums(facts: pl.DataFrame, keys: list[str], what: str) -> pl.DataFrame:
    """Each subject with printed children against their sum, per `keys` (table, column…)."""
    coded = _with_code(facts.filter(pl.col("subject_id").is_not_null()))
    children = coded.filter(pl.col("parent").is_not_null()).group_by([*keys, "parent"]).agg(
        expected=_money(pl.col("amount_wan").sum()), n_parts=pl.len().cast(pl.Int32),
        child_location=pl.col("source_location").first())
    has_children = coded.filter(pl.col("parent").is_not_null()).select(
        "disclosure_id", "table_kind", pl.col("parent").alias("code")).unique()
    parents = coded.join(has_children, on=["disclosure_id", "table_kind", "code"]).select(
        *keys, pl.col("code").alias("parent"), actual=pl.col("amount_wan"), source_location="source_location")
    joined = parents.join(children, on=[*keys, "parent"], how="full", coalesce=True).join(
        has_children.rename({"code": "parent"}), on=["disclosure_id", "table_kind", "parent"])
    return finish(joined.with_columns(
        actual=pl.col("actual").fill_null(0), expected=pl.col("expected").fill_null(0),
        n_parts=pl.col("n_parts").fill_null(0),
        source_location=pl.coalesce("source_location", "child_location"),
        message=describe(f"{what}: subject {{}} printed {{}}, its printed parts add up to {{}}", "parent", "actual", "expected"),
    ))


def total_of_classes(facts: pl.DataFrame, keys: list[str], what: str) -> pl.DataFrame:
    """The 合计 row against the sum of the class (类) rows, per `keys`."""
    coded = _with_code(facts)
    is_total = pl.col("subject_id").is_null() & pl.col("is_total")
    is_class = pl.col("code").str.len_chars() == 3
    return row_sums(coded, keys, is_total, is_class.fill_null(False), what)


def pair(left: pl.DataFrame, right: pl.DataFrame, keys: list[str], what: str) -> pl.DataFrame:
    """The same figure printed in two places: `left` (expected) against `right` (actual), by `keys`.
    Each side has the key columns, amount_wan and source_location."""
    a = left.group_by(keys).agg(expected=_money(pl.col("amount_wan").sum()), left_location=pl.col("source_location").first())
    b = right.group_by(keys).agg(actual=_money(pl.col("amount_wan").sum()), right_location=pl.col("source_location").first())
    joined = a.join(b, on=keys, how="full", coalesce=True)
    label = keys[-1]
    return finish(joined.with_columns(
        expected=pl.col("expected").fill_null(0), actual=pl.col("actual").fill_null(0), n_parts=pl.lit(1),
        source_location=pl.coalesce("right_location", "left_location"),
        message=describe(f"{what} ({{}}): {{}} against {{}} at {{}}", pl.col(label).cast(pl.String).fill_null("合计"),
                          "actual", "expected", pl.col("left_location").fill_null("(not printed)")),
    ))


def present_tables(frames: Frames, kinds: tuple[str, ...], statuses=("loaded", "empty")) -> pl.DataFrame:
    """(disclosure_id) where every one of `kinds` was published."""
    tables = frames["dim_table"].filter(pl.col("table_kind").is_in(kinds) & pl.col("status").is_in(statuses))
    return tables.group_by("disclosure_id").len().filter(pl.col("len") == len(kinds)).select("disclosure_id")


def disclosure_starts(frames: Frames) -> pl.DataFrame:
    """(disclosure_id, start): file:line where each disclosure begins."""
    documents = frames["dim_document"].select("document_id", "file_name")
    return frames["dim_disclosure"].join(documents, on="document_id", how="left").select(
        "disclosure_id", start=pl.format("{}:{}", "file_name", "first_line"))


# ---- completeness -------------------------------------------------------------------------

@check("COM-001")
def nine_tables_published(frames: Frames) -> pl.DataFrame:
    tables = frames["dim_table"].group_by("disclosure_id").agg(
        actual=pl.col("status").is_in(["loaded", "empty"]).sum(), expected=pl.len(),
        source_location=pl.col("source_location").drop_nulls().first(),
        missing=pl.col("table_kind").filter(~pl.col("status").is_in(["loaded", "empty"])).str.join(", "))
    starts = disclosure_starts(frames)
    return finish(tables.join(starts, on="disclosure_id", how="left").with_columns(
        n_parts=pl.lit(0), source_location=pl.coalesce("source_location", "start"),
        message=describe("{} of {} standard tables published; not published: {}", "actual", "expected", "missing")))


@check("COM-002")
def required_indicator_groups(frames: Frames) -> pl.DataFrame:
    indicators = frames["fact_performance_indicator"].filter(pl.col("project_id").is_not_null())
    groups = indicators.group_by("project_id").agg(
        present=pl.col("level1_norm").filter(pl.col("level1_norm").is_in(REQUIRED_LEVEL1)).n_unique())
    projects = frames["dim_project"].join(groups, on="project_id", how="left")
    return finish(projects.with_columns(
        expected=pl.lit(len(REQUIRED_LEVEL1)), actual=pl.col("present").fill_null(0), n_parts=pl.lit(0),
        message=describe("project {}: {} of the required level-1 groups (产出/效益/满意度) have indicators",
                          "project_name", pl.col("present").fill_null(0))))


@check("COM-003")
def operator_has_a_value(frames: Frames) -> pl.DataFrame:
    indicators = frames["fact_performance_indicator"].filter(pl.col("target_raw").str.contains(r"^[≥≤<>=＜＞]"))
    return finish(indicators.with_columns(
        expected=pl.lit(1), actual=pl.col("target_value").is_not_null().cast(pl.Int32), n_parts=pl.lit(0),
        message=describe("indicator {}: target {} has an operator and needs a value", "level3", "target_raw")))


@check("COM-004")
def announced_parts_present(frames: Frames) -> pl.DataFrame:
    announcing = frames["dim_disclosure"].filter(pl.col("parts_announced") > 0)
    breaks = pl.col("outline_breaks")
    return finish(announcing.join(disclosure_starts(frames), on="disclosure_id", how="left").with_columns(
        expected=pl.lit(0), actual=breaks.list.len(), n_parts=pl.lit(0),
        # each entry starts with the file:line where it shows (parse.outline.breaks)
        source_location=pl.coalesce(breaks.list.first().str.extract(r"^(.*?:\d+): "), "start"),
        message=describe("{} breaks in the {} parts the disclosure announces: {}", breaks.list.len(),
                          "parts_announced", breaks.list.join("; "))))


# ---- within a row -------------------------------------------------------------------------

ROW_KEYS = ["disclosure_id", "table_kind", "fund_scope", "row_label", "subject_id"]


@check("EXP-ROW-001")
def expenditure_row(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_expenditure"].filter(pl.col("table_kind") == "expenditure")
    parts = pl.col("measure").is_in(["basic", "project", "operating", "remit", "subsidy"])
    return row_sums(facts, ROW_KEYS, pl.col("measure") == "total", parts, "支出总表 合计 = 基本 + 项目 + 经营 + 上解 + 补助")


@check("EXP-ROW-002")
def appropriation_table_row(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_expenditure"].filter(pl.col("table_kind").is_in(["gpb_expenditure", "gov_fund", "state_capital"]))
    return row_sums(facts, ROW_KEYS, pl.col("measure") == "total", pl.col("measure").is_in(["basic", "project"]),
                    "合计 = 基本支出 + 项目支出")


@check("EXP-ROW-003")
def basic_table_row(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_expenditure"].filter(pl.col("table_kind") == "gpb_basic")
    return row_sums(facts, ROW_KEYS, pl.col("measure") == "total", pl.col("measure").is_in(["personnel", "public_funds"]),
                    "基本支出表 合计 = 人员经费 + 公用经费")


@check("EXP-ROW-004")
def appropriation_summary_row(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_expenditure"].filter(pl.col("table_kind") == "appropriation_summary")
    keys = ["disclosure_id", "table_kind", "row_label", "subject_id"]
    return row_sums(facts, keys, pl.col("fund_scope") == "fiscal_appropriation", pl.col("fund_scope") != "fiscal_appropriation",
                    "财政拨款收支总表 合计 = 一般公共预算 + 政府性基金 + 国有资本经营")


INCOME_KEYS = ["disclosure_id", "table_kind", "row_label", "subject_id"]


@check("INC-ROW-001")
def income_row_total(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_income"].filter(pl.col("table_kind") == "income")
    return row_sums(facts, INCOME_KEYS, pl.col("income_source") == "total",
                    pl.col("income_source").is_in(["subtotal", "carryover"]), "收入总表 合计 = 小计 + 上年结转")


@check("INC-ROW-002")
def income_row_subtotal(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_income"].filter(pl.col("table_kind") == "income")
    sources = ["appropriation", "special_account", "institution_business", "institution_operating",
               "higher_subsidy", "subordinate_remit", "other"]
    return row_sums(facts, INCOME_KEYS, pl.col("income_source") == "subtotal", pl.col("income_source").is_in(sources),
                    "收入总表 小计 = 各项收入")


@check("TP-ROW-001")
def three_public_row(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_three_public"].with_columns(table_kind=pl.lit("three_public"))
    return row_sums(facts, ["disclosure_id", "item", "row_label"], pl.col("fund_scope") == "fiscal_appropriation",
                    pl.col("fund_scope") != "fiscal_appropriation", "三公 合计 = 一般公共预算 + 政府性基金 + 国有资本经营")


@check("PRJ-001")
def project_budget(frames: Frames) -> pl.DataFrame:
    projects = frames["dim_project"].filter(pl.col("fiscal_wan").is_not_null() | pl.col("other_wan").is_not_null())
    return finish(projects.with_columns(
        actual=pl.col("budget_wan").fill_null(0), expected=pl.col("fiscal_wan").fill_null(0) + pl.col("other_wan").fill_null(0),
        n_parts=pl.lit(2), message=describe("project {}: 预算数 {}, 财政资金 + 其他资金 = {}", "project_name",
                                             pl.col("budget_wan").fill_null(0), pl.col("fiscal_wan").fill_null(0) + pl.col("other_wan").fill_null(0))))


# ---- down the tree --------------------------------------------------------------------------

@check("EXP-TREE-001")
def expenditure_tree(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_expenditure"].filter(pl.col("table_kind").is_in(SUBJECT_SIDE))
    return tree_sums(facts, ["disclosure_id", "table_kind", "fund_scope", "measure"], "class = sections = items")


@check("EXP-TREE-002")
def expenditure_total(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_expenditure"].filter(pl.col("table_kind").is_in(SUBJECT_SIDE))
    return total_of_classes(facts, ["disclosure_id", "table_kind", "fund_scope", "measure"], "合计 = sum of the classes")


@check("INC-TREE-001")
def income_tree(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_income"].filter(pl.col("table_kind") == "income")
    keys = ["disclosure_id", "table_kind", "income_source"]
    return pl.concat([tree_sums(facts, keys, "收入总表 class = sections = items"),
                      total_of_classes(facts, keys, "收入总表 合计 = sum of the classes")])


@check("INC-TREE-002")
def summary_income_side(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_income"].filter(pl.col("table_kind").is_in(["summary", "appropriation_summary"]))
    heading = (pl.col("income_source") == "carryover") & ((pl.col("table_kind") == "summary") | pl.col("is_total"))
    by_fund = (pl.col("income_source") == "carryover") & ~heading
    keys = ["disclosure_id", "table_kind", "row_label"]
    grand = row_sums(facts.with_columns(row_label=pl.lit("收入总计")), keys, pl.col("income_source") == "grand_total",
                     (pl.col("income_source") == "total") | heading, "收入总计 = 本年收入合计 + 上年结转")
    carry = facts.filter(pl.col("table_kind") == "appropriation_summary").with_columns(row_label=pl.lit("年初结转和结余"))
    return pl.concat([grand, row_sums(carry, keys, heading, by_fund, "年初财政拨款结转和结余 = 各项资金结转")])


@check("TP-TREE-001")
def three_public_tree(frames: Frames) -> pl.DataFrame:
    facts = frames["fact_three_public"]
    out = []
    for parent, children in (("total", ["overseas_travel", "vehicles", "reception"]),
                             ("vehicles", ["vehicle_purchase", "vehicle_operation"]),
                             ("overseas_travel", ["overseas_travel_research", "overseas_travel_other"])):
        scoped = facts.filter(pl.col("item").is_in([parent, *children]))
        # Only where the parent row was printed with a figure: a table without a 合计 row (001)
        # is not checked against a total it never gave.
        printed = scoped.filter(pl.col("item") == parent).select("disclosure_id", "fund_scope").unique()
        if parent == "overseas_travel":  # the 2023 split: only where a part is printed
            printed = printed.join(scoped.filter(pl.col("item") != parent).select("disclosure_id", "fund_scope").unique(),
                                   on=["disclosure_id", "fund_scope"])
        rows = scoped.join(printed, on=["disclosure_id", "fund_scope"]).with_columns(row_label=pl.lit(parent))
        out.append(row_sums(rows, ["disclosure_id", "fund_scope", "row_label"], pl.col("item") == parent,
                            pl.col("item") != parent, "三公 parts"))
    return pl.concat(out)


# ---- across tables ---------------------------------------------------------------------------

@check("XT-001")
def income_equals_expenditure(frames: Frames) -> pl.DataFrame:
    kinds = ["summary", "appropriation_summary"]
    side_scope = pl.when(pl.col("table_kind") == "summary").then(pl.lit("all")).otherwise(pl.lit("fiscal_appropriation"))
    which = pl.when(pl.col("row_label").str.ends_with("总计")).then(pl.lit("收入总计 = 支出总计")).otherwise(pl.lit("本年收入合计 = 本年支出合计"))
    income = frames["fact_income"].filter(pl.col("table_kind").is_in(kinds) & pl.col("income_source").is_in(["total", "grand_total"]))
    spending = frames["fact_expenditure"].filter(pl.col("table_kind").is_in(kinds) & pl.col("is_total")
                                                 & (pl.col("fund_scope") == side_scope) & (pl.col("measure") == "total"))
    keys = ["disclosure_id", "table_kind", "which"]
    return pair(income.with_columns(which=which), spending.with_columns(which=which), keys, "income = expenditure")


@check("XT-002")
def summary_classes_equal_expenditure_table(frames: Frames) -> pl.DataFrame:
    both = present_tables(frames, ("summary", "expenditure"), ("loaded",))
    facts = frames["fact_expenditure"].join(both, on="disclosure_id")
    summary = facts.filter((pl.col("table_kind") == "summary") & (pl.col("subject_id").is_not_null()
                                                                   | pl.col("row_label").str.ends_with("本年支出合计")))
    table = _with_code(facts.filter((pl.col("table_kind") == "expenditure") & (pl.col("measure") == "total")))
    table = table.filter((pl.col("code").str.len_chars() == 3) | pl.col("subject_id").is_null())
    key = pl.col("subject_id").fill_null("合计")
    return pair(table.with_columns(subject=key), summary.with_columns(subject=key), ["disclosure_id", "subject"],
                "收支总表 class = 支出总表 class")


@check("XT-003")
def appropriation_columns_equal_fund_tables(frames: Frames) -> pl.DataFrame:
    out = []
    facts = frames["fact_expenditure"]
    for scope, kind in APPROPRIATION_TABLES.items():
        both = present_tables(frames, ("appropriation_summary", kind))
        summary = facts.join(both, on="disclosure_id").filter(
            (pl.col("table_kind") == "appropriation_summary") & (pl.col("fund_scope") == scope)
            & (pl.col("subject_id").is_not_null() | pl.col("row_label").str.ends_with("本年支出合计")))
        table = _with_code(facts.join(both, on="disclosure_id").filter((pl.col("table_kind") == kind) & (pl.col("measure") == "total")))
        table = table.filter((pl.col("code").str.len_chars() == 3) | pl.col("subject_id").is_null())
        key = pl.col("subject_id").fill_null("合计")
        out.append(pair(table.with_columns(subject=key), summary.with_columns(subject=key), ["disclosure_id", "subject"],
                        f"财政拨款收支总表 {scope} column = {kind} table"))
    return pl.concat(out)


@check("XT-004")
def basic_equals_basic_table(frames: Frames) -> pl.DataFrame:
    both = present_tables(frames, ("gpb_expenditure", "gpb_basic"))
    facts = frames["fact_expenditure"].join(both, on="disclosure_id").filter(pl.col("subject_id").is_null() & pl.col("is_total"))
    gpb = facts.filter((pl.col("table_kind") == "gpb_expenditure") & (pl.col("measure") == "basic"))
    basic = facts.filter((pl.col("table_kind") == "gpb_basic") & (pl.col("measure") == "total"))
    return pair(gpb.with_columns(row=pl.lit("合计")), basic.with_columns(row=pl.lit("合计")), ["disclosure_id", "row"],
                "一般公共预算 基本支出 = 基本支出表 合计")


@check("XT-005")
def summary_income_equals_income_table(frames: Frames) -> pl.DataFrame:
    both = present_tables(frames, ("summary", "income"), ("loaded",))
    facts = frames["fact_income"].join(both, on="disclosure_id")
    summary = facts.filter((pl.col("table_kind") == "summary") & (pl.col("income_source") == "total"))
    table = facts.filter((pl.col("table_kind") == "income") & (pl.col("income_source") == "subtotal") & pl.col("subject_id").is_null())
    return pair(table.with_columns(row=pl.lit("本年收入")), summary.with_columns(row=pl.lit("本年收入")), ["disclosure_id", "row"],
                "收支总表 本年收入合计 = 收入总表 本年收入小计")


# ---- projects --------------------------------------------------------------------------------

def _spend_pct(frames: Frames) -> pl.DataFrame:
    return frames["fact_spend_plan"].join(frames["dim_project"].select("project_id", "disclosure_id", "project_name"),
                                          on="project_id").sort("project_id", "period_end")


@check("PRJ-002")
def spend_plan_non_decreasing(frames: Frames) -> pl.DataFrame:
    plan = _spend_pct(frames).filter(pl.col("cumulative_pct").is_not_null()).with_columns(
        expected=pl.col("cumulative_pct").shift(1).over("project_id"), actual=pl.col("cumulative_pct"))
    pairs = plan.filter(pl.col("expected").is_not_null())
    return finish(pairs.with_columns(
        difference=pl.min_horizontal(pl.col("actual") - pl.col("expected"), pl.lit(0).cast(MONEY)), n_parts=pl.lit(0),
        message=describe("project {}: {}% by month {} after {}% earlier", "project_name", "actual", "period_end", "expected")))


@check("PRJ-003")
def spend_plan_ends_at_100(frames: Frames) -> pl.DataFrame:
    last = _spend_pct(frames).filter(pl.col("cumulative_pct").is_not_null()).group_by("project_id", maintain_order=True).last()
    return finish(last.with_columns(
        expected=pl.lit(100), actual=pl.col("cumulative_pct"), n_parts=pl.lit(0),
        message=describe("project {}: the plan reaches {}% by month {}", "project_name", "cumulative_pct", "period_end")))


@check("PRJ-004")
def spend_plan_printed_as_percent(frames: Frames) -> pl.DataFrame:
    plan = _spend_pct(frames).group_by("project_id", maintain_order=True).agg(
        pl.col("disclosure_id").first(), pl.col("project_name").first(), pl.col("source_location").first(),
        amounts=pl.col("is_amount_form").any())
    return finish(plan.with_columns(
        expected=pl.lit(0), actual=pl.col("amounts").cast(pl.Int32), n_parts=pl.lit(0),
        message=describe("project {}: the 资金支出计划（%） cells hold amounts in 万元", "project_name")))


# ---- departments and their units ----------------------------------------------------------------

@check("DEP-001")
def department_equals_its_units(frames: Frames) -> pl.DataFrame:
    disclosures = frames["dim_disclosure"].join(frames["dim_unit"], on="unit_id").select(
        "disclosure_id", "budget_year", "scope", "unit_code", "place")
    totals = frames["fact_expenditure"].filter(
        (pl.col("table_kind") == "expenditure") & pl.col("is_total") & (pl.col("measure") == "total")
        & pl.col("subject_id").is_null()).select("disclosure_id", "amount_wan", "source_location")
    with_totals = disclosures.join(totals, on="disclosure_id").filter(pl.col("unit_code").is_not_null())
    departments = with_totals.filter(pl.col("scope") == "department")
    units = with_totals.filter(pl.col("scope") == "unit")
    matched = departments.join(units, on=["budget_year"], suffix="_unit").filter(
        pl.col("unit_code_unit").str.starts_with(pl.col("unit_code"))
        & (pl.col("unit_code_unit").str.len_chars() > pl.col("unit_code").str.len_chars())
        & (pl.col("place").eq_missing(pl.col("place_unit"))))
    grouped = matched.group_by("disclosure_id", "unit_code").agg(
        actual=pl.col("amount_wan").first(), expected=_money(pl.col("amount_wan_unit").sum()),
        n_parts=pl.len().cast(pl.Int32), source_location=pl.col("source_location").first(),
        units=pl.col("unit_code_unit").str.join(", "))
    return finish(grouped.with_columns(message=describe("department {}: total {}, its units ({}) add up to {}",
                                                         "unit_code", "actual", "units", "expected")))


# ---- the explanation against the tables -------------------------------------------------------

def _overview(frames: Frames, source: str) -> pl.DataFrame:
    return frames["fact_budget_overview"].filter(source=source)


@check("TXT-001")
def prose_equals_table(frames: Frames) -> pl.DataFrame:
    keys = ["disclosure_id", "item"]
    both = _overview(frames, "prose").join(_overview(frames, "table"), on=keys, suffix="_table")
    return finish(both.with_columns(
        expected=pl.col("amount_wan_table"), actual=pl.col("amount_wan"), n_parts=pl.lit(1),
        message=describe("{}: the prose says {} ({}{}), the table {} at {}", "item", "amount_wan", "printed_amount",
                          "printed_unit", "amount_wan_table", "source_location_table")))


def _prose_identity(frames: Frames, total: str, parts: list[str], what: str) -> pl.DataFrame:
    """Where the prose states the total: the total against the parts it states (missing parts are 0)."""
    prose = _overview(frames, "prose").filter(pl.col("item").is_in([total, *parts]))
    prose = prose.join(prose.filter(item=total).select("disclosure_id"), on="disclosure_id")
    return row_sums(prose.with_columns(row_label=pl.lit(what)), ["disclosure_id", "row_label"], pl.col("item") == total,
                    pl.col("item").is_in(parts), "prose")


@check("TXT-002")
def prose_basic(frames: Frames) -> pl.DataFrame:
    return _prose_identity(frames, "basic", ["personnel", "public_funds"], "基本支出 = 人员经费 + 公用经费")


@check("TXT-003")
def prose_balanced(frames: Frames) -> pl.DataFrame:
    return _prose_identity(frames, "expenditure_total", ["income_total"], "收入 = 支出")


# The totals the prose states with their parts (TXT-006); a part given only as its own parts is
# their sum (004 states 人员经费 and 公用经费, no 基本支出).
PROSE_TOTALS = {
    "income_total": ["income_general_public_budget", "income_government_fund", "income_state_capital",
                     "income_special_account", "income_unit_funds", "income_other", "carryover"],
    "expenditure_total": ["basic", "project"],
    "three_public": ["overseas_travel", "vehicles", "reception"],
    "vehicles": ["vehicle_purchase", "vehicle_operation"],
}
PROSE_PART_OF_PARTS = {"basic": ["personnel", "public_funds"], "vehicles": PROSE_TOTALS["vehicles"]}


@check("TXT-006")
def prose_totals_add_up(frames: Frames) -> pl.DataFrame:
    prose = _overview(frames, "prose")
    derived = [prose.filter(pl.col("item").is_in(parts)).group_by("disclosure_id").agg(
                   amount_wan=pl.col("amount_wan").sum(), source_location=pl.col("source_location").first())
               .with_columns(item=pl.lit(whole)).join(prose.filter(item=whole), on=["disclosure_id", "item"], how="anti")
               for whole, parts in PROSE_PART_OF_PARTS.items()]
    stated = pl.concat([prose.select("disclosure_id", "item", "amount_wan", "source_location"),
                        *(d.select("disclosure_id", "item", "amount_wan", "source_location") for d in derived)])
    found = []
    for total, parts in PROSE_TOTALS.items():
        with_parts = stated.filter(pl.col("item").is_in(parts)).select("disclosure_id").unique()
        figures = stated.filter(pl.col("item").is_in([total, *parts])).join(
            prose.filter(item=total).select("disclosure_id"), on="disclosure_id").join(with_parts, on="disclosure_id")
        found.append(row_sums(figures.with_columns(row_label=pl.lit(f"{total} = {' + '.join(parts)}")),
                              ["disclosure_id", "row_label"], pl.col("item") == total, pl.col("item").is_in(parts), "prose"))
    return pl.concat(found)


@check("TXT-004")
def prose_unit(frames: Frames) -> pl.DataFrame:
    keys = ["disclosure_id", "item"]
    odd = _overview(frames, "prose").filter(pl.col("printed_unit") != "万元").join(_overview(frames, "table"), on=keys,
                                                                                   suffix="_table")
    slip = (pl.col("printed_amount") - pl.col("amount_wan_table")).abs() < 0.005
    return finish(odd.with_columns(
        expected=pl.lit(0), actual=slip.cast(pl.Int32), n_parts=pl.lit(0),
        message=describe("{}: printed {}{}; the table gives {}万元", "item", "printed_amount", "printed_unit", "amount_wan_table")))


@check("TXT-005")
def template_text(frames: Frames) -> pl.DataFrame:
    from yusuan.vocab import PLACEHOLDERS

    texts = pl.concat([
        frames["doc_section"].select("disclosure_id", "source_location", text=pl.col("text")),
        frames["performance_text"].select("disclosure_id", "source_location", "text"),
        frames["fact_performance_goal"].select("disclosure_id", "source_location", text=pl.col("goal_text")),
        frames["fact_performance_indicator"].select("disclosure_id", "source_location",
                                                    text=pl.concat_str("level3", "description", "target_raw", ignore_nulls=True)),
    ])
    found = texts.with_columns(hit=pl.col("text").str.extract(f"({PLACEHOLDERS})")).filter(pl.col("hit").is_not_null())
    per = found.group_by("disclosure_id").agg(actual=pl.len(), source_location=pl.col("source_location").sort().first(),
                                             hits=pl.col("hit").unique().sort().str.join(", "))
    starts = disclosure_starts(frames)
    every = starts.join(per, on="disclosure_id", how="left")
    return finish(every.with_columns(
        expected=pl.lit(0), actual=pl.col("actual").fill_null(0), n_parts=pl.lit(0),
        source_location=pl.coalesce("source_location", "start"),
        message=describe("template text left in {} places: {}", pl.col("actual").fill_null(0), pl.col("hits").fill_null("none"))))


@check("AST-001")
def assets_total(frames: Frames) -> pl.DataFrame:
    assets = frames["fact_fixed_asset"].with_columns(table_kind=pl.lit("assets"), row_label=pl.lit("资产总额"))
    numbered = pl.col("category").str.contains(r"^([0-9]+|[一二三四五六七八九十]+)[、.．]")
    return row_sums(assets, ["disclosure_id", "row_label"], pl.col("is_total"), numbered & ~pl.col("is_total"),
                    "资产总额 = sum of the categories")


@check("PRC-001")
def procurement_total(frames: Frames) -> pl.DataFrame:
    rows = frames["fact_procurement"]
    first_total = rows.filter("is_total").group_by("disclosure_id").agg(pl.col("source_location").first())
    chosen = rows.join(first_total.with_columns(first=pl.lit(True)), on=["disclosure_id", "source_location"], how="left")
    chosen = chosen.filter(pl.col("first").fill_null(False) | ~pl.col("is_total")).with_columns(row_label=pl.lit("合计"))
    return row_sums(chosen, ["disclosure_id", "row_label"], pl.col("is_total"), ~pl.col("is_total"), "政府采购 合计 = purchases")


@check("PRC-002")
def procurement_total_printed(frames: Frames) -> pl.DataFrame:
    rows = frames["fact_procurement"]
    grand = pl.col("is_total") & pl.col("item").str.replace_all(r"\s", "").is_in(TOTAL_WORDS)
    per = rows.group_by("disclosure_id").agg(
        actual=grand.any().cast(pl.Int32), purchases=(~pl.col("is_total")).sum(),
        source_location=pl.col("source_location").sort_by(line_of("source_location")).first())
    return finish(per.filter(pl.col("purchases") > 0).with_columns(
        expected=pl.lit(1), n_parts=pl.col("purchases").cast(pl.Int32),
        message=describe("政府采购 table: {} purchases, 合计 row printed: {}", "purchases",
                         pl.when(pl.col("actual") == 1).then(pl.lit("yes")).otherwise(pl.lit("no")))))
