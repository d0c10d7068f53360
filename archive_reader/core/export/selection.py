"""What to export: selecting articles, and gathering them with their highlights and mentions.

Selections (:func:`select_articles`): articles matching a search query,
articles with a tag (and their highlights with that tag), articles mentioning
an entity (by name or alias), chosen article ids, or the whole library.
:func:`load_articles` reads a selection into :class:`ExportArticle` objects,
which every format writes out; the SQL is in :mod:`archive_reader.core.db.export`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from archive_reader.core.db import export as queries
from archive_reader.core.errors import ArchiveError
from archive_reader.core.library import LibraryHandle

_CONTEXT_CHARS = 60
_SENTENCE_END = re.compile(r"[.!?。！？]['\"’”)]?\s|\n")


class ExportError(ArchiveError):
    """An export could not be written (unknown format, unwritable destination)."""


class NothingToExport(ExportError):
    """The selection is empty, or holds nothing the chosen format exports."""


# Data


@dataclass(slots=True)
class ExportMention:
    """One mention of an entity in an article, as exported.

    Attributes:
        id: The mention's id.
        entity_id: The entity's id.
        entity: The entity's name.
        type: The entity's type (person, organisation, place, event, ...).
        matched: The text found in the article (the name or one of its aliases).
        start: Offset of the mention in the article's text.
        end: Offset just after it.
        source: "found" (by the catalogue's names) or "manual" (tagged by hand).
        context: The sentence around the mention (at most about 60 characters
            either side).
    """

    id: int
    entity_id: int
    entity: str
    type: str
    matched: str
    start: int
    end: int
    source: str
    context: str = ""


@dataclass(slots=True)
class ExportAnnotation:
    """One highlight, as exported.

    Attributes:
        id: The annotation's id.
        quote: The highlighted text.
        prefix: Text just before the quote.
        suffix: Text just after it.
        start: Offset of the quote in the article's text.
        end: Offset just after it.
        note: The researcher's note ("" when none).
        label: The label (colour's meaning), or None.
        colour: The label's colour, or None.
        tags: The highlight's tags, sorted.
        entities: Names of the entities mentioned inside the quote.
        orphaned: True when the quote could not be placed in the article's
            current text (its offsets may be stale).
        created: When it was made (ISO 8601).
        modified: When it was last changed (ISO 8601).
    """

    id: int
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str
    label: str | None
    colour: str | None
    tags: list[str]
    entities: list[str]
    orphaned: bool
    created: str
    modified: str


@dataclass(slots=True)
class ExportArticle:
    """One article with what an export needs of it.

    Attributes:
        id: The archive's article id.
        title: The headline.
        url: The canonical URL, or None.
        author: Author names joined by ", ", or None.
        published: The publication date (ISO 8601), or None.
        site_name: The site's name, or None.
        language: Language code, or None.
        description: The page's own summary, or None.
        note: The researcher's note on the whole article.
        original_sha256: SHA-256 of the original file kept in the library.
        source_format: The original's format (html, mhtml, warc, ...).
        captured_at: When the page was saved, when its file says so.
        imported_at: When it was imported.
        tags: The article's own tags, sorted.
        entities: Names of the entities it mentions, most mentioned first.
        annotations: Its highlights in the selection, in text order.
        mentions: Its entity mentions (not rejected), in text order.
    """

    id: int
    title: str
    url: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    description: str | None
    note: str
    original_sha256: str
    source_format: str
    captured_at: str | None
    imported_at: str
    tags: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    annotations: list[ExportAnnotation] = field(default_factory=list)
    mentions: list[ExportMention] = field(default_factory=list)


@dataclass(slots=True)
class Selection:
    """What to export: articles, and optionally which of their highlights and entities.

    Attributes:
        article_ids: The articles, in export order.
        description: Says what was selected ("tag attribution"), for titles
            and messages.
        annotation_ids: Only these highlights; None for all highlights of
            the articles.
        entity_ids: Only mentions of these entities in the mentions CSV;
            None for all.
    """

    article_ids: list[int]
    description: str = "the whole library"
    annotation_ids: frozenset[int] | None = None
    entity_ids: frozenset[int] | None = None


# Selecting


def select_articles(
    handle: LibraryHandle,
    match: Callable[[str], Iterable[int]] | None = None,
    *,
    query: str | None = None,
    tag: str | None = None,
    entity: str | None = None,
    article_ids: Sequence[int] = (),
) -> Selection:
    """Resolves what to export. Criteria given together must all hold.

    Args:
        handle: The library's shared handle.
        match: Returns the ids of every article a search query matches;
            needed only for ``query``.
        query: A search query (the search language); its matching articles.
        tag: Articles with this tag, and articles with highlights tagged so;
            of an article that does not carry the tag itself only the
            highlights with the tag are exported.
        entity: An entity's name or alias: the articles mentioning it
            (mentions not rejected); the mentions CSV keeps its mentions only.
        article_ids: These articles (in this order when nothing else is given).

    Returns:
        The selection; the articles ordered by publication date (undated
        last), then id, unless only ``article_ids`` were given.

    Raises:
        ExportError: The query cannot be run (no ``match`` given), or an
            article id, tag or entity does not exist.
    """
    described: list[str] = []
    chosen: set[int] | None = None
    annotation_ids: frozenset[int] | None = None
    entity_ids: frozenset[int] | None = None

    def narrow(ids: Iterable[int]) -> None:
        nonlocal chosen
        found = {int(i) for i in ids}
        chosen = found if chosen is None else chosen & found

    with handle.lock:
        db = handle.storage.db
        if article_ids:
            wanted = list(dict.fromkeys(int(i) for i in article_ids))
            present = queries.existing_article_ids(db, wanted)
            missing = [i for i in wanted if i not in present]
            if missing:
                raise ExportError(
                    f"no article with id {', '.join(map(str, missing))} in {handle.path}"
                )
            narrow(wanted)
            described.append(
                f"article {wanted[0]}"
                if len(wanted) == 1
                else f"articles {', '.join(map(str, wanted))}"
            )
        if tag is not None:
            found_tag = queries.find_tag(db, tag)
            if found_tag is None:
                raise ExportError(f"no tag is called {tag!r}")
            tagged = queries.articles_tagged(db, found_tag.id)
            highlighted = queries.highlights_tagged(db, found_tag.id)
            narrow(tagged | {h.article_id for h in highlighted})
            keep = {h.id for h in highlighted}
            if tagged:
                keep |= queries.highlights_of(db, sorted(tagged))
            annotation_ids = frozenset(keep)
            described.append(f"tag {found_tag.name}")
        if entity is not None:
            ids = handle.storage.entity_ids_named(entity)
            if not ids:
                raise ExportError(f"no entity is called {entity!r} (by name or alias)")
            entity_ids = frozenset(ids)
            narrow(queries.articles_mentioning(db, ids))
            described.append(f"entity {entity}")
    if query is not None:
        if match is None:
            raise ExportError("this exporter cannot run search queries")
        with handle.lock:
            narrow(match(query))
        described.append(f"search {query!r}")
    if chosen is None:
        with handle.lock:
            chosen = queries.all_article_ids(handle.storage.db)
        described.append("the whole library")
    if article_ids and query is None and tag is None and entity is None:
        ordered = [int(i) for i in dict.fromkeys(article_ids)]
    else:
        ordered = _by_date(handle, chosen)
    return Selection(ordered, " and ".join(described), annotation_ids, entity_ids)


def _by_date(handle: LibraryHandle, ids: set[int]) -> list[int]:
    with handle.lock:
        rows = queries.publication_dates(handle.storage.db, sorted(ids))
    rows.sort(key=lambda r: (r.published is None, r.published or "", r.id))
    return [r.id for r in rows]


# Gathering


def load_articles(handle: LibraryHandle, selection: Selection) -> list[ExportArticle]:
    """Reads the selected articles with their tags, highlights and mentions.

    Args:
        handle: The library's shared handle.
        selection: From :func:`select_articles`, or built by hand.

    Returns:
        The articles in the selection's order (ids no longer present are
        left out).
    """
    ids = list(selection.article_ids)
    with handle.lock:
        db = handle.storage.db
        articles = {
            row.id: ExportArticle(
                id=row.id,
                title=row.title,
                url=row.url,
                author=row.author,
                published=row.published,
                site_name=row.site_name,
                language=row.language,
                description=row.description,
                note=str(row.note or ""),
                original_sha256=row.original_sha256,
                source_format=row.source_format,
                captured_at=row.captured_at,
                imported_at=row.imported_at,
            )
            for row in queries.article_rows(db, ids)
        }
        present = [i for i in ids if i in articles]
        for tag in queries.article_tags(db, present):
            articles[tag.owner_id].tags.append(tag.name)
        texts: dict[int, str] = {}
        mention_rows = queries.mentions_in(db, present)
        if mention_rows:
            texts = queries.article_texts(db, sorted({m.article_id for m in mention_rows}))
        annotation_rows = queries.annotations_in(db, present)
        annotation_tags: dict[int, list[str]] = defaultdict(list)
        for tag in queries.annotation_tags(db, present):
            annotation_tags[tag.owner_id].append(tag.name)

    for m in mention_rows:
        text = texts.get(m.article_id, "")
        articles[m.article_id].mentions.append(
            ExportMention(
                id=m.id,
                entity_id=m.entity_id,
                entity=m.entity,
                type=m.type,
                matched=text[m.start : m.end],
                start=m.start,
                end=m.end,
                source=m.source,
                context=_context(text, m.start, m.end),
            )
        )
    keep = selection.annotation_ids
    for row in annotation_rows:
        if keep is not None and row.id not in keep:
            continue
        article = articles[row.article_id]
        start, end = row.start, row.end
        inside = (
            []
            if row.orphaned
            else list(
                dict.fromkeys(m.entity for m in article.mentions if m.start < end and m.end > start)
            )
        )
        article.annotations.append(
            ExportAnnotation(
                id=row.id,
                quote=row.quote,
                prefix=row.prefix,
                suffix=row.suffix,
                start=start,
                end=end,
                note=str(row.note or ""),
                label=row.label,
                colour=row.colour,
                tags=annotation_tags.get(row.id, []),
                entities=inside,
                orphaned=row.orphaned,
                created=row.created_at,
                modified=row.updated_at,
            )
        )
    for article in articles.values():
        counts = Counter(m.entity for m in article.mentions)
        article.entities = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
    return [articles[i] for i in present]


def _context(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, at most about 60 characters either side."""
    if not text:
        return ""
    left = max(0, start - _CONTEXT_CHARS)
    right = min(len(text), end + _CONTEXT_CHARS)
    before = text[left:start]
    boundaries = list(_SENTENCE_END.finditer(before))
    if boundaries:
        left += boundaries[-1].end()
    elif left > 0:
        space = before.find(" ")
        if space >= 0:
            left += space + 1
    after = text[end:right]
    boundary = _SENTENCE_END.search(after)
    if boundary:
        right = end + boundary.start() + 1
    elif right < len(text):
        space = after.rfind(" ")
        if space > 0:
            right = end + space
    snippet = " ".join(text[left:right].split())
    if left > 0 and not boundaries:
        snippet = "…" + snippet
    if right < len(text) and not boundary:
        snippet += "…"
    return snippet
