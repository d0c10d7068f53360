"""Queries, hits and snippets over the Whoosh index.

Snippets are cut from the article text that SQLite keeps (the index stores no
text), with the matched words wrapped in ``<b>`` and the rest HTML-escaped.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from whoosh.highlight import ContextFragmenter, Formatter, get_text
from whoosh.index import Index
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    QueryParser,
)
from whoosh.query import Every, Query
from whoosh.searching import Searcher

log = logging.getLogger(__name__)

#: Query prefixes a user may type, mapped to index fields.
FIELD_ALIASES = {"language": "lang", "published": "date", "headline": "title", "text": "body"}
_SNIPPET_CHARS = 220


class _BoldFormatter(Formatter):
    """Wraps matched words in <b>, escapes the rest, joins fragments with an ellipsis."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return f"<b>{html.escape(get_text(text, token, replace), quote=False)}</b>"


class ArticleSearcher:
    """A searcher kept open over one index, refreshed when the index changes."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self._searcher: Searcher | None = None
        self._parser = MultifieldParser(["title", "body"], index.schema, group=AndGroup)
        self._parser.add_plugin(FuzzyTermPlugin())
        aliases: dict[str, list[str]] = {}
        for alias, field in FIELD_ALIASES.items():
            aliases.setdefault(field, []).append(alias)
        self._parser.add_plugin(FieldAliasPlugin(aliases))

    def _current(self) -> Searcher:
        if self._searcher is None:
            self._searcher = self._index.searcher()
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    def parse(self, text: str) -> Query:
        """Parses a query; text that does not parse is read as plain words."""
        text = text.strip()
        if not text:
            return Every()
        try:
            return self._parser.parse(text)
        except Exception:  # noqa: BLE001 - Whoosh's parser raises many kinds; fall back
            log.info("query %r did not parse; reading it as plain words", text)
            plain = " ".join(word for word in text.replace('"', " ").split() if word)
            return QueryParser("body", self._index.schema, group=AndGroup).parse(plain)

    def run(
        self,
        text: str,
        limit: int,
        load_text: Callable[[list[int]], dict[int, str]],
    ) -> list[tuple[int, float, str]]:
        """Runs a query; returns (article id, score, snippet) best first."""
        query = self.parse(text)
        searcher = self._current()
        results = searcher.search(query, limit=limit)
        results.fragmenter = ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=70)
        results.formatter = _BoldFormatter()
        ids = [int(hit["id"]) for hit in results]
        texts = load_text(ids)
        found = []
        for hit in results:
            article_id = int(hit["id"])
            body = texts.get(article_id, "")
            snippet = hit.highlights("body", text=body, top=2) if body else ""
            snippet = " ".join(snippet.split()) if snippet else _lead(body)
            found.append((article_id, float(hit.score or 0.0), snippet))
        return found

    def close(self) -> None:
        """Closes the open searcher."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


def _lead(text: str) -> str:
    """The start of the text, for hits that matched elsewhere than the body."""
    lead = " ".join(text[: _SNIPPET_CHARS * 2].split())
    if len(lead) > _SNIPPET_CHARS:
        lead = lead[:_SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(lead, quote=False)
