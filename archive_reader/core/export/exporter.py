"""Export: selected articles with their highlights and entities, in researchers' formats.

Formats (see :data:`FORMATS`): Markdown notes (one file for the selection or one
per article), CSV of highlights and CSV of entity mentions (UTF-8 with a BOM,
so that spreadsheets read them right), W3C Web Annotation JSON-LD (an
AnnotationCollection), CSL-JSON, BibTeX and RIS for reference managers, the
entity co-occurrence graph as GEXF or GraphML, and a self-contained HTML
report.

Every export carries provenance, so that each quote can be traced back to the
exact saved page: the archive's article id, the SHA-256 of the original file
kept in the library, the capture date when the file records one (MHTML
``Date``, ``WARC-Date``) and the import date.

Selections (:meth:`Exporter.select`): articles matching a search query,
articles with a tag (and their highlights with that tag), articles mentioning
an entity (by name or alias), chosen article ids, or the whole library.

All SQL of the export lives in this module; it only reads the database.
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import os
import re
import tempfile
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive_reader.core.db.storage import now
from archive_reader.core.errors import ArchiveError
from archive_reader.version import __version__

if TYPE_CHECKING:
    from archive_reader.core.library import LibraryHandle

log = logging.getLogger(__name__)

#: Every format name :meth:`Exporter.render` and :meth:`Exporter.export` accept.
FORMATS = (
    "markdown",
    "csv",
    "mentions-csv",
    "w3c",
    "csl",
    "bibtex",
    "ris",
    "gexf",
    "graphml",
    "html",
)

#: The usual file name extension of each format.
EXTENSIONS = {
    "markdown": ".md",
    "csv": ".csv",
    "mentions-csv": ".csv",
    "w3c": ".jsonld",
    "csl": ".json",
    "bibtex": ".bib",
    "ris": ".ris",
    "gexf": ".gexf",
    "graphml": ".graphml",
    "html": ".html",
}

#: Column names of the highlights CSV, in order.
ANNOTATION_COLUMNS = (
    "annotation_id",
    "article_title",
    "site",
    "author",
    "published",
    "url",
    "quote",
    "label",
    "note",
    "tags",
    "entities",
    "start",
    "end",
    "orphaned",
    "created",
    "modified",
    "article_id",
    "original_sha256",
    "captured",
    "imported",
    "citation",
)

#: Column names of the mentions CSV, in order.
MENTION_COLUMNS = (
    "entity",
    "type",
    "matched",
    "article_title",
    "published",
    "site",
    "url",
    "start",
    "end",
    "source",
    "context",
    "mention_id",
    "entity_id",
    "article_id",
    "original_sha256",
    "captured",
    "imported",
)

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

_CSV_ENCODING = "utf-8-sig"
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 500
_CONTEXT_CHARS = 60
# XML 1.0 cannot carry these characters at all, escaped or not.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SENTENCE_END = re.compile(r"[.!?。！？]['\"’”)]?\s|\n")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
# Names that are organisations or bylines rather than one person's name.
_ORGANISATION_WORDS = frozenset(
    [
        "staff",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "desk",
        "team",
        "editors",
        "editorial",
        "board",
        "news",
        "press",
        "agency",
        "agencies",
        "service",
        "wire",
        "reuters",
        "ap",
        "afp",
        "dpa",
        "bbc",
        "cnn",
        "newsroom",
        "online",
        "digital",
        "media",
        "group",
        "times",
        "post",
        "herald",
        "journal",
        "associated",
        "inc",
        "ltd",
        "llc",
    ]
)
_NAME_PARTICLES = frozenset(
    [
        "von",
        "van",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "bin",
        "al",
    ]
)
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(10)] + [f"lpt{n}" for n in range(10)]
)


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


@dataclass(slots=True)
class ExportReport:
    """What an export wrote.

    Attributes:
        format: The format's name.
        paths: The files written.
        articles: Articles exported.
        annotations: Highlights exported.
        mentions: Entity mentions in the exported articles.
        entities: Distinct entities in the exported articles.
    """

    format: str
    paths: list[Path]
    articles: int
    annotations: int
    mentions: int
    entities: int

    def to_json(self) -> dict[str, object]:
        """Returns the report as the CLI's ``--json`` object."""
        return {
            "format": self.format,
            "paths": [str(path) for path in self.paths],
            "articles": self.articles,
            "annotations": self.annotations,
            "mentions": self.mentions,
            "entities": self.entities,
        }


# The exporter


