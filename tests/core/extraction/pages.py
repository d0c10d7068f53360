"""Pages for the extractor's tests: the fixture files, and a page built around an article."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "extraction"
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
    # Regression: a site header that never closes its <div>, <nav> and menu <button>
    # swallowed the whole page under an HTML 4 parser; the article came out empty.
    "unclosed_nav": (None, ["Menu", "Travel", "Weather", "Fjord Courier", "rights reserved"]),
    # Regression: a forum app whose posts are in the page only inside <noscript>
    # (dropped by its tag) came out empty.
    "thread_in_noscript": (None, ["Bread", "Privacy Policy", "FAQ", "About"]),
    # Regression: a page builder's text spread over one block per section; only the
    # longest block was taken.
    "sections_in_blocks": (None, ["Projects", "Donate", "Contact", "Registered charity"]),
    # Regression: the date printed under the headline ("Last updated:" and the date
    # in two divs) lost to the markup's first publication date.
    "printed_date": (None, ["Last updated", "Nov 20, 2025", "min read", "More from the blog"]),
    # Regression: a forum thread kept only its opening post; the replies, in a
    # container classed "comments", were dropped by that class word.
    "thread_in_comments": (None, ["Forums", "Members", "Log in", "Community rules"]),
    # Regression: the author was the paper's name from its JSON-LD (or a trending
    # story's byline), not the wire reporters printed under the headline.
    "agency_byline": (
        "https://www.riversidedaily.example/news/2024/06/03/bridge",
        ["ANN MARLOW", "Associated Press", "Trending", "Dana Whitfield", "parade"],
    ),
    # Regression: the title was the og:title written for search results ("... in 2026
    # (Updated) | Site"), not the headline printed in the page header; the author was
    # a JSON-LD reference ("@id") to a Person; the printed date was in the header.
    "headline_and_graph_author": (
        "https://spokeandchain.example/blog/winter-cycling-tips/",
        ["Shop", "Contact", "Published:", "All rights reserved"],
    ),
    # Regression: a forum thread had no author (the thread starter's user name) and
    # no date (the <time> in the dropped page header).
    "forum_first_poster": (None, ["Thread starter", "What's new", "Terms and rules"]),
}


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")


def page(head: str = "", body: str = "", before: str = "", html_attrs: str = "") -> str:
    paragraph = "<p>" + "Some sentence of the story, with a comma, and a full stop. " * 4 + "</p>"
    return (
        f"{before}<html{html_attrs}><head>{head}</head>"
        f"<body>{body}<article>{paragraph * 3}</article></body></html>"
    )
