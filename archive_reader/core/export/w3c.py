"""W3C Web Annotation: the highlights as a JSON-LD AnnotationCollection."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from archive_reader.core.db.storage import now
from archive_reader.core.export.citations import provenance
from archive_reader.core.export.selection import ExportAnnotation, ExportArticle

#: The JSON-LD context of the W3C Web Annotation vocabulary.
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Our own vocabulary: the provenance terms of the ``archiveReader`` block.
VOCABULARY = "urn:archive-reader:vocab:"
#: The export's context: the W3C one, then ours, so that a JSON-LD processor
#: keeps the provenance (article id, hash, dates) when it expands the file.
CONTEXT: list[object] = [
    W3C_CONTEXT,
    {
        "@version": 1.1,
        "archiveReader": {"@id": VOCABULARY + "provenance", "@context": {"@vocab": VOCABULARY}},
    },
]


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
    # Outside the anno.jsonld vocabulary, in ours (CONTEXT): people, scripts and
    # JSON-LD processors use it to find the article and its original file.
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
        "@context": CONTEXT,
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
