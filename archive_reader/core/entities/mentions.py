"""Mentions: finding them in every article, storing, rejecting, and carrying them to new text.

Mentions found by the scanner have source ``found``; those the user marked
have source ``manual`` and are never touched by a scan. A rejected mention
keeps its row with ``rejected = 1``: the row's unique key (article, entity,
start, end) stops a later scan from adding it again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

from archive_reader.core.annotations.anchoring import CONTEXT, PositionMap, locate
from archive_reader.core.db import entities as entity_rows
from archive_reader.core.db import mentions as mention_rows
from archive_reader.core.db.mentions import ArticleText, MentionRow
from archive_reader.core.entities.matcher import Matcher, default_case_sensitive
from archive_reader.core.entities.models import (
    EntityError,
    EntityNotFound,
    Mention,
    MentionNotFound,
)
from archive_reader.core.errors import ArticleNotFound
from archive_reader.core.library import LibraryHandle

log = logging.getLogger(__name__)

#: Articles scanned per transaction.
_SCAN_BATCH = 500


class Mentions:
    """The mentions of a library's entities: found by the scanner or marked by hand.

    Every method holds the library's lock around its use of the database;
    changes that search sees queue the articles for the index in the same
    transaction and write the index afterwards.

    Args:
        handle: The library's shared handle.
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db
        self._matcher_cache: tuple[str, Matcher] | None = None

    # Finding

    def scan_articles(self, article_ids: Iterable[int] | None = None) -> int:
        """Finds the catalogue's mentions in articles (after an import or a re-extraction).

        Found mentions that no alias matches any more go; manual and rejected
        ones are never touched, and a rejected place is not found again.
        Articles whose set of entities changed are queued for the index, which
        is written at the end.

        Args:
            article_ids: The articles; None scans the whole library, in batches
                of one transaction each.

        Returns:
            How many found mentions the scanned articles now have.
        """
        if article_ids is None:
            return self.rescan_where(None)
        return self.scan(sorted(set(article_ids)))

    def scan(self, article_ids: Sequence[int]) -> int:
        """Scans these articles with the whole catalogue, a batch per transaction.

        Returns:
            How many found mentions they now have.
        """
        found = 0
        for at in range(0, len(article_ids), _SCAN_BATCH):
            chunk = article_ids[at : at + _SCAN_BATCH]
            with self._handle.lock:
                matcher = self._matcher()
                rows = mention_rows.article_texts(self._db, chunk)
                with self._handle.storage.transaction():
                    found += self._write_batch(rows, matcher)
        self._handle.flush()
        return found

    def rescan_where(self, aliases: list[tuple[int, str, bool]] | None) -> int:
        """Rescans the articles where any of these aliases appear (None: every article).

        Args:
            aliases: (entity id, text, case-sensitive) of each form that was
                added, removed or changed.

        Returns:
            How many found mentions the rescanned articles now have.
        """
        prefilter = None if aliases is None else Matcher(aliases)
        if prefilter is not None and not prefilter:
            return 0
        found = 0
        last = 0
        while True:
            with self._handle.lock:
                rows = mention_rows.article_texts_after(self._db, last, _SCAN_BATCH)
                if not rows:
                    break
                last = rows[-1].id
                if prefilter is not None:
                    rows = [row for row in rows if prefilter.find(row.text)]
                if rows:
                    matcher = self._matcher()
                    with self._handle.storage.transaction():
                        found += self._write_batch(rows, matcher)
        self._handle.flush()
        return found

    def _matcher(self) -> Matcher:
        """The automaton of every alias, rebuilt when the aliases changed."""
        signature = entity_rows.match_signature(self._db)
        if self._matcher_cache is None or self._matcher_cache[0] != signature:
            forms = entity_rows.match_forms(self._db)
            aliases = [
                (
                    form.entity_id,
                    form.text,
                    default_case_sensitive(form.text)
                    if form.case_sensitive is None
                    else form.case_sensitive,
                )
                for form in forms
            ]
            self._matcher_cache = (signature, Matcher(aliases))
        return self._matcher_cache[1]

    def _write_batch(self, rows: list[ArticleText], matcher: Matcher) -> int:
        """Replaces the found mentions of these articles; queues those whose entities changed."""
        existing: dict[int, list[MentionRow]] = defaultdict(list)
        for row in mention_rows.mention_rows_in(self._db, [row.id for row in rows]):
            existing[row.article_id].append(row)
        removed: list[int] = []
        added: list[tuple[int, int, int, int]] = []
        changed: list[int] = []
        found = 0
        for article in rows:
            matches = {(e, s, t) for s, t, e in matcher.find(article.text)}
            taken: set[tuple[int, int, int]] = set()
            live_before: set[int] = set()
            live_after: set[int] = set()
            for mention in existing[article.id]:
                key = (mention.entity_id, mention.start, mention.end)
                taken.add(key)
                if mention.rejected:
                    continue
                live_before.add(mention.entity_id)
                if mention.source == "found" and key not in matches:
                    removed.append(mention.id)
                else:
                    live_after.add(mention.entity_id)
                    found += int(mention.source == "found")
            for key in matches - taken:
                added.append((article.id, *key))
                live_after.add(key[0])
                found += 1
            if live_before != live_after:
                changed.append(article.id)
        mention_rows.delete_mentions(self._db, removed)
        mention_rows.insert_found(self._db, added)
        if changed:
            self._handle.storage.queue_for_index(changed)
        return found

    # Reading

    def mentions(
        self,
        article_id: int | None = None,
        entity_id: int | None = None,
        include_rejected: bool = False,
    ) -> list[Mention]:
        """Mentions of an article, of an entity, or both, in text order.

        Args:
            article_id: Only this article's mentions.
            entity_id: Only this entity's mentions.
            include_rejected: Also the rejected ones (to show or restore them).

        Returns:
            The mentions, by article and place.
        """
        with self._handle.lock:
            return mention_rows.mentions(self._db, article_id, entity_id, include_rejected)

    def mention(self, mention_id: int) -> Mention:
        """One mention, rejected or not.

        Raises:
            MentionNotFound: No mention has this id.
        """
        with self._handle.lock:
            found = mention_rows.mention(self._db, mention_id)
        if found is None:
            raise MentionNotFound(f"no mention with id {mention_id}")
        return found

    # Marking

    def reject(self, mention_id: int) -> Mention:
        """Marks a mention as not this entity; later scans will not find it again.

        Raises:
            MentionNotFound: No mention has this id.
        """
        return self._set_rejected(mention_id, True)

    def restore(self, mention_id: int) -> Mention:
        """Undoes a rejection.

        Raises:
            MentionNotFound: No mention has this id.
        """
        return self._set_rejected(mention_id, False)

    def _set_rejected(self, mention_id: int, rejected: bool) -> Mention:
        mention = self.mention(mention_id)
        with self._handle.lock:
            with self._handle.storage.transaction():
                mention_rows.set_rejected(self._db, mention_id, rejected)
                self._handle.storage.queue_for_index([mention.article_id])
            self._handle.flush()
        return self.mention(mention_id)

    def remove_mention(self, mention_id: int) -> None:
        """Deletes a mention outright (undoing a merge or a tag uses this).

        A found mention comes back at the next scan of its article while its
        alias exists; to keep it away for good, :meth:`reject` it instead.

        Raises:
            MentionNotFound: No mention has this id.
        """
        mention = self.mention(mention_id)
        with self._handle.lock:
            with self._handle.storage.transaction():
                mention_rows.delete_mention(self._db, mention_id)
                self._handle.storage.queue_for_index([mention.article_id])
            self._handle.flush()

    def add_mention(self, article_id: int, entity_id: int, start: int, end: int) -> Mention:
        """Marks a place in an article as a mention of an entity, by hand.

        Unlike ``EntityCatalog.tag``, the text does not become an alias ("the company").

        Raises:
            ArticleNotFound: No article has this id.
            EntityNotFound: No entity has this id.
            EntityError: The range is outside the text or empty.
        """
        with self._handle.lock:
            with self._handle.storage.transaction():
                if entity_rows.entity_record(self._db, entity_id) is None:
                    raise EntityNotFound(f"no entity with id {entity_id}")
                start, end, _ = self.selection(article_id, start, end)
                mention_id = mention_rows.upsert_manual(self._db, article_id, entity_id, start, end)
                self._handle.storage.queue_for_index([article_id])
            self._handle.flush()
        return self.mention(mention_id)

    def selection(self, article_id: int, start: int, end: int) -> tuple[int, int, str]:
        """The selected range without the spaces around it, checked against the text.

        Returns:
            The start, the end and the text of the trimmed range.

        Raises:
            ArticleNotFound: No article has this id.
            EntityError: The range is outside the text, or only spaces.
        """
        with self._handle.lock:
            text = mention_rows.article_text(self._db, article_id)
        if text is None:
            raise ArticleNotFound(f"no article with id {article_id}")
        if not 0 <= start < end <= len(text):
            raise EntityError(
                f"the range {start}-{end} is not inside article {article_id}"
                f" (its text has {len(text)} characters)"
            )
        selected = text[start:end]
        start += len(selected) - len(selected.lstrip())
        end -= len(selected) - len(selected.rstrip())
        if start >= end:
            raise EntityError("the selected text is empty")
        return start, end, text[start:end]

    # Merging

    def merge(self, source_id: int, target_id: int) -> None:
        """Gives one entity's mentions to another (inside the caller's transaction).

        A mention of both at the same place stays one mention: manual beats
        found, and a rejection stays unless the other was marked by hand.
        The source keeps no mention.
        """
        mention_rows.move_mentions(self._db, source_id, target_id)
        for mention in mention_rows.mention_rows_of_entity(self._db, source_id):
            kept = mention_rows.mention_at(
                self._db, mention.article_id, target_id, mention.start, mention.end
            )
            assert kept is not None  # the UPDATE OR IGNORE left this one for a reason
            sources = {mention.source, kept.source}
            manual_kept = (mention.source == "manual" and not mention.rejected) or (
                kept.source == "manual" and not kept.rejected
            )
            if manual_kept:
                merged_source, merged_rejected = "manual", False
            else:
                merged_source = "manual" if "manual" in sources else "found"
                merged_rejected = mention.rejected or kept.rejected
            mention_rows.set_source_rejected(self._db, kept.id, merged_source, merged_rejected)
        mention_rows.delete_mentions_of_entity(self._db, source_id)

    # Re-extraction

    def reanchor(self, article_id: int, old_text: str, new_text: str) -> list[int]:
        """Places an article's manual and rejected mentions again after its text changed.

        Found mentions are found again by the next scan; the ones marked by
        hand, and the places rejected, follow the change like highlights do
        (:func:`~archive_reader.core.annotations.anchoring.locate`), but only where
        their exact words are found again: a name is never placed
        approximately. Those whose words are gone from the article are
        deleted. Call it inside the transaction that writes the new text (as
        ``Archive.reextract`` does); outside one, it opens its own.

        Returns:
            The ids of the mentions deleted.
        """
        with self._handle.lock:
            if self._db.conn.in_transaction:
                return self._reanchor(article_id, old_text, new_text)
            with self._handle.storage.transaction():
                return self._reanchor(article_id, old_text, new_text)

    def _reanchor(self, article_id: int, old_text: str, new_text: str) -> list[int]:
        spans = mention_rows.kept_spans(self._db, article_id)
        if not spans or old_text == new_text:
            return []
        mapping = PositionMap(old_text, new_text)
        dropped = []
        for span in spans:
            start, end = span.start, span.end
            placed = locate(
                new_text,
                old_text[start:end],
                old_text[max(0, start - CONTEXT) : start],
                old_text[end : end + CONTEXT],
                start,
                mapping=mapping,
            )
            if placed is None or placed.kind == "fuzzy":
                mention_rows.delete_mention(self._db, span.id)
                dropped.append(span.id)
            elif (placed.start, placed.end) != (start, end):
                # (OR REPLACE: a found mention left at that place by the old text goes.)
                mention_rows.move_mention(self._db, span.id, placed.start, placed.end)
        if dropped:
            log.info(
                "article %d: %d manual or rejected mention(s) are gone from the new text",
                article_id,
                len(dropped),
            )
        return dropped
