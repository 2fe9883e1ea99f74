"""Is an element hidden from readers, how, and is that hiding benign UI?

Attackers hide injected links with inline CSS, ``<style>`` rules and small scripts; sites
hide plenty of legitimate things the same way (screen-reader text, dropdown menus, modals,
accordions, cookie banners, form honeypots). This module answers two separate questions
per element, and :mod:`detector.page` combines them along the tree:

* :func:`inline_hiding` / :class:`CssHidingRules`: *how* is it hidden (a rule name such as
  ``display:none`` or ``offscreen``), or None;
* :func:`benign_ui` : is the element a UI pattern whose hiding is normal (``sr-only``,
  ``menu``, ``modal``, ...), or None.

Only simple selectors are honoured from ``<style>`` (``.cls``, ``#id``, ``tag.cls``; the last
compound of a descendant selector); rules inside ``@media`` and selectors with pseudo-classes
(``:hover``) describe states, not permanent hiding, and are ignored.
"""

from __future__ import annotations

import re

from functools import lru_cache

from detector.patterns import alternation, rx

_DECL = rx(
    "visibility.declaration",
    r"(?<![a-z-])([a-z-]++)\s*+:\s*+([^;]*+)",
    worst_case="a:" + "b" * 20 + ";",
)
_NUM = rx("visibility.number", r"(?<![\d.])(-?\d++(?:\.\d++)?+)\s*+(px|em|rem|%|pt|vw|vh)?+", worst_case="-1.1")
_COLOR_WORDS = {"white": "#ffffff", "black": "#000000", "#fff": "#ffffff", "#000": "#000000"}


def _num(value: str) -> tuple[float, str] | None:
    m = _NUM.search(value)
    if not m:
        return None
    return float(m.group(1)), (m.group(2) or "")


def _norm_color(value: str) -> str:
    v = value.strip().lower().replace(" ", "").replace("!important", "")
    return _COLOR_WORDS.get(v, v)


def declarations(style: str) -> dict[str, str]:
    """CSS declarations of a style attribute or rule body, lower-cased, last one wins."""
    out: dict[str, str] = {}
    for m in _DECL.finditer(style.lower()):
        out[m.group(1)] = m.group(2).replace("!important", "").strip()
    return out


def hiding_rule(decl: dict[str, str]) -> str | None:
    """The name of the hiding technique a set of declarations uses, or None."""
    if not decl:
        return None
    display = decl.get("display")
    if display == "none":
        return "display:none"
    vis = decl.get("visibility")
    if vis in ("hidden", "collapse"):
        return "visibility:hidden"
    op = decl.get("opacity")
    if op is not None:
        n = _num(op)
        if n is not None and n[0] <= 0.01:
            return "opacity:0"
    pos = decl.get("position")
    if pos in ("absolute", "fixed"):
        for side in ("left", "top", "right", "bottom", "margin-left", "margin-top"):
            v = decl.get(side)
            if v:
                n = _num(v)
                if n is not None and n[0] <= -500 and n[1] in ("px", "", "em", "rem", "pt"):
                    return "offscreen"
    ti = decl.get("text-indent")
    if ti:
        n = _num(ti)
        if n is not None and n[0] <= -500:
            return "offscreen"
    fs = decl.get("font-size")
    if fs:
        n = _num(fs)
        if n is not None and n[0] <= 0.5 and n[1] != "%":
            return "font-size:0"
        if n is not None and n[1] == "%" and n[0] <= 5:
            return "font-size:0"
    overflow = decl.get("overflow", "")
    if "hidden" in overflow or "clip" in overflow:
        for dim in ("height", "width", "max-height", "max-width"):
            v = decl.get(dim)
            if v:
                n = _num(v)
                if n is not None and n[0] <= 2 and n[1] in ("px", "", "em", "rem", "pt"):
                    return "zero-size"
    clip = decl.get("clip", "")
    clip_path = decl.get("clip-path", "").replace(" ", "")
    if clip.replace(" ", "").startswith("rect(0") or clip_path.startswith(("inset(50%", "inset(100%", "circle(0")):
        return "clip"
    transform = decl.get("transform", "").replace(" ", "")
    if transform.startswith(("scale(0)", "scale(0,", "scale(0.0)", "scalex(0)", "scaley(0)")):
        return "scale:0"
    filt = decl.get("filter", "").replace(" ", "")
    if filt.startswith(("opacity(0)", "alpha(opacity=0)", "opacity(0%)")):
        return "opacity:0"
    color = decl.get("color")
    if color == "transparent" and not decl.get("text-shadow"):
        return "same-color"
    bg = decl.get("background-color") or decl.get("background")
    if color and bg and _norm_color(color) == _norm_color(bg.split()[0]):
        return "same-color"
    return None


