"""HTML extraction: text and metadata from a small page written here."""

from __future__ import annotations

from datetime import date

import pytest

from newsweave.clean import HtmlExtract, extract_html

pytest.importorskip("trafilatura")

PARA = (
    "The harbour authority said on Thursday that the new ferry terminal would open in the "
    "spring, after two years of construction and a long dispute over its cost."
)
PARA2 = (
    "Local businesses welcomed the announcement, although some residents said the extra "
    "traffic would make the narrow streets near the quay even harder to cross."
)

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Ferry terminal to open in spring | Harbour Gazette</title>
<meta property="og:title" content="Ferry terminal to open in spring">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2023-06-20T08:30:00+00:00">
<link rel="canonical" href="https://gazette.example.org/news/ferry-terminal">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Ferry terminal to open in spring</h1>
<p>{PARA}</p>
<p>{PARA2}</p>
</article></main>
<footer><p>Copyright 2023 Harbour Gazette. All rights reserved.</p></footer>
</body></html>"""


def test_extracts_text_title_date_outlet_url() -> None:
    out = extract_html(PAGE)
    assert isinstance(out, HtmlExtract)
    assert PARA in out.text and PARA2 in out.text
    assert "Sport" not in out.text
    assert "All rights reserved" not in out.text
    assert out.title == "Ferry terminal to open in spring"
    assert out.published == date(2023, 6, 20)
    assert out.outlet == "Harbour Gazette"
    assert out.url == "https://gazette.example.org/news/ferry-terminal"


def test_empty_page_gives_empty_extract() -> None:
    for html in ("", "   ", "<html><body></body></html>"):
        out = extract_html(html)
        assert out.text == ""
        assert out.published is None
