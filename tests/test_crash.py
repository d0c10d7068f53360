"""Kill real imports, re-extractions, entity merges and exports at random moments.

After every SIGKILL the library must open, pass the full check (database
integrity and foreign keys, every article indexed exactly once, every
original present with its SHA-256), and hold everything committed before the
kill: each article the killed import had reported, with its exact text, and
every highlight, note and tag made before a re-extraction, merge or export.

The jobs run in children forked from one preloaded interpreter (see
``tests/crashkit.py``), so a kill costs no interpreter start; a few kills hit
a plain ``python -m archive_reader import`` too. ``ARCHIVE_READER_CRASH_KILLS``
scales the number of import kills (default 40; at least 50 kills in all), and
``ARCHIVE_READER_CRASH_REPORT`` names a JSON file that receives each kill's
timing and what the check found.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_reader.core.archive import Archive
from tests.crashkit import ROOT, ForkServer, make_pages

IMPORT_KILLS = int(os.environ.get("ARCHIVE_READER_CRASH_KILLS", "40"))
OTHER_KILLS = 6
CLI_KILLS = 3
EXPORT_FORMATS = ["csl", "w3c", "csv", "markdown", "bibtex"]
ENTITY_WORDS = [
    "platform",
    "agency",
    "campaign",
    "election",
    "audience",
    "investigation",
    "statement",
    "policy",
    "archive",
    "evidence",
    "network",
    "outlet",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "fork"), reason="the crash test forks its jobs (POSIX only)"
    ),
]

_RECORD: list[dict[str, object]] = []


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    """One fork server for the module."""
    forks = ForkServer()
    yield forks
    forks.close()
    destination = os.environ.get("ARCHIVE_READER_CRASH_REPORT")
    if destination:
        Path(destination).write_text(json.dumps(_RECORD, indent=1), encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, server: ForkServer) -> dict[str, object]:
    """The saved pages, a complete import of them (timed), and its texts."""
    base = tmp_path_factory.mktemp("crash")
    pages = make_pages(base / "pages", count=100)
    # The shortest of three complete runs: the kills are spread over it.
    durations = []
    for run in range(3):
        library = base / f"reference-{run}"
        log = base / f"reference-{run}.log"
        started = time.monotonic()
        server.start(_import_job(library, pages, log))
        status = server.wait()
        durations.append(time.monotonic() - started)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, log.read_text()
    duration = min(durations)
    reported = _imported(log)
    with Archive.open(library) as archive:
        texts = {article_id: archive.get(article_id).text for article_id in reported}
        assert len(texts) == archive.count() >= 100
    return {
        "base": base,
        "pages": pages,
        "duration": duration,
        "texts": set(texts.values()),
        "count": len(texts),
        "library": library,
    }


@pytest.fixture(scope="module")
def worked(corpus: dict[str, object]) -> dict[str, object]:
    """A library with highlights, notes, tags and entities, and a snapshot of them."""
    library = Path(str(corpus["base"])) / "worked"
    shutil.copytree(Path(str(corpus["library"])), library)
    with Archive.open(library) as archive:
        ids = sorted(summary.id for summary in archive.list_articles(order="id"))
        notes = archive.annotations
        for number, article_id in enumerate(ids[::3]):
            text = archive.get(article_id).text
            quote = text.split(".")[0][:60].strip() or text[:40]
            notes.add(
                article_id,
                quote=quote,
                note=f"note {number}: first public attribution",
                tags=["attribution", f"batch-{number % 3}"],
                label="evidence",
            )
            notes.set_note(article_id, f"article note {number}")
            notes.tag(article_id, "influence-ops")
        catalogue = archive.entities
        entity_ids = [catalogue.add(word.title(), "organisation").id for word in ENTITY_WORDS]
        snapshot = _snapshot(archive)
    pairs = [[entity_ids[i], entity_ids[i + 1]] for i in range(0, len(entity_ids), 2)]
    return {"library": library, "snapshot": snapshot, "pairs": pairs, "ids": ids}


def test_kill_import_at_random_moments(
    server: ForkServer, corpus: dict[str, object], tmp_path: Path
) -> None:
    """SIGKILL an import at random points: what it reported stays, the check passes."""
    rng = random.Random(20240601)
    duration = float(str(corpus["duration"]))
    pages = Path(str(corpus["pages"]))
    texts = corpus["texts"]
    count = int(str(corpus["count"]))
    assert isinstance(texts, set)
    for kill in range(IMPORT_KILLS):
        library = tmp_path / f"import-{kill}"
        log = tmp_path / f"import-{kill}.log"
        job = _import_job(library, pages, log)
        if kill % 5 == 0:
            # While the library is created and the first files are read.
            delay = rng.uniform(0.0, duration * 0.3)
            killed = _kill_after(server, job, delay)
        else:
            # After the k-th reported result, and a little more: timers alone
            # are at the mercy of a busy CI machine.
            delay = rng.uniform(0.0, 0.02)
            killed = _kill_after(server, job, delay, lines=rng.randint(1, count - 1))
        reported = _imported(log)
        with Archive.open(library) as archive:
            report = archive.maintenance.check()
            assert report.ok, (kill, delay, [p.message for p in report.problems])
            for article_id, title in reported.items():
                article = archive.get(article_id)
                assert article.title == title
                assert article.text in texts
            stored = archive.count()
            for summary in archive.list_articles():
                assert archive.get(summary.id).text in texts, "a half-written article"
            if kill % 8 == 7:
                # The import can simply be run again: it finishes the rest.
                archive.import_paths([pages])
                assert archive.count() == corpus["count"]
                assert archive.maintenance.check().ok
        _note("import", kill, delay, killed, reported=len(reported), stored=stored, report=report)


def test_kill_reextract_merge_and_export(
    server: ForkServer, worked: dict[str, object], tmp_path: Path
) -> None:
    """SIGKILL re-extractions, entity merges and exports: highlights and notes survive."""
    rng = random.Random(99)
    source = Path(str(worked["library"]))
    pairs = worked["pairs"]
    durations = {}
    references: dict[str, bytes] = {}
    for operation in ("reextract", "merge", "export"):
        # One complete run first: its duration spreads the kills, its files are the reference.
        library = tmp_path / f"{operation}-full"
        shutil.copytree(source, library)
        out = tmp_path / f"{operation}-full-out"
        out.mkdir()
        job = _job(operation, library, out, pairs)
        started = time.monotonic()
        server.start(job)
        status = server.wait()
        durations[operation] = time.monotonic() - started
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, Path(job["log"]).read_text()
        if operation == "export":
            references = {path.name.split("-", 1)[1]: path.read_bytes() for path in out.iterdir()}
        for kill in range(OTHER_KILLS):
            library = tmp_path / f"{operation}-{kill}"
            shutil.copytree(source, library)
            out = tmp_path / f"{operation}-{kill}-out"
            out.mkdir()
            delay = rng.uniform(0.0, durations[operation] * 1.05)
            job = _job(operation, library, out, pairs)
            killed = _kill_after(server, job, delay)
            with Archive.open(library) as archive:
                report = archive.maintenance.check()
                assert report.ok, (operation, kill, [p.message for p in report.problems])
                after = _snapshot(archive)
                before = worked["snapshot"]
                assert isinstance(before, dict)
                assert after["annotations"] == before["annotations"]
                assert after["notes"] == before["notes"]
                assert after["tags"] == before["tags"]
                if operation == "reextract":
                    assert after["texts"] == before["texts"]
                if operation == "merge":
                    _assert_merges_whole(archive, before, pairs)  # type: ignore[arg-type]
            detail: dict[str, object] = {}
            if operation == "export":
                detail = _assert_exports_whole(out, references)
            _note(operation, kill, delay, killed, report=report, **detail)


def test_kill_the_import_command(corpus: dict[str, object], tmp_path: Path) -> None:
    """SIGKILL a plain ``python -m archive_reader import`` process (interpreter start included)."""
    rng = random.Random(5)
    pages = Path(str(corpus["pages"]))
    for kill in range(CLI_KILLS):
        library = tmp_path / f"cli-{kill}"
        log = tmp_path / f"cli-{kill}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "archive_reader", "import", "--json"]
                + ["--library", str(library), str(pages)],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            delay = rng.uniform(0.5, 2.0)
            try:
                process.wait(timeout=delay)
                killed = False
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
                killed = True
        reported = _imported(log)
        with Archive.open(library) as archive:
            report = archive.maintenance.check()
            assert report.ok, [p.message for p in report.problems]
            for article_id, title in reported.items():
                assert archive.get(article_id).title == title
            stored = archive.count()
        _note(
            "cli-import", kill, delay, killed, reported=len(reported), stored=stored, report=report
        )


def test_enough_kills() -> None:
    """At least 50 SIGKILLs in all (runs after the tests above, in file order)."""
    kills = [entry for entry in _RECORD if entry["killed"]]
    if not _RECORD:
        pytest.skip("the kill tests did not run")
    assert len(_RECORD) >= 50
    # The delays spread over the jobs: most runs are really cut short.
    assert len(kills) >= 0.6 * len(_RECORD), (len(kills), len(_RECORD))


# Helpers


def _import_job(library: Path, pages: Path, log: Path) -> dict[str, object]:
    return {
        "kind": "cli",
        "argv": ["import", "--json", "--library", str(library), str(pages)],
        "log": str(log),
    }


def _job(operation: str, library: Path, out: Path, pairs: object) -> dict[str, object]:
    log = str(out) + ".log"
    if operation == "reextract":
        return {"kind": "cli", "argv": ["reextract", "--library", str(library)], "log": log}
    if operation == "merge":
        return {"kind": "merge", "library": str(library), "pairs": pairs, "log": log}
    return {
        "kind": "export",
        "library": str(library),
        "out": str(out),
        "formats": EXPORT_FORMATS,
        "rounds": 3,
        "log": log,
    }


def _kill_after(server: ForkServer, job: dict[str, object], delay: float, lines: int = 0) -> bool:
    """Starts a job and SIGKILLs it; True when the kill cut it short.

    Args:
        server: The fork server.
        job: The job.
        delay: Seconds to wait before the kill (after ``lines``, when given).
        lines: First wait until the job's log has this many lines.
    """
    pid = server.start(job)
    log = Path(str(job["log"]))
    deadline = time.monotonic() + 30
    while lines and time.monotonic() < deadline:
        try:
            if log.read_bytes().count(b"\n") >= lines:
                break
            os.kill(pid, 0)
        except (FileNotFoundError, ProcessLookupError):
            if not _alive(pid):
                break
        time.sleep(0.001)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    status = server.wait()
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, log.read_text()
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _imported(log: Path) -> dict[int, str]:
    """Article id -> title of every import the job reported (a cut last line is ignored)."""
    found = {}
    if not log.exists():
        return found
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            result = json.loads(line)
        except ValueError:
            continue
        if isinstance(result, dict) and result.get("status") == "imported":
            found[int(result["article_id"])] = str(result["title"])
    return found


def _snapshot(archive: Archive) -> dict[str, object]:
    notes = archive.annotations
    ids = sorted(summary.id for summary in archive.list_articles(order="id"))
    return {
        "annotations": [
            (a.id, a.article_id, a.quote, a.note, tuple(a.tags), a.label, a.orphaned)
            for a in notes.list()
        ],
        "notes": {article_id: notes.note(article_id) for article_id in ids},
        "tags": {article_id: tuple(notes.article_tags(article_id)) for article_id in ids},
        "texts": {article_id: archive.get(article_id).text for article_id in ids},
        "entities": {
            entity.id: (entity.name, entity.mention_count) for entity in archive.entities.entities()
        },
    }


def _assert_merges_whole(
    archive: Archive, before: dict[str, dict[int, tuple[str, int]]], pairs: list[list[int]]
) -> None:
    """Each merge happened entirely or not at all; no mention was lost."""
    now = {entity.id: entity for entity in archive.entities.entities()}
    old = before["entities"]
    for source, target in pairs:
        assert target in now
        if source in now:
            assert now[source].mention_count == old[source][1]
            assert now[target].mention_count == old[target][1]
        else:
            names = {alias.text for alias in now[target].aliases}
            assert old[source][0] in names
            assert now[target].mention_count == old[source][1] + old[target][1]


def _assert_exports_whole(out: Path, references: dict[str, bytes]) -> dict[str, object]:
    """Every export file present is complete; returns how many and the temp files left."""
    files = [path for path in out.iterdir() if not path.name.startswith(".")]
    for path in files:
        data = path.read_bytes()
        reference = references[path.name.split("-", 1)[1]]
        assert len(data) == len(reference), path
        if path.name.endswith(("csl", "w3c")):
            json.loads(data)
    leftovers = [path.name for path in out.iterdir() if path.name.startswith(".")]
    return {"exports_complete": len(files), "export_temp_files": len(leftovers)}


def _note(operation: str, kill: int, delay: float, killed: bool, **detail: object) -> None:
    report = detail.pop("report")
    _RECORD.append(
        {
            "operation": operation,
            "run": kill,
            "delay": round(delay, 3),
            "killed": killed,
            "check_ok": report.ok,  # type: ignore[attr-defined]
            "check_notes": [note.message for note in report.notes],  # type: ignore[attr-defined]
            **detail,
        }
    )
