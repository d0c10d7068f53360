"""Takes the README's screenshots of the main window's states, from a demo library.

Usage (from the checkout's root, on a machine without a display)::

    xvfb-run -a .venv/bin/python tools/screenshots.py [--out docs/screenshots]

It builds a library in a temporary folder from ``resources/samples`` (and,
for the import report, the awkward pages of ``../shared/fixtures/saved-pages``
when that folder exists), adds highlights, notes, tags and entities through
the core, opens the window and saves one PNG per state:

    list.png, search.png, reader.png, entity.png, import-report.png,
    export-dialog.png, preferences.png, dark.png
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from archive_reader.core.archive import Archive  # noqa: E402
from archive_reader.ui.settings import Settings  # noqa: E402
from archive_reader.ui.theme import apply_theme  # noqa: E402
from archive_reader.ui.widgets.sidebar import SidebarKey  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
SHARED = ROOT.parent / "shared" / "fixtures" / "saved-pages"
SIZE = (1500, 900)


def wait(ms: int = 300, until: object = None) -> None:
    """Lets events (and workers) run for ``ms``, or until ``until()`` is true."""
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < (ms if until is None else 15_000):
        QCoreApplication.processEvents()
        QThreadPool.globalInstance().waitForDone(10)
        if until is not None and until() and timer.elapsed() > 150:  # type: ignore[operator]
            break
    QCoreApplication.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    wait(200)
    path = out / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build_library(folder: Path) -> Archive:
    """The demo library, with the work of a researcher's afternoon on it."""
    archive = Archive.open(folder)
    archive.import_paths([SAMPLES])
    annotations = archive.annotations
    annotations.ensure_default_labels()
    entities = archive.entities
    for name, kind, aliases in (
        ("ClipStream", "organisation", ()),
        ("Meridian World Service", "organisation", ("MWS",)),
        ("Valdoria", "place", ()),
        ("Marrenland", "place", ()),
        ("Chirper", "organisation", ()),
    ):
        try:
            entities.add(name, kind, aliases)
        except Exception as error:  # noqa: BLE001 - a demo entity the samples lack
            print(f"entity {name}: {error}")
    for summary in archive.list_articles():
        if summary.title.startswith("ClipStream"):
            article = archive.get(summary.id)
            paragraphs = [p for p in article.text.split("\n\n") if len(p) > 120]
            first = paragraphs[0].split(". ")[0]
            annotations.add(
                summary.id,
                *span(article.text, first),
                label="claim",
                note="first public attribution",
                tags=["attribution"],
            )
            second = paragraphs[2].split(". ")[0] if len(paragraphs) > 2 else ""
            if second:
                annotations.add(summary.id, *span(article.text, second), label="evidence")
            annotations.tag(summary.id, "state media", "platform labels")
            annotations.set_note(summary.id, "Compare with the Chirper policy of 2023.")
        elif "sockpuppet" in summary.title.lower():
            annotations.tag(summary.id, "sockpuppets")
        elif "transparency" in summary.title.lower():
            annotations.tag(summary.id, "platform labels")
    archive.save_search("Labels for state media", '"state media" OR label*')
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Archive Reader")
    app.setOrganizationName("Archive Reader")

    from archive_reader.ui import messages
    from archive_reader.ui.main_window import MainWindow

    # No modal message box may stop the run.
    messages.show_info = lambda *a, **k: print("info:", a[1:])  # type: ignore[assignment]
    messages.show_error = lambda *a, **k: print("error:", a[1:])  # type: ignore[assignment]

    with tempfile.TemporaryDirectory(prefix="ar-shots-") as temp:
        temp_path = Path(temp)
        settings = Settings.at(temp_path / "settings.ini")
        settings.theme = "light"
        apply_theme("light")
        archive = build_library(temp_path / "library")
        window = MainWindow(archive, settings=settings)
        window.resize(*SIZE)
        window.show()
        wait(until=lambda: not window._workers and not window.article_model.busy)

        # 1. The list, with the first article open.
        save(window, args.out, "list.png")

        # 2. The reader with highlights and the side panel.
        clip = next(s for s in archive.list_articles() if s.title.startswith("ClipStream"))
        window.open_article(clip.id)
        wait(400)
        save(window, args.out, "reader.png")

        # 3. A search with its facets.
        window.search("state broadcaster")
        wait(until=lambda: window.search_panel.facets_label.isVisible())
        window.result_list.setCurrentIndex(window.result_model.index(0, 0))
        save(window, args.out, "search.png")

        # 4. An entity's page.
        overview = archive.overview()
        entity_id = next(
            (e[0] for kind in overview.entities.values() for e in kind if e[1] == "ClipStream"),
            None,
        )
        if entity_id is not None and window.entity_view is not None:
            window.search_box.clear()
            wait(400)
            key = SidebarKey("entity", entity_id, "ClipStream")
            window.sidebar.select_key(key)
            window.sidebar.chosen.emit(key)
            wait(800)
            save(window, args.out, "entity.png")

        # 5. The import report (files that were skipped or failed, and why).
        awkward = SHARED / "awkward"
        broken = temp_path / "to-import"
        broken.mkdir()
        (broken / "notes.txt").write_text("not a saved page", encoding="utf-8")
        (broken / "empty.html").write_text("", encoding="utf-8")
        window.import_paths([awkward if awkward.is_dir() else broken, broken, SAMPLES])
        dialog = window.import_controller.dialog
        assert dialog is not None
        wait(until=lambda: not dialog.running)
        dialog.resize(720, 460)
        save(dialog, args.out, "import-report.png")
        dialog.accept()

        # 6. The export dialog.
        window.open_article(clip.id)
        wait(300)
        export = window.export_dialog()
        if export.tag_combo.findText("attribution") >= 0:
            export.set_scope("tag")
            export.tag_combo.setCurrentText("attribution")
        export.destination_edit.setText(str(Path.home() / "attribution.md"))
        export.show()
        save(export, args.out, "export-dialog.png")
        export.close()

        # 7. Preferences.
        from archive_reader.ui.dialogs.preferences import PreferencesDialog

        preferences = PreferencesDialog(archive, settings, window)
        preferences.tabs.setCurrentIndex(2)
        preferences.show()
        save(preferences, args.out, "preferences.png")
        preferences.close()

        # 8. Dark theme, on the whole library.
        window.menu_actions.all_articles_action.trigger()
        wait(until=lambda: not window._workers and not window.article_model.busy)
        settings.theme = "dark"
        window.apply_preferences()
        window.open_article(clip.id)
        wait(500)
        save(window, args.out, "dark.png")

        window.close()
        QThreadPool.globalInstance().waitForDone(10_000)
        archive.close()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    raise SystemExit(main())
