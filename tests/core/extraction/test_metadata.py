"""Tests for the page's metadata: title, author, dates, URLs, site name."""

from __future__ import annotations

import json

import pytest

from archive_reader.core.extraction.extractor import extract_article
from tests.core.extraction.pages import PAGES
from tests.core.extraction.pages import fixture as _fixture
from tests.core.extraction.pages import page as _page


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


def test_the_printed_update_date_wins_when_the_markup_declares_it() -> None:
    article = extract_article(_fixture("printed_date"))
    assert article.published == "2025-11-20"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<div>Published</div><div>12.06.2025</div>", "2025-06-12"),
        ("<p>Last updated: November 13, 2025</p>", "2025-11-13"),
        ("<time>July 27, 2025</time>", "2025-07-27"),
        ("<div>By <a href='/a/kim'>Ada Kim</a> - Mar 27, 2024</div>", "2024-03-27"),
    ],
)
def test_a_date_printed_with_the_headline_is_read(line: str, expected: str) -> None:
    page = _page().replace("<article>", f"<article><h1>Dry summer ahead</h1>{line}")
    assert extract_article(page).published == expected


def test_a_printed_date_far_from_the_headline_is_not_taken() -> None:
    body = "<aside><h3>Related</h3><div>Oct 2, 2025</div></aside>"
    page = _page(body=body).replace("<article>", "<article><h1>Dry summer ahead</h1>")
    assert extract_article(page).published is None


def test_the_markup_publication_date_wins_over_a_printed_date_it_does_not_declare() -> None:
    head = '<meta property="article:published_time" content="2020-02-03T04:05:06Z">'
    page = _page(head=head).replace(
        "<article>", "<article><h1>Dry summer ahead</h1><div>Comment from May 4, 2022</div>"
    )
    assert extract_article(page).published == "2020-02-03T04:05:06+00:00"


def test_wire_byline_names_split_and_agency_kept_apart() -> None:
    url, _ = PAGES["agency_byline"]
    article = extract_article(_fixture("agency_byline"), url)
    assert article.author == "Ann Marlow, Teodor Vance, Rita Okafor; Associated Press"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("By JANE DOE", "Jane Doe"),
        ("Written by: Ada Kim Last Updated: August 1, 2025", "Ada Kim"),
        ("Ann Lee and Bo Park", "Ann Lee, Bo Park"),
        ("Center for Drug Evaluation and Research", "Center for Drug Evaluation and Research"),
        ("Maria &amp; Katerina", "Maria & Katerina"),
        ("Reuters", None),
        ("The Associated Press", None),
        ("TOM KRISHER, AP Auto Writer", "Tom Krisher; Associated Press"),
        ("Ann Lee, CNN Editor-at-large", "Ann Lee"),
        ("Valley Post", "Valley Post"),
    ],
)
def test_author_names_are_normalised(value: str, expected: str | None) -> None:
    head = f'<meta name="author" content="{value}">'
    head += '<meta property="og:site_name" content="Valley Post">'
    assert extract_article(_page(head=head), "https://valleypost.example/s").author == expected


def test_the_site_name_gives_way_to_a_printed_byline() -> None:
    head = (
        '<meta property="og:site_name" content="Valley Post">'
        '<meta name="author" content="Valley Post">'
    )
    page = _page(head=head).replace(
        "<article>", '<article><h1>Dry summer ahead</h1><p class="byline">By Ida Lamm</p>'
    )
    assert extract_article(page, "https://valleypost.example/s").author == "Ida Lamm"


def test_printed_headline_wins_over_a_search_title_and_a_graph_author_is_resolved() -> None:
    url, _ = PAGES["headline_and_graph_author"]
    article = extract_article(_fixture("headline_and_graph_author"), url)
    assert article.title == "Ten Tips for Winter Cycling"
    assert article.author == "Clara Mendes"
    assert article.published == "2025-03-03"


def test_a_thread_starter_and_the_thread_date_are_read() -> None:
    article = extract_article(_fixture("forum_first_poster"))
    assert article.title == "Tubeless sealant keeps drying out"
    assert article.author == "mudguard_mia"
    assert article.published == "2024-03-05T10:12:00+00:00"


@pytest.mark.parametrize(
    ("heading", "title", "expected"),
    [
        # The <h1> is a slogan that shares no word with the title: the title wins.
        (
            "Marketing made simple",
            "Email Campaign Software | Leaf Notes",
            "Email Campaign Software",
        ),
        # The <h1> shares most words with the title: the printed headline wins.
        (
            "Ten Ways to Keep Basil Alive",
            "10 Ways to Keep Basil Alive Indoors in 2026 | Leaf Notes",
            "Ten Ways to Keep Basil Alive",
        ),
        # A headline that names the site keeps its first part.
        (
            "Leaf Notes review: the best planters",
            "Leaf Notes review: the best planters",
            "Leaf Notes review: the best planters",
        ),
    ],
)
def test_title_between_printed_headline_and_declared_title(
    heading: str, title: str, expected: str
) -> None:
    head = f'<title>{title}</title><meta property="og:site_name" content="Leaf Notes">'
    page = _page(head=head).replace("<article>", f"<article><h1>{heading}</h1>")
    assert extract_article(page, "https://leafnotes.example/a").title == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<p>Written by <a href='/u/ada'>Ada Kim</a></p>", "Ada Kim"),
        ("<div>Published August 7, 2023 by Nicole Burke</div>", "Nicole Burke"),
        ("<div><span>Posted by <a href='/u/ibby'>ibby</a> on 12/19/2025</span></div>", "ibby"),
        ("<p>By clicking subscribe you agree to our terms.</p>", None),
        ("<p>Photo by Ann Lee</p>", None),
    ],
)
def test_a_printed_byline_line_names_the_author(line: str, expected: str | None) -> None:
    page = _page().replace("<article>", f"<article><h1>Dry summer ahead</h1>{line}")
    assert extract_article(page).author == expected


def test_a_byline_element_with_a_role_gives_the_name_only() -> None:
    line = (
        '<div class="author-box"><span>Liz Kenny</span> <span>Former Senior Consultant</span></div>'
    )
    page = _page().replace("<article>", f"<article><h1>Dry summer ahead</h1>{line}")
    assert extract_article(page).author == "Liz Kenny"


def test_a_sentence_that_says_written_by_is_no_byline() -> None:
    sentence = (
        "<p>The regex module, written by Matthew Barnett in C, implements full case folding "
        "and is used by many projects that need Unicode-aware matching in their search.</p>"
    )
    page = _page().replace("<article>", f"<article><h1>Dry summer ahead</h1>{sentence}")
    assert extract_article(page).author is None


def test_a_labelled_date_line_is_read_when_no_markup_declares_a_date() -> None:
    body = "<div class='meta'><span>Posted on</span> <span>Nov 21, 2018</span></div>"
    page = _page(body=body)
    assert extract_article(page).published == "2018-11-21"