class Exporter:
    """Selects articles of a library and writes them in one of :data:`FORMATS`.

    Example::

        exporter = Exporter(archive._handle, archive.matching_ids)
        selection = exporter.select(tag="attribution")
        exporter.export("markdown", selection, Path("notes.md"))
    """

    def __init__(
        self,
        handle: LibraryHandle,
        match: Callable[[str], Iterable[int]] | None = None,
    ) -> None:
        """Creates an exporter over one library.

        Args:
            handle: The library's shared handle.
            match: Returns the ids of every article a search query matches;
                needed only for ``select(query=...)``.
        """
        self._handle = handle
        self._match = match

    # Selecting

    def select(
        self,
        *,
        query: str | None = None,
        tag: str | None = None,
        entity: str | None = None,
        article_ids: Sequence[int] = (),
    ) -> Selection:
        """Resolves what to export. Criteria given together must all hold.

        Args:
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
            ExportError: The query cannot be run (no search given), or an
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

        with self._handle.lock:
            db = self._handle.storage.db
            if article_ids:
                wanted = list(dict.fromkeys(int(i) for i in article_ids))
                present = self._existing_ids(wanted)
                missing = [i for i in wanted if i not in present]
                if missing:
                    raise ExportError(
                        f"no article with id {', '.join(map(str, missing))} in {self._handle.path}"
                    )
                narrow(wanted)
                described.append(
                    f"article {wanted[0]}"
                    if len(wanted) == 1
                    else f"articles {', '.join(map(str, wanted))}"
                )
            if tag is not None:
                row = db.execute("SELECT id, name FROM tags WHERE name = ?", [tag]).fetchone()
                if row is None:
                    raise ExportError(f"no tag is called {tag!r}")
                tag_id = row[0]
                tagged = {
                    r[0]
                    for r in db.execute(
                        "SELECT article_id FROM article_tags WHERE tag_id = ?", [tag_id]
                    )
                }
                highlighted = db.execute(
                    "SELECT a.id, a.article_id FROM annotations a"
                    " JOIN annotation_tags t ON t.annotation_id = a.id WHERE t.tag_id = ?",
                    [tag_id],
                ).fetchall()
                narrow(tagged | {r[1] for r in highlighted})
                keep = {r[0] for r in highlighted}
                if tagged:
                    keep |= {
                        r[0]
                        for r in self._rows_in(
                            "SELECT id FROM annotations WHERE article_id IN ({marks})",
                            sorted(tagged),
                        )
                    }
                annotation_ids = frozenset(keep)
                described.append(f"tag {row[1]}")
            if entity is not None:
                ids = self._handle.storage.entity_ids_named(entity)
                if not ids:
                    raise ExportError(f"no entity is called {entity!r} (by name or alias)")
                entity_ids = frozenset(ids)
                narrow(
                    r[0]
                    for r in self._rows_in(
                        "SELECT DISTINCT article_id FROM mentions"
                        " WHERE rejected = 0 AND entity_id IN ({marks})",
                        ids,
                    )
                )
                described.append(f"entity {entity}")
        if query is not None:
            if self._match is None:
                raise ExportError("this exporter cannot run search queries")
            with self._handle.lock:
                narrow(self._match(query))
            described.append(f"search {query!r}")
        if chosen is None:
            with self._handle.lock:
                chosen = {r[0] for r in self._handle.storage.db.execute("SELECT id FROM articles")}
            described.append("the whole library")
        if article_ids and query is None and tag is None and entity is None:
            ordered = [int(i) for i in dict.fromkeys(article_ids)]
        else:
            ordered = self._by_date(chosen)
        return Selection(ordered, " and ".join(described), annotation_ids, entity_ids)

    def _existing_ids(self, ids: list[int]) -> set[int]:
        return {r[0] for r in self._rows_in("SELECT id FROM articles WHERE id IN ({marks})", ids)}

    def _by_date(self, ids: set[int]) -> list[int]:
        with self._handle.lock:
            rows = self._rows_in(
                "SELECT id, published FROM articles WHERE id IN ({marks})", sorted(ids)
            )
        rows.sort(key=lambda r: (r[1] is None, r[1] or "", r[0]))
        return [r[0] for r in rows]

    def _rows_in(self, sql: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
        """Runs ``sql`` (with ``{marks}`` for the id list) over ``ids`` in chunks."""
        rows: list[tuple[Any, ...]] = []
        for first in range(0, len(ids), _CHUNK):
            chunk = list(ids[first : first + _CHUNK])
            marks = ",".join("?" * len(chunk))
            rows.extend(self._handle.storage.db.execute(sql.format(marks=marks), chunk))
        return rows

    # Loading

    def load(self, selection: Selection) -> list[ExportArticle]:
        """Reads the selected articles with their tags, highlights and mentions.

        Args:
            selection: From :meth:`select`, or built by hand.

        Returns:
            The articles in the selection's order (ids no longer present are
            left out).
        """
        ids = list(selection.article_ids)
        with self._handle.lock:
            articles = {
                int(r[0]): ExportArticle(
                    id=int(r[0]),
                    title=str(r[1]),
                    url=r[2],
                    author=r[3],
                    published=r[4],
                    site_name=r[5],
                    language=r[6],
                    description=r[7],
                    note=str(r[8] or ""),
                    original_sha256=str(r[9]),
                    source_format=str(r[10]),
                    captured_at=r[11],
                    imported_at=str(r[12]),
                )
                for r in self._rows_in(
                    "SELECT id, title, url, author, published, site_name, language,"
                    " description, note, original_sha256, source_format, captured_at,"
                    " imported_at FROM articles WHERE id IN ({marks})",
                    ids,
                )
            }
            present = [i for i in ids if i in articles]
            for article_id, name in self._rows_in(
                "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id"
                " WHERE at.article_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
                present,
            ):
                articles[article_id].tags.append(str(name))
            texts: dict[int, str] = {}
            mention_rows = self._rows_in(
                "SELECT m.id, m.article_id, m.entity_id, e.name, e.type, m.start, m.end, m.source"
                " FROM mentions m JOIN entities e ON e.id = m.entity_id"
                " WHERE m.rejected = 0 AND m.article_id IN ({marks})"
                " ORDER BY m.article_id, m.start, m.end, m.id",
                present,
            )
            if mention_rows:
                texts = {
                    int(r[0]): str(r[1])
                    for r in self._rows_in(
                        "SELECT id, text FROM articles WHERE id IN ({marks})",
                        sorted({int(r[1]) for r in mention_rows}),
                    )
                }
            annotation_rows = self._rows_in(
                "SELECT a.id, a.article_id, a.quote, a.prefix, a.suffix, a.start, a.end, a.note,"
                " l.name, l.color, a.orphaned, a.created_at, a.updated_at"
                " FROM annotations a LEFT JOIN labels l ON l.id = a.label_id"
                " WHERE a.article_id IN ({marks}) ORDER BY a.article_id, a.start, a.id",
                present,
            )
            annotation_tags: dict[int, list[str]] = defaultdict(list)
            for annotation_id, name in self._rows_in(
                "SELECT at.annotation_id, t.name FROM annotation_tags at"
                " JOIN tags t ON t.id = at.tag_id JOIN annotations a ON a.id = at.annotation_id"
                " WHERE a.article_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
                present,
            ):
                annotation_tags[int(annotation_id)].append(str(name))

        for row in mention_rows:
            mention_id, article_id, entity_id, name, kind, start, end, source = row
            text = texts.get(int(article_id), "")
            begin, finish = int(start), int(end)
            articles[int(article_id)].mentions.append(
                ExportMention(
                    id=int(mention_id),
                    entity_id=int(entity_id),
                    entity=str(name),
                    type=str(kind),
                    matched=text[begin:finish],
                    start=begin,
                    end=finish,
                    source=str(source),
                    context=_context(text, begin, finish),
                )
            )
        keep = selection.annotation_ids
        for row in annotation_rows:
            annotation_id = int(row[0])
            if keep is not None and annotation_id not in keep:
                continue
            article = articles[int(row[1])]
            start, end = int(row[5]), int(row[6])
            orphaned = bool(row[10])
            inside = (
                []
                if orphaned
                else list(
                    dict.fromkeys(
                        m.entity for m in article.mentions if m.start < end and m.end > start
                    )
                )
            )
            article.annotations.append(
                ExportAnnotation(
                    id=annotation_id,
                    quote=str(row[2]),
                    prefix=str(row[3]),
                    suffix=str(row[4]),
                    start=start,
                    end=end,
                    note=str(row[7] or ""),
                    label=row[8],
                    colour=row[9],
                    tags=annotation_tags.get(annotation_id, []),
                    entities=inside,
                    orphaned=orphaned,
                    created=str(row[11]),
                    modified=str(row[12]),
                )
            )
        for article in articles.values():
            counts = Counter(m.entity for m in article.mentions)
            article.entities = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
        return [articles[i] for i in present]

    # Rendering and writing

    def render(self, format: str, selection: Selection) -> str:
        """The whole export as one document.

        Args:
            format: One of :data:`FORMATS` (Markdown gives one file for the
                whole selection).
            selection: What to export.

        Returns:
            The document's text (CSV without its BOM: :meth:`export` adds it).

        Raises:
            ExportError: Unknown format.
            NothingToExport: The selection is empty, or has nothing of what
                the format exports (no highlights for csv or w3c, no mentions
                for mentions-csv and the graphs).
        """
        articles = self._loaded(format, selection)
        return self._render(format, articles, selection)

    def export(
        self,
        format: str,
        selection: Selection,
        destination: str | Path,
        per_article: bool | None = None,
    ) -> ExportReport:
        """Writes the export to a file (or, for Markdown, a folder of files).

        Args:
            format: One of :data:`FORMATS`.
            selection: What to export.
            destination: The file to write (replaced atomically), or for
                Markdown one file per article, the folder to write them into
                (created when missing).
            per_article: Markdown only: one file per article. None decides by
                the destination: an existing folder, or a name without a
                ``.md``/``.markdown``/``.txt`` ending, means one file per article.

        Returns:
            What was written.

        Raises:
            ExportError: Unknown format, or the destination cannot be written.
            NothingToExport: As for :meth:`render`.
        """
        destination = Path(destination).expanduser()
        articles = self._loaded(format, selection)
        if format == "markdown" and per_article is None:
            per_article = destination.is_dir() or destination.suffix.lower() not in {
                ".md",
                ".markdown",
                ".txt",
            }
        paths: list[Path] = []
        if format == "markdown" and per_article:
            try:
                destination.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ExportError(f"cannot create the folder {destination}: {error}") from error
            for article in articles:
                path = destination / article_file_name(article)
                _write_atomically(path, markdown_article(article).encode("utf-8"))
                paths.append(path)
        else:
            text = self._render(format, articles, selection)
            encoding = _CSV_ENCODING if format in {"csv", "mentions-csv"} else "utf-8"
            _write_atomically(destination, text.encode(encoding))
            paths.append(destination)
        report = ExportReport(
            format=format,
            paths=paths,
            articles=len(articles),
            annotations=sum(len(a.annotations) for a in articles),
            mentions=sum(len(a.mentions) for a in articles),
            entities=len({m.entity_id for a in articles for m in a.mentions}),
        )
        log.info("exported %s of %s to %s", format, selection.description, destination)
        return report

    def _loaded(self, format: str, selection: Selection) -> list[ExportArticle]:
        if format not in FORMATS:
            raise ExportError(
                f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}"
            )
        if not selection.article_ids:
            raise NothingToExport(f"nothing to export: no article matches {selection.description}")
        articles = self.load(selection)
        if not articles:
            raise NothingToExport(f"nothing to export: no article matches {selection.description}")
        if format in {"csv", "w3c"} and not any(a.annotations for a in articles):
            raise NothingToExport(
                f"nothing to export: the {_count(len(articles), 'article')} of"
                f" {selection.description} have no highlights"
            )
        if format in {"mentions-csv", "gexf", "graphml"} and not any(a.mentions for a in articles):
            raise NothingToExport(
                f"nothing to export: the {_count(len(articles), 'article')} of"
                f" {selection.description} mention no entity"
            )
        return articles

    def _render(self, format: str, articles: list[ExportArticle], selection: Selection) -> str:
        if format == "markdown":
            return markdown_document(articles, selection.description)
        if format == "csv":
            return annotations_csv(articles)
        if format == "mentions-csv":
            return mentions_csv(articles, selection.entity_ids)
        if format == "w3c":
            return json.dumps(
                w3c_collection(articles, self._handle.path, selection.description),
                ensure_ascii=False,
                indent=2,
            )
        if format == "csl":
            return json.dumps(csl_items(articles), ensure_ascii=False, indent=2)
        if format == "bibtex":
            return bibtex(articles)
        if format == "ris":
            return ris(articles)
        if format in {"gexf", "graphml"}:
            graph = cooccurrence(articles)
            return gexf(graph) if format == "gexf" else graphml(graph)
        assert format == "html", format
        return html_report(articles, selection.description)


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".export-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            # mkstemp makes the file private (0600); an export is an ordinary
            # document, readable as the user's umask allows, like any new file.
            os.chmod(temp, 0o666 & ~_umask())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error}") from error


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Shared pieces


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _day(stamp: str | None) -> str:
    """The date part of an ISO 8601 stamp ("" for None)."""
    return (stamp or "")[:10]


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


def citation(article: ExportArticle, full_hash: bool = False) -> str:
    """The citation line of an article, with its provenance.

    Example: ``Jane Doe, "Budget vote postponed", The Valley Courier,
    2024-03-04, https://... (saved 2024-03-05, imported 2024-03-06; archive
    article 12, sha256 9f86d081884c…)``.

    Args:
        article: The article.
        full_hash: Write the whole SHA-256 instead of its first 12 digits.
    """
    parts = [p for p in (article.author, f'"{article.title}"', article.site_name) if p]
    if article.published:
        parts.append(_day(article.published))
    if article.url:
        parts.append(article.url)
    sha = article.original_sha256 if full_hash else article.original_sha256[:12] + "…"
    saved = []
    if article.captured_at:
        saved.append(f"saved {_day(article.captured_at)}")
    saved.append(f"imported {_day(article.imported_at)}")
    return f"{', '.join(parts)} ({', '.join(saved)}; archive article {article.id}, sha256 {sha})"


def provenance(article: ExportArticle) -> dict[str, object]:
    """The provenance fields of an article, as put into every export."""
    return {
        "article_id": article.id,
        "original_sha256": article.original_sha256,
        "captured": article.captured_at,
        "imported": article.imported_at,
        "source_format": article.source_format,
    }


# Markdown


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")
# An entity or character reference ("&amp;", "&#60;") that Markdown would decode.
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What makes a line a heading, list item, rule, quote or table row at its start.
_MD_LINE_START = re.compile(r"^(\s*(?:\d+)?)([-+=.)])")


def _md(text: str) -> str:
    """Text with Markdown's active characters escaped, kept on one line.

    Line breaks become spaces, so that a title or an item stays in its heading
    or list line; :func:`_md_lines` keeps them for notes and quotes.
    """
    return _md_line(" ".join(text.splitlines()))


def _md_line(line: str) -> str:
    line = _MD_ENTITY.sub("&amp;", _MD_SPECIAL.sub(r"\\\1", line))
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", line, count=1)


def _md_lines(text: str) -> list[str]:
    """Escaped lines of a multi-line text (a note, a quote)."""
    return [_md_line(line) for line in text.splitlines()]


def _yaml(value: object) -> str:
    # JSON scalars and lists are valid YAML (flow style, double-quoted strings).
    return json.dumps(value, ensure_ascii=False)


def _front_matter(article: ExportArticle) -> str:
    fields: dict[str, object] = {
        "title": article.title,
        "site": article.site_name,
        "author": article.author,
        "published": article.published,
        "captured": article.captured_at,
        "imported": article.imported_at,
        "url": article.url,
        "language": article.language,
        "tags": article.tags,
        "entities": article.entities,
        "archive_article_id": article.id,
        "original_sha256": article.original_sha256,
        "source_format": article.source_format,
    }
    lines = [f"{key}: {_yaml(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _md_quote(annotation: ExportAnnotation) -> str:
    quoted = "\n".join("> " + line if line.strip() else ">" for line in _md_lines(annotation.quote))
    lines = [quoted or ">", ""]
    details = []
    if annotation.label:
        details.append(f"**{_md(annotation.label)}**")
    if annotation.tags:
        details.append(
            "tags: " + ", ".join(f"#{_md(tag.replace(' ', '-'))}" for tag in annotation.tags)
        )
    if annotation.entities:
        details.append("entities: " + ", ".join(_md(e) for e in annotation.entities))
    place = f"characters {annotation.start}–{annotation.end}"
    if annotation.orphaned:
        place += ", not found in the current text"
    details.append(f"highlight {annotation.id}, {place}")
    lines.append("— " + " · ".join(details))
    if annotation.note:
        lines += ["", *_md_lines(annotation.note)]
    return "\n".join(lines) + "\n"


def _md_article(article: ExportArticle, level: int) -> str:
    head = "#" * level
    out = [f"{head} {_md(article.title)}", "", _md(citation(article)), ""]
    if article.tags:
        out += ["Tags: " + ", ".join(f"#{_md(t.replace(' ', '-'))}" for t in article.tags), ""]
    if article.entities:
        out += ["Entities: " + ", ".join(_md(e) for e in article.entities), ""]
    if article.note:
        out += [f"{head}# Note", "", *_md_lines(article.note), ""]
    if article.annotations:
        out += [f"{head}# Highlights", ""]
        for annotation in article.annotations:
            out.append(_md_quote(annotation))
    return "\n".join(out).rstrip() + "\n"


def markdown_article(article: ExportArticle) -> str:
    """One article's Markdown note file: front matter, citation line, note and highlights."""
    return _front_matter(article) + "\n" + _md_article(article, 1)


