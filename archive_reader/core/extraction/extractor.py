"""Saved HTML -> the article's main text, clean HTML and metadata (BeautifulSoup, HTML5 tree).

The page is parsed as a browser parses it (``parse``: lexbor's HTML5 parser,
copied into a BeautifulSoup tree). The extractor works in three passes over
that tree:

1. ``walk.Analysis`` walks the tree once (iteratively, post-order), drops what can
   never be article text (scripts, navigation, hidden and boilerplate-classed
   elements), collects metadata tags on the way, and computes every element's
   text length, link text length and comma count bottom-up.
2. ``choose``: text blocks (paragraphs, preformatted text, text-holding divs) give points
   to their parent and grandparents; the best-scoring container, adjusted for
   link density and class hints, is the article. Sibling blocks that look like
   part of it are added.
3. ``blocks.Builder`` turns the chosen elements into blocks (headings, paragraphs,
   lists, quotes, tables, figures), each with its plain text and clean HTML;
   a last filter drops the repeated headline, photo credits, link lists and
   interface fragments.

Captions: the text is the article's running prose, so a caption is kept (in the
html and the text alike) only for a single picture shown inside the prose, after
the first paragraph, when it is a sentence of its own; lead photos, galleries,
credits and caption elements laid out outside <figure> keep their picture only.
Metadata comes from ``metadata``, the language from ``language``: the page's
declaration checked against py3langid on the text.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning

from archive_reader.core.extraction.blocks import Block, Builder, filter_blocks, html_blocks
from archive_reader.core.extraction.choose import choose
from archive_reader.core.extraction.language import page_language
from archive_reader.core.extraction.metadata import Metadata
from archive_reader.core.extraction.parse import parse_html5
from archive_reader.core.extraction.text import http_url
from archive_reader.core.extraction.vocabulary import DROP_TAGS, class_string, is_hidden
from archive_reader.core.extraction.walk import WRAPPER_TEXT, Analysis
from archive_reader.core.models import ExtractedArticle

__all__ = ["extract_article", "extract_visible_text"]
_XML_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*>")
_WORD = re.compile(r"\w")
# What a browser never shows as text on the page: what the article pass drops by tag,
# less the containers it drops as page furniture (the visible text keeps their text
# and leaves out link lists on its own), plus the head.
_NEVER_SHOWN = (DROP_TAGS - {"aside", "button", "footer", "frameset", "label", "menu", "nav"}) | {
    "head"
}
# Consent banners: laid over the page, not part of it.
_CONSENT = re.compile(r"cookie|consent|gdpr", re.IGNORECASE)
# The same, and the readers' comments under an article.
_CONSENT_OR_COMMENTS = re.compile(
    r"cookie|consent|gdpr|(?:^|[\s_-])(?:comments?|disqus|respond|replies)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Hidden elements that are page furniture rather than folded-away prose.
_FURNITURE = re.compile(
    r"modal|popup|pop-up|dialog|menu|nav|drawer|overlay|tooltip|dropdown|cookie|consent|"
    r"search|cart|login|sign|newsletter|subscri|banner|toast|alert|lightbox",
    re.IGNORECASE,
)
_ANSWER = re.compile(r"(?:Answer|Question)$")
# Folded-away prose has at least this much text.
_COLLAPSED_TEXT = 40
# Navigation blocks: left out of the visible text when they are mostly links.
_LINK_BLOCKS = frozenset({"nav", "menu", "footer"})
# Below this much text, the page is read again for a thread of replies.
_THREAD_START = 4000
# An article shorter than this share of its page's main region is only part of it.
_REGION_SHARE = 0.4
_ARTICLE_TYPE = re.compile(
    r'"@type"\s*:\s*\[?[^\]}]*"(?:\w*Article|BlogPosting|LiveBlogPosting|Report)"'
)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\s*\d+\s*\)\s*(\S+?)\s*-->", re.IGNORECASE)


def extract_article(html: str, url: str | None = None) -> ExtractedArticle:
    """Extracts the main article and its metadata from a saved web page.

    Never raises on odd input: a page with no article gives an ExtractedArticle
    with an empty ``title`` and ``text`` (the importer then skips it).

    Args:
        html: The page as decoded text (HTML or XHTML, possibly truncated).
        url: The address the page was captured from, when the container knows it
            (MHTML Snapshot-Content-Location, WARC-Target-URI). Used as a fallback
            canonical URL and as the base for resolving relative links.

    Returns:
        The article: title, plain text (blocks separated by a blank line), the same
        blocks as clean HTML, and whatever metadata the page declares.
    """
    if not html or not html.strip():
        return ExtractedArticle(title="", text="", html="", url=http_url(url))
    saved_from = _saved_from_url(html)
    soup = _parse(html)
    first = Analysis(soup, use_classes=True, collect_meta=True)
    meta = Metadata(first, url=url, saved_from=saved_from)
    base = http_url(url) or saved_from or meta.url
    blocks = _article_blocks(first, base, meta.title)
    text_len = sum(len(b.text) for b in blocks)
    if text_len < 250 and (len(html) > 5000 or not text_len):
        # Boilerplate words in class names sometimes sit on the article's own
        # container ("post has-sidebar"); try again trusting tags only. The
        # article may also sit in an element dropped by its tag (a <nav> never
        # closed, a forum's posts in <noscript>): such an element is kept when
        # it holds a wrapper's worth or half of the page's paragraph text.
        probe = Analysis(soup, use_classes=False, collect_meta=False, rescue=True, rescue_text=0)
        keep = min(WRAPPER_TEXT, max(80, probe.page_text() // 2))
        second = Analysis(
            soup, use_classes=False, collect_meta=False, rescue=True, rescue_text=keep
        )
        retry = _article_blocks(second, base, meta.title)
        if sum(len(b.text) for b in retry) > max(2 * text_len, 250):
            blocks = retry
    elif text_len < _THREAD_START:
        # A discussion thread: the first pass keeps the opening post and drops
        # the replies by their class words ("comments", "replies"), but on a
        # thread the replies are the content. Read the page again trusting
        # tags only; keep the result when it is a thread of repeated posts.
        thread = Analysis(soup, use_classes=False, collect_meta=False, posts=True)
        retry = _article_blocks(thread, base, meta.title)
        if thread.thread and sum(len(b.text) for b in retry) > 1.5 * text_len:
            blocks = retry
    # A page whose main region shows much more than the article found (a
    # service page of many sections, a listing, a thread the walk cut short,
    # an article split into blocks the walk did not join) is kept as the
    # visible text of that region; the readers' comments under an article
    # stay out of it on a page that says it is an article (on a forum the
    # replies are the content). A page without any article is the importer's
    # to decide: it keeps a saved page's visible text with a note and leaves
    # a crawl's out. The region's whole text is a cheap bound checked first
    # (blocks are joined by a blank line where get_text puts a space: slack).
    region = _main_region(first)
    found = _length(blocks)
    if found and found < _REGION_SHARE * 1.1 * len(region.get_text(" ", strip=True)):
        visible = _visible_blocks(region, base, comments=_declares_article(first))
        if found < _REGION_SHARE * _length(visible):
            blocks = visible
    return _article(meta, blocks)


def _declares_article(analysis: Analysis) -> bool:
    """Tells whether the page says it is an article (og:type, a JSON-LD article type)."""
    if any(
        str(m.get("property", "")).lower() == "og:type"
        and str(m.get("content", "")).strip().lower() == "article"
        for m in analysis.metas
    ):
        return True
    return any(_ARTICLE_TYPE.search(script) for script in analysis.json_ld)


def _length(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.parts)


def extract_visible_text(html: str, url: str | None = None) -> ExtractedArticle:
    """The page's whole visible text and its metadata, for a page without an article.

    A page the researcher saved is kept even when no article is found on it (a
    listing, a service page, markup the extractor cannot read): its visible
    text is what they saw. Scripts, styles, hidden elements, form controls and
    consent banners are left out, and so are navigation blocks, short footers
    and any block that is mostly links (a front page's list of headlines); a
    ``<nav>`` that holds the page's prose (one never closed) is kept.

    Args:
        html: The page as decoded text.
        url: The address the page was captured from, when known.

    Returns:
        An ExtractedArticle whose ``text`` is the visible text in blocks
        separated by a blank line ("" when the page shows no text).
    """
    if not html or not html.strip():
        return ExtractedArticle(title="", text="", html="", url=http_url(url))
    saved_from = _saved_from_url(html)
    soup = _parse(html)
    analysis = Analysis(soup, use_classes=False, collect_meta=True)
    meta = Metadata(analysis, url=url, saved_from=saved_from)
    base = http_url(url) or saved_from or meta.url
    return _article(meta, _visible_blocks(soup.body or soup, base))


def _visible_blocks(region: Tag, base: str | None, *, comments: bool = False) -> list[Block]:
    """The visible text of one region of the page as blocks, link lists left out.

    With ``comments``, the readers' comments are left out too (marked by their
    class or id: "comments", "disqus", "respond", "replies").
    """
    blocks = Builder(_invisible(region, comments), base).build([region])
    blocks = [b for b in blocks if not b.parts or (_WORD.search(b.text) and not _links_only(b))]
    # A heading whose section was all links announces nothing now ("Most read"):
    # one followed by nothing, or by a heading of its own level or above.
    return [
        b
        for i, b in enumerate(blocks)
        if not _is_heading(b)
        or any(n.parts and (not _is_heading(n) or n.kind > b.kind) for n in blocks[i + 1 : i + 2])
    ]


def _is_heading(block: Block) -> bool:
    return len(block.kind) == 2 and block.kind[0] == "h" and block.kind[1].isdigit()


def _main_region(analysis: Analysis) -> Tag:
    """The page's main region: its ``<main>`` (or role="main") with the most text, else the body."""
    if not analysis.mains:
        return analysis.soup.body or analysis.soup
    return max(analysis.mains, key=lambda t: len(t.get_text()))


