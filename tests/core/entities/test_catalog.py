"""The entity catalogue: aliases and case rules, mentions everywhere, suggestions, co-occurrence."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from archive_reader import Archive
from archive_reader.cli.entities import add_parsers, run
from archive_reader.core.entities.catalog import (
    EntityCatalog,
    EntityError,
    EntityNotFound,
    default_case_sensitive,
)
from archive_reader.core.errors import ArchiveError
from tests.conftest import SAVED_PAGES

FILLER = (
    "The report was written over several months by a small team of researchers who read"
    " thousands of posts and compared them with the public statements of the companies."
)


def page(
    title: str,
    paragraphs: list[str],
    *,
    date: str = "2023-05-10",
    site: str = "Courier",
    lang: str = "en",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in [*paragraphs, FILLER])
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{date}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


@pytest.fixture
def archive(tmp_path: Path):
    with Archive.open(tmp_path / "lib") as opened:
        yield opened


def add_page(archive: Archive, tmp_path: Path, name: str, html: str) -> int:
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    (result,) = archive.import_paths([path])
    assert result.article_id is not None, result.reason
    return result.article_id


def texts(catalog: EntityCatalog, article_id: int, entity_id: int | None = None) -> list[str]:
    return [m.text for m in catalog.mentions(article_id=article_id, entity_id=entity_id)]


def found_ids(archive: Archive, query: str) -> set[int]:
    return {hit.article_id for hit in archive.search(query, limit=100)}


def test_aliases_in_latin_and_cyrillic_case_rules_and_word_boundaries(archive, tmp_path) -> None:
    english = add_page(
        archive,
        tmp_path,
        "en",
        page(
            "Accounts removed",
            [
                "Meta removed accounts tied to RT and to Russia Today on Tuesday.",
                "The ART museum and the RTL channel were not involved; see rt.com/news or"
                " https://www.rt.com for the outlet's reply. Startups (rt) said nothing.",
            ],
        ),
    )
    russian = add_page(
        archive,
        tmp_path,
        "ru",
        page(
            "Решение Meta",
            [
                "Компания заблокировала аккаунты ТВ-Новости и «Россия Сегодня» в этом году.",
                "Представители тв-новости не ответили. Слово ТВ-Новостийный не считается.",
            ],
            lang="ru",
        ),
    )
    catalog = EntityCatalog(archive._handle)
    rt = catalog.add("RT", "organisation", ["Russia Today", "ТВ-Новости"])

    assert [a.case_sensitive for a in rt.aliases] == [True, False, False]
    assert texts(catalog, english) == ["RT", "Russia Today"]
    assert texts(catalog, russian) == ["ТВ-Новости", "тв-новости"]
    assert rt.mention_count == 4 and rt.article_count == 2
    assert rt.first_date == rt.last_date == "2023-05-10"
    # Offsets point into the article's own text.
    text = archive.get(russian).text
    for mention in catalog.mentions(article_id=russian):
        assert text[mention.start : mention.end] == mention.text


def test_default_case_rule() -> None:
    assert default_case_sensitive("RT")
    assert default_case_sensitive("ТАСС")
    assert default_case_sensitive("G7")
    assert not default_case_sensitive("Russia Today")
    assert not default_case_sensitive("rt")
    assert not default_case_sensitive("UNITED NATIONS")


def test_longest_match_wins_and_accents_are_ignored(archive, tmp_path) -> None:
    article = add_page(
        archive,
        tmp_path,
        "a",
        page(
            "Broadcasters",
            [
                "Russia Today is not Russia, and Russia\u00a0Today across a non-breaking space"
                " is still the outlet.",
                "The ministry in Bogota (Bogotá) answered.",
            ],
        ),
    )
    catalog = EntityCatalog(archive._handle)
    outlet = catalog.add("Russia Today", "organisation")
    country = catalog.add("Russia", "place")
    city = catalog.add("Bogotá", "place")
    # (The extractor may already have turned the non-breaking space into a space.)
    assert [" ".join(t.split()) for t in texts(catalog, article, outlet.id)] == [
        "Russia Today",
        "Russia Today",
    ]
    assert texts(catalog, article, country.id) == ["Russia"]
    assert texts(catalog, article, city.id) == ["Bogota", "Bogotá"]


def apple_article(archive: Archive, tmp_path: Path) -> tuple[int, EntityCatalog, Any]:
    """An article where "Apple" is the company once and the fruit once, and the entity."""
    article = add_page(
        archive,
        tmp_path,
        "a",
        page(
            "Apple",
            [
                "Apple said the ban was fair. She ate an apple at the hearing.",
                "The company later said more.",
            ],
        ),
    )
    catalog = EntityCatalog(archive._handle)
    return article, catalog, catalog.add("Apple", "organisation")


def test_rejected_stays_rejected_and_manual_is_kept(archive, tmp_path) -> None:
    article, catalog, apple = apple_article(archive, tmp_path)
    wrong = next(m for m in catalog.mentions(article_id=article) if m.text == "apple")
    catalog.reject(wrong.id)
    text = archive.get(article).text
    start = text.index("The company")
    manual = catalog.add_mention(article, apple.id, start, start + len("The company"))
    assert manual.source == "manual"

    for _ in range(2):
        catalog.scan_articles()
        catalog.scan_articles([article])
    catalog.add_alias(apple.id, "Apple Inc.")  # rescans where the new alias may appear
    live = catalog.mentions(article_id=article)
    assert [(m.text, m.source) for m in live] == [("Apple", "found"), ("The company", "manual")]
    every = catalog.mentions(article_id=article, include_rejected=True)
    assert [m.text for m in every if m.rejected] == ["apple"]
    assert catalog.mention(wrong.id).rejected

    restored = catalog.restore(wrong.id)
    assert not restored.rejected
    assert len(catalog.mentions(article_id=article)) == 3

    # Removing a manual mention removes it for good; a found one comes back at a scan.
    catalog.remove_mention(manual.id)
    catalog.remove_mention(wrong.id)
    assert [m.text for m in catalog.mentions(article_id=article)] == ["Apple"]
    catalog.scan_articles([article])
    assert [m.text for m in catalog.mentions(article_id=article)] == ["Apple", "apple"]
    with pytest.raises(ArchiveError):
        catalog.remove_mention(10**9)


def test_new_article_gets_mentions_and_is_searchable(archive, tmp_path) -> None:
    catalog = EntityCatalog(archive._handle)
    entity = catalog.add("Rossiya Segodnya", "organisation", ["RIA Novosti", "Россия Сегодня"])
    first = add_page(
        archive, tmp_path, "one", page("Agency", ["RIA Novosti published the statement."])
    )
    # The import finds the mentions of known entities by itself.
    assert texts(catalog, first) == ["RIA Novosti"]
    catalog.scan_articles([first])
    assert texts(catalog, first) == ["RIA Novosti"]
    assert found_ids(archive, 'entity:"Rossiya Segodnya"') == {first}
    assert found_ids(archive, 'entity:"RIA Novosti"') == {first}
    assert found_ids(archive, 'entity:"Россия Сегодня"') == {first}
    assert catalog.get(entity.id).article_count == 1


def test_tag_a_passage_creates_an_entity_or_an_alias(archive, tmp_path) -> None:
    one = add_page(
        archive,
        tmp_path,
        "one",
        page("Outlets", ["The Internet Research Agency ran pages; the IRA denied it."]),
    )
    two = add_page(archive, tmp_path, "two", page("Again", ["The IRA and the Agency were named."]))
    catalog = EntityCatalog(archive._handle)
    text = archive.get(one).text
    start = text.index("Internet Research Agency")
    mention = catalog.tag(
        one, start - 1, start + len("Internet Research Agency") + 1, type="organisation"
    )
    assert mention.text == "Internet Research Agency" and mention.source == "manual"
    agency = catalog.find("Internet Research Agency")
    start = text.index("IRA")
    alias_mention = catalog.tag(one, start, start + 3, entity_id=agency.id)
    assert alias_mention.entity_id == agency.id
    assert texts(catalog, two, agency.id) == ["IRA"]
    assert catalog.get(agency.id).other_names == ["IRA"]
    with pytest.raises(EntityError):
        catalog.tag(one, 0, 5)
    with pytest.raises(EntityError):
        catalog.tag(one, 10, 10_000, type="person")


def test_rename_merge_delete(archive, tmp_path) -> None:
    article = add_page(
        archive,
        tmp_path,
        "a",
        page(
            "Outlets",
            [
                "TV-Novosti runs RT. Russia Today and RT are the same outlet.",
                "Russia Today broadcasts from Moscow.",
            ],
        ),
    )
    catalog = EntityCatalog(archive._handle)
    rt = catalog.add("RT", "organisation")
    long_name = catalog.add("Russia Today", "organisation", notes="the old name")
    russia = catalog.add("Russia", "place")
    parent = catalog.add("TV-Novosti", "organisation")
    assert catalog.mentions(article_id=article, entity_id=russia.id) == []
    # A manual mention of the source at the place of a found one of the target stays one.
    text = archive.get(article).text
    at = text.index("RT")
    catalog.add_mention(article, long_name.id, at, at + 2)

    merged = catalog.merge(long_name.id, rt.id)
    assert {a.text for a in merged.aliases} == {"RT", "Russia Today"}
    assert merged.notes == "the old name"
    assert [(m.text, m.source) for m in catalog.mentions(article_id=article)] == [
        ("TV-Novosti", "found"),
        ("RT", "manual"),
        ("Russia Today", "found"),
        ("RT", "found"),
        ("Russia Today", "found"),
    ]
    with pytest.raises(EntityNotFound):
        catalog.get(long_name.id)
    assert found_ids(archive, 'entity:"Russia Today"') == {article}

    renamed = catalog.rename(rt.id, "RT (Russia Today)")
    assert renamed.name == "RT (Russia Today)"
    assert {"RT", "Russia Today"} <= set(renamed.other_names)
    assert renamed.mention_count == 4
    fixed = catalog.rename(parent.id, "TV Novosti", keep_old_name=False)
    assert fixed.mention_count == 0 and fixed.aliases[0].text == "TV Novosti"

    catalog.delete(rt.id)
    assert found_ids(archive, "entity:RT") == set()
    # "Russia" was covered by the longer "Russia Today": it is found now.
    assert texts(catalog, article, russia.id) == ["Russia", "Russia"]
    with pytest.raises(EntityError):
        catalog.merge(russia.id, russia.id)


def test_types_and_errors(archive) -> None:
    catalog = EntityCatalog(archive._handle)
    assert catalog.types()[:4] == ["person", "organisation", "place", "event"]
    assert catalog.add_type(" weapon  system ") == "weapon system"
    entity = catalog.add("Iskander", "Weapon System")
    assert entity.type == "weapon system"
    with pytest.raises(EntityError, match="no entity type"):
        catalog.add("Nobody", "animal")
    with pytest.raises(EntityError):
        catalog.delete_type("weapon system")
    with pytest.raises(EntityError):
        catalog.delete_type("person")
    with pytest.raises(EntityError):
        catalog.add("   ", "person")
    with pytest.raises(EntityNotFound):
        catalog.find("nobody at all")


def test_cooccurrence_counts_passages_and_filters(archive, tmp_path) -> None:
    one = add_page(
        archive,
        tmp_path,
        "one",
        page(
            "Bans",
            [
                "TikTok removed accounts of Rossiya Segodnya and Sputnik.",
                "Meta did the same later. Sputnik objected.",
            ],
            date="2023-03-01",
            site="Courier",
        ),
    )
    two = add_page(
        archive,
        tmp_path,
        "two",
        page(
            "More bans",
            ["Rossiya Segodnya was named again.", "TikTok said nothing this time."],
            date="2024-06-01",
            site="Herald",
        ),
    )
    db = archive._storage.db
    with archive._storage.transaction():
        tag_id = db.execute("INSERT INTO tags (name) VALUES ('platforms')").lastrowid
        db.execute("INSERT INTO article_tags VALUES (?, ?)", [two, tag_id])
    catalog = EntityCatalog(archive._handle)
    segodnya = catalog.add("Rossiya Segodnya", "organisation")
    tiktok = catalog.add("TikTok", "organisation")
    sputnik = catalog.add("Sputnik", "organisation")
    meta = catalog.add("Meta", "organisation")

    pairs = {p.name: p for p in catalog.cooccurrences(segodnya.id)}
    assert (pairs["TikTok"].articles, pairs["TikTok"].paragraphs) == (2, 1)
    assert (pairs["Sputnik"].articles, pairs["Sputnik"].paragraphs) == (1, 1)
    assert (pairs["Meta"].articles, pairs["Meta"].paragraphs) == (1, 0)
    assert pairs["TikTok"].article_ids == [one, two]
    (passage,) = pairs["TikTok"].passages
    assert passage.article_id == one and passage.published == "2023-03-01"
    assert passage.text == "TikTok removed accounts of Rossiya Segodnya and Sputnik."
    assert pairs["Meta"].passages == []

    assert [p.name for p in catalog.cooccurrences(segodnya.id, since="2024")] == ["TikTok"]
    assert {p.name for p in catalog.cooccurrences(segodnya.id, until="2023")} == {
        "TikTok",
        "Sputnik",
        "Meta",
    }
    assert [p.article_ids for p in catalog.cooccurrences(segodnya.id, site="herald")] == [[two]]
    assert [p.article_ids for p in catalog.cooccurrences(segodnya.id, tag="platforms")] == [[two]]
    assert catalog.cooccurrences(segodnya.id, since="2025") == []
    assert {p.name for p in catalog.cooccurrences(sputnik.id)} == {
        "Rossiya Segodnya",
        "TikTok",
        "Meta",
    }
    assert catalog.cooccurrences(tiktok.id, passages=0)[0].passages == []
    assert [a.article_id for a in catalog.articles(segodnya.id)] == [two, one]
    assert catalog.get(meta.id).first_date == "2023-03-01"
    assert catalog.get(segodnya.id).last_date == "2024-06-01"
    assert found_ids(archive, 'entity:"Rossiya Segodnya" entity:TikTok date:2024') == {two}


def test_suggestions_dismissal_is_remembered(archive, tmp_path) -> None:
    article = add_page(
        archive,
        tmp_path,
        "a",
        page(
            "Brussels",
            [
                "The European Commission asked Meta about NATO. Officials at the European"
                " Commission met Brussels officials.",
                "However, Brussels said the Bank of England and the Kremlin disagreed; the"
                " Kremlin said so twice. Новое заявление сделал Дмитрий Песков.",
            ],
        ),
    )
    catalog = EntityCatalog(archive._handle)
    catalog.add("Meta", "organisation")
    found = {s.name: s for s in catalog.suggest(article)}
    assert found["European Commission"].count == 2
    assert found["European Commission"].kind == "sequence"
    assert found["NATO"].kind == "acronym"
    assert found["Kremlin"].count == 2
    assert found["Bank of England"].kind == "sequence"
    assert found["Дмитрий Песков"].kind == "sequence"
    assert "Meta" not in found  # already in the catalogue
    assert "However" not in found and "The European Commission" not in found
    assert "Officials" not in found  # its lower-case form is in the text

    catalog.dismiss("kremlin")
    entity = catalog.accept("European Commission", "organisation")
    assert entity.mention_count == 2
    again = {s.name for s in catalog.suggest(article)}
    assert "Kremlin" not in again and "European Commission" not in again
    assert catalog.dismissed() == ["kremlin"]
    catalog.undismiss("Kremlin")
    assert "Kremlin" in {s.name for s in catalog.suggest(article)}
    assert len(catalog.suggest(article, limit=2)) == 2


def _cli(archive: Archive, *argv: str) -> int | None:
    library = argparse.ArgumentParser(add_help=False)
    library.add_argument("--library", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="archive-reader")
    commands = parser.add_subparsers(dest="command")
    add_parsers(commands, library)
    return run(archive, parser.parse_args(argv))


def test_command_line(archive, tmp_path, capsys) -> None:
    article = add_page(
        archive, tmp_path, "a", page("Bans", ["RT and Sputnik were banned. Sputnik appealed."])
    )
    assert (
        _cli(archive, "entity", "add", "RT", "--type", "organisation", "--alias", "Russia Today")
        == 0
    )
    assert _cli(archive, "entity", "add", "Sputnik", "--type", "organisation") == 0
    assert _cli(archive, "entity", "alias", "RT", "ТВ-Новости") == 0
    capsys.readouterr()
    assert _cli(archive, "entity", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["name"], e["mention_count"]) for e in listed] == [("RT", 1), ("Sputnik", 2)]
    assert _cli(archive, "entity", "show", "Russia Today", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["cooccurrences"][0]["name"] == "Sputnik"
    assert shown["articles"][0]["article_id"] == article
    assert _cli(archive, "entity", "show", "RT") == 0
    out = capsys.readouterr().out
    assert "Appears with:" in out
    assert "first -" not in out and ", ]" not in out  # undated pages read as such
    assert _cli(archive, "entity", "suggest", str(article), "--json") == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)
    assert _cli(archive, "entity", "mentions", "--entity", "Sputnik", "--json") == 0
    mention_id = json.loads(capsys.readouterr().out)[1]["id"]
    assert _cli(archive, "entity", "reject", str(mention_id)) == 0
    assert EntityCatalog(archive._handle).find("Sputnik").mention_count == 1
    assert _cli(archive, "entity", "delete", "Sputnik") == 2
    assert "--yes" in capsys.readouterr().err
    assert _cli(archive, "entity", "delete", "Sputnik", "--yes") == 0
    assert _cli(archive, "entity", "types", "--add", "law") == 0
    assert _cli(archive, "entity", "rename", "RT", "RT network") == 0
    assert _cli(archive, "entity", "dismiss", "Bans") == 0
    assert _cli(archive, "entity", "scan") == 0
    assert run(archive, argparse.Namespace(command="search")) is None


@pytest.mark.skipif(
    not (SAVED_PAGES / "manifest.json").is_file(),
    reason="../shared/fixtures/saved-pages is not beside this checkout",
)
def test_real_pages(archive) -> None:
    results = archive.import_paths(
        [
            SAVED_PAGES / "mhtml" / "en-bbc-assange-sweden.mhtml",
            SAVED_PAGES / "mhtml" / "ru-vsediety-atkins.mhtml",
        ]
    )
    bbc, diet = (r.article_id for r in results)
    catalog = EntityCatalog(archive._handle)
    suggested = {s.name: s for s in catalog.suggest(bbc)}
    assert suggested["Assange"].count >= 5
    assert "Julian Assange" in suggested and "Sweden" in suggested
    assert "Аткинса" in {s.name for s in catalog.suggest(diet)}

    assange = catalog.accept("Julian Assange", "person")
    catalog.add_alias(assange.id, "Assange")
    sweden = catalog.add("Sweden", "place")
    catalog.add("Аткинс", "person", ["Аткинса"])
    assert catalog.get(assange.id).mention_count >= 9
    assert found_ids(archive, "entity:Assange") == {bbc}
    assert found_ids(archive, "entity:Аткинса") == {diet}
    pairs = catalog.cooccurrences(assange.id)
    assert pairs[0].entity_id == sweden.id and pairs[0].paragraphs >= 1
    assert "Sweden" in pairs[0].passages[0].text
    text = archive.get(bbc).text
    for mention in catalog.mentions(article_id=bbc):
        assert text[mention.start : mention.end] == mention.text


def test_matcher_spaces_cjk_and_same_span_rules() -> None:
    from archive_reader.core.entities.catalog import _Matcher

    matcher = _Matcher(
        [
            (1, "Russia Today", False),
            (2, "RTV", True),
            (3, "rtv", False),
            (3, "rtv.example", False),
            (4, "北京", False),
            (5, "C++", True),
        ]
    )
    text = "Russia\nToday and Russia\u00a0Today; RTV, rtv and www.rtv.example/news; 在北京市; C++."
    found = [(text[s:e], entity) for s, e, entity in matcher.find(text)]
    assert found == [
        ("Russia\nToday", 1),
        ("Russia\u00a0Today", 1),
        ("RTV", 2),  # the case-sensitive alias beats the other entity's "rtv" here
        ("rtv", 3),
        ("rtv.example", 3),
        ("北京", 4),
        ("C++", 5),
    ]


def test_marked_and_rejected_mentions_follow_their_words_through_reextraction(
    archive, tmp_path
) -> None:
    article, catalog, apple = apple_article(archive, tmp_path)
    new_text = archive.get(article).text
    # As if an older extractor had kept one more paragraph at the top: every
    # offset stored so far is on that longer text.
    extra = "An older extractor kept this paragraph about the hearing.\n\n"
    old_text = extra + new_text
    db = archive._storage.db
    db.execute("UPDATE articles SET text = ? WHERE id = ?", [old_text, article])
    db.execute(
        "UPDATE mentions SET start = start + ?, end = end + ? WHERE article_id = ?",
        [len(extra), len(extra), article],
    )
    wrong = next(m for m in catalog.mentions(article_id=article) if m.text == "apple")
    catalog.reject(wrong.id)
    at = old_text.index("The company")
    manual = catalog.add_mention(article, apple.id, at, at + len("The company"))
    at = old_text.index("older extractor")
    gone = catalog.add_mention(article, apple.id, at, at + len("older extractor"))

    for _ in archive.reextract([article]):
        pass

    assert archive.get(article).text == new_text
    moved = catalog.mention(manual.id)
    assert (moved.start, moved.text, moved.source) == (
        new_text.index("The company"),
        "The company",
        "manual",
    )
    rejected = catalog.mention(wrong.id)
    assert (rejected.start, rejected.text, rejected.rejected) == (
        new_text.index("apple"),
        "apple",
        True,
    )
    # The mention on the dropped paragraph is gone with its words.
    every = catalog.mentions(article_id=article, include_rejected=True)
    assert sorted((m.text, m.source, m.rejected) for m in every) == [
        ("Apple", "found", False),
        ("The company", "manual", False),
        ("apple", "found", True),
    ]
    assert gone.text == "older extractor"
