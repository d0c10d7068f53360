"""The annotations' data: labels, highlights, tag counts, re-anchoring reports, and their errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive_reader.core.errors import ArchiveError


class AnnotationNotFound(ArchiveError):
    """No annotation with the requested id exists."""


class LabelError(ArchiveError):
    """A label name or colour is unusable, taken, or unknown."""


class TagError(ArchiveError):
    """A tag name is empty."""


@dataclass(slots=True)
class Label:
    """A named highlight colour ("claim", "evidence").

    Attributes:
        id: The label's id.
        name: Its name (unique, case-insensitively).
        color: ``#RRGGBB``.
        position: 1 for the oldest label, 2 for the next...: keys 1-9 in the
            reader apply the first nine.
    """

    id: int
    name: str
    color: str
    position: int


@dataclass(slots=True)
class Annotation:
    """A highlighted passage with its label, note and tags.

    Attributes:
        id: The annotation's id.
        article_id: The article it belongs to.
        quote: The highlighted text.
        prefix: Up to 32 characters of text before the quote.
        suffix: Up to 32 characters after it.
        start: Character offset of the quote in the article's text.
        end: Offset just after the quote (``text[start:end] == quote``
            unless orphaned).
        note: The researcher's note ("" when none).
        tags: Tag names, sorted case-insensitively.
        label: The label's name, or None.
        color: The label's colour, or None.
        orphaned: True when a re-extraction could not place the quote again;
            start and end are then where it last was.
        created_at: ISO 8601 UTC.
        updated_at: ISO 8601 UTC.
        article_title: The article's title, for display.
        site_name: The article's site, for display.
        published: The article's publication date, for display.
    """

    id: int
    article_id: int
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str = ""
    tags: list[str] = field(default_factory=list)
    label: str | None = None
    color: str | None = None
    orphaned: bool = False
    created_at: str = ""
    updated_at: str = ""
    article_title: str = ""
    site_name: str | None = None
    published: str | None = None


@dataclass(slots=True)
class TagCount:
    """A tag with how many articles and highlights carry it."""

    name: str
    articles: int
    annotations: int


@dataclass(slots=True)
class ReanchorReport:
    """What re-anchoring did to an article's highlights (annotation ids).

    Attributes:
        article_id: The article.
        kept: Quote still at the same position.
        moved: The same quote found at another position.
        fuzzy: Placed on a slightly different text; quote updated.
        orphaned: Not placed; kept and flagged.
        reattached: Orphans placed again (also listed in kept, moved or fuzzy).
    """

    article_id: int
    kept: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    fuzzy: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    reattached: list[int] = field(default_factory=list)
