"""The hiding analysis: inline styles, <style> rules, script-hidden ids, benign UI labels."""

from __future__ import annotations

import pytest

from detector.page import page_from_text
from detector.visibility import (
    CssHidingRules, benign_names, benign_ui, declarations, hiding_rule, inline_hiding, style_hiding,
)


@pytest.mark.parametrize("style, rule", [
    ("display:none", "display:none"),
    ("DISPLAY: NONE !important", "display:none"),
    ("visibility: hidden", "visibility:hidden"),
    ("position:absolute; top:-9990px", "offscreen"),
    ("position: fixed; left: -5000px", "offscreen"),
    ("text-indent:-9999px", "offscreen"),
    ("width:1px;height:1px;overflow:hidden", "zero-size"),
    ("height:0; overflow:hidden", "zero-size"),
    ("font-size:0px", "font-size:0"),
    ("font-size: 0", "font-size:0"),
    ("opacity:0", "opacity:0"),
    ("opacity: 0.0", "opacity:0"),
    ("color:#fff;background-color:#ffffff", "same-color"),
    ("color:white; background:#FFF url(x.png)", "same-color"),
    ("clip: rect(0 0 0 0); position:absolute", "clip"),
])
def test_hiding_techniques(style, rule):
    assert style_hiding(style) == rule


@pytest.mark.parametrize("style", [
    "display:block", "position:absolute; top:-20px", "width:1px; height:1px", "font-size:12px",
    "opacity:0.5", "color:#333;background:#fff", "overflow:hidden; height:300px", "",
])
def test_visible_styles(style):
    assert style_hiding(style) is None


def test_declarations_last_wins():
    assert declarations("display:none; display:block")["display"] == "block"
    assert hiding_rule({}) is None


def test_inline_hiding_attribute():
    assert inline_hiding({"hidden": ""}) == "hidden-attribute"
    assert inline_hiding({"style": "display:none"}) == "display:none"
    assert inline_hiding({"class": "x"}) is None


def test_css_rules_simple_and_compound():
    css = CssHidingRules()
    css.add_css(".hide{display:none} #spam { position:absolute; left:-9999px } div.x > span.y {visibility:hidden}")
    assert css.match("div", {"class": "a hide"}).startswith("display:none")
    assert css.match("div", {"id": "spam"}).startswith("offscreen")
    assert css.match("span", {"class": "y"}).startswith("visibility:hidden")
    assert css.match("div", {"class": "show"}) is None
    assert bool(css)


def test_css_rules_ignore_states_media_and_descendant_tags():
    css = CssHidingRules()
    css.add_css("@media (max-width: 600px) { .mobile-hide { display:none } }"
                ".menu li:hover ul { display:block } .dropnav li ul { display:none }"
                "#header h1 a { text-indent:-9999px } a[rel=x] { display:none }")
    assert css.match("div", {"class": "mobile-hide"}) is None
    # a bare tag at the end of a descendant selector does not hide every such tag
    assert css.match("ul", {}) is None
    assert css.match("a", {"href": "/"}) is None
    assert not css


def test_css_rules_strip_html_comment_markers():
    css = CssHidingRules()
    css.add_css("<!--\n.test2 { display:none }\n-->")
    assert css.match("div", {"class": "test2"}).startswith("display:none (css:.test2)")


def test_a_lone_tag_rule_still_applies():
    css = CssHidingRules()
    css.add_css("marquee { display:none }")
    assert css.match("marquee", {}).startswith("display:none")


def test_script_hidden_ids():
    css = CssHidingRules()
    css.add_script('document.getElementById("frind").style.display="none"; $("#box2").hide();')
    assert css.match("div", {"id": "frind"}).startswith("script-hidden")
    assert css.match("div", {"id": "box2"}).startswith("script-hidden")
    assert "frind" in css.selector()


@pytest.mark.parametrize("tag, attrs, label", [
    ("span", {"class": "sr-only"}, "screen-reader"),
    ("span", {"class": "screen-reader-text"}, "screen-reader"),
    ("a", {"class": "skip-link"}, "screen-reader"),
    ("ul", {"class": "dropdown-menu"}, "menu"),
    ("nav", {}, "menu"),
    ("div", {"id": "cookie-notice"}, "cookie-banner"),
    ("div", {"class": "modal fade"}, "modal"),
    ("div", {"class": "accordion-body"}, "accordion"),
    ("div", {"role": "tabpanel"}, "accordion"),
    ("div", {"class": "hp-field"}, "honeypot"),
    ("input", {"type": "text"}, "form"),
    ("div", {"class": "post-body"}, None),
    ("span", {}, None),
])
def test_benign_labels(tag, attrs, label):
    assert benign_ui(tag, attrs) == label
    assert benign_names(tag, attrs.get("class"), attrs.get("id"), attrs.get("role")) == label


