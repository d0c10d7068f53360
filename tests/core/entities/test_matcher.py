"""Matching: aliases and case rules, word boundaries, the longest match, same-span rules."""

from __future__ import annotations

from archive_reader.core.entities.catalog import EntityCatalog
from archive_reader.core.entities.matcher import default_case_sensitive
from tests.core.entities.helpers import add_page, page, texts


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


def test_matcher_spaces_cjk_and_same_span_rules() -> None:
    from archive_reader.core.entities.matcher import Matcher as _Matcher

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
