"""The Page model: URL recovery, text, links, hidden blocks, code context, regions."""

from __future__ import annotations

import pytest

from conftest import CORPUS, SEED
from detector.page import Page, page_from_file, page_from_text
from detector.records import Record


def html_page(body: str, head: str = "", url: str | None = None) -> Page:
    return page_from_text(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>", url=url)


# ---------------------------------------------------------------- page URL recovery
def test_url_from_record_wins():
    p = html_page("x", '<link rel="canonical" href="https://canon.example.com/a">', url="https://rec.example.org/p")
    assert p.url == "https://rec.example.org/p" and p.site == "example.org"


def test_url_order_canonical_ogurl_base_wrapper():
    head = ('<base href="https://base.example.net/">'
            '<meta property="og:url" content="https://og.example.net/x">'
            '<link rel="canonical" href="https://canon.example.com/a">')
    assert html_page("x", head).url == "https://canon.example.com/a"
    head2 = '<base href="https://base.example.net/"><meta property="og:url" content="https://og.example.net/x">'
    assert html_page("x", head2).url == "https://og.example.net/x"
    assert html_page("x", '<base href="https://base.example.net/">').url == "https://base.example.net/"


def test_cleaneval_wrapper_url():
    p = page_from_text('<text id="http://www.corante.com/a.php" title="t">\n<p>hello</p>', mode="html")
    assert p.url == "http://www.corante.com/a.php" and p.site == "corante.com"


def test_text_record_has_no_url_and_first_line_is_content():
    p = page_from_text("First line is content\nhttp://spam.example.com/x second", mode="text")
    assert p.url is None and p.site == ""
    assert p.text.startswith("First line is content")
    assert [l.domain for l in p.links] == ["example.com"]


def test_private_suffix_sites_are_separate():
    p = html_page("x", url="https://someone.blogspot.com/2020/01/post.html")
    assert p.site == "someone.blogspot.com"


def test_site_inferred_from_links_when_no_url():
    body = "".join(f'<a href="https://www.shop.example.de/p{i}">p{i}</a>' for i in range(5))
    p = html_page(body + '<a href="https://other.example.com/">o</a>')
    assert p.site == "example.de" and p.site_inferred


# ---------------------------------------------------------------- text and links
def test_text_excludes_scripts_and_styles_keeps_hidden_text():
    p = html_page('<p>visible</p><script>var secret=1</script><style>.a{}</style>'
                  '<div style="display:none">hidden words</div>')
    assert "visible" in p.text and "hidden words" in p.text
    assert "secret" not in p.text and ".a{}" not in p.text


def test_links_are_absolute_with_domains_and_external_flag():
    p = html_page('<a href="/about">About</a> <a href="https://www.other-site.example.com/x?q=1">Other</a>'
                  '<a href="//cdn.example.org/y">cdn</a><a href="mailto:a@b.c">mail</a>',
                  url="https://www.mysite.example.org/post/1")
    by_anchor = {l.anchor: l for l in p.links}
    assert by_anchor["About"].url == "https://www.mysite.example.org/about"
    assert by_anchor["About"].external is False
    assert by_anchor["Other"].domain == "example.com" and by_anchor["Other"].external is True
    assert by_anchor["cdn"].url == "http://cdn.example.org/y"
    assert by_anchor["mail"].external is None


def test_relative_link_uses_base_href():
    p = html_page('<a href="page.html">x</a>', '<base href="https://docs.example.com/v2/">')
    assert p.links[0].url == "https://docs.example.com/v2/page.html"


def test_anchor_offsets_point_into_text():
    p = html_page("<p>Intro text here.</p><p>Read <a href='https://a.example.com/'>the full story</a> now.</p>")
    link = p.links[0]
    assert p.text[link.offset:link.offset + len("the full story")] == "the full story"
    assert 0 < link.position < 1


def test_bare_urls_in_html_text_are_links_but_not_twice():
    p = html_page('<p>see https://bare.example.com/x and <a href="https://a.example.net/">https://a.example.net/</a></p>')
    domains = sorted(l.domain for l in p.links)
    assert domains == ["example.com", "example.net"]
    assert {l.source for l in p.links} == {"a", "text"}


def test_image_link_anchor_from_alt():
    p = html_page('<a href="https://x.example.com/"><img src="b.png" alt="Buy now"></a>')
    assert p.links[0].anchor == "Buy now"


# ---------------------------------------------------------------- hiding
def test_inline_hiding_rules_are_named():
    cases = {
        "display:none": "display:none",
        "visibility: hidden": "visibility:hidden",
        "position:absolute;left:-9999px": "offscreen",
        "position:absolute; top:-5000px": "offscreen",
        "height:1px;width:1px;overflow:hidden": "zero-size",
        "font-size:0": "font-size:0",
        "color:#fff;background-color:#FFF": "same-color",
        "opacity:0": "opacity:0",
    }
    for style, rule in cases.items():
        p = html_page(f'<div style="{style}"><a href="https://spam.example.com/">x</a></div>')
        assert p.links[0].hidden == rule, style
        assert p.hidden_blocks[0].rule == rule


def test_visible_styles_are_not_hidden():
    for style in ("display:block", "position:absolute;left:10px", "height:1px", "font-size:12px", "color:#fff;background:#000"):
        p = html_page(f'<div style="{style}"><a href="https://x.example.com/">x</a></div>')
        assert p.links[0].hidden is None, style


def test_style_block_rules_hide_by_class_and_id():
    p = html_page('<div class="a hidebox"><a href="https://x.example.com/">x</a></div>'
                  '<p id="z"><a href="https://y.example.com/">y</a></p>',
                  "<style>.hidebox{display:none} #z{position:absolute;left:-8000px}</style>")
    rules = [l.hidden for l in p.links]
    assert rules[0].startswith("display:none") and rules[1].startswith("offscreen")


def test_media_and_hover_rules_do_not_hide():
    p = html_page('<div class="m"><a href="https://x.example.com/">x</a></div>',
                  "<style>@media (max-width:600px){.m{display:none}} .m:hover{display:none}</style>")
    assert p.links[0].hidden is None


def test_script_hidden_element():
    p = html_page('<div id="lnk"><a href="https://x.example.com/">x</a></div>'
                  "<script>document.getElementById('lnk').style.display='none';</script>")
    assert p.links[0].hidden and "script" in p.links[0].hidden


def test_benign_ui_is_labelled():
    p = html_page('<nav><ul class="sub-menu" style="display:none"><li><a href="/a">A</a></li></ul></nav>'
                  '<span class="sr-only" style="position:absolute;left:-10000px">Skip</span>'
                  '<div class="cookie-notice" style="display:none">We use cookies</div>')
    labels = [b.benign for b in p.hidden_blocks]
    assert labels[0] == "menu" and labels[1] == "screen-reader" and labels[2] == "cookie-banner"


def test_nested_hidden_elements_form_one_block():
    p = html_page('<div style="display:none">' + '<div style="display:none">' * 50 + "<a href='https://x.example.com/'>x</a>" + "</div>" * 51)
    assert len(p.hidden_blocks) == 1 and len(p.hidden_blocks[0].links) == 1


# ---------------------------------------------------------------- code context and regions
def test_code_context():
    p = html_page("<p>Warning: outside</p><pre>Warning: inside code</pre>")
    s_out = p.text.index("Warning: outside")
    s_in = p.text.index("Warning: inside")
    assert not p.context_of(s_out, s_out + 16).code
    assert p.context_of(s_in, s_in + 15).code


def test_region_of_links():
    p = html_page('<header><a href="/h">h</a></header><div id="comments"><a href="https://c.example.com/">c</a></div>'
                  '<footer><a href="/f">f</a></footer><main><a href="/m">m</a></main>')
    assert [p.region_of(l) for l in p.links] == ["header", "comments", "footer", "body"]


# ---------------------------------------------------------------- real pages
def test_seed_text_record_links():
    p = page_from_file(str(SEED))
    assert p.mode == "text"
    assert any(l.domain == "high-endrolex.com" for l in p.links)


def test_labelled_hidden_links_are_seen():
    p = page_from_file(str(CORPUS / "pages/trafilatura/eval__silvias.net.wahlzensur.html"))
    hidden = [l for l in p.links if l.hidden == "offscreen"]
    assert len(hidden) >= 10 and all(l.external for l in hidden)
    p = page_from_file(str(CORPUS / "pages/dragnet/R457.html"))
    assert any(l.hidden == "display:none" and l.domain == "theatredb.com" for l in p.links)


def test_truncated_flag_and_empty_body():
    p = Page(Record(id="x", content="<html><body></body></html>", mode="html"), truncated=True)
    assert p.truncated and p.text == "" and p.links == []


@pytest.mark.parametrize("text", [
    "see http://a.example/x, https://b.example/y. and www.c.example",
    "HTTP://UPPER.EXAMPLE/Path and WWW.SHOUT.EXAMPLE and Www.title.example",
    "mail me@www.example.org or /path/http://x.example or foo-www.bar.example",
    "http://www.nested.example/www.inner.example/http://again.example",
    "no urls here: a://b, www, http:/x.example, ://",
])
def test_bare_urls_finds_what_one_regex_pass_finds(text):
    """bare_urls() only moves where the pattern is tried; the result is the plain
    left-to-right regex scan."""
    from detector.page import _TEXT_URL, bare_urls

    assert [m.span() for m in bare_urls(text)] == [m.span() for m in _TEXT_URL.finditer(text)]


@pytest.mark.parametrize("html", [
    "<p>a<!-- one --> b <!--two--><!----><!-- unterminated <b>",
    "<!--<!-- nested? -->--> <!-- x -- y --> tail",
    "<html><!-- Warning: include(/home/u/x.php) -->\n<body>text</body></html>",
])
def test_comments_are_what_the_comment_pattern_finds(html):
    from detector.page import _HTML_COMMENT

    want = [m.group(1).strip() for m in _HTML_COMMENT.finditer(html) if m.group(1).strip()]
    assert page_from_text(html, mode="html").comments == want


def test_a_refresh_meta_in_the_body_is_read_after_the_heads_own():
    html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
            '<body><p>Opening hours</p><meta http-equiv="refresh" content="0;url=http://elsewhere.example/">'
            '</body></html>')
    page = page_from_text(html, mode="html")
    assert page.meta("refresh") == "0;url=http://elsewhere.example/"
    assert page.meta("content-type").startswith("text/html")
    plain = page_from_text("<html><body><p>No redirect here.</p><meta itemprop='name' content='x'></body></html>",
                           mode="html")
    assert plain.meta("refresh") == "" and all("itemprop" not in m for m in plain.metas)
    fallback = page_from_text('<html><body><noscript><meta http-equiv="refresh" content="0;url=/nojs.html">'
                              '</noscript><p>This site needs JavaScript.</p></body></html>', mode="html")
    assert fallback.meta("refresh") == ""  # a no-script fallback, not a redirect
