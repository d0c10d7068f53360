"""The HTML report: self-contained and escaped."""

from __future__ import annotations

import re
from pathlib import Path

from tests.core.export.helpers import Library, everything, exporter


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
