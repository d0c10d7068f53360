"""Export file names."""

from __future__ import annotations

from archive_reader.core.export.files import article_file_name
from archive_reader.core.export.selection import ExportArticle


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
