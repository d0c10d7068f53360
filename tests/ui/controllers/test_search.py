"""SearchController and the search jobs: stale and typed-over queries."""

from archive_reader.ui.controllers.search import SearchOutcome, search_job
from tests.ui import test_main_window
from tests.ui.test_main_window import idle, open_window

# The window tests' fixtures: a library of three articles, settings in tmp_path.
library = test_main_window.library
settings = test_main_window.settings


def test_stale_search_results_are_ignored(qtbot, library, settings):
    window = open_window(qtbot, library, settings)
    window.search_box.setText("ledger")
    window.search_controller._on_search_timer_timeout()
    stale_generation = window.search_controller.generation
    window.search_box.setText("velocipede")
    window.search_controller._on_search_timer_timeout()
    idle(qtbot, window)

    hit = library.search("ledger")[0]
    window.search_controller._on_search_worker_finished(
        SearchOutcome(stale_generation, "ledger", [hit])
    )

    assert window.result_model.query == "velocipede"
    assert window.result_model.hit(0).title == "A short history of the bicycle"


def test_a_typed_over_query_is_not_run(library):
    outcome = search_job(library, "ledger", 1, current=lambda: 2)
    assert outcome.skipped and outcome.hits == []
