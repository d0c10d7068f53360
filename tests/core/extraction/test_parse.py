"""Tests for the HTML5 tree builder: pages nest as a browser nests them."""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment

from archive_reader.core.extraction.parse import parse_html5


def _body(soup: BeautifulSoup) -> str:
    assert soup.body is not None
    return str(soup.body)


def test_an_end_tag_closes_the_elements_left_open_inside() -> None:
    soup = parse_html5("<header><div><nav><a href='/'>Home</a></header><main><p>Text</p></main>")
    assert _body(soup) == (
        '<body><header><div><nav><a href="/">Home</a></nav></div></header>'
        "<main><p>Text</p></main></body>"
    )


def test_paragraphs_and_list_items_end_where_a_browser_ends_them() -> None:
    soup = parse_html5("<ul><li>one<li>two</ul><p>first<p>second<div>block</div>")
    assert _body(soup) == (
        "<body><ul><li>one</li><li>two</li></ul><p>first</p><p>second</p><div>block</div></body>"
    )


def test_the_tree_is_an_ordinary_soup() -> None:
    soup = parse_html5(
        '<!DOCTYPE html><html lang="de"><head><title>T</title></head>'
        '<body><!-- saved --><p class="lead  intro" hidden>Hi &amp; bye</p></body></html>'
    )
    assert soup.html is not None and soup.html["lang"] == "de"
    assert soup.title is not None and soup.title.string == "T"
    paragraph = soup.find("p")
    assert paragraph is not None
    assert paragraph["class"] == ["lead", "intro"]
    assert paragraph["hidden"] == ""
    assert paragraph.get_text() == "Hi & bye"
    assert any(isinstance(node, Comment) for node in soup.body.contents)  # type: ignore[union-attr]


def test_odd_input_still_gives_a_document() -> None:
    for html in ("", "<p>a\x00b", "<p>a\udc80b", "<?xml version='1.0'?><p>x"):
        soup = parse_html5(html)
        assert soup.body is not None
