"""Each way the search issue found results silently wrong, pinned by a small library."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.search.analysis import search_fold, words
from tests.core.search.conftest import article

FILLER = (
    " The council met again in the evening and the members spoke about the roads, the"
    " schools and the water supply of the valley for a long time before they voted."
)
FILLER_FR = (
    " Le conseil municipal s'est réuni encore une fois dans la soirée pour parler des routes,"
    " des écoles et de l'eau de la vallée pendant longtemps avant de voter."
)


@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("trust")
    pages = {
        "en_not.html": article("Roads closed", "The bridge is not open this week." + FILLER),
        "en_notes.html": article("Field reports", "She kept notes of every meeting." + FILLER),
        "fr.html": article(
            "Les notes du conseil", "Les notes de la réunion sont publiées." + FILLER_FR, lang="fr"
        ),
        "tr.html": article(
            "İstanbul haberleri",
            "İstanbul'da yeni bir köprü açıldı ve ışıklar yandı. Belediye başkanı konuştu,"
            " halk meydanda toplandı ve akşam geç saatlere kadar kutlama yapıldı. Şehrin"
            " tarihi yarımadasında trafik düzenlemesi yapıldı ve yollar kapatıldı.",
            lang="tr",
        ),
        "nfd.html": article(
            "Cafe\u0301 culture", "The cafe\u0301 on the corner serves na\u0131ve art." + FILLER
        ),
        "letters.html": article(
            "Łódź and Ørsted", "The Straße in Łódź leads to Ørsted, Æther and œuvre." + FILLER
        ),
        "zh.html": article(
            "中国新闻",
            "中华人民共和国是一个国家。北京是中国的首都，人口众多，历史悠久。"
            "长城是世界著名的建筑之一，每年吸引大量游客前来参观。",
            lang="zh",
        ),
        "undated.html": article(
            "Undated page", "Nothing in this page has a date." + FILLER
        ).replace('<meta property="article:published_time" content="2023-05-10">', ""),
        "title_run.html": article("State", "Media reports were read by the council." + FILLER),
    }
    for name, html in pages.items():
        (folder / name).write_text(html, encoding="utf-8")
    archive = Archive.open(folder / "library")
    results = archive.import_paths([folder])
    ids = {Path(r.path).name: r.article_id for r in results if r.article_id}
    assert len(ids) == len(pages), [(r.path, r.status, r.reason) for r in results]
    first = ids["en_notes.html"]
    archive.annotations.add(first, quote="kept notes", note="see concnote-3 again")
    yield archive, ids
    archive.close()


def found(archive: Archive, query: str) -> set[int]:
    return set(archive.matching_ids(query))


def test_a_word_is_matched_through_the_article_language_only(trust) -> None:
    archive, ids = trust
    # French stems "notes" to "not": English articles that say "not" are no hit.
    assert found(archive, "notes") == {ids["en_notes.html"], ids["fr.html"]}
    assert ids["en_not.html"] in found(archive, "lang:en -notes")


def test_folding_turkish_decomposed_and_special_letters(trust) -> None:
    archive, ids = trust
    assert found(archive, "istanbul") == {ids["tr.html"]}
    assert found(archive, "ISTANBUL") == {ids["tr.html"]}
    assert found(archive, "café") == {ids["nfd.html"]}
    assert found(archive, "naive") == {ids["nfd.html"]}
    for query in ("lodz", "orsted", "strasse", "aether", "oeuvre", "Straße"):
        assert found(archive, query) == {ids["letters.html"]}, query


def test_any_cjk_string_is_found(trust) -> None:
    archive, ids = trust
    assert found(archive, "中") == {ids["zh.html"]}
    assert found(archive, "首都") == {ids["zh.html"]}
    assert found(archive, "人民共和国") == {ids["zh.html"]}
    assert found(archive, "国中") == set()


def test_a_phrase_never_runs_from_the_title_into_the_text(trust) -> None:
    archive, ids = trust
    assert found(archive, '"state media"') == set()
    assert found(archive, '"media reports"') == {ids["title_run.html"]}


def test_prefix_and_fuzzy_reach_the_words_not_their_stems(trust) -> None:
    archive, ids = trust
    assert found(archive, "meetin*") == {ids["en_notes.html"]}
    assert found(archive, "brudge~") == {ids["en_not.html"]}
    assert found(archive, "brigde~2") == {ids["en_not.html"]}


def test_a_date_range_never_matches_an_undated_article(trust) -> None:
    archive, ids = trust
    assert ids["undated.html"] not in found(archive, "date:2023 OR zzzz")
    assert ids["undated.html"] not in found(archive, "(date:<2030 OR date:>1990) council")
    assert ids["undated.html"] in found(archive, "NOT date:2023")


def test_hyphenated_notes_are_found(trust) -> None:
    archive, ids = trust
    assert found(archive, "note:concnote-3") == {ids["en_notes.html"]}
    assert found(archive, 'note:"see concnote"') == {ids["en_notes.html"]}


def test_pages_are_disjoint_and_cover_every_hit(trust) -> None:
    archive, _ = trust
    for order in ("relevance", "newest", "oldest"):
        seen: list[int] = []
        for offset in range(0, 20):
            page = archive.search("the", limit=1, offset=offset, order=order)
            seen += [hit.article_id for hit in page]
        assert len(seen) == len(set(seen))
        assert set(seen) == found(archive, "the")


def test_a_sentence_gets_partial_hits_after_the_exact_ones(trust) -> None:
    archive, ids = trust
    results = archive.search("which bridge is not open for the notes", limit=10)
    assert results.total == 0
    assert results.partial_total >= 2
    assert results.partial_notice.startswith("No article has all 8 words")
    assert not any(hit.exact for hit in results)
    assert results[0].article_id == ids["en_not.html"]
    mixed = archive.search("bridge open", limit=10)
    assert [hit.exact for hit in mixed][:1] == [True]
    # Typed AND asks for all the words: no partial hits.
    assert len(archive.search("bridge AND zzzz", limit=10)) == 0


def test_search_folding() -> None:
    assert search_fold("İSTANBUL ışık") == "istanbul isik"
    assert search_fold("cafe\u0301") == search_fold("café") == "cafe"
    assert search_fold("Straße Æsir þing") == "strasse aesir thing"
    assert words("e-mail 中国 ภาษา") == ["e", "mail", "中", "国", "ภ", "า", "ษ", "า"]
    assert words("हिन्दी") == ["हिन्दी"]
