"""The shared literal search: ``lit in page_literals(page)`` must equal ``lit in page.text``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector import literals
from detector.page import page_from_text

LITS = literals.register("rror", "Fatal error", "()", "日本", "é", "on line", "\U0001F600x")


@given(st.text(alphabet="rorEFatl ()日本éxn\U0001F600\ud800", max_size=60))
def test_present_in_is_substring_membership(text):
    found = literals.present_in(text)
    for lit in LITS:
        assert (lit in found) == (lit in text)


def test_page_literals_are_computed_once_and_match_the_text():
    page = page_from_text("PHP Fatal error: oops on line 3", url="http://example.org/", mode="text")
    first = literals.page_literals(page)
    assert {"rror", "Fatal error", "on line"} <= first and "()" not in first
    assert literals.page_literals(page) is first
    assert literals.any_in(page, ("()", "on line")) and not literals.any_in(page, ("()",))


def test_registering_later_rebuilds_the_search():
    assert "zzq-late" not in literals.present_in("a zzq-late literal")
    literals.register("zzq-late")
    assert "zzq-late" in literals.present_in("a zzq-late literal")


def test_only_non_empty_strings_register():
    with pytest.raises(ValueError):
        literals.register("")
