"""The rule catalog is data: its reference page is generated, and every rule has a check."""

from tests.conftest import ROOT
from yusuan.quality.catalog import RULES, rules_markdown
from yusuan.quality.checks import CHECKS


def test_rules_page_is_generated_from_the_catalog():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown() + "\n"


def test_each_rule_but_the_structure_rule_has_exactly_one_check():
    assert set(CHECKS) == {r.id for r in RULES} - {"STR-001"}
