"""The search engine against a brute-force oracle, on small multilingual libraries.

The oracle (``tests/search_oracle.py``) states the query language's meaning by
scanning the stored articles, without any of the engine's code. The first
tests here check the oracle itself on cases worked out by hand; the property
tests then build two libraries of about fifty articles in eight languages,
draw queries of every type from their words, and compare the set of ids the
engine returns (``matching_ids``, and ``search`` page by page in each order)
with the oracle's.

Shrinking is off: the generated queries are already short, and a failure
prints the query with each extra or missing article and where the oracle
found (or did not find) each part of the query in it. For a longer run, set
``ARCHIVE_READER_ORACLE=<factor>`` to multiply the number of examples, or run
``benchmarks/search_oracle.py``, which reports every disagreement by query type.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from tests.search_oracle import (
    FUZZY_EXPANSIONS,
    QUERY_TYPES,
    AllOf,
    AnyOf,
    Dates,
    Library,
    Not,
    Oracle,
    Phrase,
    StoredArticle,
    T,
    Word,
    build_library,
    compare,
    fold,
    is_unspaced,
    parse,
    primary_language,
    words,
)

_FACTOR = max(1, int(os.environ.get("ARCHIVE_READER_ORACLE", "1")))
#: (seed, articles) of the libraries the property tests run on.
LIBRARIES = [(1, 45), (2, 55)]
ORDERS = ("relevance", "newest", "oldest")


def oracle_of(*articles: StoredArticle) -> Oracle:
    return Oracle(articles)


def article(
    article_id: int,
    title: str,
    text: str,
    language: str | None = "en",
    published: str | None = "2021-05-03",
    **more: Any,
) -> StoredArticle:
    saved = "2024-02-10T09:00:00+00:00"
    return StoredArticle(article_id, title, text, language, published, saved, **more)


# The oracle, on cases worked out by hand


def test_folding() -> None:
    assert fold("İstanbul") == fold("ISTANBUL") == fold("i\u0307stanbul") == "istanbul"
    assert fold("ışık") == fold("IŞIK") == "isik"
    assert fold("Straße") == fold("STRASSE") == fold("STRAẞE") == "strasse"
    assert fold("cafe\u0301") == fold("café") == fold("CAFÉ") == "cafe"
    assert fold("Łódź Søren Đorđe Guðrún Ħamrun Þór Ærø Œdipe") == (
        "lodz soren dorde gudrun hamrun thor aero oedipe"
    )
    assert fold("ﬁnance ＡＢＣ") == "finance abc"
    assert fold("ёлка Йогурт") == "елка иогурт"  # the breve of й is a combining accent too


def test_words() -> None:
    assert words(fold("E-mail, l'école; COVID-19!")) == ["e", "mail", "l", "ecole", "covid", "19"]
    assert words(fold("Tokyo東京の天気")) == ["tokyo", "東", "京", "の", "天", "気"]
    # Devanagari's vowel signs and virama are combining marks: part of the word.
    assert words(fold("नमस्ते")) == ["नमस्ते"]
    assert words(fold("ภาษา")) == ["ภ", "า", "ษ", "า"]
    # The katakana middle dot is punctuation, though in the Katakana block.
    assert words(fold("データ・ニュース")) == list("データニュース")
    assert is_unspaced("中") and not is_unspaced("a")


def test_parse() -> None:
    assert parse("a b OR c") == AnyOf((AllOf((Word("a"), Word("b"))), Word("c")))
    assert parse("a -b NOT c") == AllOf((Word("a"), Not(Word("b")), Not(Word("c"))))
    assert parse('title:"x y" (tag:z OR lang:fr)') == AllOf(
        (Phrase("x y", "title"), AnyOf((Word("z", "tag"), Word("fr", "lang"))))
    )
    assert parse("tikt* propoganda~ word~2") == AllOf(
        (Word("tikt", prefix=True), Word("propoganda", fuzzy=1), Word("word", fuzzy=2))
    )
    assert parse("-(date:2021 OR saved:>=2024-02)") == Not(
        AnyOf(
            (
                Dates("date", date(2021, 1, 1), date(2021, 12, 31), "2021"),
                Dates("saved", date(2024, 2, 1), None, ">=2024-02"),
            )
        )
    )


def test_a_word_matches_through_the_stem_of_the_articles_own_language() -> None:
    oracle = oracle_of(
        article(1, "Council", "They did not agree on the budget.", "en"),
        article(2, "Conseil", "Les notes du conseil.", "fr"),
        article(3, "Council", "The council notes were read.", "en-GB"),
        article(4, "Rat", "Die Notiz not.", "de"),
    )
    # French stems notes to "not": the English article with only "not" is not found.
    assert oracle.matching("notes") == {2, 3, 4}
    assert oracle.matching("note") == {2, 3, 4}
    assert oracle.matching("not") == {1, 2, 4}
    assert oracle.matching("NOTES lang:en") == {3}


def test_unstemmed_languages_and_cjk_characters() -> None:
    oracle = oracle_of(
        article(1, "中国人民", "大学北京的天气。中国。人民。", "zh"),
        article(2, "東京", "東京の天気は晴れです。データ・ニュース。", "ja"),
        article(3, "China", "The people of China, 中 alone.", "en"),
        article(4, "Untagged", "notes and more notes", None),
    )
    assert oracle.matching("中") == {1, 3}
    assert oracle.matching("国人") == {1}
    assert oracle.matching("人中") == set()
    assert oracle.matching("国。人") == {1}  # punctuation between the characters does not matter
    assert oracle.matching("民大") == set()  # the title and the text are apart
    assert oracle.matching("中国人民") == {1}
    assert oracle.matching("天気") == {2}
    assert oracle.matching("タニ") == {2}  # across the middle dot
    assert oracle.matching("note") == set()  # no stemmer: the word itself
    assert oracle.matching("notes") == {4}


def test_phrases_are_unstemmed_and_never_run_from_title_into_text() -> None:
    oracle = oracle_of(
        article(1, "Harbour news", "Ferry strike ends.\n\nNotes on the harbour, news at ten."),
        article(2, "Strike", "The e-mail said: ferry strikes end; note taken.", "en"),
    )
    assert oracle.matching('"harbour news"') == {1}
    assert oracle.matching('"news ferry"') == set()
    assert oracle.matching('"ends notes"') == {1}  # across paragraphs of the text
    assert oracle.matching('"HARBOUR, news"') == {1}
    assert oracle.matching('"ferry strike"') == {1}
    assert oracle.matching("ferry strike") == {1, 2}
    assert oracle.matching('"notes"') == {1}
    assert oracle.matching("notes") == {1, 2}
    assert oracle.matching("e-mail") == oracle.matching('"e mail"') == {2}
    assert oracle.matching("mail-e") == set()
    assert oracle.matching('title:"harbour news"') == {1}
    assert oracle.matching('title:"ferry strike"') == set()


def test_folded_forms_find_each_other() -> None:
    oracle = oracle_of(
        article(1, "Gezi", "İstanbul'da ışık ve kitaplar.", "tr"),
        article(2, "Reise", "Die Straße nach Łódź, cafe\u0301 und Þór.", "de"),
        article(3, "Voyage", "Un café à København, Ærø et Œdipe.", "fr"),
    )
    assert oracle.matching("istanbul") == oracle.matching("İSTANBUL") == {1}
    assert oracle.matching("ISIK") == {1}
    assert oracle.matching("kitap") == {1}  # Turkish stems kitaplar to kitap
    assert oracle.matching("strasse") == oracle.matching("STRASSE") == {2}
    assert oracle.matching("café") == oracle.matching("CAFE") == {2, 3}
    assert oracle.matching("cafe\u0301") == {2, 3}
    assert oracle.matching("lodz thor") == {2}
    assert oracle.matching("kobenhavn aero oedipe") == {3}


def test_dates_never_match_an_undated_article() -> None:
    oracle = oracle_of(
        article(1, "A", "alpha", published=None),
        article(2, "B", "alpha", published="2021-06-30"),
        article(3, "C", "beta", published="2021-07-01T12:00:00Z"),
        article(4, "D", "beta", published="2019-12-31"),
        article(5, "E", "gamma", published="2020-01-01"),
    )
    assert oracle.matching("date:2021") == {2, 3}
    assert oracle.matching("date:2020-01..2021-06") == {2, 5}
    assert oracle.matching("date:>2021-06-30") == {3}
    assert oracle.matching("date:>2021-06") == {3}
    assert oracle.matching("date:>=2021-07-01") == {3}
    assert oracle.matching("date:<2020") == {4}
    assert oracle.matching("date:<=2020") == {4, 5}
    assert oracle.matching("date:2021-07") == {3}
    assert oracle.matching("date:2021 OR gamma") == {2, 3, 5}
    assert oracle.matching("alpha (date:>2000 OR zzz)") == {2}
    assert oracle.matching("NOT date:2021") == {1, 4, 5}
    assert oracle.matching("-(date:2021 OR gamma)") == {1, 4}
    assert oracle.matching("saved:2024-02") == {1, 2, 3, 4, 5}
    assert oracle.matching("saved:<2024-02-10") == set()


def test_prefixes_take_the_words_as_written() -> None:
    oracle = oracle_of(
        article(1, "Elections", "The elected council.", "en"),
        article(2, "Vote", "An election, a café\u0301.", "en"),
    )
    assert oracle.matching("electio*") == {1, 2}
    assert oracle.matching("elected*") == {1}
    assert oracle.matching("title:elect*") == {1}
    assert oracle.matching("CAFE*") == {2}
    # "elect" is the stem of all three words, but none is written "elect" alone.
    assert oracle.matching("elect") == {1, 2}
    assert oracle.matching('"elect"') == set()


def test_fuzzy_words_expand_to_the_twelve_closest_then_most_frequent() -> None:
    near = ["bad", "bag", "ban", "bar", "bas", "bay", "bab", "bac", "bae", "baf", "bah", "bai"]
    articles = [article(n, "T", f"x {word}") for n, word in enumerate(near, start=1)]
    articles.append(article(20, "T", "bat bai cat"))
    articles.append(article(21, "T", "bai"))
    articles.append(article(22, "T", "bxt"))
    oracle = Oracle(articles)
    expansions = oracle.fuzzy_expansions("bat", 1)
    # bat itself, bai (in three articles), then ten of the others by alphabet: not bay or bxt.
    assert expansions == [
        "bat",
        "bai",
        "bab",
        "bac",
        "bad",
        "bae",
        "baf",
        "bag",
        "bah",
        "ban",
        "bar",
        "bas",
    ]
    assert len(expansions) == FUZZY_EXPANSIONS
    assert oracle.fuzzy_expansions("bat", 2)[:3] == ["bat", "bai", "bab"]
    found = oracle.matching("bat~")
    assert found == {20, 21} | {near.index(word) + 1 for word in near if word != "bay"}
    assert oracle.matching("bat~") == oracle.matching("BAT~1")
    assert oracle.matching("cxt~") == {20}  # the first letter must be right


def test_notes_tags_languages_sites() -> None:
    oracle = oracle_of(
        article(
            1,
            "Rapport",
            "Le texte ne parle pas de cela.",
            "fr",
            notes=("Voir les notes", "concnote-3 à relire"),
            tags=("Straße", "two words"),
            site_name="Gazette de Liège",
            author="Jean-Luc Müller",
        ),
        article(2, "Report", "Text with notes and concnote-3.", "pt-BR", tags=("e-mail",)),
        article(3, "Sem", "Texto sobre notas.", None),
    )
    assert oracle.matching("note:note") == {1}  # French stem in the note of a French article
    assert oracle.matching("note:concnote-3") == {1}
    assert oracle.matching('note:"notes concnote"') == set()  # a phrase lies within one note
    assert oracle.matching("note:texte") == set()
    assert oracle.matching("tag:strasse") == oracle.matching("tag:STRASSE") == {1}
    assert oracle.matching('tag:"Two Words"') == {1}
    assert oracle.matching("tag:two") == set()
    assert oracle.matching("tag:E-MAIL") == {2}
    assert oracle.matching("lang:pt") == {2}
    assert oracle.matching("lang:und") == {3}
    assert oracle.matching("site:liege") == oracle.matching('site:"gazette de liège"') == {1}
    assert oracle.matching("author:muller") == oracle.matching("author:jean-luc") == {1}
    assert oracle.matching('site:"liège gazette"') == set()
    assert primary_language("pt-BR") == "pt" and primary_language(None) == "und"


# The engine against the oracle


@pytest.fixture(scope="module", params=LIBRARIES, ids=lambda p: f"seed{p[0]}")
def library(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Library]:
    seed, count = request.param
    built = build_library(tmp_path_factory.mktemp(f"oracle{seed}"), seed, count)
    yield built
    built.close()


class _Drawn:
    """A query generator's choices, drawn by Hypothesis."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def pick(self, items: Sequence[T]) -> T:
        # An index, not the item: Hypothesis prints every draw, and an article is long.
        return items[self.data.draw(st.integers(0, len(items) - 1))]

    def number(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))

    def chance(self, percent: int) -> bool:
        return self.data.draw(st.integers(0, 99)) < percent


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples * _FACTOR,
        deadline=None,
        derandomize=_FACTOR == 1,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.mark.slow
