"""User-written text: Markdown to sanitised HTML, and plain excerpts."""

from concurrent.futures import ThreadPoolExecutor

import markdown

from latu.core.text import plain_excerpt, render_markdown

RICH = ("## Otsikko\n\n- yksi\n- kaksi\n\n3. kolme\n4. neljä\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "[Linkki](https://example.fi) ja *korostus*\n\n> lainaus")


def test_markdown_becomes_the_allowed_html_only():
    html = render_markdown(RICH + '\n\n<script>alert(1)</script> [x](javascript:alert(1)) <img src="x">')
    assert "<h2>Otsikko</h2>" in html and "<table>" in html and "<ol>" in html
    assert '<a href="https://example.fi" rel="nofollow noopener noreferrer">Linkki</a>' in html
    assert "<script" not in html and "javascript:" not in html and "<img" not in html


def test_a_kept_converter_gives_each_text_what_a_new_one_would():
    texts = [RICH, "", "Pelkkä rivi", "Rivi\nrivi\n\n    koodia\n\n---", RICH]
    fresh = [markdown.markdown(t, extensions=["sane_lists", "tables"], output_format="html") for t in texts]
    assert [render_markdown(t) for t in texts] == [render_markdown(t) for t in reversed(texts)][::-1]
    assert render_markdown(texts[3]) == fresh[3]  # nothing in it for the sanitiser to change
    with ThreadPoolExecutor(max_workers=4) as pool:  # one converter per thread
        assert list(pool.map(render_markdown, texts * 20)) == [render_markdown(t) for t in texts * 20]


def test_an_excerpt_is_plain_text_cut_at_a_word():
    assert plain_excerpt("**Lihava** ja [linkki](https://example.fi)") == "Lihava ja linkki"
    assert plain_excerpt("sana " * 100, length=22) == "sana sana sana sana…"
