"""Export: selections, every format, provenance, and reading the files back with other tools."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.cli import export as cli_export
from archive_reader.core.db.storage import now, sha256_of
from archive_reader.core.errors import ArchiveError
from archive_reader.core.export.exporter import (
    ANNOTATION_COLUMNS,
    FORMATS,
    MENTION_COLUMNS,
    ExportArticle,
    Exporter,
    ExportError,
    NothingToExport,
    Selection,
    article_file_name,
    split_authors,
)

CONFORMANCE = Path(__file__).resolve().parents[4] / "shared" / "conformance"
SAVED_PAGES = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "saved-pages"

BODY = [
    "Rossiya Segodnya, the agency behind RIA Novosti, was named in the report published on"
    " Monday by the platform's integrity team.",
    'The company said: "We removed 42 accounts & 7 pages for coordinated inauthentic behaviour'
    ' under our policy <script>."',
    "Jane Doe, who leads the research group in Berlin, called it the first public attribution.",
    "Further reviews are expected before the elections next spring, the statement added.",
]


def page(
    title: str,
    *,
    url: str | None,
    author: str | None,
    site: str | None,
    published: str | None,
    body: list[str] = BODY,
) -> str:
    """A small news page whose metadata the extractor finds in meta tags."""
    meta = ""
    if url:
        meta += f'<link rel="canonical" href="{url}">'
    if author:
        meta += f'<meta name="author" content="{author}">'
    if site:
        meta += f'<meta property="og:site_name" content="{site}">'
    if published:
        meta += f'<meta property="article:published_time" content="{published}">'
    paragraphs = "".join(
        f"<p>{text.replace('&', '&amp;').replace('<', '&lt;')}</p>" for text in body
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>{meta}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>Footer</footer></body></html>"
    )


class Library:
    """A test library with articles, tags, labels, highlights, entities and mentions."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.db = archive._handle.storage.db

    def text(self, article_id: int) -> str:
        return self.archive.get(article_id).text

    def tag(self, name: str) -> int:
        self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
        return int(self.db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0])

    def tag_article(self, article_id: int, name: str) -> None:
        self.db.execute(
            "INSERT INTO article_tags (article_id, tag_id) VALUES (?, ?)",
            [article_id, self.tag(name)],
        )

    def label(self, name: str, color: str) -> int:
        cursor = self.db.execute("INSERT INTO labels (name, color) VALUES (?, ?)", [name, color])
        return int(cursor.lastrowid)

    def highlight(
        self,
        article_id: int,
        quote: str,
        *,
        note: str = "",
        label: int | None = None,
        tags: tuple[str, ...] = (),
        orphaned: bool = False,
    ) -> int:
        text = self.text(article_id)
        start = text.find(quote)
        assert start >= 0 or orphaned, quote
        start = max(start, 0)
        end = start + len(quote)
        stamp = now()
        cursor = self.db.execute(
            "INSERT INTO annotations (article_id, label_id, quote, prefix, suffix, start, end,"
            " note, orphaned, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article_id,
                label,
                quote,
                text[max(0, start - 20) : start],
                text[end : end + 20],
                start,
                end,
                note,
                int(orphaned),
                stamp,
                stamp,
            ],
        )
        annotation_id = int(cursor.lastrowid)
        for name in tags:
            self.db.execute(
                "INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
                [annotation_id, self.tag(name)],
            )
        return annotation_id

    def entity(self, name: str, kind: str, aliases: tuple[str, ...] = ()) -> int:
        cursor = self.db.execute(
            "INSERT INTO entities (name, type, created_at) VALUES (?, ?, ?)", [name, kind, now()]
        )
        entity_id = int(cursor.lastrowid)
        for alias in aliases:
            self.db.execute(
                "INSERT INTO aliases (entity_id, text, case_sensitive) VALUES (?, ?, ?)",
                [entity_id, alias, int(alias.isupper())],
            )
        return entity_id

    def mention(
        self, article_id: int, entity_id: int, text: str, *, rejected: bool = False
    ) -> list[int]:
        """Mentions of every occurrence of ``text`` in the article."""
        body = self.text(article_id)
        ids = []
        for match in re.finditer(re.escape(text), body):
            cursor = self.db.execute(
                "INSERT INTO mentions (article_id, entity_id, start, end, source, rejected)"
                " VALUES (?, ?, ?, ?, 'found', ?)",
                [article_id, entity_id, match.start(), match.end(), int(rejected)],
            )
            ids.append(int(cursor.lastrowid))
        assert ids, text
        return ids

    def reindex(self, article_ids: list[int]) -> None:
        storage = self.archive._handle.storage
        with storage.transaction():
            storage.queue_for_index(article_ids)
        self.archive._handle.flush()


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    opened = Archive.open(tmp_path / "library")
    yield opened
    opened.close()


