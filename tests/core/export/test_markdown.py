"""Markdown: one note per article with front matter, or one file for a selection."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.core.export.helpers import Library, everything, exporter


def front_matter(text: str) -> dict[str, object]:
    head = text.split("---\n")[1]
    return {
        key: json.loads(value)
        for key, value in (line.split(": ", 1) for line in head.strip().splitlines())
    }


def test_markdown_one_file_per_article(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    report = exporter(library).export("markdown", everything(library), tmp_path / "notes")
    assert [p.name for p in report.paths] == [
        f"über-braces-100-quotes-tags-{b}.md",
        f"platform-removes-accounts-tied-to-state-media-{a}.md",
        f"notes-without-a-home-{c}.md",
    ]
    text = report.paths[1].read_text(encoding="utf-8")
    meta = front_matter(text)
    stored = library.archive.get(a)
    assert meta["title"] == "Platform removes accounts tied to state media"
    assert meta["site"] == "The Valley Courier"
    assert meta["url"] == "https://news.example/2024/03/12/accounts"
    assert meta["published"].startswith("2024-03-12")  # type: ignore[union-attr]
    assert meta["captured"] == "2024-03-13T08:00:00+00:00"
    assert meta["imported"] == stored.imported_at
    assert meta["original_sha256"] == stored.original_sha256
    assert meta["archive_article_id"] == a
    # One spelling of a tag in the front matter and the text, a valid Obsidian tag.
    assert meta["tags"] == ["influence-ops"] and "Tags: #influence-ops" in text
    assert "Rossiya Segodnya" in meta["entities"]  # type: ignore[operator]
    assert (
        'Jane Q. Public; Reuters, "Platform removes accounts tied to state media", The Valley'
        " Courier, 2024-03-12, https://news.example/2024/03/12/accounts (saved 2024-03-13,"
        f" imported {stored.imported_at[:10]}; archive article {a}, sha256"
        f" {stored.original_sha256[:12]}…)"
    ) in text
    assert "> Rossiya Segodnya, the agency behind RIA Novosti\n" in text
    assert "— **Evidence** · tags: #attribution, #state-media" in text
    assert f" ^hl-{library.h1}\n" in text  # type: ignore[attr-defined]  # a block id
    assert "first public attribution,\nsee also the March report" in text
    assert "> We removed 42 accounts & 7 pages" in text
    assert "Read \\<b\\>twice\\</b\\>." in text  # the article note, escaped


def test_markdown_single_file_for_the_selection(library: Library, tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    report = exporter(library).export(
        "markdown", exporter(library).select(tag="attribution"), target
    )
    assert report.paths == [target] and report.annotations == 2
    text = target.read_text(encoding="utf-8")
    meta = front_matter(text)
    assert meta["title"] == "Archive Reader export: tag attribution"
    assert meta["articles"] == 2 and meta["highlights"] == 2
    assert text.count("\n## ") == 2
    assert "We removed 42" not in text  # not tagged attribution
    assert "- Original SHA-256: " in text
    # An ordinary document, not a private temporary file (mkstemp's 0600).
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_markdown_escapes_only_what_would_render() -> None:
    from archive_reader.core.export.markdown import _md_line, tag_name

    # Dates and hyphenated words stay as written; lists, math, comments and marks do not act.
    assert _md_line("2019-11-19 was a Tuesday") == "2019-11-19 was a Tuesday"
    assert _md_line("13-Inch MacBook Pro") == "13-Inch MacBook Pro"
    assert _md_line("- not a list") == "\\- not a list"
    assert _md_line("1. not a list") == "1\\. not a list"
    assert _md_line("$5 and $10") == "\\$5 and \\$10"
    assert _md_line("50%% off %%") == "50\\%\\% off \\%\\%"
    assert _md_line("a == b") == "a \\=\\= b"
    assert _md_line("x - y") == "x - y"
    assert [tag_name(t) for t in ("state media", "2024", "a/b")] == ["state-media", "_2024", "a/b"]
