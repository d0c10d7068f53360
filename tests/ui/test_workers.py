"""The generic Worker, once on the real thread pool."""

import pytest

from archive_reader.ui.workers import Worker


def test_generator_job_emits_progress_then_its_return_value(qtbot):
    def job(n):
        yield from range(n)
        return "done"

    worker = Worker(job, 3)
    progressed = []
    worker.signals.progressed.connect(progressed.append)

    with qtbot.waitSignal(worker.signals.finished, timeout=5000) as blocker:
        worker.start()

    assert blocker.args == ["done"]
    qtbot.waitUntil(lambda: progressed == [0, 1, 2], timeout=5000)


def test_failure_is_emitted_not_raised():
    def job():
        raise ValueError("broken")

    worker = Worker(job)
    failures, results = [], []
    worker.signals.failed.connect(failures.append)
    worker.signals.finished.connect(results.append)

    worker.run()  # synchronously

    assert [str(e) for e in failures] == ["broken"]
    assert results == []


def test_cancel_is_seen_by_the_job():
    def job(cancel):
        count = 0
        while not cancel():
            count += 1
            if count == 2:
                worker.cancel()
            yield count

    worker = Worker(job, lambda: worker.cancelled)
    progressed = []
    worker.signals.progressed.connect(progressed.append)

    worker.run()

    assert progressed == [1, 2]
    assert worker.cancelled


@pytest.mark.parametrize("value", [None, 42])
def test_plain_callable_result_is_finished(value):
    worker = Worker(lambda: value)
    results = []
    worker.signals.finished.connect(results.append)

    worker.run()

    assert results == [value]


def test_a_finished_worker_is_not_kept_alive_by_the_pool(qtbot):
    # PySide makes a pool the owner of a QRunnable it starts: a worker started
    # that way lived for the whole session (one per keystroke and list page).
    import gc
    import weakref

    from PySide6.QtCore import QThreadPool

    pool = QThreadPool()
    worker = Worker(lambda: 42)
    gone = weakref.ref(worker)
    with qtbot.waitSignal(worker.signals.finished, timeout=5000):
        worker.start(pool)
    pool.waitForDone()
    del worker
    gc.collect()

    assert gone() is None
