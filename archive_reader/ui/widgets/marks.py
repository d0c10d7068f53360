"""The reader's marks: highlights, mentions and find matches as extra selections; hit tests."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from archive_reader.core.annotations.labels import PALETTE
from archive_reader.core.annotations.models import Annotation
from archive_reader.core.entities.models import Mention
from archive_reader.ui.widgets.text_map import TextMap

_HIGHLIGHT_ALPHA = {"light": 120, "dark": 115}
_MENTION_UNDERLINE = {"light": "#7b8594", "dark": "#8f99a8"}
_FIND_MATCH = {"light": ("#ffe066", "#1a1a1a"), "dark": ("#c98a00", "#101010")}


def mark_selections(
    document: QTextDocument,
    mapping: TextMap,
    annotations: Iterable[Annotation],
    mentions: Iterable[Mention],
    label_colors: dict[str, str],
    theme: str,
) -> list[QTextEdit.ExtraSelection]:
    """The highlights (in their label's colour; orphans left out), then the mentions (dotted)."""
    marks: list[QTextEdit.ExtraSelection] = []
    for annotation in annotations:
        if annotation.orphaned:
            continue
        color = annotation.color or label_colors.get(annotation.label or "", PALETTE[0])
        background = QColor(color)
        background.setAlpha(_HIGHLIGHT_ALPHA[theme])
        fmt = QTextCharFormat()
        fmt.setBackground(background)
        fmt.setProperty(QTextCharFormat.Property.UserProperty, annotation.id)
        marks.extend(text_selections(document, mapping, annotation.start, annotation.end, fmt))
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor(_MENTION_UNDERLINE[theme]))
    for mention in mentions:
        marks.extend(text_selections(document, mapping, mention.start, mention.end, fmt))
    return marks


def text_selections(
    document: QTextDocument, mapping: TextMap, start: int, end: int, fmt: QTextCharFormat
) -> list[QTextEdit.ExtraSelection]:
    """Selections of text range [start, end), one per block.

    A cursor whose selection crosses into a table selects whole cells, so a
    range is cut at block ends and each piece marks only its own characters.
    """
    found = mapping.to_document(start, end)
    if found is None:
        return []
    start, end = found
    selections = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        piece_start = max(start, block.position())
        piece_end = min(end, block.position() + block.length() - 1)
        if piece_end > piece_start:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(document)
            selection.cursor.setPosition(piece_start)
            selection.cursor.setPosition(piece_end, QTextCursor.MoveMode.KeepAnchor)
            selection.format = fmt
            selections.append(selection)
        block = block.next()
    return selections


def find_selections(matches: Iterable[QTextCursor], theme: str) -> list[QTextEdit.ExtraSelection]:
    """The find bar's matches, in the theme's match colours."""
    background, foreground = _FIND_MATCH[theme]
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(background))
    fmt.setForeground(QColor(foreground))
    found = []
    for match in matches:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = match
        selection.format = fmt
        found.append(selection)
    return found


def annotations_at(annotations: Iterable[Annotation], offset: int) -> list[Annotation]:
    """The placed highlights over text offset ``offset``."""
    return [a for a in annotations if not a.orphaned and a.start <= offset < a.end]


def mentions_at(mentions: Iterable[Mention], offset: int) -> list[Mention]:
    """The mentions over text offset ``offset``."""
    return [m for m in mentions if m.start <= offset < m.end]


def tooltip_html(annotations: Sequence[Annotation], mentions: Sequence[Mention]) -> str:
    """A tooltip for what lies under the pointer: each highlight's label, tags and note; names."""
    lines = []
    for annotation in annotations:
        head = annotation.label or "highlight"
        if annotation.tags:
            head += "  #" + " #".join(annotation.tags)
        lines.append(f"<b>{html.escape(head)}</b>")
        if annotation.note:
            note = annotation.note if len(annotation.note) <= 300 else annotation.note[:299] + "…"
            lines.append(html.escape(note))
    for mention in mentions:
        name, kind = html.escape(mention.entity_name), html.escape(mention.entity_type)
        lines.append(f"{name} <i>({kind})</i>")
    return "<br>".join(lines)