def test_page_marks_descendant_rules_correctly():
    html = ('<html><head><style>#header h1 a{text-indent:-9999px} .dropnav li ul{display:none}</style></head>'
            '<body><div id="header"><h1><a href="/">Logo</a></h1></div>'
            '<p><a href="http://other.com/">a visible link</a></p><ul class="x"><li><a href="/a">a</a></li></ul></body></html>')
    page = page_from_text(html, mode="html")
    assert all(l.hidden is None for l in page.links)


def test_unconditional_media_blocks_still_hide():
    css = CssHidingRules()
    css.add_css("@media screen { .k9z { display:none } } @media (max-width:700px) { .m { display:none } }")
    assert css.match("div", {"class": "k9z"}).startswith("display:none")
    assert css.match("div", {"class": "m"}) is None


# ---------------------------------------------------------------------------- hint-driven CSS reading
CSS_CASES = [
    "a{display:none}", ".x .none{color:red}", "@media screen{.a{display:none}}", "}{display:none}",
    "{display:none}", "@keyframes k{0%{opacity:0}100%{opacity:1}}", ".İ{display:none}.b{display:none}",
    ".c{display:none", ".d{x:{display:none}}", ".e{text-decoration:none}.f{visibility:hidden}",
    ".g{position:absolute;left:-9999px}.h{color:#fff;background:#fff;clip:auto}",
    "/* .i{display:none} */ .j{font-size:0} <!-- .k{opacity:0} -->",
]


def _walk_every_rule(css: str) -> CssHidingRules:
    """The specification: every rule the rule pattern yields, in order."""
    from detector.visibility import _RULE, _prepare_css

    rules = CssHidingRules()
    css = _prepare_css(css)
    if css is not None:
        for m in _RULE.finditer(css):
            rules._add_rule(m.group(1), m.group(2))
    return rules


def _sheets_of_corpus(step: int = 40) -> list[str]:
    from selectolax.lexbor import LexborHTMLParser
    from conftest import CORPUS

    out = []
    for p in sorted((CORPUS / "pages").glob("*/*.html"))[::step]:
        tree = LexborHTMLParser(p.read_bytes().decode("utf-8", "replace"))
        out.extend(n.text(deep=True) for n in tree.css("style"))
    return [s for s in out if s]


@pytest.mark.parametrize("css", CSS_CASES)
def test_hint_driven_reading_finds_the_rules_a_full_walk_finds(css):
    got, want = CssHidingRules(), _walk_every_rule(css)
    got._add_css_uncached(css)
    assert (got.by_class, got.by_id, got.by_tag) == (want.by_class, want.by_id, want.by_tag)
    assert list(got.by_class) == list(want.by_class)


def test_hint_driven_reading_on_corpus_stylesheets():
    sheets = _sheets_of_corpus()
    if not sheets:
        pytest.skip("no shared corpus")
    for css in sheets:
        got, want = CssHidingRules(), _walk_every_rule(css)
        got._add_css_uncached(css)
        assert (got.by_class, got.by_id, got.by_tag) == (want.by_class, want.by_id, want.by_tag)


def test_may_hide_is_necessary_for_every_hiding_rule():
    """_may_hide() only skips rules hiding_rule() would not name: checked on every rule body
    of a corpus sample and on crafted ones."""
    from detector.visibility import _RULE, _may_hide, declarations, hiding_rule

    bodies = ["display:none", "visibility:collapse", "opacity:0", "position:absolute;left:-9999px",
              "text-indent:-9999px", "font-size:0", "overflow:hidden;height:0", "clip:rect(0,0,0,0)",
              "transform:scale(0)", "filter:alpha(opacity=0)", "color:transparent", "color:#fff;background:#fff",
              "COLOR: RED; BACKGROUND-COLOR: red", "clip-path: inset(50%)"]
    for css in _sheets_of_corpus(step=20):
        bodies.extend(m.group(2) for m in _RULE.finditer(css))
    named = 0
    for body in bodies:
        if hiding_rule(declarations(body)) is not None:
            named += 1
            assert _may_hide(body.lower()), body
    assert named >= 14


@pytest.mark.parametrize("body", ["font-size:0", "font-size : 0.4em", "FONT-SIZE:4%", "font-size: 5% !important",
                                  "color:red;font-size:12px;font-size:0px", "font-size:-1px"])
def test_tiny_fonts_pass_the_pre_parse_filter(body):
    from detector.visibility import _may_hide, declarations, hiding_rule

    assert _may_hide(body.lower()) and hiding_rule(declarations(body)) == "font-size:0"


@pytest.mark.parametrize("body", ["font-size:12px", "font-size: 1.2em", "font-size: 80%", "font-size:larger"])
def test_ordinary_fonts_stop_before_parsing(body):
    from detector.visibility import _may_hide

    assert not _may_hide(body.lower())
