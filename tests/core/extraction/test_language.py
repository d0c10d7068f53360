"""Tests for the page's language: the declaration checked against the text."""

from __future__ import annotations

import pytest

from archive_reader.core.extraction.extractor import extract_article


@pytest.mark.parametrize(
    ("html_attrs", "head", "expected"),
    [
        (' lang="EN"', "", "en"),
        (' lang="en_us"', "", "en-US"),
        ("", '<meta http-equiv="content-language" content="pt-br">', "pt-BR"),
        ("", '<meta property="og:locale" content="de_DE">', "de-DE"),
        ("", "", None),
    ],
)
def test_language(html_attrs: str, head: str, expected: str | None) -> None:
    # Too little text to identify: the declaration alone decides.
    page = f"<html{html_attrs}><head>{head}</head><body><p>Olá, Hallo!</p></body></html>"
    assert extract_article(page).language == expected


_RUSSIAN = (
    "<p>Учёные из нескольких университетов изучили, как меняется погода в северных "
    "районах страны, и пришли к выводу, что зимы становятся короче, а лета теплее. "
    "По их словам, эти изменения заметны уже сейчас и будут усиливаться.</p>"
) * 3
_PORTUGUESE = (
    "<p>Os pesquisadores da universidade estudaram como o clima muda nas regiões do "
    "norte do país e concluíram que os invernos estão ficando mais curtos e os verões "
    "mais quentes. Segundo eles, essas mudanças já são visíveis hoje.</p>"
) * 3


@pytest.mark.parametrize(
    ("html_attrs", "body", "expected"),
    [
        # Declared nothing: identified from the text.
        ("", _RUSSIAN, "ru"),
        ("", _PORTUGUESE, "pt"),
        # A template's default "en" on a Russian text is corrected.
        (' lang="en"', _RUSSIAN, "ru"),
        # A declaration the text agrees with keeps its region.
        (' lang="pt-BR"', _PORTUGUESE, "pt-BR"),
        # Too little text to contradict the declaration.
        (' lang="de"', "<p>Kurz und gut.</p>", "de"),
    ],
)
def test_language_identified_from_text(html_attrs: str, body: str, expected: str) -> None:
    page = f"<html{html_attrs}><head></head><body><article>{body}</article></body></html>"
    assert extract_article(page).language == expected
