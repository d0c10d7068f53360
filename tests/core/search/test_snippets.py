"""Snippets: the matched forms of a query's words marked in the text."""

from __future__ import annotations


def test_snippets_mark_the_matched_forms(library) -> None:
    archive, _ = library
    (hit,) = archive.search("removing propaganda")
    assert "<b>propaganda</b>" in hit.snippet
    (hit,) = archive.search("диеты")
    assert "<b>диета</b>" in hit.snippet and "<b>диеты</b>" in hit.snippet
    (hit,) = archive.search("tikt*")
    assert "<b>TikTok</b>" in hit.snippet