@lru_cache(maxsize=65536)
def style_hiding(style: str) -> str | None:
    """Hiding technique of a style attribute, or None (cached: pages repeat their styles)."""
    return hiding_rule(declarations(style))


def inline_hiding(attrs: dict) -> str | None:
    """Hiding technique of an element from its own attributes (style, hidden), or None."""
    if "hidden" in attrs:
        return "hidden-attribute"
    style = attrs.get("style")
    if style:
        return style_hiding(style)
    return None


_BENIGN_TOKENS = {
    # screen-reader and skip links
    "sr-only": "screen-reader", "screen-reader-text": "screen-reader", "visually-hidden": "screen-reader",
    "visuallyhidden": "screen-reader", "screenreader": "screen-reader", "assistive-text": "screen-reader",
    "element-invisible": "screen-reader", "skip-link": "screen-reader", "skiplink": "screen-reader",
    "a11y": "screen-reader", "offscreen": "screen-reader", "show-for-sr": "screen-reader",
    "hidden-accessible": "screen-reader", "u-visually-hidden": "screen-reader", "sr-text": "screen-reader",
}
_BENIGN_WORDS = (
    ("menu", "menu"), ("nav", "menu"), ("dropdown", "menu"), ("drop-down", "menu"), ("submenu", "menu"),
    ("flyout", "menu"), ("megamenu", "menu"), ("mega-menu", "menu"), ("hamburger", "menu"),
    ("modal", "modal"), ("popup", "modal"), ("pop-up", "modal"), ("lightbox", "modal"), ("dialog", "modal"),
    ("overlay", "modal"), ("tooltip", "modal"), ("popover", "modal"), ("drawer", "modal"),
    ("accordion", "accordion"), ("collapse", "accordion"), ("toggle", "accordion"), ("expand", "accordion"),
    ("spoiler", "accordion"), ("tab-pane", "accordion"), ("tabpanel", "accordion"), ("tabs", "accordion"),
    ("more", "accordion"), ("readmore", "accordion"),
    ("cookie", "cookie-banner"), ("consent", "cookie-banner"), ("gdpr", "cookie-banner"), ("cmp", "cookie-banner"),
    ("honeypot", "honeypot"), ("hp-field", "honeypot"), ("ak_hp", "honeypot"), ("antispam", "honeypot"),
    ("search", "search"), ("mobile", "responsive"), ("desktop", "responsive"), ("print", "responsive"),
    ("slide", "carousel"), ("slider", "carousel"), ("carousel", "carousel"), ("gallery", "carousel"),
    ("swiper", "carousel"), ("ticker", "carousel"),
    ("loading", "widget"), ("spinner", "widget"), ("template", "widget"), ("tmpl", "widget"),
    ("share", "widget"), ("social", "widget"), ("login", "widget"), ("signin", "widget"), ("cart", "widget"),
    ("newsletter", "widget"), ("subscribe", "widget"), ("alert", "widget"), ("notice", "widget"),
    ("error", "widget"), ("message", "widget"), ("comment-reply", "widget"), ("reply", "widget"),
    ("lang", "widget"), ("language", "widget"), ("sticky", "widget"), ("js-", "widget"),
)
_BENIGN_ROLES = {
    "menu": "menu", "menubar": "menu", "navigation": "menu", "dialog": "modal", "alertdialog": "modal",
    "tabpanel": "accordion", "tooltip": "modal", "search": "search", "status": "widget", "alert": "widget",
}
_BENIGN_TAGS = {"nav": "menu", "dialog": "modal", "details": "accordion", "select": "menu",
                "option": "menu", "datalist": "menu", "form": "form", "label": "form", "input": "form",
                "button": "form", "textarea": "form"}


_BENIGN_WORD_RX = rx(
    "visibility.benign_words",
    alternation([w for w, _ in _BENIGN_WORDS], boundary=False),
    worst_case="menu",
)
_BENIGN_WORD_LABEL = dict(_BENIGN_WORDS)


def benign_ui(tag: str, attrs: dict) -> str | None:
    """The legitimate UI pattern an element belongs to, judged from its tag, class, id and role."""
    return benign_names(tag, attrs.get("class"), attrs.get("id"), attrs.get("role"))


@lru_cache(maxsize=16384)
def benign_names(tag: str, cls: str | None, el_id: str | None, role: str | None) -> str | None:
    """:func:`benign_ui` on the attribute values themselves, cached (pages repeat them)."""
    label = _BENIGN_TAGS.get(tag)
    if label:
        return label
    if role:
        label = _BENIGN_ROLES.get(role.strip().lower())
        if label:
            return label
    if not cls and not el_id:
        return None
    names = f"{cls or ''} {el_id or ''}".lower()
    for tok in names.replace("_", "-").split():
        label = _BENIGN_TOKENS.get(tok)
        if label:
            return label
    m = _BENIGN_WORD_RX.search(names)
    return _BENIGN_WORD_LABEL[m.group(0)] if m else None


