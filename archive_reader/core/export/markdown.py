"""Markdown notes: one file per article (YAML front matter) or one file for a selection.

Written for note apps (Obsidian, Logseq) as much as for CommonMark: only what
would change the rendering is escaped (their ``$`` math, ``%%`` comments and
``==`` marks too, not the hyphen in "2019-11-19" or "13-Inch"); a tag is
spelled the same in the front matter and the text (``state-media``, a valid
Obsidian tag); every highlight ends with a block id (``^hl-42``) that a link
can point to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from archive_reader.core.db.storage import now
from archive_reader.core.export.citations import citation
from archive_reader.core.export.selection import ExportAnnotation, ExportArticle
from archive_reader.version import __version__

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!$])")
# Obsidian's comments (%%) and highlights (==): escaped only where they would act.
_MD_PAIRS = re.compile(r"(%%|==)")
# An entity or character reference ("&amp;", "&#60;") that Markdown would decode.
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What makes a line a list item ("- ", "+ ", "1. ", "2) ") or a setext underline at its start.
_MD_LINE_START = re.compile(r"^(\s*(?:\d+)?)([-+.)])(?=\s|$)|^(\s*)([-=])(?=[-=\s]*$)")


def _md(text: str) -> str:
    """Text with Markdown's active characters escaped, kept on one line.

    Line breaks become spaces, so that a title or an item stays in its heading
    or list line; :func:`_md_lines` keeps them for notes and quotes.
    """
    return _md_line(" ".join(text.splitlines()))


def _md_line(line: str) -> str:
    line = _MD_ENTITY.sub("&amp;", _MD_SPECIAL.sub(r"\\\1", line))
    line = _MD_PAIRS.sub(lambda m: "\\" + m.group()[0] + "\\" + m.group()[1], line)
    return _MD_LINE_START.sub(_escape_start, line, count=1)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(2) is not None:
        if match.group(2) in ".)" and not match.group(1).strip():
            return match.group(0)  # ". " or ") " alone starts no list
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(3)}\\{match.group(4)}"


def tag_name(tag: str) -> str:
    """A tag as note apps spell it: ``state media`` -> ``state-media``.

    Letters, digits, ``_``, ``-`` and ``/`` are kept; anything else becomes a
    hyphen; a tag of digits only (not a tag in Obsidian) gets a leading ``_``.
    """
    name = re.sub(r"[^\w/-]+", "-", tag.strip()).strip("-") or "_"
    return "_" + name if name.isdigit() else name


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
        "tags": [tag_name(tag) for tag in article.tags],
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
        details.append("tags: " + ", ".join(f"#{tag_name(tag)}" for tag in annotation.tags))
    if annotation.entities:
        details.append("entities: " + ", ".join(_md(e) for e in annotation.entities))
    place = f"characters {annotation.start}–{annotation.end}"
    if annotation.orphaned:
        place += ", not found in the current text"
    details.append(f"highlight {annotation.id}, {place}")
    # A block id: [[note#^hl-42]] links to this highlight in Obsidian.
    lines.append("— " + " · ".join(details) + f" ^hl-{annotation.id}")
    if annotation.note:
        lines += ["", *_md_lines(annotation.note)]
    return "\n".join(lines) + "\n"


def _md_article(article: ExportArticle, level: int) -> str:
    head = "#" * level
    out = [f"{head} {_md(article.title)}", "", _md(citation(article)), ""]
    if article.tags:
        out += ["Tags: " + ", ".join(f"#{tag_name(t)}" for t in article.tags), ""]
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
