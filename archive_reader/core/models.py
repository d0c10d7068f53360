"""Plain dataclasses that the core returns: Article, ImportResult, SearchHit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(slots=True)
class ExtractedArticle:
    """What the extractor finds in one page, before it is stored.

    Attributes:
        title: The headline, without the site's suffix ("" when none found).
        text: The article's main text; paragraphs separated by a blank line.
        html: The same text as clean HTML (h2-h6, p, ul/ol/li, blockquote,
            figure/img/figcaption, pre, table, a with href kept).
        url: The canonical URL, or None.
        author: Author name(s) joined by ", ", or None.
        published: Publication date as ISO 8601 ("2019-11-18" or with time), or None.
        site_name: The site's name ("BBC News"), or None.
        language: A language code ("en", "pt-BR"), or None.
        description: The page's own summary, or None.
        image: URL of the lead image, or None.
    """

    title: str
    text: str
    html: str
    url: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    image: str | None = None


@dataclass(slots=True)
class ArticleSummary:
    """One row of the article list: what a table needs, without the text."""

    id: int
    title: str
    site_name: str | None
    author: str | None
    published: str | None
    url: str | None
    language: str | None
    imported_at: str
    word_count: int
    tags: list[str] = field(default_factory=list)
    notes: int = 0
    """How many highlights (and the article's own note) it has."""


@dataclass(slots=True)
class ArticleFilter:
    """Which articles a list shows (all that are set must hold).

    Attributes:
        tag: Articles with this tag (their own, or one of their highlights').
        site: Articles of this site name.
        entity_id: Articles that mention this entity.
        language: Articles in this language ("en").
        with_notes: Articles with a highlight or a note.
        orphaned: Articles with a highlight that could not be placed again.
        ids: Only these articles (e.g. the result of a saved search).
    """

    tag: str | None = None
    site: str | None = None
    entity_id: int | None = None
    language: str | None = None
    with_notes: bool = False
    orphaned: bool = False
    ids: list[int] | None = None


@dataclass(slots=True)
class LibraryOverview:
    """What the window's sidebar counts.

    Attributes:
        articles: All articles.
        with_notes: Articles with a highlight or a note.
        orphaned: Articles with a highlight that could not be placed again.
        tags: (tag, articles) by name.
        sites: (site, articles), most articles first.
        entities: type -> (entity id, name, articles), most articles first.
        saved_searches: (name, query) by name.
        languages: (language, articles), most articles first.
    """

    articles: int
    with_notes: int
    orphaned: int
    tags: list[tuple[str, int]]
    sites: list[tuple[str, int]]
    entities: dict[str, list[tuple[int, str, int]]]
    saved_searches: list[tuple[str, str]]
    languages: list[tuple[str, int]]


@dataclass(slots=True)
class Article:
    """A stored article with its text and where it came from."""

    id: int
    title: str
    text: str
    html: str
    url: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    description: str | None
    image: str | None
    source_path: str
    source_format: str
    original_sha256: str
    imported_at: str
    word_count: int
    captured_at: str | None = None
    """When the page was saved, if its file says (MHTML Date, WARC-Date)."""
    note: str = ""
    """The researcher's note on the whole article."""
    resources: dict[str, str] = field(default_factory=dict)
    """Maps a resource reference as written in ``html`` (an img src) to its sha256."""


class ImportStatus(StrEnum):
    """The one outcome each imported file (or WARC record) gets."""

    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(slots=True)
class ImportResult:
    """The outcome of importing one file, or one article of a WARC file.

    Attributes:
        path: The file that was read.
        status: imported, duplicate, skipped or failed.
        reason: Why it was a duplicate, skipped or failed ("" when imported).
        article_id: The article created, or the existing one it duplicates.
        title: That article's title.
        url: The record's URL, for articles inside a WARC file.
    """

    path: str
    status: ImportStatus
    reason: str = ""
    article_id: int | None = None
    title: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, object]:
        """Returns the result as the CLI's ``--json`` object."""
        data: dict[str, object] = {
            "path": self.path,
            "status": str(self.status),
            "reason": self.reason,
            "article_id": self.article_id,
            "title": self.title,
        }
        if self.url is not None:
            data["url"] = self.url
        return data


@dataclass(slots=True)
class ImportProgress:
    """Progress of a running import, yielded between files.

    Attributes:
        done: Files finished so far.
        total: Files found in all (known once the paths are walked).
        current: The file being read next, or the one just finished.
        result: The result of the file just finished, if any.
        elapsed: Seconds since the import started.
    """

    done: int
    total: int
    current: str
    result: ImportResult | None = None
    elapsed: float = 0.0


@dataclass(slots=True)
class SearchHit:
    """One search result.

    Attributes:
        article_id: The article's id.
        title: Its title.
        score: Relevance score (higher is better).
        snippet: A short passage with matched words wrapped in <b>...</b>,
            the rest HTML-escaped.
        site_name, published, url: For display beside the title.
        exact: False for a partial hit: an article with some of the words of
            a query typed as plain words, shown after the articles with all.
    """

    article_id: int
    title: str
    score: float
    snippet: str
    site_name: str | None = None
    published: str | None = None
    url: str | None = None
    exact: bool = True


@dataclass(slots=True)
class SearchResults:
    """One page of search results.

    Iterating, indexing and ``len()`` give the hits of the page.

    Attributes:
        hits: The hits of this page, in order.
        total: How many articles match in all.
        notice: A short explanation when the query was not read as written
            (it did not parse and was searched as plain words); "" otherwise.
        query: The query as typed.
        offset: How many hits come before this page.
    """

    hits: list[SearchHit]
    total: int
    notice: str = ""
    query: str = ""
    offset: int = 0
    total_exact: bool = True
    """False when ``total`` is an estimate (large results are not counted one by one)."""
    partial_total: int = 0
    """How many articles have some of the words of a plain-words query but not all."""
    partial_notice: str = ""
    """The line to show above the partial hits ("" when there are none)."""

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index: int) -> SearchHit:
        return self.hits[index]


@dataclass(slots=True)
class Facet:
    """One value of a facet with its count ("BBC News", 12)."""

    value: str
    count: int
    key: str
    """What to add to the query to narrow the result to this value."""


@dataclass(slots=True)
class SavedSearchRun:
    """A saved search run again: its hits, and what changed since the last run."""

    name: str
    query: str
    results: SearchResults
    new_ids: list[int]
    gone_ids: list[int]
    last_run_at: str | None


@dataclass(slots=True)
class Progress:
    """Progress of a long job other than import (reindex)."""

    done: int
    total: int
    message: str = ""