def _article(meta: Metadata, blocks: list[Block]) -> ExtractedArticle:
    """The extracted article: the blocks' text and clean HTML with the page's metadata."""
    text = "\n\n".join(b.text for b in blocks if b.parts)
    return ExtractedArticle(
        title=meta.title,
        text=text,
        html="\n".join(b.html for b in html_blocks(blocks)),
        url=meta.url,
        author=meta.author,
        published=meta.published,
        site_name=meta.site_name,
        language=page_language(meta.language, text),
        description=meta.description,
        image=meta.image,
    )


def _links_only(block: Block) -> bool:
    """Tells whether a block is mostly links: navigation, a list of headlines."""
    total = sum(len(p.text) for p in block.parts)
    return bool(total) and sum(p.links for p in block.parts) > 0.5 * total


def _invisible(region: Tag, comments: bool = False) -> set[int]:
    """The elements of a region a reader never sees, and link-list navigation, by id()."""
    dropped: set[int] = set()
    unwanted = _CONSENT_OR_COMMENTS if comments else _CONSENT
    for tag in region.find_all(True):
        name = tag.name
        if name in _NEVER_SHOWN or (
            tag.attrs
            and (
                (is_hidden(tag.attrs) and not _collapsed(tag))
                or unwanted.search(class_string(tag.attrs))
            )
        ):
            dropped.add(id(tag))
        elif name in _LINK_BLOCKS:
            text = len(tag.get_text(" ", strip=True))
            links = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
            if not text or links >= 0.5 * text or (name == "footer" and text - links < 200):
                dropped.add(id(tag))
    return dropped


