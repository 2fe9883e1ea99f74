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
