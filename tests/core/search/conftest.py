"""The small library the search tests share, and how its pages are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_reader import Archive


def article(
    title: str,
    body: str,
    *,
    lang: str = "en",
    site: str = "Valley Courier",
    author: str = "Ana Lima",
    date: str = "2023-05-10",
) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">'
        f'<meta property="article:published_time" content="{date}"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


LONG = (
    "The regional council published its budget on Monday after a long debate about libraries."
    " Members agreed that the archive of local newspapers would be scanned within two years."
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("search")
    pages = {
        "moderation.html": article(
            "Platform removes accounts tied to state media",
            "TikTok removed accounts linked to Rossiya Segodnya and TV-Novosti on Tuesday.\n\n"
            "The company said the network used fake profiles to spread propaganda. " + LONG,
            site="Harbour Ledger",
            author="Mara Lindqvist",
            date="2024-03-12",
        ),
        "elections.html": article(
            "Election observers warn of cheap fakes",
            "Observers warned that edited videos could mislead voters before the election.\n\n"
            "They asked platforms to label manipulated media. " + LONG,
            site="Baltic Wire",
            author="Jonas Everaert",
            date="2022-09-04",
        ),
        "library.html": article(
            "Volunteers scan the newspaper archive",
            "Volunteers have scanned thousands of pages. " + LONG,
            date="2019-01-20",
        ),
        "ru.html": article(
            "Диета и здоровье",
            "Эта диета пришла к нам с запада. Врачи советуют диеты с умеренным количеством"
            " углеводов. Средняя суточная калорийность составляет около двух тысяч калорий.",
            lang="ru",
            site="Здоровье",
            date="2020-06-01",
        ),
        "pt.html": article(
            "Educação e informações para as famílias",
            "A loja oferece materiais educativos e informações sobre a educação das crianças."
            " Os pais encontram livros, jogos e atividades para cada idade.",
            lang="pt-BR",
            site="Como Educar",
            date="2018-08-23",
        ),
    }
    for name, html in pages.items():
        (folder / name).write_text(html, encoding="utf-8")
    archive = Archive.open(folder / "library")
    results = archive.import_paths(sorted(folder.glob("*.html")))
    ids = {Path(r.path).name: r.article_id for r in results}
    assert None not in ids.values(), results
    yield archive, ids
    archive.close()