def _collapsed(tag: Tag) -> bool:
    """Tells folded-away prose (an answer, a "read more") from hidden page furniture."""
    if _FURNITURE.search(class_string(tag.attrs)):
        return False
    if "itemscope" in tag.attrs and not _ANSWER.search(str(tag.get("itemtype") or "")):
        # A machine-readable copy of the page's data (schema.org microdata laid
        # out hidden), not a folded answer.
        return False
    text = len(tag.get_text(" ", strip=True))
    if text < _COLLAPSED_TEXT:
        return False
    links = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    return links < 0.3 * text


def _parse(html: str) -> BeautifulSoup:
    # An XML declaration makes BeautifulSoup warn that XML is parsed as HTML; the
    # HTML parser is what we want for XHTML pages, and the declaration says nothing.
    declaration = _XML_DECLARATION.match(html)
    if declaration:
        html = html[declaration.end() :]
    if len(html) <= 256 and "<" not in html:
        # Plain text: BeautifulSoup warns that it looks like a file name or URL.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            return parse_html5(html)
    if html.lstrip("\ufeff \t\r\n").startswith("<?xml"):
        # A declaration cut short ("<?xml" and no ">"): the same warning as above.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            return parse_html5(html)
    return parse_html5(html)


def _saved_from_url(html: str) -> str | None:
    match = _SAVED_FROM.search(html[:2048])
    return http_url(match.group(1)) if match else None


def _article_blocks(analysis: Analysis, base: str | None, title: str) -> list[Block]:
    chosen = choose(analysis)
    blocks = Builder(analysis.dropped, base).build(chosen)
    return filter_blocks(blocks, title)
