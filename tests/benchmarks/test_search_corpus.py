"""The synthetic search corpus: deterministic, shaped like real text, queries that hit."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from benchmarks.search_corpus import (
    LANGUAGES,
    QUERIES_PER_TYPE,
    QUERY_TYPES,
    catalogue,
    fuzzy_corrections,
    generate,
    query_set,
)

SAMPLE = 2000
WORD = re.compile(r"\w+")


@pytest.fixture(scope="module")
def sample():
    return list(generate(SAMPLE))


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def test_same_seed_same_articles(sample):
    again = list(generate(3))
    assert again == sample[:3]
    assert again[0] != again[1]


def test_word_counts_spread_around_nine_hundred(sample):
    counts = sorted(article.word_count for article in sample)
    mean = sum(counts) / len(counts)
    assert 850 <= mean <= 1000
    assert counts[len(counts) // 10] < mean - 100 < mean + 100 < counts[len(counts) * 9 // 10]


def test_paragraphs_and_sentences(sample):
    article = sample[0]
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) >= 5
    for paragraph in paragraphs:
        sentences = re.split(r"(?<=[.?!]) ", paragraph)
        assert 1 <= len(sentences) <= 6
        assert all(s[0].isupper() and s[-1] in ".?!" for s in sentences)
    assert article.html.count("<p>") == len(paragraphs)


def test_language_mix(sample):
    shares = Counter(article.language for article in sample)
    assert set(shares) == set(LANGUAGES)
    assert 0.65 < shares["en"] / SAMPLE < 0.75
    assert 0.16 < shares["ru"] / SAMPLE < 0.24
    ru = next(article for article in sample if article.language == "ru")
    assert re.search("[а-я]", ru.text)


def test_metadata(sample):
    assert len({article.url for article in sample}) == SAMPLE
    assert all(".example/" in article.url for article in sample)
    years = Counter(article.published[:4] for article in sample)
    assert sorted(years) == [str(year) for year in range(2015, 2025)]
    assert all(len(article.tags) <= 4 for article in sample)
    sites = Counter(article.site_name for article in sample)
    assert 100 < len(sites) <= 200
    assert sites.most_common(1)[0][1] > 10 * sites.most_common()[len(sites) // 2][1]


def test_every_listed_entity_occurs_in_the_text(sample):
    specs = {entity.name: entity for entity in catalogue()}
    together = 0
    for article in sample:
        assert 1 <= len(article.entities) <= 8
        paragraphs = article.text.split("\n\n")
        found = []
        for name, kind in article.entities:
            spec = specs[name]
            assert spec.type == kind
            found.append({i for i, p in enumerate(paragraphs) for s in spec.surfaces if s in p})
            assert found[-1], (name, article.url)
        together += any(a & b for i, a in enumerate(found) for b in found[:i])
    assert together > SAMPLE / 5


def test_catalogue():
    entities = catalogue()
    assert 900 <= len(entities) <= 1100
    assert {entity.type for entity in entities} == {"person", "organisation", "place", "event"}
    aliases = Counter(alias.casefold() for entity in entities for alias in entity.aliases)
    shared = {alias for alias, count in aliases.items() if count > 1}
    assert shared, "some aliases should differ only by case"
    for alias in shared:
        assert len({a for e in entities for a in e.aliases if a.casefold() == alias}) > 1


def test_query_set_has_thirty_queries_per_type():
    queries = query_set()
    assert tuple(queries) == QUERY_TYPES
    for kind, items in queries.items():
        assert len(items) == QUERIES_PER_TYPE, kind
        assert len(set(items)) == len(items), kind
    assert query_set() == queries


def test_query_shapes():
    queries = query_set()
    assert all(q.startswith('"') and q.endswith('"') for q in queries["phrase"])
    assert all(re.fullmatch(r'(site|author):"[^"]+" \w+', q) for q in queries["field"])
    assert all(re.fullmatch(r"date:\d{4}-\d\d\.\.\d{4}-\d\d \w+", q) for q in queries["date_range"])
    assert all(re.fullmatch(r"\w{4}\*", q) for q in queries["prefix"])
    assert all(re.fullmatch(r'entity:"[^"]+"', q) for q in queries["entity"])
    corrections = fuzzy_corrections()
    for query in queries["fuzzy"]:
        typo = query.removesuffix("~")
        original = corrections[typo]
        assert len(typo) == len(original)
        assert sum(a != b for a, b in zip(typo, original, strict=True)) == 1


def test_queries_hit_the_sample(sample):
    documents = [set(_words(f"{a.title} {a.text}")) for a in sample]
    frequency: Counter[str] = Counter(w for words in documents for w in words)
    for word in query_set()["common"]:
        assert frequency[word] > SAMPLE / 2, word
    rare = [frequency[word] for word in query_set()["rare"]]
    assert max(rare) <= SAMPLE / 100
    assert sum(rare) / len(rare) < SAMPLE / 200
    entities = {s: e for e in catalogue() for s in e.surfaces}
    assert all(q[8:-1] in entities for q in query_set()["entity"])


def test_phrase_queries_occur_in_the_text(sample):
    texts = [" ".join(_words(article.text)) for article in sample]
    for query in query_set()["phrase"]:
        phrase = " ".join(_words(query))
        assert any(f" {phrase} " in f" {text} " for text in texts), query


def test_zipf_shape(sample):
    documents = [set(_words(article.text)) for article in sample]
    frequency: Counter[str] = Counter(w for words in documents for w in words)
    top_word, top_count = frequency.most_common(1)[0]
    assert top_word in {"the", "a"}  # "a" is English and Portuguese
    assert top_count > 0.65 * SAMPLE
    tokens = Counter(w for a in sample[:200] for w in _words(a.text))
    once = sum(1 for count in tokens.values() if count == 1)
    assert once > len(tokens) / 3, "most words should be rare"
