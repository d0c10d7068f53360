"""The one generic background worker: runs a callable or generator on the thread pool."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class WorkerSignals(QObject):
    """Signals of one Worker; they are delivered to slots on the GUI thread.

    Signals:
        progressed(object): An item the generator yielded.
        finished(object): The callable's result (a generator's return value, usually None).
        failed(object): The exception the job raised.
    """

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)


class Worker(QRunnable):
    """Runs ``fn(*args, **kwargs)`` off the GUI thread.

    If ``fn`` returns a generator, each yielded item is emitted as ``progressed``
    and the generator's return value as ``finished``. Exactly one of ``finished``
    or ``failed`` is emitted. To stop a generator, call ``cancel()`` and let the
    job check ``worker.cancelled`` between steps (e.g. pass
    ``cancel=lambda: worker.cancelled`` to ``Archive.iter_import``).

    Connect the signals to bound methods of QObjects living on the GUI thread,
    so that Qt queues the calls there. Keep a reference to the worker until it
    has finished: Python owns it (auto-delete is off).
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = WorkerSignals()
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._cancelled

    def cancel(self) -> None:
        """Asks the job to stop at its next check; it still emits finished or failed."""
        self._cancelled = True

    def start(self, pool: QThreadPool | None = None) -> None:
        """Queues the job on ``pool`` (the global thread pool by default).

        The pool is given the bound ``run``, not the runnable itself: PySide
        makes a pool the owner of every QRunnable it starts, so each worker
        (its arguments, its signals object) would stay alive as long as the
        pool, which for the global pool is the whole session.
        """
        (pool or QThreadPool.globalInstance()).start(self.run)

    def run(self) -> None:
        """Runs the job; called by the thread pool, or directly to run it synchronously."""
        try:
            result = self._fn(*self._args, **self._kwargs)
            if inspect.isgenerator(result):
                result = self._drain(result)
        except Exception as exc:
            # Not swallowed: the GUI thread shows user errors and re-raises bugs.
            # (A BaseException such as KeyboardInterrupt is left alone.)
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.finished, result)

    def _drain(self, generator: Any) -> Any:
        while True:
            try:
                item = next(generator)
            except StopIteration as stop:
                return stop.value
            self._emit(self.signals.progressed, item)

    def _emit(self, signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The program is closing and Qt already deleted the signals object:
            # nobody is left to tell. Any other RuntimeError is a bug.
            if shiboken6.isValid(self.signals):
                raise


class WorkerSet(QObject):
    """Keeps workers alive until their last signal has been delivered.

    Python owns each Worker (see there): whoever starts one keeps it here, and
    the set lets it go when it emitted ``finished`` or ``failed``. Its length is
    the number of workers still running (the tests and benchmarks wait for 0).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers: dict[WorkerSignals, Worker] = {}

    def __len__(self) -> int:
        return len(self._workers)

    def start(self, worker: Worker, pool: QThreadPool | None = None) -> None:
        """Starts ``worker`` on ``pool`` (the global one by default) and keeps it until done."""
        self._workers[worker.signals] = worker
        worker.signals.finished.connect(self._on_worker_done)
        worker.signals.failed.connect(self._on_worker_done)
        worker.start(pool)

    def cancel_all(self) -> None:
        """Asks every running worker to stop at its next check."""
        for worker in self._workers.values():
            worker.cancel()

    def _on_worker_done(self, _payload: object) -> None:
        sender = self.sender()
        if isinstance(sender, WorkerSignals):
            self._workers.pop(sender, None)
