"""The HTML report: self-contained (no scripts, no external resources), all text escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from archive_reader.core.db.storage import now
from archive_reader.core.export.citations import citation
from archive_reader.core.export.selection import ExportArticle
from archive_reader.core.export.text import counted, xml_text
from archive_reader.version import __version__

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")

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
    return html.escape(xml_text(text), quote=True)


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
        f'<p class="meta">{counted(len(articles), "article")}, {counted(highlights, "highlight")};'
        f" exported {_e(now())}</p>",
    ]
    for article in articles:
        out += _html_article(article)
    out.append("</body></html>")
    return "\n".join(out) + "\n"