@pytest.fixture
def library(archive: Archive, tmp_path: Path) -> Library:
    """Three articles: a dated news story, an awkward title, one with no URL, site or author."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(
        page(
            "Platform removes accounts tied to state media",
            url="https://news.example/2024/03/12/accounts",
            author="Jane Q. Public, Staff",
            site="The Valley Courier",
            published="2024-03-12T09:30:00+00:00",
        ),
        encoding="utf-8",
    )
    (pages / "b.html").write_text(
        page(
            'Über {braces} & 100% "quotes" #_tags',
            url="https://news.example/b?x={1}&y=2",
            author="Ludwig von Mises",
            site="Die Zeitung",
            published="2023-11-02",
            body=[*BODY[2:], *BODY[:2]],
        ),
        encoding="utf-8",
    )
    (pages / "c.html").write_text(
        page("Notes without a home", url=None, author=None, site=None, published=None),
        encoding="utf-8",
    )
    results = archive.import_paths(sorted(pages.iterdir()))
    ids = [result.article_id for result in results]
    assert all(ids) and len(set(ids)) == 3, results
    lib = Library(archive)
    lib.ids = ids  # type: ignore[attr-defined]
    a, b, c = ids
    storage = archive._handle.storage
    with storage.transaction():
        lib.db.execute("UPDATE articles SET note = ? WHERE id = ?", ["Read <b>twice</b>.", a])
        lib.db.execute(
            "UPDATE articles SET captured_at = ? WHERE id = ?", ["2024-03-13T08:00:00+00:00", a]
        )
        evidence = lib.label("Evidence", "#ffcc00")
        lib.tag_article(a, "influence ops")
        lib.tag_article(c, "attribution")
        lib.h1 = lib.highlight(  # type: ignore[attr-defined]
            a,
            "Rossiya Segodnya, the agency behind RIA Novosti",
            note="first public attribution,\nsee also the March report",
            label=evidence,
            tags=("attribution", "state media"),
        )
        lib.h2 = lib.highlight(a, "We removed 42 accounts & 7 pages", tags=("numbers",))  # type: ignore[attr-defined]
        lib.h3 = lib.highlight(b, "Jane Doe, who leads the research group", tags=("people",))  # type: ignore[attr-defined]
        lib.h4 = lib.highlight(b, "a passage that is gone", orphaned=True, note="lost")  # type: ignore[attr-defined]
        lib.h5 = lib.highlight(c, "Further reviews are expected")  # type: ignore[attr-defined]
        rs = lib.entity("Rossiya Segodnya", "organisation", ("RS", "Rossiya Segodnja"))
        ria = lib.entity("RIA Novosti", "organisation")
        jane = lib.entity("Jane Doe", "person")
        berlin = lib.entity("Berlin", "place")
        lib.rs, lib.ria, lib.jane, lib.berlin = rs, ria, jane, berlin  # type: ignore[attr-defined]
        for article_id in (a, b):
            lib.mention(article_id, rs, "Rossiya Segodnya")
            lib.mention(article_id, ria, "RIA Novosti")
            lib.mention(article_id, jane, "Jane Doe")
        lib.mention(b, berlin, "Berlin")
        lib.mention(a, berlin, "Berlin", rejected=True)
        storage.queue_for_index(ids)
    archive._handle.flush()
    return lib


def exporter(library: Library) -> Exporter:
    return Exporter(library.archive._handle, library.archive._engine.matching_ids)


def everything(library: Library) -> Selection:
    return exporter(library).select()


# Selection


def test_whole_library_is_ordered_by_date_undated_last(library: Library) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    selection = everything(library)
    assert selection.article_ids == [b, a, c]
    assert selection.description == "the whole library"
    assert selection.annotation_ids is None


def test_select_by_tag_keeps_highlights_with_the_tag_and_all_of_tagged_articles(
    library: Library,
) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    selection = exporter(library).select(tag="ATTRIBUTION")
    assert selection.article_ids == [a, c]
    articles = exporter(library).load(selection)
    assert [x.id for x in articles[0].annotations] == [library.h1]  # type: ignore[attr-defined]
    assert [x.id for x in articles[1].annotations] == [library.h5]  # type: ignore[attr-defined]
    assert selection.description == "tag attribution"


def test_select_by_entity_alias_and_query_and_ids(library: Library) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    ex = exporter(library)
    assert ex.select(entity="RS").article_ids == [b, a]
    with pytest.raises(ExportError, match="no entity is called 'rs'"):
        ex.select(entity="rs")  # a case-sensitive alias
    # Berlin's mention in a is rejected: only b counts.
    assert ex.select(entity="berlin").article_ids == [b]
    assert ex.select(query="tag:attribution").article_ids == [a, c]
    assert ex.select(query="entity:berlin").article_ids == [b]
    assert ex.select(article_ids=[c, a]).article_ids == [c, a]
    assert ex.select(article_ids=[c, a], entity="Jane Doe").article_ids == [a]


def test_unknown_names_and_ids_are_clear_errors(library: Library) -> None:
    ex = exporter(library)
    with pytest.raises(ExportError, match="no tag is called 'nope'"):
        ex.select(tag="nope")
    with pytest.raises(ExportError, match="no entity is called"):
        ex.select(entity="Nobody")
    with pytest.raises(ExportError, match="no article with id 999"):
        ex.select(article_ids=[999])
    with pytest.raises(ExportError, match="unknown export format"):
        ex.render("docx", everything(library))
    with pytest.raises(ExportError, match="cannot run search queries"):
        Exporter(library.archive._handle).select(query="x")


def test_empty_selection_says_so_and_writes_nothing(library: Library, tmp_path: Path) -> None:
    ex = exporter(library)
    empty = ex.select(query="zebra")
    for format in FORMATS:
        with pytest.raises(NothingToExport, match="no article matches search 'zebra'"):
            ex.export(format, empty, tmp_path / "out" / f"x.{format}")
    assert not (tmp_path / "out").exists()
    c = library.ids[2]  # type: ignore[attr-defined]
    with pytest.raises(NothingToExport, match="mention no entity"):
        ex.render("gexf", ex.select(article_ids=[c]))


def test_an_empty_library_has_nothing_to_export(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "empty") as archive:
        ex = Exporter(archive._handle)
        with pytest.raises(NothingToExport, match="whole library"):
            ex.render("markdown", ex.select())


def test_load_gathers_everything_with_provenance(library: Library) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    first = exporter(library).load(Selection([a]))[0]
    stored = library.archive.get(a)
    assert first.original_sha256 == stored.original_sha256
    assert first.original_sha256 == sha256_of(library.archive.original_path(a).read_bytes())
    assert first.captured_at == "2024-03-13T08:00:00+00:00"
    assert first.imported_at == stored.imported_at
    assert first.tags == ["influence ops"]
    assert first.entities[:1] == ["Rossiya Segodnya"] or "Rossiya Segodnya" in first.entities
    assert "Berlin" not in first.entities  # rejected
    h1 = first.annotations[0]
    assert h1.label == "Evidence" and h1.colour == "#ffcc00"
    assert h1.tags == ["attribution", "state media"]
    assert h1.entities == ["Rossiya Segodnya", "RIA Novosti"]
    mention = first.mentions[0]
    assert mention.matched == "Rossiya Segodnya"
    assert mention.context.startswith("Rossiya Segodnya, the agency")
    orphan = exporter(library).load(Selection([b]))[0].annotations[-1]
    assert orphan.orphaned and orphan.entities == []


# Markdown


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
    assert meta["tags"] == ["influence ops"]
    assert "Rossiya Segodnya" in meta["entities"]  # type: ignore[operator]
    assert (
        'Jane Q. Public, Staff, "Platform removes accounts tied to state media", The Valley'
        " Courier, 2024-03-12, https://news.example/2024/03/12/accounts (saved 2024-03-13,"
        f" imported {stored.imported_at[:10]}; archive article {a}, sha256"
        f" {stored.original_sha256[:12]}…)"
    ) in text
    assert "> Rossiya Segodnya, the agency behind RIA Novosti\n" in text
    assert "— **Evidence** · tags: #attribution, #state-media" in text
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


def test_file_names_are_safe_on_windows() -> None:
    def name(title: str, article_id: int = 7) -> str:
        article = ExportArticle(
            article_id, title, None, None, None, None, None, None, "", "0" * 64, "html", None, ""
        )
        return article_file_name(article)

    assert name('a<b>c:d"e/f\\g|h?i*j') == "a-b-c-d-e-f-g-h-i-j-7.md"
    assert name("CON") == "article-7.md"
    assert name("...") == "article-7.md"
    assert name("Путин и Си Цзиньпин") == "путин-и-си-цзиньпин-7.md"
    assert len(name("word " * 50)) <= 60 + len("-7.md")


# CSV


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_annotations_csv(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    report = exporter(library).export("csv", everything(library), tmp_path / "notes.csv")
    rows = read_csv(report.paths[0].read_bytes())
    assert list(rows[0]) == list(ANNOTATION_COLUMNS)
    assert len(rows) == 5 == report.annotations
    row = next(r for r in rows if r["annotation_id"] == str(library.h1))  # type: ignore[attr-defined]
    stored = library.archive.get(a)
    assert row["quote"] == "Rossiya Segodnya, the agency behind RIA Novosti"
    assert row["note"] == "first public attribution,\nsee also the March report"
    assert row["label"] == "Evidence"
    assert row["tags"] == "attribution; state media"
    assert row["entities"] == "Rossiya Segodnya; RIA Novosti"
    assert row["article_id"] == str(a)
    assert row["original_sha256"] == stored.original_sha256
    assert row["captured"] == "2024-03-13T08:00:00+00:00"
    assert row["imported"] == stored.imported_at
    assert row["site"] == "The Valley Courier"
    assert row["citation"].startswith('Jane Q. Public, Staff, "Platform')
    orphan = next(r for r in rows if r["annotation_id"] == str(library.h4))  # type: ignore[attr-defined]
    assert orphan["orphaned"] == "1"


def test_mentions_csv(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    ex = exporter(library)
    rows = read_csv(
        ex.export("mentions-csv", everything(library), tmp_path / "m.csv").paths[0].read_bytes()
    )
    assert list(rows[0]) == list(MENTION_COLUMNS)
    assert len(rows) == 7  # 3 + 3 + Berlin in b; the rejected one is left out
    berlin = next(r for r in rows if r["entity"] == "Berlin")
    assert berlin["type"] == "place" and berlin["matched"] == "Berlin"
    assert berlin["article_id"] == str(b) and berlin["source"] == "found"
    assert berlin["context"] == (
        "Jane Doe, who leads the research group in Berlin, called it the first public attribution."
    )
    text = library.text(b)
    assert text[int(berlin["start"]) : int(berlin["end"])] == "Berlin"
    only = read_csv(
        ex.export("mentions-csv", ex.select(entity="RS"), tmp_path / "rs.csv").paths[0].read_bytes()
    )
    assert {r["entity"] for r in only} == {"Rossiya Segodnya"} and len(only) == 2


# W3C Web Annotation


def validate(script: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CONFORMANCE / script), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def needs_conformance() -> None:
    if not (CONFORMANCE / "validate_annotations.py").is_file():
        pytest.skip("../shared/conformance is not beside this checkout")
    pytest.importorskip("jsonschema")


def test_w3c_structure(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    ex = exporter(library)
    data = json.loads(ex.render("w3c", everything(library)))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 5
    items = data["first"]["items"]
    assert data["first"]["type"] == "AnnotationPage"
    by_id = {item["archiveReader"]["annotation_id"]: item for item in items}
    h1 = by_id[library.h1]  # type: ignore[attr-defined]
    assert h1["id"].startswith("urn:uuid:") and h1["type"] == "Annotation"
    purposes = [(body["purpose"], body["value"]) for body in h1["body"]]
    assert purposes == [
        ("commenting", "first public attribution,\nsee also the March report"),
        ("classifying", "Evidence"),
        ("tagging", "attribution"),
        ("tagging", "state media"),
        ("identifying", "Rossiya Segodnya"),
        ("identifying", "RIA Novosti"),
    ]
    target = h1["target"]
    assert target["source"] == "https://news.example/2024/03/12/accounts"
    quote, position = target["selector"]
    text = library.text(a)
    assert quote["exact"] == text[position["start"] : position["end"]]
    assert text[: position["start"]].endswith(quote["prefix"])
    sha = library.archive.get(a).original_sha256
    assert target["state"] == {
        "type": "TimeState",
        "cached": f"urn:sha256:{sha}",
        "sourceDate": "2024-03-13T08:00:00Z",
    }
    assert h1["archiveReader"]["original_sha256"] == sha
    assert h1["archiveReader"]["article_id"] == a
    no_url = by_id[library.h5]  # type: ignore[attr-defined]
    assert no_url["target"]["source"].startswith("urn:sha256:")
    assert "body" not in no_url
    orphan = by_id[library.h4]  # type: ignore[attr-defined]
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]
    again = json.loads(ex.render("w3c", everything(library)))
    assert [i["id"] for i in again["first"]["items"]] == [i["id"] for i in items]
    assert len({i["id"] for i in items}) == 5


def test_w3c_passes_the_conformance_suite(library: Library, tmp_path: Path) -> None:
    needs_conformance()
    path = exporter(library).export("w3c", everything(library), tmp_path / "a.jsonld").paths[0]
    result = validate("validate_annotations.py", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed, 0 failed" in result.stdout


# Citations


def test_split_authors() -> None:
    assert split_authors("Jane Doe") == [{"given": "Jane", "family": "Doe"}]
    assert split_authors("By Jane Q. Public, Staff") == [
        {"given": "Jane Q.", "family": "Public"},
        {"literal": "Staff"},
    ]
    assert split_authors("Ludwig von Mises") == [{"given": "Ludwig", "family": "von Mises"}]
    assert split_authors("Reuters") == [{"literal": "Reuters"}]
    assert split_authors("BBC News") == [{"literal": "BBC News"}]
    assert split_authors("Ann Lee and Bo Chen") == [
        {"given": "Ann", "family": "Lee"},
        {"given": "Bo", "family": "Chen"},
    ]
    assert split_authors(None) == []


def test_csl(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    items = json.loads(exporter(library).render("csl", everything(library)))
    first = items[1]
    assert first["type"] == "article-newspaper"
    assert first["title"] == "Platform removes accounts tied to state media"
    assert first["container-title"] == "The Valley Courier"
    assert first["author"] == [{"given": "Jane Q.", "family": "Public"}, {"literal": "Staff"}]
    assert first["issued"] == {"date-parts": [[2024, 3, 12]]}
    assert first["accessed"] == {"date-parts": [[2024, 3, 13]]}
    assert first["URL"] == "https://news.example/2024/03/12/accounts"
    sha = library.archive.get(a).original_sha256
    assert f"Archive Reader article {a}" in first["note"] and sha in first["note"]
    assert items[2]["type"] == "webpage" and "URL" not in items[2]
    assert len({item["id"] for item in items}) == 3


def test_csl_passes_the_schema(library: Library, tmp_path: Path) -> None:
    needs_conformance()
    path = exporter(library).export("csl", everything(library), tmp_path / "a.json").paths[0]
    result = validate("validate_csl.py", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed, 0 failed" in result.stdout


def test_bibtex_parses_back(library: Library) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    from bibtexparser.middlewares import LatexDecodingMiddleware

    a, b, c = library.ids  # type: ignore[attr-defined]
    text = exporter(library).render("bibtex", everything(library))
    parsed = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not parsed.failed_blocks
    entries = {entry.key: entry for entry in parsed.entries}
    assert len(entries) == 3
    awkward = next(e for e in parsed.entries if e.key.endswith(f"-{b}"))
    assert awkward.entry_type == "online"
    assert awkward.key == f"vonmises2023uber-{b}"
    assert awkward["title"] == 'Über {braces} & 100% "quotes" #_tags'
    assert awkward["author"] == "von Mises, Ludwig"
    assert awkward["organization"] == "Die Zeitung"
    assert awkward["date"] == "2023-11-02" and awkward["year"] == "2023"
    # url is verbatim in biblatex: read it without LaTeX decoding (% is no comment there).
    raw = {e.key: e for e in bibtexparser.parse_string(text).entries}
    assert raw[awkward.key]["url"] == "https://news.example/b?x=%7B1%7D&y=2"
    assert awkward["urldate"] == library.archive.get(b).imported_at[:10]
    sha = library.archive.get(b).original_sha256
    assert sha in awkward["note"]
    first = next(e for e in parsed.entries if e.key.endswith(f"-{a}"))
    assert first["author"] == "Public, Jane Q. and Staff"
    assert first["urldate"] == "2024-03-13"


def test_ris_parses_back(library: Library) -> None:
    rispy = pytest.importorskip("rispy")
    a, b, c = library.ids  # type: ignore[attr-defined]
    records = rispy.loads(exporter(library).render("ris", everything(library)))
    assert len(records) == 3
    awkward, first, homeless = records
    assert first["type_of_reference"] == "NEWS"
    assert first["title"] == "Platform removes accounts tied to state media"
    assert first["authors"] == ["Public, Jane Q.", "Staff"]
    assert first["secondary_title"] == "The Valley Courier"
    assert first["year"] == "2024"
    assert first["urls"] == ["https://news.example/2024/03/12/accounts"]
    assert first["access_date"] == "2024/03/13"
    assert first["keywords"] == ["influence ops"]
    assert library.archive.get(a).original_sha256 in first["notes"][0]
    assert awkward["title"] == 'Über {braces} & 100% "quotes" #_tags'
    assert homeless["type_of_reference"] == "ELEC" and "urls" not in homeless


# Graphs


def test_graphs_read_back_with_networkx(library: Library, tmp_path: Path) -> None:
    networkx = pytest.importorskip("networkx")
    a, b, c = library.ids  # type: ignore[attr-defined]
    ex = exporter(library)
    gexf_path = ex.export("gexf", everything(library), tmp_path / "g.gexf").paths[0]
    graphml_path = ex.export("graphml", everything(library), tmp_path / "g.graphml").paths[0]
    g1 = networkx.read_gexf(gexf_path)
    g2 = networkx.read_graphml(graphml_path)
    for graph, node in ((g1, str), (g2, lambda i: f"e{i}")):
        assert graph.number_of_nodes() == 4
        rs = graph.nodes[node(library.rs)]  # type: ignore[attr-defined]
        assert rs["type"] == "organisation" and rs["mentions"] == 2 and rs["articles"] == 2
        berlin = graph.nodes[node(library.berlin)]  # type: ignore[attr-defined]
        assert berlin["mentions"] == 1  # the rejected mention is not counted
        edge = graph.edges[node(library.rs), node(library.ria)]  # type: ignore[attr-defined]
        assert edge["weight"] == 2
        evidence = edge.get("articles", edge.get("evidence"))
        assert sorted(map(int, evidence.split())) == sorted([a, b])
        assert graph.edges[node(library.jane), node(library.berlin)]["weight"] == 1  # type: ignore[attr-defined]
        assert graph.number_of_edges() == 6
    assert g1.nodes[str(library.rs)]["label"] == "Rossiya Segodnya"  # type: ignore[attr-defined]
    assert g2.nodes[f"e{library.rs}"]["label"] == "Rossiya Segodnya"  # type: ignore[attr-defined]


def test_graph_xml_survives_any_script_and_control_characters(library: Library) -> None:
    networkx = pytest.importorskip("networkx")
    a = library.ids[0]  # type: ignore[attr-defined]
    with library.archive._handle.storage.transaction():
        library.db.execute(
            "UPDATE entities SET name = ? WHERE id = ?",
            ['Россия <Сегодня> & "新华社"\x01\x0b', library.rs],  # type: ignore[attr-defined]
        )
    ex = exporter(library)
    for format, read in (("gexf", networkx.read_gexf), ("graphml", networkx.read_graphml)):
        text = ex.render(format, ex.select(article_ids=[a]))
        ET.fromstring(text.encode("utf-8"))
        graph = read(io.BytesIO(text.encode("utf-8")))
        labels = {data.get("label") for _, data in graph.nodes(data=True)}
        assert 'Россия <Сегодня> & "新华社"\ufffd\ufffd' in labels


# HTML


def test_html_report_is_self_contained_and_escaped(library: Library, tmp_path: Path) -> None:
    a = library.ids[0]  # type: ignore[attr-defined]
    with library.archive._handle.storage.transaction():
        library.db.execute(
            "UPDATE annotations SET note = ? WHERE id = ?",
            ['<script>alert(1)</script><img src="http://evil.example/x.png">', library.h2],  # type: ignore[attr-defined]
        )
        library.db.execute(
            "UPDATE labels SET color = ? WHERE name = 'Evidence'", ["red;background:url(x)"]
        )
    path = exporter(library).export("html", everything(library), tmp_path / "r.html").paths[0]
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not re.search(r"""<[^>]*\s(src|srcset)\s*=|url\(|@import""", text)
    assert "default-src 'none'" in text
    assert text.count("<section") == 3
    assert "Rossiya Segodnya, the agency behind RIA Novosti" in text
    assert library.archive.get(a).original_sha256 in text
    assert 'href="https://news.example/2024/03/12/accounts"' in text


# Command line


def run_cli(archive: Archive, *argv: str) -> int | None:
    library = argparse.ArgumentParser(add_help=False)
    library.add_argument("--library", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="archive-reader")
    commands = parser.add_subparsers(dest="command")
    cli_export.add_parsers(commands, library)
    return cli_export.run(archive, parser.parse_args(list(argv)))


def test_cli_writes_to_stdout_and_files(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = library.ids[0]  # type: ignore[attr-defined]
    assert run_cli(library.archive, "export", "ris", "--article", str(a)) == 0
    assert capsys.readouterr().out.startswith("TY  - NEWS")
    target = tmp_path / "x.csv"
    assert (
        run_cli(
            library.archive, "export", "csv", "--tag", "attribution", "-o", str(target), "--json"
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["annotations"] == 2 and report["paths"] == [str(target)]
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert (
        run_cli(library.archive, "export", "markdown", "--entity", "RS", "-o", str(tmp_path / "md"))
        == 0
    )
    assert "as markdown to 2 files in" in capsys.readouterr().out
    assert (
        run_cli(library.archive, "export", "csv", "--query", "zebra", "-o", str(tmp_path / "z.csv"))
        == 1
    )
    assert "no article matches search 'zebra'" in capsys.readouterr().err
    assert not (tmp_path / "z.csv").exists()
    with pytest.raises(ArchiveError, match="no tag"):
        run_cli(library.archive, "export", "csv", "--tag", "nope")
    with pytest.raises(SystemExit):
        run_cli(library.archive, "export", "csv", "--tag", "x", "--entity", "y")


def test_cli_leaves_other_commands_alone(library: Library) -> None:
    assert cli_export.run(library.archive, argparse.Namespace(command="list")) is None


# Real saved pages


def test_every_format_on_real_saved_pages(archive: Archive, tmp_path: Path) -> None:
    if not (SAVED_PAGES / "manifest.json").is_file():
        pytest.skip("../shared/fixtures/saved-pages is not beside this checkout")
    files = (
        sorted((SAVED_PAGES / "mhtml").glob("*"))[:3] + sorted((SAVED_PAGES / "warc").glob("*"))[:1]
    )
    results = archive.import_paths(files)
    ids = sorted({r.article_id for r in results if r.article_id is not None})
    assert len(ids) >= 3, results
    lib = Library(archive)
    storage = archive._handle.storage
    with storage.transaction():
        lib.tag_article(ids[0], "real")
        for article_id in ids:
            words = re.findall(r"\b[A-Z][a-z]{3,}\b", lib.text(article_id))
            sentence = lib.text(article_id).split(". ")[0][:120]
            lib.highlight(article_id, sentence, note=f"note on {article_id}", tags=("real",))
            if words:
                entity = storage.entity_ids_named(words[0])
                entity_id = entity[0] if entity else lib.entity(words[0], "organisation")
                lib.mention(article_id, entity_id, words[0])
        shared = lib.entity("Common Thing", "event")
        for article_id in ids:
            text = lib.text(article_id)
            lib.db.execute(
                "INSERT INTO mentions (article_id, entity_id, start, end, source)"
                " VALUES (?, ?, 0, ?, 'manual')",
                [article_id, shared, min(5, len(text))],
            )
        storage.queue_for_index(ids)
    archive._handle.flush()
    ex = Exporter(archive._handle, archive._engine.matching_ids)
    selection = ex.select()
    for format in FORMATS:
        report = ex.export(format, selection, tmp_path / "real" / f"all.{format}")
        assert report.paths and all(p.stat().st_size > 0 for p in report.paths)
    out = tmp_path / "real"
    captured = {a.captured_at for a in ex.load(selection)}
    assert captured - {None}, "MHTML and WARC files carry a capture date"
    assert len(read_csv((out / "all.csv").read_bytes())) == len(ids)
    assert len(read_csv((out / "all.mentions-csv").read_bytes())) >= len(ids)
    networkx = pytest.importorskip("networkx")
    graph = networkx.read_gexf(out / "all.gexf")
    assert graph.nodes[str(shared)]["articles"] == len(ids)
    assert networkx.read_graphml(out / "all.graphml").number_of_nodes() == graph.number_of_nodes()
    pytest.importorskip("rispy").loads((out / "all.ris").read_text(encoding="utf-8"))
    bib = pytest.importorskip("bibtexparser").parse_string((out / "all.bibtex").read_text("utf-8"))
    assert len(bib.entries) == len(ids) and not bib.failed_blocks
    if (CONFORMANCE / "validate_annotations.py").is_file():
        pytest.importorskip("jsonschema")
        for script, name in (
            ("validate_annotations.py", "all.w3c"),
            ("validate_csl.py", "all.csl"),
        ):
            result = validate(script, out / name)
            assert result.returncode == 0, result.stdout
