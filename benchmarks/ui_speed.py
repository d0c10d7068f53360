"""The window's speed on a library of 100,000 articles: launch, typing, scrolling, memory.

Usage (from the checkout's root; runs offscreen, or under ``xvfb-run -a``)::

    .venv/bin/python benchmarks/ui_speed.py --library /tmp/sb100k/library
    .venv/bin/python benchmarks/ui_speed.py --folder /tmp/uibench [--count 100000]

``--library`` uses a library built earlier (``benchmarks/search_speed.py``
keeps one in its folder); ``--folder`` builds the synthetic library there
first, or reuses it when it exists (building 100,000 articles and their index
takes several minutes). Each measurement runs in the real event loop with a
stall meter: a 5 ms timer whose longest late tick is the longest time the GUI
thread was busy.

Measured:

* launch: from the start of this script (before Qt is imported) to a shown
  window with the first page of the article list painted;
* opening articles at once, while the start-up jobs run in the background;
* typing: queries typed key by key (90 ms apart, pauses longer than the
  search delay), with searches and facet counts running in the background;
* scrolling the whole list with the scroll bar, in the default order and
  sorted by publication date (a slow order for the database);
* opening 20 articles from all over the list;
* with ``--import-folder``, importing a folder through the window (its
  progress dialog, list and sidebar updates) while scrolling the list;
* resident memory (VmRSS) at the end.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_LAUNCH_S = 2.0
GOAL_STALL_MS = 50.0
TICK_MS = 5


def build(folder: Path, count: int, seed: int) -> Path:
    """Builds (or reuses) a synthetic library in ``folder``; returns its path."""
    from archive_reader import Archive

    library = folder / "library"
    if (library / "library.sqlite3").is_file():
        print(f"reusing {library}")
        return library
    import search_speed

    print(f"building {count:,} articles in {library} (several minutes)…", flush=True)
    started = time.perf_counter()
    from archive_reader.core.db.storage import Storage

    # As search_speed.py does: the database filled directly, then the index built.
    storage = Storage(library)
    try:
        search_speed._load(storage, count, seed)
    finally:
        storage.close()
    with Archive.open(library, rebuild_index=False) as archive:
        for _ in archive.reindex():
            pass
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return library


def memory_mb() -> dict[str, float]:
    """VmRSS, and its parts: RssAnon (the heap) and RssFile (mapped files: the database)."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--library", type=Path, help="an existing library folder")
    where.add_argument("--folder", type=Path, help="build (or reuse) a library here")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--import-folder",
        type=Path,
        help="also import this folder through the window while scrolling (it stays imported)",
    )
    args = parser.parse_args(argv)
    library = args.library if args.library else build(args.folder, args.count, args.seed)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from archive_reader import Archive
    from archive_reader.ui import messages
    from archive_reader.ui.app import favour_gui_thread, settle_heap
    from archive_reader.ui.main_window import MainWindow
    from archive_reader.ui.settings import Settings

    launch_started = STARTED if args.library else time.perf_counter()
    app = QApplication(sys.argv[:1])
    favour_gui_thread()  # as archive_reader.ui.app.main does
    messages.show_error = lambda *a, **k: print("error:", a[1:])  # type: ignore[assignment]
    settings = Settings.at(Path(tempfile.mkdtemp(prefix="ui-bench-")) / "settings.ini")
    archive = Archive.open(library)
    window = MainWindow(archive, settings=settings)
    window.search_prepared.connect(settle_heap)
    window.resize(1500, 900)
    window.show()

    def run_for(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def run_until(condition: Callable[[], bool], timeout_s: float = 60.0) -> bool:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            if time.perf_counter() > deadline:
                return False
            run_for(2)
        return True

    run_until(lambda: window.article_model.total > 0 and window.article_model.summary(0))
    app.processEvents()
    window.article_table.viewport().repaint()
    launch = time.perf_counter() - launch_started
    total = window.article_model.total
    print(f"library: {library} ({total:,} articles)")
    print(f"launch to a usable window: {launch:.2f} s (goal < {GOAL_LAUNCH_S:.0f} s)")

    class StallMeter:
        """The longest gap between ticks of a 5 ms timer, minus the interval."""

        def __init__(self) -> None:
            self.timer = QTimer()
            self.timer.setInterval(TICK_MS)
            self.timer.timeout.connect(self._tick)
            self.last = 0.0
            self.worst = 0.0

        def _tick(self) -> None:
            now = time.perf_counter()
            if self.last:
                self.worst = max(self.worst, (now - self.last) * 1000 - TICK_MS)
            self.last = now

        def __enter__(self) -> StallMeter:
            self.last = 0.0
            self.worst = 0.0
            self.timer.start()
            return self

        def __exit__(self, *exc: object) -> None:
            self.timer.stop()

    failures: list[str] = []

    def report(name: str, worst: float, extra: str = "") -> None:
        flag = "" if worst <= GOAL_STALL_MS else "  <- over the goal"
        print(f"{name}: longest stall {worst:.0f} ms (goal <= {GOAL_STALL_MS:.0f} ms){extra}{flag}")
        if worst > GOAL_STALL_MS:
            failures.append(name)

    # A reader who starts at once: opens the first articles of the list while
    # the start-up jobs (sidebar counts, library size, search warm-up) still run.
    with StallMeter() as meter:
        for row in range(1, 6):
            window.article_table.selectRow(row)
            run_for(100)
    report("opening articles during start-up", meter.worst)
    # Then let the start-up jobs finish.
    with StallMeter() as meter:
        run_until(lambda: window.sidebar.overview is not None and not window._workers)
    report("start-up work in the background", meter.worst)
    memory = memory_mb()
    print(f"memory after start-up: VmRSS {memory['VmRSS']:.0f} MB")

    import search_corpus

    queries = search_corpus.query_set(args.seed)
    typed = [
        queries[kind][1]
        for kind in ("common", "two_words", "phrase", "field", "prefix", "entity", "rare")
    ]
    timings: list[float] = []
    with StallMeter() as meter:
        for query in typed:
            window.search_box.clear()
            for char in query:
                QTest.keyClicks(window.search_box, char)
                run_for(90)
            started = time.perf_counter()
            run_until(
                lambda q=query: (
                    window.result_model.query == q.strip()
                    and window.search_panel.facets_label.text() != ""
                    or window.result_model.query == q.strip()
                    and window.result_model.rowCount() == 0
                ),
                30,
            )
            timings.append(time.perf_counter() - started)
            run_for(300)
    report(
        "typing queries",
        meter.worst,
        f"; results after the last key in {min(timings):.2f}-{max(timings):.2f} s",
    )

    window.search_box.clear()
    run_until(lambda: window.result_model.rowCount() == 0 and not window._workers)
    table = window.article_table
    bar = table.verticalScrollBar()

    def scroll_all(steps: int = 150) -> tuple[float, int]:
        with StallMeter() as meter:
            maximum = bar.maximum()
            for step in range(steps + 1):
                bar.setValue(round(maximum * step / steps))
                run_for(16)
            run_until(lambda: not window.article_model.busy, 60)
            run_for(100)
        shown = table.rowAt(5)
        return meter.worst, shown

    worst, _shown = scroll_all()
    report("scrolling the whole list (newest import first)", worst)
    with StallMeter() as meter:
        table.sortByColumn(3, table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
        run_until(lambda: not window.article_model.busy, 60)
    report("sorting by publication date", meter.worst)
    worst, _shown = scroll_all()
    report("scrolling the whole list (by publication date)", worst)

    rng = random.Random(1)
    opened: list[float] = []
    arrived: list[float] = []
    with StallMeter() as meter:
        for _ in range(20):
            row = rng.randrange(total)
            started = time.perf_counter()
            table.scrollTo(window.article_model.index(row, 0))
            run_until(lambda r=row: window.article_model.summary(r) is not None, 30)
            arrived.append(time.perf_counter() - started)
            started = time.perf_counter()
            table.selectRow(row)
            app.processEvents()
            opened.append(time.perf_counter() - started)
            run_for(50)
    report(
        "opening 20 articles",
        meter.worst,
        f"; each opened in {1000 * min(opened):.0f}-{1000 * max(opened):.0f} ms",
    )
    print(
        "rows of a jump far down the list (by publication date) shown after"
        f" {1000 * min(arrived):.0f}-{1000 * max(arrived):.0f} ms"
    )

    if args.import_folder:
        started = time.perf_counter()
        with StallMeter() as meter:
            window.import_paths([args.import_folder])
            step = 0
            while window.import_controller.running:
                bar.setValue(round(bar.maximum() * (step % 50) / 50))
                step += 1
                run_for(50)
            run_until(lambda: not window._workers and not window.article_model.busy, 60)
        took = time.perf_counter() - started
        dialog = window.import_controller.dialog
        counts = dialog._heading.text().split("<br>")[-1] if dialog is not None else ""
        report(
            "importing a folder while scrolling",
            meter.worst,
            f"; {counts} in {took:.1f} s",
        )

    memory = memory_mb()
    print(
        f"memory: VmRSS {memory['VmRSS']:.0f} MB (heap {memory['RssAnon']:.0f} MB, mapped files"
        f" {memory['RssFile']:.0f} MB), peak {memory['VmHWM']:.0f} MB"
    )
    window.close()
    archive.close()
    print("goals: " + ("all met" if not failures and launch < GOAL_LAUNCH_S else "missed"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
