"""ReaderView: shows one article's clean HTML; never makes a network request."""

from __future__ import annotations

import html
import logging
import re
from typing import Any, Protocol
from urllib.parse import unquote

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QFont,
    QImage,
    QKeySequence,
    QResizeEvent,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from archive_reader.core.models import Article
from archive_reader.ui import resources

log = logging.getLogger(__name__)

_EXTERNAL_SCHEMES = {"http", "https", "mailto", "ftp"}


# QTextDocument does not know figure/figcaption: it would run the image into the
# paragraph before it. Shown as the blocks it does know; the stored html is unchanged.
_QT_TAGS = [
    (re.compile(r"<figure\b[^>]*>", re.IGNORECASE), '<div class="figure">'),
    (re.compile(r"</figure\s*>", re.IGNORECASE), "</div>"),
    (re.compile(r"<figcaption\b[^>]*>", re.IGNORECASE), '<p class="caption">'),
    (re.compile(r"</figcaption\s*>", re.IGNORECASE), "</p>"),
]


def _for_qt(article_html: str) -> str:
    for pattern, replacement in _QT_TAGS:
        article_html = pattern.sub(replacement, article_html)
    return article_html


class ResourceSource(Protocol):
    """What the reader needs from an Archive."""

    def resource(self, article_id: int, ref: str) -> tuple[bytes, str] | None: ...


class ReaderView(QTextBrowser):
    """Shows an article: title, a meta line, then its clean HTML.

    Images come only from ``Archive.resource``; remote URLs, stylesheets and any
    other resource resolve to nothing. Links never load inside: external ones
    open in the user's browser when clicked, through QDesktopServices.

    Signals:
        font_size_changed(float): The reading font size in points, after a zoom.
    """

    font_size_changed = Signal(float)

    TEXT_WIDTH = 700
    """The widest text column, in pixels; wider views get side margins."""
    SIDE_MARGIN = 28
    MIN_FONT_SIZE, MAX_FONT_SIZE = 8.0, 32.0

    def __init__(self, archive: ResourceSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._archive = archive
        self._article: Article | None = None
        self._font_size = 13.0
        self._build_ui()
        self._connect_signals()
        self.show_placeholder("")

    def _build_ui(self) -> None:
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setAcceptDrops(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.document().setDefaultStyleSheet(resources.read_text("style", "reader.css"))
        self.document().setDocumentMargin(24)
        self._apply_font()
        # Actions rather than bare shortcuts, so the main window can list them in a menu.
        self.zoom_in_action = QAction("Larger Text", self)
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = QAction("Smaller Text", self)
        self.zoom_out_action.setShortcut(QKeySequence("Ctrl+-"))
        self.zoom_reset_action = QAction("Actual Size", self)
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

    def _connect_signals(self) -> None:
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action.triggered.connect(self.zoom_out)
        self.zoom_reset_action.triggered.connect(self.zoom_reset)

    # Public API

    @property
    def article(self) -> Article | None:
        """The article shown, if any."""
        return self._article

    @property
    def font_size(self) -> float:
        return self._font_size

    def show_article(self, article: Article) -> None:
        """Shows ``article`` from the top."""
        self._article = article
        self.document().clear()
        self.setHtml(self._article_html(article))
        self._update_text_width()
        self.verticalScrollBar().setValue(0)

    def show_placeholder(self, text: str) -> None:
        """Shows a short grey message instead of an article."""
        self._article = None
        self.setHtml(f'<p class="placeholder">{html.escape(text)}</p>')
        self._update_text_width()

    def set_font_size(self, points: float) -> None:
        points = max(self.MIN_FONT_SIZE, min(self.MAX_FONT_SIZE, points))
        if points != self._font_size:
            self._font_size = points
            self._apply_font()
            self.font_size_changed.emit(points)

    def zoom_in(self) -> None:
        self.set_font_size(self._font_size + 1)

    def zoom_out(self) -> None:
        self.set_font_size(self._font_size - 1)

    def zoom_reset(self) -> None:
        self.set_font_size(13.0)

    # Qt overrides

    def loadResource(self, type: int, name: QUrl) -> Any:
        """Images from the archive only; nothing is ever fetched or read from disk."""
        if type != QTextDocument.ResourceType.ImageResource or self._article is None:
            return None
        found = self._find_resource(self._article, name)
        if found is None:
            return None
        image = QImage.fromData(found[0])
        if image.isNull():
            log.debug("Article %s: resource %s is not an image", self._article.id, name)
            return None
        if image.width() > self.TEXT_WIDTH:
            image = image.scaledToWidth(self.TEXT_WIDTH, Qt.TransformationMode.SmoothTransformation)
        return image

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_text_width()

    # Internals

    def _find_resource(self, article: Article, name: QUrl) -> tuple[bytes, str] | None:
        """Asks the archive for the image by the src as written in the article's html.

        The core writes kept images as ``resource:<sha256>``; other refs are the src
        of the original page, which QUrl may have re-encoded (spaces, %-escapes), so
        the spellings are matched against the article's known references first.
        """
        spellings = [
            name.toString(),
            name.toString(QUrl.ComponentFormattingOption.FullyEncoded),
            unquote(name.toString(QUrl.ComponentFormattingOption.FullyEncoded)),
        ]
        ref = next((s for s in spellings if s in article.resources), spellings[0])
        return self._archive.resource(article.id, ref)

    def _article_html(self, article: Article) -> str:
        title = html.escape(article.title or "(untitled)")
        names = [article.author, article.site_name]
        if article.author and article.author == article.site_name:
            names = [article.site_name]  # sites that sign articles with their own name
        parts = [html.escape(p) for p in names if p]
        if article.published:
            parts.append(html.escape(article.published[:10]))
        if article.url:
            url = html.escape(article.url, quote=True)
            parts.append(f'<a href="{url}">{url}</a>')
        meta = " · ".join(parts)
        meta_html = f'<p class="meta">{meta}</p>' if meta else ""
        return f"<h1>{title}</h1>{meta_html}{_for_qt(article.html)}"

    def _apply_font(self) -> None:
        font = QFont()
        font.setFamilies(["Charter", "Georgia", "Noto Serif", "DejaVu Serif", "Liberation Serif"])
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(self._font_size)
        self.document().setDefaultFont(font)

    def _update_text_width(self) -> None:
        """Keeps lines readable: centres a column of at most TEXT_WIDTH pixels."""
        width = self.viewport().width()
        side = max(self.SIDE_MARGIN, (width - self.TEXT_WIDTH) // 2)
        frame = self.document().rootFrame()
        fmt: QTextFrameFormat = frame.frameFormat()
        if fmt.leftMargin() != side or fmt.rightMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(12)
            fmt.setBottomMargin(24)
            frame.setFrameFormat(fmt)

    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in _EXTERNAL_SCHEMES:
            # User-initiated: the system browser opens it; the reader never loads it.
            QDesktopServices.openUrl(url)
        elif not url.scheme() and url.hasFragment():
            self.scrollToAnchor(url.fragment())