def markdown_document(articles: Sequence[ExportArticle], description: str) -> str:
    """One Markdown file for a whole selection, one section per article."""
    header = {
        "title": f"Archive Reader export: {description}",
        "exported": now(),
        "articles": len(articles),
        "highlights": sum(len(a.annotations) for a in articles),
        "generator": f"Archive Reader {__version__}",
    }
    out = ["---", *(f"{key}: {_yaml(value)}" for key, value in header.items()), "---", ""]
    out += [f"# {_md(str(header['title']))}", ""]
    for article in articles:
        meta = [
            ("Site", article.site_name),
            ("Author", article.author),
            ("Published", article.published),
            ("Saved", article.captured_at),
            ("Imported", article.imported_at),
            ("URL", article.url),
            ("Archive article", str(article.id)),
            ("Original SHA-256", article.original_sha256),
        ]
        section = _md_article(article, 2).split("\n", 1)
        out.append(section[0])
        out.append("")
        out += [f"- {name}: {_md(value)}" for name, value in meta if value]
        out.append(section[1])
    return "\n".join(out).rstrip() + "\n"


def article_file_name(article: ExportArticle) -> str:
    """A file name for an article's note, safe on Windows: ``title-slug-ID.md``."""
    text = unicodedata.normalize("NFKC", article.title).casefold()
    text = re.sub(r'[<>:"/\\|?*\x00-\x1f\x7f]', " ", text)
    text = re.sub(r"[^\w\s-]", "", text)
    slug = re.sub(r"[\s_-]+", "-", text).strip("-.")[:60].rstrip("-.")
    if not slug or slug in _WINDOWS_RESERVED:
        slug = "article"
    return f"{slug}-{article.id}.md"


