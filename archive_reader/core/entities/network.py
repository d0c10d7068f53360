"""The network of entities: co-occurrence, the passages that show it, articles per entity."""

from __future__ import annotations

import bisect
from collections import defaultdict

from archive_reader.core.db import entities as entity_rows
from archive_reader.core.db import mentions as mention_rows
from archive_reader.core.db.entities import chunks
from archive_reader.core.entities.models import (
    Cooccurrence,
    EntityArticle,
    EntityNotFound,
    Passage,
)
from archive_reader.core.library import LibraryHandle


class Network:
    """What the mentions of a library say about its entities together.

    Args:
        handle: The library's shared handle.
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db

    def _require(self, entity_id: int) -> None:
        if entity_rows.entity_record(self._db, entity_id) is None:
            raise EntityNotFound(f"no entity with id {entity_id}")

    def articles(self, entity_id: int) -> list[EntityArticle]:
        """The articles that mention an entity, newest first.

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock:
            self._require(entity_id)
            return mention_rows.entity_articles(self._db, entity_id)

    def cooccurrences(
        self,
        entity_id: int,
        since: str | None = None,
        until: str | None = None,
        site: str | None = None,
        tag: str | None = None,
        passages: int | None = 5,
    ) -> list[Cooccurrence]:
        """The entities that appear with one, in the same article and the same paragraph.

        Paragraphs are the blocks of the text between blank lines.

        Args:
            entity_id: The entity.
            since: Only articles published on or after this date ("2023", "2023-05-01").
            until: Only articles published on or before it (a prefix: "2024" is all of 2024).
            site: Only articles of this site (its name, case ignored).
            tag: Only articles with this tag (on the article or a highlight).
            passages: At most this many evidence passages per entity; None for all.

        Returns:
            One entry per other entity, most paragraphs together first.

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock:
            self._require(entity_id)
            article_ids = mention_rows.articles_mentioning(
                self._db, entity_id, since, until, site, tag
            )
            names = {record.id: record for record in entity_rows.entity_records(self._db)}
            together_articles: dict[int, set[int]] = defaultdict(set)
            together_paragraphs: dict[int, list[tuple[str, int, int, int]]] = defaultdict(list)
            shown: dict[tuple[int, int], Passage] = {}
            dates: dict[int, str] = {}
            # A chunk at a time: an entity may be in thousands of articles.
            for chunk in chunks(article_ids):
                starts: dict[int, list[tuple[int, int]]] = defaultdict(list)
                for mention in mention_rows.live_starts(self._db, chunk):
                    starts[mention.article_id].append((mention.entity_id, mention.start))
                for article in mention_rows.dated_texts(self._db, chunk):
                    dates[article.id] = article.published or ""
                    bounds = _paragraph_starts(article.text)
                    by_paragraph: dict[int, set[int]] = defaultdict(set)
                    for other, start in starts[article.id]:
                        by_paragraph[bisect.bisect_right(bounds, start) - 1].add(other)
                    for other, _ in starts[article.id]:
                        if other != entity_id:
                            together_articles[other].add(article.id)
                    for paragraph, present in by_paragraph.items():
                        if entity_id not in present:
                            continue
                        for other in present - {entity_id}:
                            together_paragraphs[other].append(
                                (article.published or "", article.id, paragraph, len(bounds))
                            )
                            key = (article.id, paragraph)
                            if key not in shown:
                                end = bounds[paragraph + 1] if paragraph + 1 < len(bounds) else None
                                shown[key] = Passage(
                                    article.id,
                                    article.title,
                                    article.published,
                                    paragraph,
                                    article.text[bounds[paragraph] : end].strip(),
                                )
        result = []
        for other, articles in together_articles.items():
            places = sorted(together_paragraphs.get(other, []))
            evidence = places if passages is None else places[:passages]
            result.append(
                Cooccurrence(
                    entity_id=other,
                    name=names[other].name,
                    type=names[other].type,
                    articles=len(articles),
                    paragraphs=len(places),
                    article_ids=sorted(articles, key=lambda a: (dates.get(a, ""), a)),
                    passages=[shown[(article_id, p)] for _, article_id, p, _ in evidence],
                )
            )
        result.sort(key=lambda c: (-c.paragraphs, -c.articles, c.name.lower(), c.entity_id))
        return result


def _paragraph_starts(text: str) -> list[int]:
    """Where each paragraph (block between blank lines) starts; the first at 0."""
    starts = [0]
    at = text.find("\n\n")
    while at >= 0:
        starts.append(at + 2)
        at = text.find("\n\n", at + 2)
    return starts
