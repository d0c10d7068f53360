"""LibrarySidebar: entries with counts from a LibraryOverview, filters, kept selection."""

from archive_reader.core.models import ArticleFilter, LibraryOverview
from archive_reader.ui.widgets.sidebar import ALL, LibrarySidebar, SidebarKey


def overview(**changes) -> LibraryOverview:
    values = {
        "articles": 120,
        "with_notes": 7,
        "orphaned": 2,
        "tags": [("attribution", 4), ("tiktok", 9)],
        "sites": [("BBC News", 80), ("Meduza", 40)],
        "entities": {"organisation": [(3, "Rossiya Segodnya", 12)], "person": [(5, "Ann", 1)]},
        "saved_searches": [("RT and TikTok", "entity:RT tiktok")],
        "languages": [("en", 100), ("ru", 20)],
    }
    values.update(changes)
    return LibraryOverview(**values)


def texts(sidebar: LibrarySidebar) -> dict[str, str]:
    return {item.text(0): item.text(1) for item in sidebar._items()}


def test_entries_and_counts(qtbot):
    sidebar = LibrarySidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_overview(overview())

    shown = texts(sidebar)
    assert shown["All articles"] == "120"
    assert shown["With notes"] == "7"
    assert shown["Orphaned highlights"] == "2"
    assert shown["tiktok"] == "9"
    assert shown["BBC News"] == "80"
    assert shown["Organisations"] == "1"
    assert shown["Rossiya Segodnya"] == "12"
    assert "RT and TikTok" in shown
    assert sidebar.current_key == ALL


def test_keys_give_the_list_filters():
    assert ALL.article_filter() == ArticleFilter()
    assert SidebarKey("notes").article_filter() == ArticleFilter(with_notes=True)
    assert SidebarKey("orphaned").article_filter() == ArticleFilter(orphaned=True)
    assert SidebarKey("tag", "x").article_filter() == ArticleFilter(tag="x")
    assert SidebarKey("site", "BBC").article_filter() == ArticleFilter(site="BBC")
    assert SidebarKey("entity", 3, "Rossiya").article_filter() == ArticleFilter(entity_id=3)
    assert SidebarKey("saved", "name").article_filter() is None
    assert SidebarKey("entity", 3, "old name") == SidebarKey("entity", 3, "new name")


def test_choosing_emits_and_the_choice_survives_a_refill(qtbot):
    sidebar = LibrarySidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_overview(overview())
    chosen = []
    sidebar.chosen.connect(chosen.append)

    item = next(i for i in sidebar._items() if i.text(0) == "tiktok")
    sidebar.setCurrentItem(item)
    assert chosen == [SidebarKey("tag", "tiktok")]

    sidebar.set_overview(overview(tags=[("tiktok", 10)]))
    assert sidebar.currentItem().text(0) == "tiktok"
    assert sidebar.currentItem().text(1) == "10"
    assert chosen == [SidebarKey("tag", "tiktok")]  # a refill is not a choice

    # The chosen tag is gone: back to all articles, and the list is told.
    sidebar.set_overview(overview(tags=[]))
    assert sidebar.current_key == ALL
    assert chosen[-1] == ALL


def test_orphans_entry_only_when_there_are_orphans(qtbot):
    sidebar = LibrarySidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_overview(overview(orphaned=0, saved_searches=[], entities={}))

    shown = texts(sidebar)
    assert "Orphaned highlights" not in shown
    assert "Saved searches" not in shown and "Entities" not in shown
