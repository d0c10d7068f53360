"""Saved HTML -> a BeautifulSoup tree, built as a browser builds it (lexbor's HTML5 parser).

libxml2's HTML parser (BeautifulSoup's "lxml") predates HTML5: it leaves an
unclosed ``<nav>``, ``<header>`` or ``<button>`` open to the end of the page,
so the rest of the page is nested inside an element the extractor drops, and
it does not know where ``<p>`` and ``<li>`` end inside the newer elements. A
browser follows the HTML5 tree-construction rules instead; lexbor (through
selectolax, a wheel with no system libraries) implements them in C. Its tree
is copied into BeautifulSoup's, so the rest of the extractor is unchanged.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup, Comment
from bs4.builder import HTMLTreeBuilder
from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["parse_html5"]


class _LexborTreeBuilder(HTMLTreeBuilder):
    """Feeds a lexbor HTML5 tree to BeautifulSoup, element by element."""

    NAME = "lexbor"
    features = ["lexbor", "html5"]

    def feed(self, markup: Any) -> None:
        """Parses ``markup`` (a str) and replays its tree into the soup."""
        soup = self.soup
        assert soup is not None and isinstance(markup, str)
        root = LexborHTMLParser(markup).root
        if root is None:
            return
        start = soup.handle_starttag
        end = soup.handle_endtag
        data = soup.handle_data
        end_data = soup.endData
        node: LexborNode | None = root
        while node is not None:
            name = node.tag
            if name == "-text":
                data(node.text_content or "")
            elif name == "-comment":
                end_data()
                data(node.comment_content or "")
                end_data(Comment)
            elif name and name[0] != "-":
                attrs = {k: v or "" for k, v in node.attributes.items()}
                start(name, None, None, attrs)
                child = node.child
                if child is not None:
                    node = child
                    continue
                end(name)
            # Next sibling, or up until an ancestor has one.
            while node is not None and node is not root and node.next is None:
                node = node.parent
                if node is not None:
                    end(node.tag or "")
            if node is None or node is root:
                break
            node = node.next


def parse_html5(html: str) -> BeautifulSoup:
    """The page as a BeautifulSoup tree, nested as a browser nests it.

    Args:
        html: The page as decoded text.

    Returns:
        The tree (``html``, ``head`` and ``body`` are always there).
    """
    return BeautifulSoup(html, builder=_LexborTreeBuilder())
