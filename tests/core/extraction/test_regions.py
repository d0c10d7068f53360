"""The page's main region against the article found in it (regression fixtures)."""

from __future__ import annotations

from archive_reader.core.extraction.extractor import extract_article
from tests.core.extraction.pages import FIXTURES


def _read(name: str) -> str:
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")


def test_service_page_keeps_every_section_of_its_main_region() -> None:
    # Regression: the extractor took the five short service cards (the block
    # with the most points) and lost the intro, the steps, the questions and
    # the prices.
    article = extract_article(_read("service_sections"))
    expected = (FIXTURES / "service_sections.expected.txt").read_text(encoding="utf-8").strip()
    assert article.text == expected
    for gone in ("About us", "Contact", "Privacy", "Registered in England"):
        assert gone not in article.text


def test_a_heading_over_sub_headings_is_kept() -> None:
    text = extract_article(_read("service_sections")).text
    assert "Questions we are often asked\n\nDo I need permission" in text


def test_side_by_side_links_are_separate_words() -> None:
    html = _read("service_sections").replace(
        "<h1>Tree care and garden design</h1>",
        "<h1>Tree care and garden design</h1><p>Ask about <a href='/a'>hedges</a><a href='/b'>"
        "orchards</a> with the form: <label>Name</label><button>Send</button>, and we reply"
        " within two working days; the first visit to your garden is free.</p>",
    )
    assert "hedges orchards with the form: Name Send," in extract_article(html).text


def test_readers_comments_stay_out_of_a_declared_article() -> None:
    article = extract_article(_read("short_article_comments"))
    assert article.text.startswith("The first ferry of the day")
    assert article.text.endswith("until the end of the year.")
    assert "slipway has needed work" not in article.text


def test_without_an_article_declared_the_comments_are_the_page() -> None:
    # A thread, a forum, a guest book: the same layout without og:type article
    # or a JSON-LD article keeps the replies (they are the content there).
    html = (
        _read("short_article_comments")
        .replace('content="article"', 'content="website"')
        .replace('"NewsArticle"', '"WebPage"')
    )
    text = extract_article(html).text
    assert "The first ferry of the day" in text
    assert "slipway has needed work" in text
    assert "foundations were the weak point" in text


def test_folded_answers_are_kept_and_hidden_furniture_is_not() -> None:
    html = (
        _read("service_sections")
        .replace(
            "<div>Yes, it is chipped",
            '<div class="answer" style="display: none">Yes, it is chipped',
        )
        .replace(
            "</main>",
            '<div class="modal" hidden><p>Join our newsletter for seasonal garden tips, offers'
            " and news from the yard, sent once a month.</p></div>"
            '<div style="display:none" itemscope itemtype="https://schema.org/LocalBusiness">'
            "<span itemprop='name'>Alder and Ash Gardens Limited trading as tree surgeons"
            "</span><span itemprop='foundingDate'>2004-03-01T09:00:00+00:00</span></div></main>",
        )
    )
    text = extract_article(html).text
    assert "Yes, it is chipped and composted at our yard." in text
    assert "newsletter" not in text
    assert "trading as tree surgeons" not in text
