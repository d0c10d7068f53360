"""LibrarySidebar: all articles, notes, orphans, tags, sites, entities and saved searches."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from archive_reader.core.models import ArticleFilter, LibraryOverview

_KEY_ROLE = Qt.ItemDataRole.UserRole + 10

_TYPE_NAMES = {
    "person": "People",
    "organisation": "Organisations",
    "organization": "Organisations",
    "place": "Places",
    "event": "Events",
}


@dataclass(frozen=True, slots=True)
class SidebarKey:
    """What one sidebar entry stands for.

    Attributes:
        kind: "all", "notes", "orphaned", "tag", "site", "entity" or "saved".
        value: The tag or site name, the entity id, or the saved search's name.
        label: The entry's text without its count ("BBC News").
    """

    kind: str
    value: object = None
    label: str = field(default="", compare=False)

    def article_filter(self) -> ArticleFilter | None:
        """The list filter this entry shows; None for a saved search (it runs a query)."""
        if self.kind == "all":
            return ArticleFilter()
        if self.kind == "notes":
            return ArticleFilter(with_notes=True)
        if self.kind == "orphaned":
            return ArticleFilter(orphaned=True)
        if self.kind == "tag":
            return ArticleFilter(tag=str(self.value))
        if self.kind == "site":
            return ArticleFilter(site=str(self.value))
        if self.kind == "entity":
            assert isinstance(self.value, int)
            return ArticleFilter(entity_id=self.value)
        return None


ALL = SidebarKey("all", None, "All articles")


class LibrarySidebar(QTreeWidget):
    """The library's sections with a count beside each entry.

    Fill it with ``set_overview(archive.overview())`` (read it on a Worker: on a
    large library it takes a second). The chosen entry is kept across refills.

    Signals:
        chosen(object): The SidebarKey of the entry the user chose.
        saved_search_delete_requested(str): "Delete" on a saved search's menu.
    """

    chosen = Signal(object)
    saved_search_delete_requested = Signal(str)

    MAX_ENTRIES = 200
    """Entries shown per section (sites, each entity type); the most frequent first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = ALL
        self._filling = False
        self._overview: LibraryOverview | None = None
        self._build_ui()
        self._connect_signals()
        self.set_overview(None)

    def _build_ui(self) -> None:
        self.setObjectName("librarySidebar")
        self.setFrameShape(QTreeWidget.Shape.NoFrame)
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setToolTip("Choose what the article list shows")
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, self.header().ResizeMode.ResizeToContents)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _connect_signals(self) -> None:
        self.currentItemChanged.connect(self._on_self_current_item_changed)
        self.customContextMenuRequested.connect(self._on_self_custom_context_menu_requested)

    # Public API

    @property
    def current_key(self) -> SidebarKey:
        return self._current

    @property
    def overview(self) -> LibraryOverview | None:
        return self._overview

    def set_overview(self, overview: LibraryOverview | None) -> None:
        """Rebuilds the entries with fresh counts (None: only "All articles")."""
        self._overview = overview
        self._filling = True
        try:
            expanded = {item.text(0) for item in self._top_level_items() if item.isExpanded()}
            self.clear()
            total = overview.articles if overview else None
            self._entry(None, ALL, total)
            if overview is None:
                self._select(ALL)
                return
            noted = self._entry(None, SidebarKey("notes", None, "With notes"), overview.with_notes)
            noted.setToolTip(
                0, f"{overview.with_notes:,} articles with a note or at least one highlight"
            )
            if overview.orphaned:
                label = "Orphaned highlights"
                self._entry(None, SidebarKey("orphaned", None, label), overview.orphaned)
            if overview.saved_searches:
                section = self._section("Saved searches", expanded, default_open=True)
                for name, query in overview.saved_searches:
                    item = self._entry(section, SidebarKey("saved", name, name), None)
                    item.setToolTip(0, query)
            if overview.tags:
                section = self._section("Tags", expanded, default_open=True)
                for name, count in overview.tags:
                    self._entry(section, SidebarKey("tag", name, name), count)
            if overview.sites:
                section = self._section("Sites", expanded)
                for name, count in overview.sites[: self.MAX_ENTRIES]:
                    self._entry(section, SidebarKey("site", name, name), count)
            if any(overview.entities.values()):
                section = self._section("Entities", expanded, default_open=True)
                for kind in sorted(overview.entities, key=_type_order):
                    entries = overview.entities[kind]
                    group = QTreeWidgetItem(section, [_type_name(kind), f"{len(entries):,}"])
                    group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    group.setToolTip(0, f"{len(entries):,} {kind} entities")
                    group.setExpanded(len(entries) <= 12)
                    for entity_id, name, count in entries[: self.MAX_ENTRIES]:
                        self._entry(group, SidebarKey("entity", entity_id, name), count)
            self.resizeColumnToContents(1)
            if not self._select(self._current):
                self._current = ALL
                self._select(ALL)
                self.chosen.emit(ALL)
        finally:
            self._filling = False

    def select_key(self, key: SidebarKey) -> bool:
        """Selects an entry (without emitting ``chosen``); False if it is not shown."""
        self._filling = True
        try:
            found = self._select(key)
            if found:
                self._current = key
            return found
        finally:
            self._filling = False

    # Slots

    def _on_self_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if self._filling or current is None:
            return
        key = current.data(0, _KEY_ROLE)
        if isinstance(key, SidebarKey):
            self._current = key
            self.chosen.emit(key)

    def _on_self_custom_context_menu_requested(self, position: QPoint) -> None:
        from PySide6.QtWidgets import QMenu

        item = self.itemAt(position)
        key = item.data(0, _KEY_ROLE) if item is not None else None
        if not isinstance(key, SidebarKey) or key.kind != "saved":
            return
        menu = QMenu(self)
        delete = menu.addAction(f"Delete Saved Search “{key.label}”")
        delete.triggered.connect(lambda: self.saved_search_delete_requested.emit(str(key.value)))
        menu.popup(self.viewport().mapToGlobal(position))

    # Internals

    def _section(
        self, title: str, expanded: set[str], default_open: bool = False
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title, ""])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setExpanded(title in expanded or default_open)
        return item

    def _entry(
        self, parent: QTreeWidgetItem | None, key: SidebarKey, count: int | None
    ) -> QTreeWidgetItem:
        columns = [key.label, "" if count is None else f"{count:,}"]
        item = QTreeWidgetItem(parent, columns) if parent else QTreeWidgetItem(self, columns)
        item.setData(0, _KEY_ROLE, key)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if key.kind == "saved":
            item.setToolTip(0, "Run this saved search")
        elif count is not None:
            item.setToolTip(0, f"{key.label}: {count:,} {'article' if count == 1 else 'articles'}")
        return item

    def _select(self, key: SidebarKey) -> bool:
        for item in self._items():
            if item.data(0, _KEY_ROLE) == key:
                self.setCurrentItem(item)
                parent = item.parent()
                while parent is not None:
                    parent.setExpanded(True)
                    parent = parent.parent()
                return True
        return False

    def _top_level_items(self) -> list[QTreeWidgetItem]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        stack = self._top_level_items()
        while stack:
            item = stack.pop(0)
            found.append(item)
            children = (item.child(i) for i in range(item.childCount()))
            stack[0:0] = [child for child in children if child is not None]
        return found


def _type_name(kind: str) -> str:
    return _TYPE_NAMES.get(kind, kind.capitalize())


def _type_order(kind: str) -> tuple[int, str]:
    known = ["person", "organisation", "organization", "place", "event"]
    return (known.index(kind) if kind in known else len(known), kind)