_RULE = rx(
    "visibility.css_rule",
    r"(?:(?<=[{}])|^)([^{}]++)\{([^{}]*+)\}",
    worst_case="a" * 50 + "{",
)
_MEDIA = rx(
    "visibility.css_media",
    r"@(media|supports|container)([^{]*+)\{((?:[^{}]*+\{[^{}]*+\})*+[^{}]*+)\}",
    worst_case="@media x{a{b}",
)
_ALWAYS_MEDIA = frozenset(("", "all", "screen", "only screen", "screen,print", "all,print", "print,screen"))


def _media_sub(m: re.Match) -> str:
    """Keep the rules of an @media block that always applies on screen; drop conditional ones."""
    if m.group(1) == "media" and m.group(2).strip().lower().replace(", ", ",") in _ALWAYS_MEDIA:
        return " " + m.group(3) + " "
    return " "
_COMMENT = rx("visibility.css_comment", r"/\*.*?(?:\*/|\Z)", re.S, worst_case="/*" + "*" * 20)
_SIMPLE = rx(
    "visibility.simple_selector",
    r"^([a-z][a-z0-9]*+)?((?:[.#][a-zA-Z_][\w-]*+)*+)$",
    worst_case="a.b" * 10 + "!",
)
_JS_HIDE = rx(
    "visibility.js_hide",
    r"""getElementById\(\s*+['"]([\w-]{1,100})['"]\s*+\)\.style\.(?:display\s*+=\s*+['"]none|visibility\s*+=\s*+['"]hidden)"""
    r"""|\$\(\s*+['"]#([\w-]{1,100})['"]\s*+\)\.(?:hide\(\s*+\)|css\(\s*+['"]display['"]\s*+,\s*+['"]none)""",
    worst_case="getElementById('a').style.",
)


_HIDE_HINTS = ("none", "hidden", "opacity", "clip", "collapse", "indent", ":-", ": -", "font-size", "scale(0")


def _may_hide(low: str) -> bool:
    """A necessary condition for :func:`hiding_rule` to name a technique, on the lower-cased
    declarations: the properties (and values) each technique needs are all there. Most rules
    that merely say "none" (``text-decoration: none``) stop here, unparsed."""
    return (("display" in low and "none" in low) or ("visibility" in low and ("hidden" in low or "collapse" in low))
            or "opacity" in low or "position" in low or "indent" in low or _tiny_font(low)
            or "overflow" in low or "clip" in low or "transform" in low or "filter" in low
            or ("color" in low and ("transparent" in low or "background" in low)))


def _tiny_font(low: str) -> bool:
    """Whether any font-size declaration in the lower-cased body is as small as the
    font-size:0 technique of :func:`hiding_rule` (most rules set an ordinary size)."""
    i = low.find("font-size")
    while i >= 0:
        j = i + 9
        while j < len(low) and low[j].isspace():
            j += 1
        if j < len(low) and low[j] == ":":
            end = low.find(";", j)
            n = _num(low[j + 1:end if end >= 0 else len(low)].replace("!important", ""))
            if n is not None and ((n[0] <= 0.5 and n[1] != "%") or (n[1] == "%" and n[0] <= 5)):
                return True
        i = low.find("font-size", i + 9)
    return False


def _could_hide(body: str) -> bool:
    """Cheap prefilter: most CSS rules cannot hide anything and need no parsing."""
    low = body.lower()
    return any(h in low for h in _HIDE_HINTS)


def _prepare_css(css: str) -> str | None:
    """A stylesheet without comments, HTML comment markers and conditional @media blocks
    (None when it cannot hide anything)."""
    if not _could_hide(css):
        return None
    css = _COMMENT.sub("", css)
    # HTML comment markers that old pages wrap their <style> content in
    css = css.replace("<!--", " ").replace("-->", " ")
    return _MEDIA.sub(_media_sub, css)


@lru_cache(maxsize=1)
def _hint_automata():
    import ahocorasick_rs

    kw = dict(matchkind=ahocorasick_rs.MatchKind.Standard)
    return (ahocorasick_rs.BytesAhoCorasick([h.encode() for h in _HIDE_HINTS], **kw),
            ahocorasick_rs.AhoCorasick(list(_HIDE_HINTS), **kw))


