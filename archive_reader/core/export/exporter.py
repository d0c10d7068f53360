"""Export: selected articles with their highlights and entities, in researchers' formats.

Formats (see :data:`FORMATS`): Markdown notes (one file for the selection or one
per article), CSV of highlights and CSV of entity mentions (UTF-8 with a BOM,
so that spreadsheets read them right), W3C Web Annotation JSON-LD (an
AnnotationCollection), CSL-JSON, BibTeX and RIS for reference managers, the
entity co-occurrence graph as GEXF or GraphML, and a self-contained HTML
report. Each family of formats has its module beside this one; what is
exported comes from :mod:`archive_reader.core.export.selection`, and every
export carries the provenance of :mod:`archive_reader.core.export.citations`.

The export only reads the database; its SQL is in :mod:`archive_reader.core.db.export`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from archive_reader.core.export.citations import bibtex, csl_items, ris
from archive_reader.core.export.files import article_file_name, write_atomically
from archive_reader.core.export.graph import cooccurrence, gexf, graphml
from archive_reader.core.export.markdown import markdown_article, markdown_document
from archive_reader.core.export.report import html_report
from archive_reader.core.export.selection import (
    ExportArticle,
    ExportError,
    NothingToExport,
    Selection,
    load_articles,
    select_articles,
)
from archive_reader.core.export.tables import CSV_ENCODING, annotations_csv, mentions_csv
from archive_reader.core.export.text import counted
from archive_reader.core.export.w3c import w3c_collection
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

    The Archive makes one for its library::

        exporter = archive.export
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
        return select_articles(
            self._handle,
            self._match,
            query=query,
            tag=tag,
            entity=entity,
            article_ids=article_ids,
        )

    def load(self, selection: Selection) -> list[ExportArticle]:
        """Reads the selected articles with their tags, highlights and mentions.

        Args:
            selection: From :meth:`select`, or built by hand.

        Returns:
            The articles in the selection's order (ids no longer present are
            left out).
        """
        return load_articles(self._handle, selection)

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
                write_atomically(path, markdown_article(article).encode("utf-8"))
                paths.append(path)
        else:
            text = self._render(format, articles, selection)
            encoding = CSV_ENCODING if format in {"csv", "mentions-csv"} else "utf-8"
            write_atomically(destination, text.encode(encoding))
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
        articles = load_articles(self._handle, selection)
        if not articles:
            raise NothingToExport(f"nothing to export: no article matches {selection.description}")
        if format in {"csv", "w3c"} and not any(a.annotations for a in articles):
            raise NothingToExport(
                f"nothing to export: the {counted(len(articles), 'article')} of"
                f" {selection.description} have no highlights"
            )
        if format in {"mentions-csv", "gexf", "graphml"} and not any(a.mentions for a in articles):
            raise NothingToExport(
                f"nothing to export: the {counted(len(articles), 'article')} of"
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