def test_the_libraries_hold_what_the_queries_need(library: Library) -> None:
    languages = {primary_language(a.language) for a in library.articles}
    assert {"en", "fr", "de", "ru", "tr", "pt", "zh", "ja"} <= languages
    assert any(a.published is None for a in library.articles)
    assert any(a.language is None for a in library.articles)
    assert any("\n\n" in note for a in library.articles for note in a.notes)
    assert any(a.notes for a in library.articles) and any(a.tags for a in library.articles)
    assert any(not unicodedata.is_normalized("NFC", a.text) for a in library.articles)
    assert any("concnote-" in note for a in library.articles for note in a.notes)
    assert any(tag.isupper() or not tag.isascii() for a in library.articles for tag in a.tags)
    assert library.unspaced_texts and library.spaced_words


@pytest.mark.slow
@pytest.mark.parametrize("query_type", sorted(QUERY_TYPES))
@_settings(30)
@given(data=st.data())
def test_the_engine_finds_what_the_oracle_finds(
    library: Library, query_type: str, data: st.DataObject
) -> None:
    query = QUERY_TYPES[query_type](_Drawn(data), library)
    page_size = data.draw(st.sampled_from([3, 7, 20]), label="page size")
    order = data.draw(st.sampled_from(ORDERS), label="order")
    note(f"query: {query}")
    outcome = compare(library.archive, library.oracle, query, page_size=page_size, orders=[order])
    if outcome.problems:
        raise AssertionError(outcome.report())


#: Queries whose hits all score alike, or nearly: their pages must still be one total order.
TIED = [
    "lang:en",
    "lang:ja OR lang:zh",
    "date:2015..2024",
    "NOT zzyzx",
    "-lang:en",
    'tag:"two words" OR tag:climate',
    "saved:>=2020",
    "site:ledger OR author:花子",
    "note:concnote-1 OR note:concnote-2 OR note:concnote-3",
    "date:<2019 OR lang:ru",
]


@pytest.mark.slow
@pytest.mark.parametrize("page_size", [1, 4])
def test_pages_of_tied_results_hold_every_hit_once(library: Library, page_size: int) -> None:
    problems = []
    for query in TIED:
        outcome = compare(
            library.archive, library.oracle, query, page_size=page_size, orders=ORDERS
        )
        if outcome.problems:
            problems.append(outcome.report())
    if problems:
        raise AssertionError("\n\n".join(problems))