# CSV


def _csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: never run as a formula.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe (OWASP's advice against CSV injection);
    numbers are written as they are.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_CSV_FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def annotations_csv(articles: Sequence[ExportArticle]) -> str:
    """One row per highlight (columns :data:`ANNOTATION_COLUMNS`); lists joined by "; "."""
    return _csv(
        ANNOTATION_COLUMNS,
        (
            (
                a.id,
                article.title,
                article.site_name,
                article.author,
                article.published,
                article.url,
                a.quote,
                a.label,
                a.note,
                "; ".join(a.tags),
                "; ".join(a.entities),
                a.start,
                a.end,
                int(a.orphaned),
                a.created,
                a.modified,
                article.id,
                article.original_sha256,
                article.captured_at,
                article.imported_at,
                citation(article),
            )
            for article in articles
            for a in article.annotations
        ),
    )


def mentions_csv(
    articles: Sequence[ExportArticle], entity_ids: frozenset[int] | None = None
) -> str:
    """One row per entity mention (columns :data:`MENTION_COLUMNS`).

    Args:
        articles: The articles.
        entity_ids: Only mentions of these entities; None for all.
    """
    return _csv(
        MENTION_COLUMNS,
        (
            (
                m.entity,
                m.type,
                m.matched,
                article.title,
                article.published,
                article.site_name,
                article.url,
                m.start,
                m.end,
                m.source,
                m.context,
                m.id,
                m.entity_id,
                article.id,
                article.original_sha256,
                article.captured_at,
                article.imported_at,
            )
            for article in articles
            for m in article.mentions
            if entity_ids is None or m.entity_id in entity_ids
        ),
    )


# W3C Web Annotation


def _w3c_time(stamp: str) -> str:
    """An ISO 8601 stamp as an RFC 3339 date-time in UTC ("...Z")."""
    if len(stamp) == 10:
        return stamp + "T00:00:00Z"
    return stamp.replace("+00:00", "Z")


def annotation_uri(library: Path, annotation_id: int) -> str:
    """A stable ``urn:uuid:`` for a highlight of a library (the same on every export)."""
    name = f"archive-reader:{Path(library).resolve().as_posix()}#annotation-{annotation_id}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _w3c_annotation(
    article: ExportArticle, a: ExportAnnotation, library: Path
) -> dict[str, object]:
    bodies: list[dict[str, object]] = []
    if a.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": a.note,
                "format": "text/plain",
            }
        )
    if a.label:
        bodies.append({"type": "TextualBody", "purpose": "classifying", "value": a.label})
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in a.tags]
    bodies += [
        {"type": "TextualBody", "purpose": "identifying", "value": name} for name in a.entities
    ]
    selectors: list[dict[str, object]] = [
        {"type": "TextQuoteSelector", "exact": a.quote, "prefix": a.prefix, "suffix": a.suffix}
    ]
    if not a.orphaned:
        selectors.append({"type": "TextPositionSelector", "start": a.start, "end": a.end})
    # The TimeState's "cached" copy is the original file kept in the library.
    state: dict[str, object] = {
        "type": "TimeState",
        "cached": f"urn:sha256:{article.original_sha256}",
        "sourceDate": _w3c_time(article.captured_at or article.imported_at),
    }
    target: dict[str, object] = {
        "type": "SpecificResource",
        "source": article.url or f"urn:sha256:{article.original_sha256}",
        "selector": selectors,
        "state": state,
    }
    annotation: dict[str, object] = {
        "id": annotation_uri(library, a.id),
        "type": "Annotation",
        "motivation": "highlighting",
        "created": _w3c_time(a.created),
        "modified": _w3c_time(a.modified),
    }
    if bodies:
        annotation["body"] = bodies
    annotation["target"] = target
    # Outside the anno.jsonld vocabulary: JSON-LD processors ignore it; people
    # and scripts use it to find the article in the library.
    annotation["archiveReader"] = {
        **provenance(article),
        "annotation_id": a.id,
        "title": article.title,
        "orphaned": a.orphaned,
    }
    return annotation