def _candidate_rules(css: str) -> list[tuple[str, str]]:
    """(selector, body) of the rules whose body holds a hiding hint, in stylesheet order:
    exactly the rules ``_RULE.finditer`` yields that pass :func:`_could_hide`, found from the
    hints' positions (one Aho-Corasick pass) instead of by walking every rule."""
    low = css.lower()
    if len(low) != len(css):  # a character changed length when lower-cased: walk every rule
        return [(m.group(1), m.group(2)) for m in _RULE.finditer(css)]
    by_bytes, by_chars = _hint_automata()
    hits = (by_bytes.find_matches_as_indexes(low.encode("ascii"), overlapping=True) if low.isascii()
            else by_chars.find_matches_as_indexes(low, overlapping=True))
    opens = set()
    for _h, s, _e in hits:
        o = low.rfind("{", 0, s)
        if o >= 0 and low.rfind("}", 0, s) < o:  # the hint sits in a body, not a selector
            opens.add(o)
    out = []
    for o in sorted(opens):
        end = low.find("}", o + 1)
        nxt = low.find("{", o + 1)
        if end < 0 or 0 <= nxt < end:
            continue  # not an innermost {...} block
        sel_start = max(low.rfind("{", 0, o), low.rfind("}", 0, o)) + 1
        if sel_start == o:
            continue  # an empty selector: the rule pattern needs one character
        out.append((css[sel_start:o], css[o + 1:end]))
    return out


@lru_cache(maxsize=256)
def _parse_css(css: str) -> tuple[dict, dict, dict]:
    rules = CssHidingRules()
    rules._add_css_uncached(css)
    return rules.by_class, rules.by_id, rules.by_tag


class CssHidingRules:
    """Hiding rules declared in a page's ``<style>`` blocks and inline scripts."""

    __slots__ = ("by_class", "by_id", "by_tag", "script_hidden_ids")

    def __init__(self) -> None:
        self.by_class: dict[str, str] = {}
        self.by_id: dict[str, str] = {}
        self.by_tag: dict[str, str] = {}
        self.script_hidden_ids: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.by_class or self.by_id or self.by_tag or self.script_hidden_ids)

    def add_css(self, css: str) -> None:
        """Record the classes, ids and tags a stylesheet hides (cached per stylesheet text:
        the pages of one site repeat the same <style> blocks, and parsing costs more than hashing)."""
        by_class, by_id, by_tag = _parse_css(css)
        self.by_class.update(by_class)
        self.by_id.update(by_id)
        self.by_tag.update(by_tag)

    def _add_css_uncached(self, css: str) -> None:
        css = _prepare_css(css)
        if css is None:
            return
        for sel, body in _candidate_rules(css):
            self._add_rule(sel, body)

    def _add_rule(self, selector: str, body: str) -> None:
        """One CSS rule: if its declarations hide, record what its selectors name."""
        low = body.lower()
        if not any(h in low for h in _HIDE_HINTS) or not _may_hide(low):
            return
        rule = style_hiding(body)  # cached: frameworks repeat their rule bodies across sites
        if rule is None:
            return
        for sel in selector.split(","):
            sel = sel.strip()
            if not sel or ":" in sel or "[" in sel:
                continue
            parts = sel.replace(">", " ").replace("+", " ").replace("~", " ").split()
            last = parts[-1]
            s = _SIMPLE.match(last)
            if not s:
                continue
            tag, rest = s.group(1), s.group(2)
            where = f"css:{sel[:80]}"
            if not rest:
                # A bare tag hides every such element only when it stands alone: in
                # `#header h1 a` or `.dropnav li ul` the ancestors decide (a dropdown's
                # sub-lists, a logo's text), and matching on the last compound alone
                # would mark every <a>/<ul> of the page hidden.
                if tag and tag not in ("html", "body") and len(parts) == 1:
                    self.by_tag[tag] = f"{rule} ({where})"
                continue
            # the last class or id in the compound names the rule
            for part in re.split(r"(?=[.#])", rest):
                if part.startswith("."):
                    self.by_class[part[1:]] = f"{rule} ({where})"
                elif part.startswith("#"):
                    self.by_id[part[1:]] = f"{rule} ({where})"

    def add_script(self, js: str) -> None:
        for m in _JS_HIDE.finditer(js):
            self.script_hidden_ids.add(m.group(1) or m.group(2))

    def selector(self, limit: int = 400) -> str:
        """A CSS selector list matching every element these rules hide (capped)."""

        def q(v: str) -> str:
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'

        sels = [t for t in self.by_tag]
        sels += [f"[class~={q(c)}]" for c in self.by_class]
        sels += [f"[id={q(i)}]" for i in (set(self.by_id) | self.script_hidden_ids)]
        return ", ".join(sels[:limit])

    def match(self, tag: str, attrs: dict) -> str | None:
        """The rule that hides an element with this tag and attributes, or None."""
        if self.by_tag:
            r = self.by_tag.get(tag)
            if r:
                return r
        el_id = attrs.get("id")
        if el_id:
            if el_id in self.script_hidden_ids:
                return "script-hidden (js sets display:none)"
            r = self.by_id.get(el_id)
            if r:
                return r
        if self.by_class:
            cls = attrs.get("class")
            if cls:
                for c in cls.split():
                    r = self.by_class.get(c)
                    if r:
                        return r
        return None
