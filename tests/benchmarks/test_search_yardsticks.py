"""The search benchmark's yardsticks: the FTS5 library, the query translator, the timers."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from benchmarks.search_corpus import catalogue, fuzzy_corrections, generate, query_set
from benchmarks.search_yardsticks import (
    Fts5Query,
    Fts5Translator,
    cold_timings,
    fts5_add,
    fts5_build,
    fts5_count,
    fts5_facets,
    fts5_query,
    fts5_searcher,
    plain_whoosh_rate,
    timings,
    to_fts5,
)

COUNT = 300


@pytest.fixture(scope="module")
def articles():
    return list(generate(COUNT))


@pytest.fixture(scope="module")
def library(articles, tmp_path_factory):
    path = tmp_path_factory.mktemp("fts5") / "fts5.db"
    assert fts5_build(path, iter(articles), batch=100) > 0
    return path


@pytest.fixture
def translate():
    return Fts5Translator(catalogue(), fuzzy_corrections())


def test_translation(translate):
    assert translate("drodrist") == Fts5Query('"drodrist"')
    assert translate('"a b" caro*') == Fts5Query('"a b" "caro"*')
    site = translate('site:"Grudra Journal" shokock')
    assert site == Fts5Query('"shokock"', "docs.site = ?", ("Grudra Journal",))
    dated = translate("date:2019-03..2021-06 word")
    assert dated.where == "docs.published >= ? AND docs.published < ?"
    assert dated.params == ("2019-03-01", "2021-07-01")
    typo, original = next(iter(fuzzy_corrections().items()))
    assert translate(f"{typo}~").match == f'"{original}"'
    assert to_fts5(f"{typo}~").match == f'"{typo}"'


def test_entity_becomes_its_names_ored(translate):
    entity = next(e for e in catalogue() if len(e.aliases) >= 2)
    match = translate(f'entity:"{entity.aliases[-1]}"').match
    assert match.startswith("(") and match.count(" OR ") == len(entity.aliases)
    assert f'"{entity.name}"' in match


def test_every_query_runs_and_most_hit(library, translate):
    conn = sqlite3.connect(library)
    for kind, queries in query_set().items():
        hits = [fts5_query(conn, translate(q)) for q in queries]
        assert all(len(h) <= 20 for h in hits)
        if kind in {"common", "phrase", "prefix", "entity"}:
            assert sum(bool(h) for h in hits) >= len(queries) / 2, kind
    rowid, snippet = fts5_query(conn, translate(query_set()["common"][0]))[0]
    assert rowid >= 1 and "<b>" in snippet
    conn.close()


def test_facets_count_and_add(library, articles, translate):
    conn = sqlite3.connect(library)
    word = translate(query_set()["common"][0])
    facets = fts5_facets(conn, word)
    assert set(facets) == {"site", "year", "language", "tag", "entity"}
    assert sum(count for _, count in facets["language"]) == fts5_count(conn, word)
    extra = replace(articles[0], title="Quite unmistakable zqxv", url="https://x.example/1")
    rowid = fts5_add(conn, extra)
    assert rowid == COUNT + 1
    assert [r for r, _ in fts5_query(conn, '"zqxv"')] == [rowid]
    conn.close()


def test_timers(library, translate):
    queries = query_set()["rare"][:5]
    warm = timings(lambda q: len(q), queries)
    assert set(warm) == {"p50", "p95", "mean", "max", "n"} and warm["n"] == 5
    cold = cold_timings(lambda: fts5_searcher(library, translate), queries)
    assert 0 <= cold["p50"] <= cold["p95"] <= cold["max"]


def test_plain_whoosh_rate(articles, tmp_path):
    assert plain_whoosh_rate(iter(articles), tmp_path / "index", count=20) > 0