def w3c_collection(
    articles: Sequence[ExportArticle], library: Path, description: str = ""
) -> dict[str, object]:
    """The highlights as a W3C Web Annotation AnnotationCollection (one embedded page).

    Each annotation has a stable ``urn:uuid:`` id, TextualBody bodies for the
    note (commenting), the label (classifying), each tag (tagging) and each
    entity in the quote (identifying), and a SpecificResource target on the
    article's URL (``urn:sha256:<original>`` when it has none) with a
    TextQuoteSelector, a TextPositionSelector (left out for a highlight that
    no longer fits the text) and a TimeState naming the saved copy.
    """
    items = [
        _w3c_annotation(article, a, library) for article in articles for a in article.annotations
    ]
    key = ",".join(str(item["id"]) for item in items)
    collection_id = uuid.uuid5(uuid.NAMESPACE_URL, f"archive-reader:collection:{key}").urn
    return {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Archive Reader export: {description}"
        if description
        else "Archive Reader export",
        "total": len(items),
        "generated": _w3c_time(now()),
        "first": {
            "id": collection_id + "-page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


# Citations: CSL-JSON, BibTeX, RIS


def split_authors(author: str | None) -> list[dict[str, str]]:
    """Author names as CSL name objects.

    Names are split at ", ", ";", " and " and "&" (the extractor joins several
    authors with ", "). A person's name "First Middle Last" becomes
    ``{"given": "First Middle", "family": "Last"}`` (lower-case particles such
    as "von" stay with the family name); a byline such as "Staff" or
    "Reuters", or a single word, becomes ``{"literal": ...}``.
    """
    if not author:
        return []
    names = []
    for part in re.split(r"\s*(?:,|;|&|\band\b)\s*", author):
        name = re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE).strip()
        if not name:
            continue
        words = name.split()
        lowered = {w.casefold().strip(".") for w in words}
        if (
            len(words) < 2
            or lowered & _ORGANISATION_WORDS
            or any(ch.isdigit() for ch in name)
            or "@" in name
        ):
            names.append({"literal": name})
            continue
        cut = len(words) - 1
        while cut > 1 and words[cut - 1] in _NAME_PARTICLES:
            cut -= 1
        names.append({"given": " ".join(words[:cut]), "family": " ".join(words[cut:])})
    return names


def _date_parts(stamp: str | None) -> list[int] | None:
    match = _DATE.match(stamp or "")
    if not match:
        return None
    return [int(p) for p in match.groups() if p is not None]


def citation_key(article: ExportArticle) -> str:
    """A BibTeX-safe key: first author's family name (or the site), year, first title word, id."""
    names = split_authors(article.author)
    who = names[0].get("family") or names[0].get("literal", "") if names else ""
    who = who or article.site_name or "article"
    year = (_date_parts(article.published) or [0])[0] or ""
    words = [w for w in re.findall(r"\w+", article.title) if len(w) > 3]
    title = words[0] if words else ""

    def ascii_word(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z0-9]", "", plain).lower()

    return f"{ascii_word(who)[:20] or 'article'}{year}{ascii_word(title)[:20]}-{article.id}"


def _provenance_note(article: ExportArticle) -> str:
    parts = []
    if article.captured_at:
        parts.append(f"Saved {article.captured_at}")
    parts.append(f"imported {article.imported_at}")
    parts.append(f"Archive Reader article {article.id}")
    parts.append(f"original file sha256 {article.original_sha256}")
    return "; ".join(parts)


def csl_items(articles: Sequence[ExportArticle]) -> list[dict[str, object]]:
    """The articles as CSL-JSON items (for Zotero, Pandoc and citeproc).

    Type ``article-newspaper`` when the site is known, else ``webpage``; the
    site is the container title, the import date the access date, and the
    note holds the provenance.
    """
    items = []
    for article in articles:
        item: dict[str, object] = {
            "id": citation_key(article),
            "type": "article-newspaper" if article.site_name else "webpage",
            "title": article.title,
        }
        if article.site_name:
            item["container-title"] = article.site_name
        authors = split_authors(article.author)
        if authors:
            item["author"] = authors
        issued = _date_parts(article.published)
        if issued:
            item["issued"] = {"date-parts": [issued]}
        accessed = _date_parts(article.captured_at or article.imported_at)
        if accessed:
            item["accessed"] = {"date-parts": [accessed]}
        if article.url:
            item["URL"] = article.url
        if article.language:
            item["language"] = article.language
        if article.description:
            item["abstract"] = article.description
        if article.tags:
            item["keyword"] = ", ".join(article.tags)
        item["archive"] = "Archive Reader library"
        item["archive_location"] = f"article {article.id}"
        item["note"] = _provenance_note(article)
        items.append(item)
    return items


_BIB_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_SPECIAL = re.compile(r"[\\{}&%$#_~^]")


def _bib(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped, on one line."""
    return _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPES[m.group()], " ".join(text.split()))


def _bib_url(url: str) -> str:
    # biblatex reads url verbatim; only unbalanced braces would break the entry.
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _bib_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + _bib(name["literal"]) + "}"
    return f"{_bib(name['family'])}, {_bib(name['given'])}"


def bibtex(articles: Sequence[ExportArticle]) -> str:
    """The articles as biblatex ``@online`` entries (UTF-8), with url, urldate and provenance."""
    entries = []
    for article in articles:
        fields: list[tuple[str, str]] = [("title", _bib(article.title))]
        authors = split_authors(article.author)
        if authors:
            fields.append(("author", " and ".join(_bib_name(n) for n in authors)))
        if article.site_name:
            fields.append(("organization", _bib(article.site_name)))
        issued = _date_parts(article.published)
        if issued:
            fields.append(("date", "-".join(f"{p:02d}" for p in issued)))
            fields.append(("year", str(issued[0])))
        if article.url:
            fields.append(("url", _bib_url(article.url)))
        accessed = _date_parts(article.captured_at or article.imported_at)
        if accessed:
            fields.append(("urldate", "-".join(f"{p:02d}" for p in accessed)))
        if article.language:
            fields.append(("langid", _bib(article.language)))
        if article.tags:
            fields.append(("keywords", _bib(", ".join(article.tags))))
        fields.append(("note", _bib(_provenance_note(article))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@online{{{citation_key(article)},\n{body}\n}}\n")
    return "\n".join(entries)


def _ris_value(text: str) -> str:
    return " ".join(text.split())


def ris(articles: Sequence[ExportArticle]) -> str:
    """The articles as RIS records (``NEWS`` when the site is known, else ``ELEC``)."""
    lines: list[str] = []

    def tag(name: str, value: str | None) -> None:
        if value:
            lines.append(f"{name}  - {_ris_value(value)}")

    for article in articles:
        tag("TY", "NEWS" if article.site_name else "ELEC")
        tag("ID", citation_key(article))
        tag("TI", article.title)
        for name in split_authors(article.author):
            tag("AU", name.get("literal") or f"{name['family']}, {name['given']}")
        tag("T2", article.site_name)
        issued = _date_parts(article.published)
        if issued:
            tag("PY", str(issued[0]))
            tag("DA", "/".join(f"{p:02d}" for p in issued) + ("/" if len(issued) < 3 else ""))
        tag("UR", article.url)
        tag("Y2", _day(article.captured_at or article.imported_at).replace("-", "/"))
        tag("LA", article.language)
        tag("AB", article.description)
        for keyword in article.tags:
            tag("KW", keyword)
        tag("N1", _provenance_note(article))
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


# Co-occurrence graph


@dataclass(slots=True)
class GraphNode:
    """An entity in the co-occurrence graph.

    Attributes:
        id: The entity's id.
        label: Its name.
        type: Its type.
        mentions: Its mentions in the exported articles.
        articles: How many of the exported articles mention it.
    """

    id: int
    label: str
    type: str
    mentions: int
    articles: int


@dataclass(slots=True)
class GraphEdge:
    """Two entities mentioned in the same articles.

    Attributes:
        source: One entity's id (the smaller).
        target: The other's.
        weight: The number of articles that mention both.
        article_ids: Those articles (the evidence), ascending.
    """

    source: int
    target: int
    weight: int
    article_ids: list[int]


def cooccurrence(articles: Sequence[ExportArticle]) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The entities of the articles and which appear together in one article."""
    nodes: dict[int, GraphNode] = {}
    together: dict[tuple[int, int], list[int]] = defaultdict(list)
    for article in articles:
        present: dict[int, ExportMention] = {}
        for m in article.mentions:
            node = nodes.get(m.entity_id)
            if node is None:
                node = nodes[m.entity_id] = GraphNode(m.entity_id, m.entity, m.type, 0, 0)
            node.mentions += 1
            present.setdefault(m.entity_id, m)
        for entity_id in present:
            nodes[entity_id].articles += 1
        for pair in combinations(sorted(present), 2):
            together[pair].append(article.id)
    edges = [GraphEdge(a, b, len(ids), sorted(ids)) for (a, b), ids in sorted(together.items())]
    return sorted(nodes.values(), key=lambda n: n.id), edges


def _xml_text(value: object) -> str:
    return _XML_INVALID.sub("\ufffd", str(value))


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def gexf(graph: tuple[list[GraphNode], list[GraphEdge]]) -> str:
    """The co-occurrence graph as GEXF 1.3 (Gephi): weighted undirected edges.

    Node attributes: type, mentions, articles. Edge attribute: articles (the
    evidence: article ids separated by spaces).
    """
    nodes, edges = graph
    ns = "http://gexf.net/1.3"
    root = ET.Element("gexf", {"xmlns": ns, "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": now()[:10]})
    ET.SubElement(meta, "creator").text = f"Archive Reader {__version__}"
    ET.SubElement(meta, "description").text = "Entities mentioned in the same articles"
    g = ET.SubElement(root, "graph", {"mode": "static", "defaultedgetype": "undirected"})
    node_attributes = ET.SubElement(g, "attributes", {"class": "node"})
    for number, (title, kind) in enumerate(
        (("type", "string"), ("mentions", "integer"), ("articles", "integer"))
    ):
        ET.SubElement(
            node_attributes, "attribute", {"id": str(number), "title": title, "type": kind}
        )
    edge_attributes = ET.SubElement(g, "attributes", {"class": "edge"})
    ET.SubElement(edge_attributes, "attribute", {"id": "0", "title": "articles", "type": "string"})
    node_list = ET.SubElement(g, "nodes")
    for node in nodes:
        element = ET.SubElement(
            node_list, "node", {"id": str(node.id), "label": _xml_text(node.label)}
        )
        values = ET.SubElement(element, "attvalues")
        for number, value in enumerate((node.type, node.mentions, node.articles)):
            ET.SubElement(values, "attvalue", {"for": str(number), "value": _xml_text(value)})
    edge_list = ET.SubElement(g, "edges")
    for number, edge in enumerate(edges):
        element = ET.SubElement(
            edge_list,
            "edge",
            {
                "id": str(number),
                "source": str(edge.source),
                "target": str(edge.target),
                "weight": str(edge.weight),
            },
        )
        values = ET.SubElement(element, "attvalues")
        ET.SubElement(
            values, "attvalue", {"for": "0", "value": " ".join(map(str, edge.article_ids))}
        )
    return _xml(root)


def graphml(graph: tuple[list[GraphNode], list[GraphEdge]]) -> str:
    """The co-occurrence graph as GraphML.

    Node keys: label, type, mentions, articles. Edge keys: weight, evidence
    (article ids separated by spaces).
    """
    nodes, edges = graph
    root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
    keys = (
        ("label", "node", "string"),
        ("type", "node", "string"),
        ("mentions", "node", "int"),
        ("articles", "node", "int"),
        ("weight", "edge", "double"),
        ("evidence", "edge", "string"),
    )
    for name, owner, kind in keys:
        ET.SubElement(
            root,
            "key",
            {"id": f"{owner[0]}_{name}", "for": owner, "attr.name": name, "attr.type": kind},
        )
    g = ET.SubElement(root, "graph", {"id": "cooccurrence", "edgedefault": "undirected"})

    def data(parent: ET.Element, key: str, value: object) -> None:
        ET.SubElement(parent, "data", {"key": key}).text = _xml_text(value)

    for node in nodes:
        element = ET.SubElement(g, "node", {"id": f"e{node.id}"})
        data(element, "n_label", node.label)
        data(element, "n_type", node.type)
        data(element, "n_mentions", node.mentions)
        data(element, "n_articles", node.articles)
    for edge in edges:
        element = ET.SubElement(
            g, "edge", {"source": f"e{edge.source}", "target": f"e{edge.target}"}
        )
        data(element, "e_weight", float(edge.weight))
        data(element, "e_evidence", " ".join(map(str, edge.article_ids)))
    return _xml(root)


# HTML report

_STYLE = """
body{font:16px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}
h2{font-size:1.3rem;margin-top:2.5rem;border-top:1px solid #ccc;padding-top:1rem}
.cite,.meta{font:14px/1.4 system-ui,sans-serif;color:#555}
blockquote{margin:1rem 0;padding:.4rem .9rem;border-left:5px solid #bbb;background:#f7f7f4}
.hl{margin-bottom:1.4rem}.hl .meta{margin-top:.3rem}.note{white-space:pre-wrap}
.tag{display:inline-block;padding:0 .4rem;border-radius:.6rem;background:#e8e8e8;margin-right:.2rem}
@media (prefers-color-scheme:dark){body{background:#1d1d1d;color:#ddd}
blockquote{background:#2a2a26}.cite,.meta{color:#aaa}.tag{background:#444}}
"""


def _e(text: object) -> str:
    return html.escape(_xml_text(text), quote=True)


def _link(url: str | None) -> str:
    if not url:
        return ""
    if re.match(r"^https?://", url, re.IGNORECASE):
        return f'<a href="{_e(url)}" rel="noreferrer">{_e(url)}</a>'
    return _e(url)


def _html_article(article: ExportArticle) -> list[str]:
    lang = f' lang="{_e(article.language)}"' if article.language else ""
    out = [f'<section id="article-{article.id}"{lang}>', f"<h2>{_e(article.title)}</h2>"]
    out.append(f'<p class="cite">{_e(citation(article, full_hash=True))}</p>')
    meta = []
    if article.url:
        meta.append(f"URL: {_link(article.url)}")
    if article.tags:
        meta.append("Tags: " + "".join(f'<span class="tag">{_e(t)}</span>' for t in article.tags))
    if article.entities:
        meta.append("Entities: " + _e(", ".join(article.entities)))
    if meta:
        out.append('<p class="meta">' + "<br>".join(meta) + "</p>")
    if article.note:
        out.append(f'<p class="note">{_e(article.note)}</p>')
    for a in article.annotations:
        colour = a.colour if a.colour and _HEX_COLOUR.match(a.colour) else "#bbbbbb"
        out.append(f'<div class="hl" id="highlight-{a.id}">')
        out.append(f'<blockquote style="border-left-color:{colour}">{_e(a.quote)}</blockquote>')
        details = []
        if a.label:
            details.append(f"<strong>{_e(a.label)}</strong>")
        details += [f'<span class="tag">{_e(t)}</span>' for t in a.tags]
        if a.entities:
            details.append("entities: " + _e(", ".join(a.entities)))
        details.append(
            f"highlight {a.id}" + (" (not found in the current text)" if a.orphaned else "")
        )
        out.append('<p class="meta">' + " · ".join(details) + "</p>")
        if a.note:
            out.append(f'<p class="note">{_e(a.note)}</p>')
        out.append("</div>")
    out.append("</section>")
    return out


def html_report(articles: Sequence[ExportArticle], description: str) -> str:
    """A self-contained HTML report: no scripts, no external resources, all text escaped."""
    title = f"Archive Reader export: {description}"
    highlights = sum(len(a.annotations) for a in articles)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # Nothing may be fetched: styles are inline, images and scripts are not allowed.
        '<meta http-equiv="Content-Security-Policy"'
        " content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="Archive Reader {_e(__version__)}">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_count(len(articles), "article")}, {_count(highlights, "highlight")};'
        f" exported {_e(now())}</p>",
    ]
    for article in articles:
        out += _html_article(article)
    out.append("</body></html>")
    return "\n".join(out) + "\n"
