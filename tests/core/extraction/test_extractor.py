"""Tests for the article extractor: body text, clean HTML, metadata and odd input."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from pathlib import Path

import pytest

from archive_reader.core.extraction.extractor import extract_article
from archive_reader.core.models import ExtractedArticle

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "extraction"
BENCH = Path(__file__).resolve().parents[4] / "shared" / "bench" / "extraction"

# Each fixture page, the URL it was captured from, and text that must be gone.
PAGES = {
    "news_article": (
        "https://www.coastal-ledger.example/news/x",
        [
            "cookies",
            "Accept all",
            "Sport",
            "Share on Social",
            "Email this story",
            "Photo: Ida Lamm",
            "Advertisement",
            "Bridge study delayed",
            "Get the Ledger",
            "Sign up",
            "Related stories",
            "Harbour master retires",
            "comments",
            "about time the council",
            "Most read",
            "All rights reserved",
            "Maren Ostby",
            "12 April 2023",
            "dataLayer",
        ],
    ),
    "blog_post": (
        None,
        [
            "Pular para",
            "Início",
            "Publicado em",
            "Compartilhe",
            "Twitter",
            "Relacionado",
            "Líquens",
            "Categorias",
            "comentário",
            "Que trabalho bonito",
            "Posts recentes",
            "Orgulhosamente",
        ],
    ),
    # Regression: a short article whose page wrapper carries a weak boilerplate
    # word ("overlay") came out empty.
    "short_article_in_overlay": (
        None,
        ["Home", "Scores", "Posted:", "Facebook", "Top stories", "Copyright"],
    ),
    # Regression: captions leaked into the text (lead photo, credit-only caption,
    # a caption div outside <figure>, a gallery), and a link classed "tag" inside
    # a sentence was cut out of it.
    "captions": (
        None,
        [
            "test hall near the coast",
            "Credit:",
            "Photo:",
            "Technicians in the test hall",
            "Two views of the module",
            "rights reserved",
        ],
    ),
    # Regression: a hover card (photo and latest stories) inside a sentence made the
    # first paragraph look like a link list; a byline and an "Updated at" stamp
    # stayed in the text.
    "hover_card_and_byline": (
        None,
        ["Senate passes water bill", "MORE", "By Jo Keller", "Updated at", "ann-vale_100"],
    ),
    # Regression: the second plan lost every line it shares with the first ("Eat
    # every 2 to 3 hours"), taken for a repeated caption; a repeated call to action
    # with a link still goes.
    "repeated_plan_lines": (None, ["Home", "Recipes", "Kitchen Notes 2019"]),
}


def _fixture(name: str) -> str:
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fixture_text_is_the_expected_body(name: str) -> None:
    url, _ = PAGES[name]
    article = extract_article(_fixture(name), url)
    expected = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8").strip()
    assert article.text == expected


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fixture_boilerplate_is_gone(name: str) -> None:
    url, unwanted = PAGES[name]
    article = extract_article(_fixture(name), url)
    for phrase in unwanted:
        assert phrase not in article.text, phrase
        assert phrase not in article.html, phrase


@pytest.mark.parametrize("name", sorted(PAGES))
def test_html_blocks_match_text_blocks(name: str) -> None:
    url, _ = PAGES[name]
    article = extract_article(_fixture(name), url)
    # Every text block is one paragraph-level element of the HTML, in the same order.
    inner = re.findall(r"<(p|h[2-6]|li|figcaption|pre)>(.*?)</\1>", article.html, re.DOTALL)
    html_blocks = [
        " ".join(re.sub(r"<[^>]+>", "", body.replace("<br>", " ")).split()) for _, body in inner
    ]
    text_blocks = [" ".join(block.split()) for block in article.text.split("\n\n")]
    assert html_blocks == text_blocks


def test_html_is_clean() -> None:
    url, _ = PAGES["news_article"]
    html = extract_article(_fixture("news_article"), url).html
    assert not re.search(r"\s(class|style|id|on\w+|srcset)=", html)
    assert "<script" not in html
    assert "<h1" not in html
    assert "<h2>A cost that kept rising</h2>" in html
    assert re.search(r"<(\w+)[^>]*>\s*</\1>", html) is None


def test_links_are_resolved_and_images_kept_as_written() -> None:
    url, _ = PAGES["news_article"]
    html = extract_article(_fixture("news_article"), url).html
    assert '<a href="https://www.coastal-ledger.example/news/2022/ferry-budget">' in html
    assert '<img src="Harbour_files/ferry.jpg" alt="The ferry leaving Wrenmouth quay">' in html
    assert "<figcaption>The morning crossing leaves Wrenmouth quay.</figcaption>" in html


def test_lazy_image_uses_data_src() -> None:
    html = extract_article(_fixture("blog_post")).html
    assert '<img src="../static/img/parcela-12.png@v=2" alt="Parcela 12 com musgo denso">' in html
    assert "data:" not in html


def test_data_uri_image_without_alternative_is_dropped() -> None:
    page = (
        "<html><body><article><p>"
        + "A paragraph long enough to be the article body, with commas, words, and more. " * 3
        + '</p><p><img src="data:image/png;base64,AAAA" alt="x"></p></article></body></html>'
    )
    assert "<img" not in extract_article(page).html


# --- metadata -------------------------------------------------------------------------------


def test_news_metadata() -> None:
    url, _ = PAGES["news_article"]
    article = extract_article(_fixture("news_article"), url)
    assert article.title == "Harbour town votes to keep its last ferry"
    assert article.author == "Maren Ostby, Tobias Quill"
    assert article.published == "2023-04-12T08:30:00+01:00"
    assert article.site_name == "The Coastal Ledger"
    assert article.language == "en-GB"
    assert article.url == "https://www.coastal-ledger.example/news/2023/04/12/wrenmouth-ferry-vote"
    assert article.image == "https://static.coastal-ledger.example/img/ferry-lead.jpg"
    assert article.description == (
        "Residents of Wrenmouth chose to fund the ferry for five more years."
    )


def test_blog_metadata_from_saved_from_comment_and_markup() -> None:
    article = extract_article(_fixture("blog_post"))
    assert article.url == "https://notes.fieldwork.example/2021/09/03/moss-survey-notes/"
    assert article.title == "Notas do levantamento de musgos"
    assert article.author == "Lucia Ferraz"
    assert article.published == "2021-09-03"
    assert article.site_name == "Caderno de Campo"
    assert article.language == "pt-BR"


def _page(head: str = "", body: str = "", before: str = "", html_attrs: str = "") -> str:
    paragraph = "<p>" + "Some sentence of the story, with a comma, and a full stop. " * 4 + "</p>"
    return (
        f"{before}<html{html_attrs}><head>{head}</head>"
        f"<body>{body}<article>{paragraph * 3}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Rivers run low | Valley Post", "Valley Post", "Rivers run low"),
        ("Rivers run low - Valley Post", "Valley Post", "Rivers run low"),
        ("Valley Post: Rivers run low", "Valley Post", "Rivers run low"),
        ("Rivers run low – valleypost.example", None, "Rivers run low"),
        ("Q&A: what the drought means", "Valley Post", "Q&A: what the drought means"),
    ],
)
def test_title_site_part_is_removed(title: str, site: str | None, expected: str) -> None:
    head = f"<title>{title}</title>"
    if site:
        head += f'<meta property="og:site_name" content="{site}">'
    article = extract_article(_page(head=head), "https://valleypost.example/story")
    assert article.title == expected


def test_title_part_that_agrees_with_h1_is_taken() -> None:
    page = _page(head="<title>Dry summer ahead » Weather » Some Network</title>")
    page = page.replace("<article>", "<article><h1>Dry summer ahead</h1>")
    assert extract_article(page).title == "Dry summer ahead"


def test_json_ld_author_and_date_in_graph() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Valley Post"},
            {
                "@type": "NewsArticle",
                "headline": "Rivers run low",
                "datePublished": "2022-07-01",
                "author": {"@type": "Person", "name": "By Ana Reyes"},
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    article = extract_article(_page(head=head))
    assert article.author == "Ana Reyes"
    assert article.published == "2022-07-01"
    assert article.title == "Rivers run low"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            '<meta property="article:published_time" content="2020-02-03T04:05:06Z">',
            "2020-02-03T04:05:06+00:00",
        ),
        ('<meta name="date" content="2020-02-03">', "2020-02-03"),
        ('<meta name="pubdate" content="20200203">', "2020-02-03"),
        (
            '<meta name="dc.date" content="Mon, 03 Feb 2020 10:00:00 GMT">',
            "2020-02-03T10:00:00+00:00",
        ),
    ],
)
def test_date_meta_is_normalised(meta: str, expected: str) -> None:
    assert extract_article(_page(head=meta)).published == expected


def test_time_element_date() -> None:
    page = _page(body='<time datetime="2019-11-18T09:15:00-05:00">Nov. 18</time>')
    assert extract_article(page).published == "2019-11-18T09:15:00-05:00"


def test_date_from_url() -> None:
    article = extract_article(_page(), "https://valleypost.example/2018/03/09/rivers/")
    assert article.published == "2018-03-09"


def test_canonical_order() -> None:
    canonical = '<link rel="canonical" href="/a/canonical">'
    og_url = '<meta property="og:url" content="https://valleypost.example/a/og">'
    saved = "<!-- saved from url=(0038)https://valleypost.example/a/saved-from -->\n"
    given = "https://valleypost.example/a/given"
    assert extract_article(_page(head=canonical + og_url), given).url == (
        "https://valleypost.example/a/canonical"
    )
    assert extract_article(_page(head=og_url), given).url == "https://valleypost.example/a/og"
    assert extract_article(_page(before=saved), given).url == given
    assert extract_article(_page(before=saved)).url == "https://valleypost.example/a/saved-from"
    assert extract_article(_page()).url is None


def test_syndicated_copy_keeps_its_own_url() -> None:
    # The canonical link names the original publisher; og:url names this copy.
    head = (
        '<link rel="canonical" href="https://original.example/2019/11/18/story.html">'
        '<meta property="og:url" content="https://portal.example/en-us/news/story/ar-123">'
    )
    assert extract_article(_page(head=head)).url == "https://portal.example/en-us/news/story/ar-123"
    # An og:url that is only the home page is not the copy's address.
    head = (
        '<link rel="canonical" href="https://original.example/2019/11/18/story.html">'
        '<meta property="og:url" content="https://portal.example/">'
    )
    assert extract_article(_page(head=head)).url == "https://original.example/2019/11/18/story.html"


def test_non_http_canonical_is_ignored() -> None:
    head = '<link rel="canonical" href="file:///C:/Users/me/page.html">'
    given = "https://valleypost.example/a/given"
    assert extract_article(_page(head=head), given).url == given


def test_site_name_falls_back_to_domain() -> None:
    article = extract_article(_page(), "https://www.valleypost.example/story")
    assert article.site_name == "valleypost.example"


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


def test_caption_kept_in_html_and_text_alike() -> None:
    article = extract_article(_fixture("captions"))
    caption = "The pods would double as private quarters during the cruise phase."
    assert f"<figcaption>{caption}</figcaption>" in article.html
    assert caption in article.text.split("\n\n")
    # The pictures whose captions were dropped are still shown.
    assert '<img src="voyage_files/hall.jpg" alt="The test hall">' in article.html
    assert article.html.count("<figcaption>") == 1


def test_repeated_plan_lines_kept_and_call_to_action_once() -> None:
    text = extract_article(_fixture("repeated_plan_lines")).text
    assert text.count("Eat every 2 to 3 hours") == 2
    assert text.count("Click here") == 1


def test_live_blog_time_heading_is_kept() -> None:
    body = (
        "<h3>4:14 p.m.</h3>"
        + "<p>Police said the man was taken to hospital, and a train was stopped.</p>" * 4
    )
    article = extract_article(f"<html><body><article>{body}</article></body></html>")
    assert article.text.startswith("4:14 p.m.")


# --- odd input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   \n ",
        "just a few words",
        "page.html",
        "http://example.com/article",
        "<",
        "<html><body><div><p>Cut off in the mid",
        "<html><head><title>Only a head</title></head></html>",
        "<p>No html or body element, just one paragraph.</p>",
        "\x00\x01 binary-ish \ufffd",
        "<!DOCTYPE html>",
    ],
)
def test_odd_input_never_raises(page: str) -> None:
    article = extract_article(page)
    assert isinstance(article, ExtractedArticle)
    assert isinstance(article.title, str)
    assert isinstance(article.text, str)


def test_empty_input_gives_empty_article() -> None:
    article = extract_article("")
    assert (article.title, article.text, article.html) == ("", "", "")


def test_truncated_html_keeps_what_is_there() -> None:
    page = _page(head="<title>Cut short</title>")
    cut = page[: page.rindex("</article>") - 30]
    article = extract_article(cut)
    assert article.title == "Cut short"
    assert article.text.startswith("Some sentence of the story")


def test_xhtml_with_xml_declaration() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head><title>Titre</title>'
        "</head><body><div><p>"
        + "Une phrase assez longue pour faire un article, avec des virgules, voilà. " * 4
        + "</p></div></body></html>"
    )
    article = extract_article(page)
    assert article.title == "Titre"
    assert article.language == "fr"
    assert article.text.startswith("Une phrase assez longue")
    assert "xml" not in article.text


def test_page_with_only_navigation_gives_empty_text() -> None:
    page = "<html><body><nav><a href='/'>Home</a><a href='/a'>About</a></nav></body></html>"
    assert extract_article(page).text == ""


def test_deeply_nested_page() -> None:
    depth = 3000
    page = (
        "<div>" * depth + "<p>" + "Deep text, with commas, here. " * 5 + "</p>" + "</div>" * depth
    )
    assert isinstance(extract_article(page), ExtractedArticle)


def test_huge_page() -> None:
    sentence = "A long line of text, repeated many times, to make a big page. " * 20
    body = "".join(f"<p>Paragraph {i}. {sentence}</p>" for i in range(3000))
    article = extract_article(f"<html><body><article>{body}</article></body></html>")
    assert article.text.count("\n\n") == 2999


# --- the dev benchmark ----------------------------------------------------------------------


@pytest.mark.skipif(not (BENCH / "score.py").is_file(), reason="shared benchmark not present")
@pytest.mark.slow
def test_dev_benchmark_f1() -> None:
    spec = importlib.util.spec_from_file_location("bench_score", BENCH / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    predictions = {}
    for key in truth:
        html = gzip.decompress((BENCH / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        predictions[key] = {"articleBody": extract_article(html).text}
    result, _ = scorer.score(truth, predictions, sorted(truth), n_bootstrap=0)
    # 0.974 when this was written; the bar is 0.970.
    assert result["f1"] >= 0.97, result


def test_a_date_printed_in_the_byline_is_not_part_of_the_author() -> None:
    body = "".join(
        f"<p>Paragraph {n} of the report says what the agency found, and why it matters.</p>"
        for n in range(8)
    )
    html = (
        "<html><head><title>Report</title></head><body><article><h1>Report</h1>"
        '<h3 class="byline">by Ann Lee<br><span class="datetime">Monday, November 18,'
        f" 2019</span></h3>{body}</article></body></html>"
    )
    article = extract_article(html)
    assert article.author == "Ann Lee"
    assert article.published == "2019-11-18"
