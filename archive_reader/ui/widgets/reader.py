"""ReaderView: shows one article's clean HTML with its highlights; never makes a network request.

Highlights and entity mentions are stored as character offsets into
``Article.text``, while the reader shows ``Article.html``: a :class:`TextMap`
(widgets/text_map.py) aligns the two, so that a selection in the reader becomes
a range of the text and a stored range can be marked, selected and scrolled to.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QHelpEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip, QWidget

from archive_reader.core.annotations.labels import DEFAULT_LABELS, PALETTE
from archive_reader.core.annotations.models import Annotation, Label
from archive_reader.core.entities.models import Mention
from archive_reader.core.errors import ArchiveError
from archive_reader.core.export.citations import citation
from archive_reader.core.export.selection import ExportArticle
from archive_reader.core.models import Article
from archive_reader.ui import messages, resources
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.widgets.article_browser import ArticleBrowser
from archive_reader.ui.widgets.entity_picker import EntityPickerDialog
from archive_reader.ui.widgets.find_bar import FindBar
from archive_reader.ui.widgets.marks import (
    annotations_at,
    find_selections,
    mark_selections,
    mentions_at,
    tooltip_html,
)
from archive_reader.ui.widgets.page import (
    SHOW_ORIGINAL_HREF,
    write_original_copy,
)

log = logging.getLogger(__name__)


_EXTERNAL_SCHEMES = {"http", "https", "mailto", "ftp"}
THEMES = ("light", "dark", "system")

_BASE = {"light": ("#ffffff", "#222222"), "dark": ("#1f2023", "#dcdcdc")}


class ReaderView(ArticleBrowser):
    """Shows an article: title, a meta line, then its clean HTML, with highlights and mentions.

    Images come only from ``Archive.resource``; remote URLs, stylesheets and any
    other resource resolve to nothing. Links never load inside: external ones
    open in the user's browser when clicked, through QDesktopServices.

    With text selected, keys 1-9 highlight it with the n-th label, N asks for a
    note, E tags it as an entity and Ctrl+Shift+C copies it with a citation;
    the context menu offers the same. The reader changes no data itself: it
    emits the requests below for the window to run (and undo).

    Signals:
        font_size_changed(float): (ArticleBrowser's) the font size in points, after a zoom.
        highlight_requested(int, int, str): Highlight text range [start, end)
            with the label of this name.
        note_requested(int, int): Add a note to text range [start, end).
        entity_tag_requested(int, int): The user asked to tag [start, end) as an
            entity; the reader opens its entity picker.
        entity_chosen(int, int, object, str): The picker's answer for [start, end):
            an existing entity's id and "", or None and the new entity's type.
        annotation_clicked(int): A click (without selecting) on a highlight.
        citation_copied(str): The text put on the clipboard by "Copy with Citation".
        theme_changed(str): The theme setting: "light", "dark" or "system".
        mentions_visible_changed(bool): Entity mentions were shown or hidden.
        status_message(str): A short message for the window's status bar.
    """

    highlight_requested = Signal(int, int, str)
    note_requested = Signal(int, int)
    entity_tag_requested = Signal(int, int)
    entity_chosen = Signal(int, int, object, str)
    annotation_clicked = Signal(int)
    citation_copied = Signal(str)
    theme_changed = Signal(str)
    mentions_visible_changed = Signal(bool)
    status_message = Signal(str)

    def __init__(self, archive: ArchiveFacade, parent: QWidget | None = None) -> None:
        super().__init__(archive, parent)
        self._annotations: list[Annotation] = []
        self._last_entity_type = ""
        self._mentions: list[Mention] = []
        self._marks: list[QTextEdit.ExtraSelection] = []
        self._mentions_visible = True
        self._theme = "system"
        self._effective_theme = ""
        self.entity_picker: EntityPickerDialog | None = None
        self._build_ui()
        self._connect_signals()
        self._apply_theme()
        self.show_placeholder("")

    def _build_ui(self) -> None:
        self.find_bar = FindBar(self, self)

        # Actions rather than bare shortcuts, so the main window can list them in a menu.
        self.zoom_in_action = QAction("Larger Text", self)
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = QAction("Smaller Text", self)
        self.zoom_out_action.setShortcut(QKeySequence("Ctrl+-"))
        self.zoom_reset_action = QAction("Actual Size", self)
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        self.show_original_action = QAction("Open &Original File", self)
        self.show_original_action.setShortcut(QKeySequence("Ctrl+U"))
        self.show_original_action.setToolTip(
            "Opens the saved file in your default program, which may go online"
        )
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
            self.show_original_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

        # Active while the reader or its find bar has the focus.
        self.find_action = QAction("&Find in Article…", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_next_action = QAction("Find &Next", self)
        self.find_next_action.setShortcut(QKeySequence.StandardKey.FindNext)
        self.find_previous_action = QAction("Find Pre&vious", self)
        self.find_previous_action.setShortcut(QKeySequence.StandardKey.FindPrevious)
        for action in (self.find_action, self.find_next_action, self.find_previous_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        # Selection commands: their keys are read in keyPressEvent (only with a
        # selection, so that 1-9, N and E stay free otherwise); the shortcuts set
        # here are shown in menus and never registered on a focused widget.
        self.add_note_action = QAction("Add &Note…", self)
        self.add_note_action.setShortcut(QKeySequence("N"))
        self.add_note_action.setIcon(resources.icon("highlight"))
        self.tag_entity_action = QAction("Tag as &Entity…", self)
        self.tag_entity_action.setShortcut(QKeySequence("E"))
        self.tag_entity_action.setIcon(resources.icon("entity"))
        self.copy_citation_action = QAction("Copy with &Citation", self)
        self.copy_citation_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        for action in (self.add_note_action, self.tag_entity_action, self.copy_citation_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setEnabled(False)

        self.underline_mentions_action = QAction("Underline Entity &Mentions", self)
        self.underline_mentions_action.setCheckable(True)
        self.underline_mentions_action.setChecked(True)
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for theme, text in (
            ("system", "Reader Theme: Follow &System"),
            ("light", "Reader Theme: &Light"),
            ("dark", "Reader Theme: &Dark"),
        ):
            action = QAction(text, self.theme_group)
            action.setCheckable(True)
            action.setData(theme)
            self.theme_actions[theme] = action
        self.theme_actions["system"].setChecked(True)

    def _connect_signals(self) -> None:
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self.selectionChanged.connect(self._on_self_selection_changed)
        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action.triggered.connect(self.zoom_out)
        self.zoom_reset_action.triggered.connect(self.zoom_reset)
        self.show_original_action.triggered.connect(self.show_original)
        self.find_action.triggered.connect(self.show_find_bar)
        self.find_next_action.triggered.connect(self._on_find_next_action_triggered)
        self.find_previous_action.triggered.connect(self._on_find_previous_action_triggered)
        self.add_note_action.triggered.connect(self.request_note)
        self.tag_entity_action.triggered.connect(self.request_entity_tag)
        self.copy_citation_action.triggered.connect(self.copy_with_citation)
        self.underline_mentions_action.toggled.connect(self.set_mentions_visible)
        self.theme_group.triggered.connect(self._on_theme_group_triggered)
        self.find_bar.matches_changed.connect(self._on_find_bar_matches_changed)
        self.find_bar.closed.connect(self._on_find_bar_closed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            self._on_style_hints_color_scheme_changed
        )

    # Public API: the article

    # Public API: highlights and mentions

    def labels(self) -> list[Label]:
        """The highlight labels in key order (1-9 for the first nine).

        In a library without labels, the default ones: the core creates a label
        with the name the first time a highlight uses it.
        """
        found = self._archive.annotations.labels()
        if found:
            return found
        return [
            Label(0, name, PALETTE[n % len(PALETTE)], n + 1)
            for n, name in enumerate(DEFAULT_LABELS)
        ]

    @property
    def annotations(self) -> list[Annotation]:
        """The article's highlights as last read (orphans included, though not shown)."""
        return list(self._annotations)

    @property
    def mentions(self) -> list[Mention]:
        """The article's entity mentions as last read."""
        return list(self._mentions)

    @property
    def mentions_visible(self) -> bool:
        return self._mentions_visible

    def set_mentions_visible(self, visible: bool) -> None:
        """Shows or hides the dotted underline of entity mentions."""
        if visible == self._mentions_visible:
            return
        self._mentions_visible = visible
        self.underline_mentions_action.setChecked(visible)
        self._build_marks()
        self.mentions_visible_changed.emit(visible)

    def refresh_marks(self) -> None:
        """Reads the article's highlights, labels and mentions again and redraws them."""
        self._annotations, self._mentions = [], []
        if self._article is not None:
            try:
                self._annotations = self._archive.annotations.for_article(self._article.id)
                self._mentions = self._archive.entities.mentions(article_id=self._article.id)
            except ArchiveError as error:  # the article was deleted meanwhile
                log.info("No marks for article %s: %s", self._article.id, error)
        self._build_marks()

    # Public API: selection commands

    def highlight_selection(self, label: str) -> bool:
        """Asks for the selection to be highlighted with ``label``; False without a selection."""
        found = self.text_range_of_selection()
        if found is None:
            return False
        self.highlight_requested.emit(found[0], found[1], label)
        return True

    def request_note(self) -> bool:
        """Asks for a note on the selection; False without a selection."""
        found = self.text_range_of_selection()
        if found is None:
            return False
        self.note_requested.emit(*found)
        return True

    def request_entity_tag(self) -> EntityPickerDialog | None:
        """Opens the entity picker for the selection (window-modal, not blocking).

        Its answer is emitted as ``entity_chosen``. Returns the dialog, or None
        without a selection.
        """
        found = self.text_range_of_selection()
        if found is None or self._article is None:
            return None
        # A name is whole words: a selection that starts or ends inside a word
        # takes all of it, and punctuation around it is left out.
        found = _whole_words(self._article.text, *found)
        if found is None:
            self.status_message.emit("Select a name (words, not only punctuation) to tag it.")
            return None
        start, end = found
        self.select_text_range(start, end)
        self.entity_tag_requested.emit(start, end)
        catalog = self._archive.entities
        entities, types = catalog.entities(), catalog.types()
        if self.entity_picker is not None:
            self.entity_picker.deleteLater()
        dialog = EntityPickerDialog(
            self._article.text[start:end], entities, types, self, self._last_entity_type
        )
        dialog.accepted.connect(lambda: self._on_entity_picker_accepted(dialog, start, end))
        self.entity_picker = dialog
        dialog.open()
        return dialog

    def _on_entity_picker_accepted(self, dialog: EntityPickerDialog, start: int, end: int) -> None:
        if dialog.entity_type():
            self._last_entity_type = dialog.entity_type()  # offered first next time
        self.entity_chosen.emit(start, end, dialog.entity_id(), dialog.entity_type())

    def copy_with_citation(self) -> str | None:
        """Copies the selection in quotes with the article's citation line; returns the text."""
        found = self.text_range_of_selection()
        if found is None or self._article is None:
            return None
        quote = " ".join(self._article.text[found[0] : found[1]].split())
        line = citation(_export_article(self._article))
        text = f"“{quote}”\n{line}"
        mime = QMimeData()
        mime.setText(text)
        mime.setHtml(f"<blockquote>“{html.escape(quote)}”</blockquote><p>{html.escape(line)}</p>")
        QGuiApplication.clipboard().setMimeData(mime)
        self.citation_copied.emit(text)
        return text

    def context_menu(self, position: QPoint) -> QMenu:
        """The context menu at ``position`` (viewport coordinates): selection commands first."""
        document_point = position + QPoint(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        )
        menu = self.createStandardContextMenu(document_point)
        menu.setParent(self, menu.windowFlags())
        first = menu.actions()[0] if menu.actions() else None
        has_range = self.text_range_of_selection() is not None
        highlight_menu = QMenu("&Highlight as", menu)
        highlight_menu.setEnabled(has_range)
        for label in self.labels():
            action = highlight_menu.addAction(_color_icon(label.color), label.name)
            if label.position <= 9:
                action.setShortcut(QKeySequence(str(label.position)))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(
                lambda _=False, name=label.name: self.highlight_selection(name)
            )
        # Before None (an empty standard menu), Qt inserts at the end: the stubs say QAction.
        menu.insertMenu(first, highlight_menu)  # type: ignore[arg-type]
        for action in (self.add_note_action, self.tag_entity_action, self.copy_citation_action):
            menu.insertAction(first, action)  # type: ignore[arg-type]
        menu.insertSeparator(first)  # type: ignore[arg-type]
        menu.addSeparator()
        menu.addAction(self.find_action)
        menu.addAction(self.underline_mentions_action)
        menu.addAction(self.show_original_action)
        self.show_original_action.setEnabled(self._article is not None)
        return menu

    # Public API: find, theme, original

    def show_find_bar(self) -> None:
        """Opens the find bar (the selected words, if short, become its text)."""
        self.find_bar.open()
        self._place_find_bar()

    @property
    def theme(self) -> str:
        """The theme setting: "light", "dark" or "system"."""
        return self._theme

    @property
    def effective_theme(self) -> str:
        """The theme in use: "light" or "dark"."""
        return self._effective_theme

    def set_theme(self, theme: str) -> None:
        """Uses the light or dark reader theme, or follows the system's colour scheme."""
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}")
        self.theme_actions[theme].setChecked(True)
        if theme == self._theme:
            return
        self._theme = theme
        self._apply_theme()
        self.theme_changed.emit(theme)

    def show_original(self) -> Path | None:
        """Opens the article's stored original in the user's default program.

        The original is kept without a file name extension, so a copy named
        for its format (.html, .mhtml, .warc, .warc.gz) is written to a temporary
        folder and opened; it is never loaded inside the reader. Returns the copy.
        """
        article = self._article
        if article is None:
            return None
        try:
            data = Path(self._archive.original_path(article.id)).read_bytes()
        except ArchiveError as error:
            messages.show_error(self, "Cannot open the original", str(error))
            return None
        except OSError as error:
            messages.show_error(
                self,
                "Cannot open the original",
                "The original file of this article is missing from the library.",
                str(error),
            )
            return None
        try:
            target = write_original_copy(data, article)
        except OSError as error:
            messages.show_error(
                self, "Cannot open the original", "Could not write a temporary copy.", str(error)
            )
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target

    # Qt overrides

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_find_bar()

    def event(self, event: QEvent) -> bool:
        # Selection keys win over window shortcuts of the same key, while a selection exists.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._selection_command(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = self._selection_command(event)
        if command is not None:
            command()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.close_bar()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        found = self._annotations_at(event.position().toPoint())
        if found:
            self.annotation_clicked.emit(found[0].id)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    # Internals: find bar

    def _rendered(self) -> None:
        self.refresh_marks()
        self.find_bar.refresh(keep_position=False)
        self._on_self_selection_changed()

    def _place_find_bar(self) -> None:
        """The find bar sits under the text, above the horizontal scroll bar."""
        bar = self.find_bar
        if not bar.isVisible():
            self.setViewportMargins(0, 0, 0, 0)
            return
        height = bar.sizeHint().height()
        self.setViewportMargins(0, 0, 0, height)
        rect = self.contentsRect()
        bar.setGeometry(rect.left(), rect.bottom() + 1 - height, rect.width(), height)

    # Internals: theme

    def _resolved_theme(self) -> str:
        return system_theme() if self._theme == "system" else self._theme

    def _apply_theme(self) -> None:
        theme = self._resolved_theme()
        if theme == self._effective_theme:
            return
        self._effective_theme = theme
        css = resources.read_text("style", "reader.css")
        if theme == "dark":
            css += "\n" + resources.read_text("style", "reader-dark.css")
        self.document().setDefaultStyleSheet(css)
        # The page's colours: the document's default text colour is the view's Text
        # role. The find bar keeps the application's colours, not the page's.
        base, text = _BASE[theme]
        palette = QPalette(self.palette())
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Base, QColor(base))
            palette.setColor(group, QPalette.ColorRole.Text, QColor(text))
        self.setPalette(palette)
        application = QPalette(QGuiApplication.palette())
        application.setResolveMask(0xFFFFFFFFFFFFFFFF)
        self.find_bar.setPalette(application)
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._render()  # the default stylesheet applies when html is set
        bar.setValue(round(fraction * bar.maximum()))

    # Internals: marks

    def _build_marks(self) -> None:
        colors = {label.name: label.color for label in self.labels()}
        mentions = self._mentions if self._mentions_visible else []
        self._marks = mark_selections(
            self.document(), self._map, self._annotations, mentions, colors, self._theme_name()
        )
        self._update_extra_selections()

    def _update_extra_selections(self) -> None:
        found = find_selections(self.find_bar.matches, self._theme_name())
        self.setExtraSelections(self._marks + found)

    def _theme_name(self) -> str:
        return self._effective_theme or "light"

    def _annotations_at(self, point: QPoint) -> list[Annotation]:
        offset = self._text_offset_at_point(point)
        return [] if offset is None else annotations_at(self._annotations, offset)

    def _tooltip_at(self, point: QPoint) -> str:
        offset = self._text_offset_at_point(point)
        if offset is None:
            return ""
        mentions = mentions_at(self._mentions, offset) if self._mentions_visible else []
        return tooltip_html(annotations_at(self._annotations, offset), mentions)

    # Internals: keys

    def _selection_command(self, event: QKeyEvent) -> Callable[[], object] | None:
        """What a key does to the selection (1-9, N, E, Ctrl+Shift+C), if it does anything."""
        if self._article is None or not self.textCursor().hasSelection():
            return None
        combination = QKeySequence(event.keyCombination())
        if combination == self.copy_citation_action.shortcut():
            command: Callable[[], object] | None = self.copy_with_citation
        else:
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers != Qt.KeyboardModifier.NoModifier:
                return None
            key = event.key()
            command = None
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                number = key - Qt.Key.Key_1 + 1
                label = next((lb for lb in self.labels() if lb.position == number), None)
                if label is not None:
                    name = label.name
                    command = lambda: self.highlight_selection(name)  # noqa: E731
            elif key == Qt.Key.Key_N:
                command = self.request_note
            elif key == Qt.Key.Key_E:
                command = self.request_entity_tag
        if command is None or self.text_range_of_selection() is None:
            return None
        return command

    # Slots

    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        if url.toString() == SHOW_ORIGINAL_HREF:
            self.show_original()
        elif url.scheme() in _EXTERNAL_SCHEMES:
            # User-initiated: the system browser opens it; the reader never loads it.
            QDesktopServices.openUrl(url)
        elif not url.scheme() and url.hasFragment():
            self.scrollToAnchor(url.fragment())

    def _on_self_selection_changed(self) -> None:
        has_range = self.text_range_of_selection() is not None
        for action in (self.add_note_action, self.tag_entity_action, self.copy_citation_action):
            action.setEnabled(has_range)

    def _on_find_next_action_triggered(self) -> None:
        if self.find_bar.isVisible():
            self.find_bar.find_next()
        else:
            self.show_find_bar()

    def _on_find_previous_action_triggered(self) -> None:
        if self.find_bar.isVisible():
            self.find_bar.find_previous()
        else:
            self.show_find_bar()

    def _on_find_bar_matches_changed(self) -> None:
        self._update_extra_selections()

    def _on_find_bar_closed(self) -> None:
        self._place_find_bar()

    def _on_theme_group_triggered(self, action: QAction) -> None:
        self.set_theme(str(action.data()))

    def _on_style_hints_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._theme == "system":
            self._apply_theme()


def system_theme() -> str:
    """ "dark" or "light": the system's colour scheme, else the application palette's lightness."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return "dark"
    if scheme == Qt.ColorScheme.Light:
        return "light"
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return "dark" if window.lightness() < 128 else "light"


def _export_article(article: Article) -> ExportArticle:
    return ExportArticle(
        id=article.id,
        title=article.title,
        url=article.url,
        author=article.author,
        published=article.published,
        site_name=article.site_name,
        language=article.language,
        description=article.description,
        note=article.note,
        original_sha256=article.original_sha256,
        source_format=article.source_format,
        captured_at=article.captured_at,
        imported_at=article.imported_at,
    )


def _color_icon(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) widened to whole words and trimmed of what is not a word; None if empty."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if start >= end:
        return None
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end
