"""Tests for the blocks and their filters: captions, repeated lines, headings."""

from __future__ import annotations

from archive_reader.core.extraction.extractor import extract_article
from tests.core.extraction.pages import fixture as _fixture


def test_caption_kept_in_html_and_text_alike() -> None:
    article = extract_article(_fixture("captions"))
    caption = "The pods would double as private quarters during the cruise phase."
    assert f"<figcaption>{caption}</figcaption>" in article.html
    assert caption in article.text.split("\n\n")
    # The pictures whose captions were dropped are still shown.
    assert '<img src="voyage_files/hall.jpg" alt="The test hall">' in article.html
    assert article.html.count("<figcaption>") == 1


def test_repeated_plan_lines_kept_and_call_to_action_once() -> None:
    text = extract_article(_fixture("repeated_plan_lines")).text
    assert text.count("Eat every 2 to 3 hours") == 2
    assert text.count("Click here") == 1


def test_live_blog_time_heading_is_kept() -> None:
    body = (
        "<h3>4:14 p.m.</h3>"
        + "<p>Police said the man was taken to hospital, and a train was stopped.</p>" * 4
    )
    article = extract_article(f"<html><body><article>{body}</article></body></html>")
    assert article.text.startswith("4:14 p.m.")
