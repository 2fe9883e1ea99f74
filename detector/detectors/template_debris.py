"""Template debris (SEO701-SEO707): what a site shows when its rendering breaks or was never done.

Unrendered template tags (``{{ user.name }}``, ``{% if %}``, ``<%= x %>``), PHP source sent
to the browser unexecuted (``<?php ... ?>``), WordPress/page-builder shortcodes printed as text
(``[contact-form-7 id="12"]``, ``[vc_row]``), spintax (``{great|awesome|superb}``: the mark of a
spam-article generator whose output was published raw), placeholders (``%%title%%``,
``{KEYWORD}``, ``*|FNAME|*``), lorem ipsum, and default install content ("Hello world! Welcome
to WordPress", "Welcome to nginx!").

Context matters more here than anywhere: template documentation shows tags inside ``<code>``,
Angular/Vue/Alpine apps keep ``{{ }}`` in their HTML on purpose until the browser renders
them, and client-side templates live in ``<script type="text/template">`` (already removed
from ``page.text``). Every match records whether it is inside code, whether the page is a
client-side app, and how technical the page is (:mod:`detector.context`); quoted matches give
low severity and confidence.

All scanning for the seven detectors is done once per page (:func:`scan`) and shared.
"""

from __future__ import annotations

import math
import weakref
from itertools import islice

import ahocorasick_rs
from dataclasses import dataclass, field

from detector.context import TECHNICAL, grade, in_code, page_context, squash, finditer_in, trigger_windows, windows_around
from detector.detectors import Detector
from detector.findings import Finding, snippet
from detector.lexicons import char_offsets
from detector.patterns import rx

MAX_MATCHES = 500


def _windows(s: str, triggers, before: int = 300, after: int = 300, limit: int = 600) -> list[tuple[int, int]]:
    return trigger_windows(s, triggers, before, after, limit)


def _finditer(pat, s: str, wins, limit: int = MAX_MATCHES) -> list:
    return finditer_in(pat, s, wins, limit)


# ----------------------------------------------------------------------------- template tags
_TPL_EXPR = rx(
    "SEO701.expression",
    r"\{\{\{?+-?\s*+([#/^>!&]?+)\s*+([A-Za-z_$@][\w$.@\[\]'\"]{0,80}+)(?:(?:\s*+[|(.,:]|\s)[^{}\n]{0,160}+)?+"
    r"\s*+\}\}\}?+",
    worst_case="{{a ",
)
_TPL_STMT = rx(
    "SEO701.statement",
    r"\{%-?\s*+(if|for|endif|endfor|else|elif|elsif|block|endblock|extends|include|set|macro|endmacro|raw"
    r"|assign|capture|unless|endunless|case|when|comment|load|url|trans|blocktrans|csrf_token|static|with"
    r"|endwith|render|section|include_relative|highlight|paginate|form|schema|liquid|increment|cycle|tablerow)"
    r"\b[^%\n]{0,200}+%\}",
    worst_case="{% if ",
)
_TPL_ERB = rx(
    "SEO701.erb",
    r"<%[=#-]?+\s*+[A-Za-z_@$][^%\n]{0,200}+%>",
    worst_case="<%= a",
)
_TPL_DOLLAR = rx(
    "SEO701.dollar_brace",
    r"(?<![\w$])\$\{\s*+[A-Za-z_][\w.\[\]'\"()]{0,100}+\s*+\}|\{\$[A-Za-z_][\w.\[\]>|:-]{0,100}+\}"
    r"|\[%-?\s*+[A-Za-z_][^%\]\n]{0,100}+%\]",
    worst_case="${a",
)
_TPL_OTHER = rx(
    "SEO701.other_syntax",
    # Ruby/Pug/Slim interpolation #{x}, Blade raw output {!! $x !!}
    r"#\{\s*+[A-Za-z_@$][\w.@$\[\]'\"()]{0,80}+\s*+\}|\{!!\s*+[^!{}\n]{1,120}+!!\}",
    worst_case="#{a",
)
_TPL_TRIGGERS = ("{{", "{%", "<%", "${", "{$", "[%", "#{", "{!!")
# Engines that run on the server only: their tags in the text cannot be a client-side app's
# (#{} is also Prototype.js's and CoffeeScript's client-side syntax: not in this set)
_SERVER_ONLY = frozenset(("statement", "erb", "dollar", "blade"))
# Client-side frameworks render {{ }} in the browser: their markers in the raw HTML.
_CLIENT_APP = ("ng-app", "ng-controller", "data-ng-", "ng-version", "ng-bind", "ng-repeat", "v-if=", "v-for=",
               "v-bind", "v-model", "v-cloak", "v-on:", "v-show", "x-data", "x-text", "data-bind=", "@click=",
               ":class=", "ng-if", "[[", "x-template", "text/x-handlebars", "text/ng-template", "data-v-",
               "svelte-", "__NUXT__", "__NEXT_DATA__", "riot-", "ember-view", "knockout")

# ----------------------------------------------------------------------------- raw PHP
_PHP_OPEN = rx("SEO702.php_open", r"(?i)<\?(?:php\b|=)", worst_case="<?")
_PHP_CODE = rx(
    "SEO702.php_code",
    r"\$[A-Za-z_]\w{0,40}+|\b(?:echo|print|include|include_once|require|require_once|function|define|if|foreach"
    r"|return|isset|get_header|get_footer|the_content|wp_head|bloginfo)\b",
    worst_case="$a",
)
_PHP_SECRET = rx(
    "SEO702.php_secret",
    r"(?i)DB_PASSWORD|DB_USER|\$(?:db_?)?pass(?:word|wd)?\b|mysqli?_connect\s*+\(|new\s++PDO\s*+\(|\$dbpass"
    r"|api[_-]?key|secret[_-]?key|AUTH_KEY",
    worst_case="$pass",
)

# ----------------------------------------------------------------------------- shortcodes
_SHORTCODE = rx(
    "SEO703.shortcode",
    r"\[(/?+)([A-Za-z][\w-]{0,40}+)((?:\s++[\w-]{1,40}+\s*+=\s*+(?:\"[^\"\]\n]{0,200}+\"|'[^'\]\n]{0,200}+'"
    r"|\u201c[^\u201d\]\n]{0,200}+\u201d|\u201d[^\u201d\]\n]{0,200}+\u201d|\u2033[^\u2033\]\n]{0,200}+\u2033"
    r"|[^\s\]\"']{1,100}+))*+)\s*+/?+\]",
    worst_case="[a b=c ",
)
_BUILDER_PREFIX = ("vc_", "et_pb_", "fusion_", "su_", "av_", "cs_", "mk_", "tm_", "wpb_", "ux_", "wd_", "themify_",
                   "rev_slider", "contact-form", "woocommerce_", "tve_", "ultimate_", "bsf-", "elementor-",
                   "gravityform", "ninja_form", "wpforms", "layerslider", "fl_", "x_", "cmsmasters_", "dt_",
                   "trx_", "mpc_", "bt_", "porto_", "ts_", "nectar_", "thb_", "kc_", "tatsu_", "pt_")
_SHORTCODE_NAMES = frozenset((
    "gallery", "caption", "embed", "audio", "video", "playlist", "contact-form-7", "contact-form", "wpforms",
    "ninja_form", "gravityform", "rev_slider", "layerslider", "product", "products", "add_to_cart",
    "product_page", "recent_products", "featured_products", "one_half", "one_third", "one_fourth", "two_third",
    "one_half_last", "one_third_last", "three_fourth", "tabs", "tab", "toggle", "accordion", "divider", "spacer",
    "soundcloud", "youtube", "vimeo", "googlemap", "google_map", "pricing_table", "testimonial", "testimonials",
    "slider", "carousel", "button", "column", "row", "section", "fullwidth", "separator", "dropcap", "tooltip",
    "mailpoet_form", "mc4wp_form", "instagram-feed", "custom-facebook-feed", "wp_ulike", "ssba", "addtoany",
    "sociallocker", "popup_anything", "table", "wptb", "cmsmasters_row", "vc_row", "vc_column", "vc_column_text",
))
_BBCODE = frozenset(("b", "i", "u", "s", "bold", "italic", "underline", "strike", "url", "img", "quote", "code", "color", "size", "font", "center",
                     "list", "email", "spoiler", "youtube", "video", "left", "right", "align", "sup", "sub", "hr"))

# ----------------------------------------------------------------------------- spintax
_SPINTAX = rx(
    "SEO704.spintax",
    r"(?<![{\w$%#\\])\{([^{}|\n\\$%=;<>]{1,60}+)((?:\|[^{}|\n\\$%=;<>]{1,60}+){1,30}+)\}(?!\})",
    worst_case="{a|",
)
_WORDY = rx("SEO704.wordy", r"[^\W\d_]", worst_case="1")

# ----------------------------------------------------------------------------- placeholders
_PLACEHOLDER = rx(
    "SEO705.placeholder",
    r"%%[A-Za-z_][\w-]{1,40}+%%"  # Yoast/SEO plugins: %%title%% %%sitename%%
    r"|(?<![\w%])%[A-Z][A-Z0-9_]{2,30}+%(?![\w%])"  # %FIRSTNAME%
    r"|\*\|[A-Z][A-Z0-9_:]{1,30}+\|\*"  # Mailchimp merge tags *|FNAME|*
    r"|(?<![{\w$])\{[A-Z][A-Z0-9_]{2,30}+\}(?!\})"  # {KEYWORD} {CITY}
    # [[name]], [[first_name]], [[*pagetitle]], [[ footer.links ]]; not wiki links ([[Main Page]], [[Paris]])
    r"|\[\[\s*+(?:[*+!$~][A-Za-z_][\w.:-]{0,40}+|[A-Za-z_]\w{0,30}+(?:\.\w{1,30}+)++|[a-z][a-z0-9]{0,30}+(?:_[a-z0-9]{1,20}+)*+"
    r"|[A-Z][A-Z0-9]{1,30}+(?:_[A-Z0-9]{1,20}+)*+|[A-Za-z][A-Za-z0-9]{0,30}+(?:_[A-Za-z0-9]{1,20}+)++)\s*+\]\]"
    r"|\$\$[A-Z][A-Z0-9_]{1,30}+\$\$|@@[A-Z][A-Z0-9_]{1,30}+@@|##[A-Z][A-Z0-9_]{1,30}+##"  # $$PRICE$$
    r"|(?<![{\w$#])\{[a-z][a-z0-9]{1,20}+(?:_[a-z0-9]{1,20}+){1,4}+\}(?!\})"  # {tag_description}
    r"|(?<![\w$])\$(?:_(?:GET|POST|REQUEST|SERVER|SESSION|COOKIE)\[|row\[|this->|post->|result\[|data\[)"
    r"|__[A-Z][A-Z0-9_]{2,30}+(?<=[A-Z0-9]__)",  # __PLACEHOLDER__
    worst_case="%%a",
)
_PLACEHOLDER_TRIGGERS = ("%%", "%", "*|", "{", "[[", "$", "__")

# ----------------------------------------------------------------------------- lorem ipsum
_LOREM = rx(
    "SEO706.lorem",
    r"(?i)\blorem\s++ipsum\b|\bdolor\s++sit\s++amet\b|\bconsectetur\s++adipiscing\s++elit\b"
    r"|\bsed\s++do\s++eiusmod\s++tempor\b|\bincididunt\s++ut\s++labore\b",
    worst_case="lorem ",
)
_LOREM_WORD = rx(
    "SEO706.lorem_word",
    r"(?i)\b(?:lorem|ipsum|dolor|amet|consectetur|adipiscing|elit|eiusmod|tempor|incididunt|labore|dolore"
    r"|aliqua|veniam|nostrud|exercitation|ullamco|laboris|nisi|aliquip|commodo|consequat|reprehenderit"
    r"|voluptate|cillum|fugiat|nulla|pariatur|excepteur|occaecat|cupidatat|proident|culpa|officia|deserunt"
    r"|mollit|laborum|vestibulum|pellentesque|fringilla|maecenas|phasellus|curabitur|vivamus|aenean|mauris)\b",
    worst_case="lorem ",
)

# ----------------------------------------------------------------------------- default content
# (name, trigger, pattern, whole_page_only, base severity)
_DEFAULTS = [
    ("wordpress_first_post", "Welcome to WordPress", rx(
        "SEO707.wp_first_post",
        r"Welcome to WordPress\. This is your first post\.|This is your first post\. Edit or delete it",
        worst_case="Welcome to WordPress"), False, "medium"),
    ("wordpress_sample_page", "This is an example page", rx(
        "SEO707.wp_sample_page", r"This is an example page\. It.s different from a blog post",
        worst_case="This is an example page"), False, "low"),
    ("wordpress_commenter", "WordPress", rx(
        "SEO707.wp_commenter",
        r"A WordPress Commenter|Hi, this is a comment\.\s*+To get started with moderating",
        worst_case="A WordPress"), False, "low"),
    ("wordpress_tagline", "Just another WordPress", rx(
        "SEO707.wp_tagline", r"Just another WordPress (?:site|weblog|blog)", worst_case="Just another WordPress"),
     False, "low"),
    ("apache_default", "Apache", rx(
        "SEO707.apache",
        r"Apache2 (?:Ubuntu|Debian) Default Page|Test Page for the Apache HTTP Server"
        r"|This is the default welcome page used to test the correct operation of the Apache",
        worst_case="Apache2 Ubuntu"), True, "medium"),
    ("it_works", "It works!", rx("SEO707.it_works", r"\AIt works!", worst_case="It works"), True, "medium"),
    ("nginx_default", "nginx", rx(
        "SEO707.nginx",
        r"Welcome to nginx!|If you see this page, the nginx web server is successfully installed",
        worst_case="Welcome to nginx"), True, "medium"),
    ("iis_default", "IIS", rx(
        "SEO707.iis", r"\AIIS Windows Server\b|Internet Information Services\s*+\Z|\AIIS\d{0,2}+\s*+\Z",
        worst_case="IIS Windows"), True, "medium"),
    ("hosting_default", "efault", rx(
        "SEO707.hosting_default",
        r"Default Web Site Page|This is the default (?:index )?page for this (?:web ?site|domain|server)"
        r"|cPanel, Inc\. Default|Plesk default page|Web Server's Default Page",
        worst_case="Default Web Site"), True, "medium"),
]
WHOLE_PAGE_CHARS = 2500


# ----------------------------------------------------------------------------- shared scan
@dataclass(slots=True)
class Hit:
    kind: str  # expression | statement | erb | dollar | php | shortcode | bbcode | spintax | ...
    view: str  # text | title | html
    start: int
    end: int
    snip: str
    code: bool = False
    detail: dict = field(default_factory=dict)


@dataclass(slots=True)
class DebrisScan:
    tags: list = field(default_factory=list)
    php: list = field(default_factory=list)
    shortcodes: list = field(default_factory=list)
    spintax: list = field(default_factory=list)
    placeholders: list = field(default_factory=list)
    lorem: list = field(default_factory=list)
    lorem_share: float = 0.0
    defaults: list = field(default_factory=list)
    client_app: bool = False
    php_at_start: bool = False
    technical: float = 0.0
    ctx_evidence: dict = field(default_factory=dict)
    text_len: int = 1
    outside_total: int = 0  # distinct debris tokens outside code, all kinds
    debris_kinds: int = 0  # kinds of debris outside code (tags, php, shortcodes, spintax, placeholders)
    cue_page: bool = False  # the prose introduces some debris as an example


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

# Every multi-character trigger, found in one Aho-Corasick pass over the UTF-8 bytes of the
# text: about the cost of two or three str.find calls, however many triggers there are (a
# str.find per trigger costs about as much each). The pass is shared with the backdoor
# detectors (:func:`add_gate_triggers`), so a page pays for it once. Single characters
# ("{", "[", "%", "$") are looked up with str.find, which jumps between them at memchr speed.
_GATE_TRIGGERS: list[str] = list(dict.fromkeys(_TPL_TRIGGERS + (
    "%%", "*|", "[[", "__", "$$", "@@", "##", "<?", "orem", "OREM", "olor sit", "onsectetur", "iusmod",
    "WordPress", "This is an example page")))
_gate_state: dict = {}
_GATE_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
MAX_POSITIONS = 2000


def add_gate_triggers(triggers) -> None:
    """Let another detector module share the one pass (its triggers are reported too)."""
    new = [t for t in triggers if t and t not in _GATE_TRIGGERS]
    if new:
        _GATE_TRIGGERS.extend(new)
        _gate_state.clear()
        _GATE_CACHE.clear()


CHUNK = 16  # patterns per automaton: up to about 16, aho-corasick searches with a SIMD prefilter


def _gate():
    acs = _gate_state.get("acs")
    if acs is None:
        acs = []
        for i in range(0, len(_GATE_TRIGGERS), CHUNK):
            pats = [t.encode("utf-8") for t in _GATE_TRIGGERS[i:i + CHUNK]]
            acs.append((ahocorasick_rs.BytesAhoCorasick(pats, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst), i))
        _gate_state["acs"] = acs
    return acs


def _positions(s: str) -> dict[str, list[int]]:
    """Trigger -> character offsets of its occurrences in s (at most MAX_POSITIONS in all).

    Several small automata rather than one large one: each of up to 16 patterns runs behind a
    SIMD prefilter (a microsecond or two on a 13 KB record, against tens for one automaton of
    every trigger). Leftmost-first matching may hide a trigger that overlaps another one of
    the same automaton; the regexes run in windows wide enough to see it anyway.
    """
    b = s.encode("utf-8", "surrogatepass")
    out: dict[str, list[int]] = {}
    k = 0
    for ac, base in _gate():
        for idx, start, _end in ac.find_matches_as_indexes(b):
            out.setdefault(_GATE_TRIGGERS[base + idx], []).append(start)
            k += 1
            if k >= MAX_POSITIONS:
                break
    if not out:
        return out
    if len(b) != len(s):  # byte offsets -> character offsets: one incremental decode up to the last find
        to_char = char_offsets(b, (p for ps in out.values() for p in ps))
        out = {t: [to_char[p] for p in ps] for t, ps in out.items()}
    return out


def _str_positions(s: str, t: str, limit: int) -> list[int]:
    out = []
    i = s.find(t)
    while i >= 0 and len(out) < limit:
        out.append(i)
        i = s.find(t, i + len(t))
    return out


def text_triggers(page) -> dict[str, list[int]]:
    """Positions of every gate trigger in page.text (cached per page)."""
    got = _cached(page, "_seo_gate", _GATE_CACHE)
    if got is None:
        got = _positions(page.text) if page.text else {}
        _store(page, "_seo_gate", _GATE_CACHE, got)
    return got


def _cached(page, attr: str, fallback):
    """A per-page result: an attribute of the page (fast), else a weak-keyed dictionary."""
    got = page.__dict__.get(attr) if hasattr(page, "__dict__") else None
    if got is None:
        try:
            got = fallback.get(page)
        except TypeError:
            got = None
    return got


def _store(page, attr: str, fallback, value) -> None:
    try:
        setattr(page, attr, value)
    except AttributeError:
        try:
            fallback[page] = value
        except TypeError:
            pass


def _char_positions(s: str, ch: str, limit: int = 500) -> list[int]:
    out = []
    i = s.find(ch)
    while i >= 0 and len(out) < limit:
        out.append(i)
        i = s.find(ch, i + 1)
    return out


def scan(page) -> DebrisScan:
    """Find every kind of debris on the page (cached per page)."""
    cached = _cached(page, "_seo7_scan", _CACHE)
    if cached is not None:
        return cached
    text = page.text
    res = DebrisScan(text_len=max(1, len(text)))
    views = [("text", text)]
    if page.is_html and page.title:
        views.append(("title", page.title))
    text_pos: dict[str, list[int]] = {}
    for view, s in views:
        if not s:
            continue
        pos = text_triggers(page) if view == "text" else _positions(s)
        if view == "text":
            text_pos = pos
        brace = "{" in s
        if pos and _any(pos, _TPL_TRIGGERS):
            _scan_tags(page, res, view, s, pos)
        if brace and "|" in s:
            _scan_spintax(page, res, view, s)
        if "[" in s:
            _scan_shortcodes(page, res, view, s)
        _scan_placeholders(page, res, view, s, pos, brace)
    if "orem" in text_pos or "OREM" in text_pos or "olor sit" in text_pos:
        _scan_lorem(page, res, text, text_pos)
    _scan_defaults(page, res, text, text_pos)
    _scan_php(page, res, text_pos)
    _spread_markup(res.tags)
    _spread_markup(res.placeholders)
    _mark_chrome(res, text)
    # the page's context (a few regexes over its title, headings and URL) only matters for debris
    # outside code: what sits in code is quoted whatever the page is about
    if res.lorem or res.defaults or any(not h.code for hits in (res.tags, res.php, res.shortcodes, res.spintax,
                                                                res.placeholders) for h in hits):
        ctx = page_context(page)
        res.technical = ctx.score
        res.ctx_evidence = ctx.evidence()
        if res.tags and page.is_html:
            src = page.source
            res.client_app = any(m in src for m in _CLIENT_APP)
        # agreement across kinds: debris of several kinds outside code is one broken render
        kinds = set()
        for name, hits in (("tags", res.tags), ("php", res.php), ("shortcodes", [h for h in res.shortcodes if h.kind == "shortcode"]),
                           ("spintax", res.spintax), ("placeholders", res.placeholders)):
            outside = [h for h in hits if not h.code]
            if outside:
                kinds.add(name)
                res.outside_total += len({h.detail.get("token", h.snip) for h in outside})
        res.debris_kinds = len(kinds)
        # prose that introduces one of them as an example ("for example {{ x }}", "Use this
        # syntax:") makes the page one about template syntax: the rest is quoted too
        res.cue_page = any(h.detail.get("cue") for hits in (res.tags, res.php, res.shortcodes, res.spintax,
                                                            res.placeholders) for h in hits)
    _store(page, "_seo7_scan", _CACHE, res)
    return res


def _any(s, triggers) -> bool:
    for t in triggers:
        if t in s:
            return True
    return False


# A text record has no <pre> to say "this is an example": the prose around it does. A tag
# right after "for example" / "such as", or in the lines that follow "Example:" / "Use this
# syntax:" / "In the template, write:", is quoted, like a tag in a code block. A few words per
# language; the colon-ended lead-in line carries most of it.
_CUE_INLINE = rx(
    "SEO70x.cue_inline",
    r"(?i)(?:\bfor\s++(?:example|instance)|\be\.\s?+g\.|\bsuch\s++as|\blike\s++this|\bsyntax|\bz\.\s?+b\."
    r"|\bpar\s++exemple|\bpor\s++ejemplo|\bad\s++esempio|\bnapříklad|\bnaprzykład|\bнапример|例えば|比如|例如)"
    r"[\s:,\u3001\uff1a]{0,3}+[\"'`\u201c\u00ab]?+\Z",
    worst_case="for ",
)
# an instruction that starts a sentence right before the tag quotes it: "Use {{ first_name }} in
# the email body", "Write {name} where the name should appear"
_CUE_IMPERATIVE = rx(
    "SEO70x.cue_imperative",
    r"(?i)(?:\A|[.!?;:]\s)\s*+(?:use|write|type|enter|insert|add|put|paste|verwenden\s++sie|verwende|schreiben\s++sie"
    r"|schreibe|utilisez|écrivez|insérez|usa|utiliza|escribe|inserta|scrivi|inserisci|escreva|insira|gebruik"
    r"|schrijf|используйте|напишите|вставьте)\s++\Z",
    worst_case="use ",
)
_TAG_LIST_TAIL = rx(
    "SEO70x.tag_list_tail",
    r"(?:(?:\{\{[^{}\n]{1,60}+\}\}|\$?+\{[^{}\n]{1,40}+\}|\{%[^%\n]{1,60}+%\}|\[[^\[\]\n]{1,60}+\]|<%[^%\n]{1,60}+%>)"
    r"\s*+(?:,|\band\b|\bor\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b)?+\s*+){1,4}+\Z",
    worst_case="{{a}} and ",
)
_CUE_LINE = rx(
    "SEO70x.cue_line",
    r"(?i)(?:\b(?:examples?|syntax|write|written|use|usage|type|enter|template|templates|code|snippet|tags?"
    r"|shortcodes?|variables?|filters?|placeholders?|markup|braces|brackets|beispiel|exemple|ejemplo|esempio"
    r"|voorbeeld|przykład|пример)\b|例|示例|예)",
    worst_case="code ",
)
_CUE_NOUN = rx(
    "SEO70x.cue_noun",
    r"(?i)\b(?:templates?|placeholders?|variables?|syntax|shortcodes?|merge\s++(?:tags?|fields?)|template\s++tags?"
    r"|vorlagen?|platzhalter|variablen?|plantillas?|marcadores?|modèles?|gabarits?|variables?|шаблон\w{0,4}|переменн\w{0,4})\b"
    r"|テンプレート|プレースホルダ|模板|占位符|변수|템플릿",
    worst_case="template",
)
# a short heading over a list of examples names them ("Syntax", "Common merge tags"); the verbs
# of _CUE_LINE head forms and buttons as often ("Enter your email address", "Write a review")
_CUE_HEADING = rx(
    "SEO70x.cue_heading",
    r"(?i)(?:\b(?:examples?|syntax|usage|template|templates|code|snippet|tags?|shortcodes?|variables?|filters?"
    r"|placeholders?|markup|braces|brackets|beispiel|exemple|ejemplo|esempio|voorbeeld|przykład|пример)\b|例|示例|예)",
    worst_case="code ",
)
_PROSE_WORDS = 7  # a line with this many words and no brace or bracket ends a quoted block
_HEADING_WORDS = 4  # a line this short naming examples, tags or syntax is a heading over them
# a line that starts with a tag and explains it after a dash or colon, in words without braces
_GLOSSARY_LINE = rx(
    "SEO70x.glossary_line",
    r"(?m)[{*\[%$<#@][^\s]{1,80}+(?:[ \t][^\s]{1,40}+){0,6}?[ \t]++(?:[\u2014\u2013-]|:)[ \t]++[^\W\d_][^\n{}\[\]|%$<>]{3,200}+$",
    worst_case="{{a}} ",
)


def _glossary(s: str, start: int) -> bool:
    """Whether the line starting at s[start] documents a tag ("*|FNAME|* — first name") in a
    list of such lines: a reference list, not a page rendered wrong."""
    if not _GLOSSARY_LINE.match(s, start, min(len(s), start + 400)):
        return False
    prev_end = s.rfind("\n", 0, start)
    prev_start = s.rfind("\n", 0, max(prev_end, 0)) + 1 if prev_end > 0 else -1
    nxt = s.find("\n", start)
    for ls in (prev_start, nxt + 1 if nxt >= 0 else -1):
        if ls >= 0 and ls != start and _GLOSSARY_LINE.match(s, ls, min(len(s), ls + 400)):
            return True
    return False


_MENU_ITEM_WORDS = 3  # a menu item: a line of at most this many words, no sentence punctuation
_MENU_RUN = 3  # this many such lines in a row are a menu (navigation, a footer's link list)


def _menu_item(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line.split()) <= _MENU_ITEM_WORDS and not any(c in line for c in ".:;!?{}[]%<>$|")


def _in_menu(lines: list[str]) -> bool:
    """Whether the last non-empty line of ``lines`` ends a run of menu items."""
    run = 0
    for line in reversed(lines):
        if not line.strip():
            continue
        if not _menu_item(line):
            break
        run += 1
        if run >= _MENU_RUN:
            return True
    return False


def _cue_quoted(s: str, start: int) -> bool:
    """Whether the prose right before s[start] introduces it as an example."""
    lo = max(0, start - 400)
    before = s[lo:start]
    nl = before.rfind("\n")
    same = before[nl + 1:]
    # "Use {{ a }} and {{ b }} in the body": the tags listed before this one share its lead-in
    lead = _TAG_LIST_TAIL.sub("", same[-200:]) if same.rstrip()[-1:] in ("}", ",") or same.endswith(("and ", "or ")) else same
    if _CUE_INLINE.search(lead[-60:]) or _CUE_IMPERATIVE.search(lead[-60:].lstrip()):
        return True
    # the same sentence names what it shows ("in the template, use {{ title }}", "в шаблоне
    # используйте {{ title }}"): words about templates, not words a rendered page would use
    clause = same[-100:].rsplit(". ", 1)[-1]
    if _CUE_NOUN.search(clause):
        return True
    if nl < 0:
        return False
    if not same.strip() and _glossary(s, start):
        return True  # "{{contact.company}} — company": a reference list documents each tag
    lines = before[:nl].split("\n")
    for i in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
        line = lines[i].strip()
        if not line:
            continue
        if line.endswith((":", "\uff1a")) and _CUE_LINE.search(line[-160:]):
            return True
        if len(line.split()) <= _HEADING_WORDS and not any(c in line for c in "{}[]%<>$|") and _CUE_HEADING.search(line):
            # a heading over the list: "Common merge tags", "Example", "Syntax"; not the last
            # item of a menu ("Home / Archive / Tags") or a copyright line, which head nothing
            return not (_in_menu(lines[:i + 1]) or _COPYRIGHT.search(line))
        if len(line.split()) >= _PROSE_WORDS and not any(c in line for c in "{}[]%<>$"):
            return False
    return False


_MARKUP = rx("SEO70x.markup", r"<[A-Za-z][\w-]{0,20}+[\s>/]|</[A-Za-z][\w-]{0,20}+>|=\s*+[\"']\Z", worst_case="<a ")


def _in_markup(s: str, start: int, end: int) -> bool:
    """Whether the line around s[start:end] is raw HTML shown as text."""
    lo = s.rfind("\n", max(0, start - 300), start) + 1
    hi = s.find("\n", end, end + 300)
    hi = hi if hi >= 0 else min(len(s), end + 300)
    before, after = s[max(lo, start - 300):start], s[end:hi]
    if before[-1:] in ("\"", "'") and after[:1] == before[-1:] and _MARKUP.search(before[-40:]):
        return True  # an attribute value: <img src="{{x}}">
    return bool(_MARKUP.search(before) and (_MARKUP.search(after) or "<" in before[-200:] and ">" in after))


def _spread_markup(hits: list[Hit], reach: int = 600) -> None:
    """Tags next to ones that sit in raw markup belong to the same stored template."""
    marked = [h.start for h in hits if h.detail.get("markup")]
    if not marked or len(marked) == len(hits):
        return
    for h in hits:
        if not h.code and h.view == "text" and any(abs(h.start - p) <= reach for p in marked):
            h.code = True
            h.detail["markup"] = True


def _hit(page, kind: str, view: str, s: str, m, detail: dict | None = None) -> Hit:
    code = view == "text" and in_code(page, m.start(), m.end())
    detail = dict(detail or {})
    detail.setdefault("token", m.group(0)[:80])
    if not code and view == "text":
        if _cue_quoted(s, m.start()):
            code = True
            detail["cue"] = True
        elif kind != "php" and _in_markup(s, m.start(), m.end()):
            # the text shows raw markup around it (<img src="#{src}">): a client-side template
            # stored in the page (<noembed>, <textarea>, <xmp>), not a page rendered wrong
            code = True
            detail["markup"] = True
    return Hit(kind, view, m.start(), m.end(), snippet(s, m.start(), m.end()), code, detail)


def _scan_tags(page, res: DebrisScan, view: str, s: str, pos: dict) -> None:
    n = len(s)
    # the expression regex runs in the windows of every tag trigger (triggers overlap: "${{ x }}")
    near = [p for t in _TPL_TRIGGERS for p in pos.get(t, ())]
    for trig, pat, kind in (("{{", _TPL_EXPR, "expression"), ("{%", _TPL_STMT, "statement"),
                            ("<%", _TPL_ERB, "erb")):
        if trig in pos or (trig == "{{" and near):
            for m in _finditer(pat, s, windows_around(near if trig == "{{" else pos[trig], 2, 260, n)):
                res.tags.append(_hit(page, kind, view, s, m))
    dollar = [p for t in ("${", "{$", "[%") for p in pos.get(t, ())]
    if dollar:
        for m in _finditer(_TPL_DOLLAR, s, windows_around(dollar, 2, 120, n)):
            res.tags.append(_hit(page, "dollar", view, s, m))
    other = [p for t in ("#{", "{!!") for p in pos.get(t, ())]
    if other:
        for m in _finditer(_TPL_OTHER, s, windows_around(other, 2, 130, n)):
            res.tags.append(_hit(page, "blade" if m.group(0)[:1] == "{" else "interpolation", view, s, m))


def _scan_spintax(page, res: DebrisScan, view: str, s: str) -> None:
    for m in _finditer(_SPINTAX, s, windows_around(_char_positions(s, "{", 600), 2, 800, len(s))):
        opts = [m.group(1)] + m.group(2)[1:].split("|")
        opts = [o.strip() for o in opts]
        if len(set(o.lower() for o in opts)) < 2 or any(not o or len(o.split()) > 8 for o in opts):
            continue
        # natural-language options: letters in each, and at least one real word (not {a|b}, {EUR|USD})
        if not all(len(_WORDY.findall(o)) >= 2 for o in opts) or max(len(_WORDY.findall(o)) for o in opts) < 4:
            continue
        res.spintax.append(_hit(page, "spintax", view, s, m, {"options": len(opts)}))


def _scan_shortcodes(page, res: DebrisScan, view: str, s: str) -> None:
    # a shortcode opens with "[" and a letter or "/": only there is the regex tried
    starts = [m.start() for m in islice(_SC_START.finditer(s), 3000)]
    if not starts:
        return
    ms = _finditer(_SHORTCODE, s, windows_around(starts, 0, 420, len(s)), limit=3000)
    if not ms:
        return
    opened = {m.group(2).lower() for m in ms if not m.group(1)}
    for m in ms:
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3).strip()
        if name in _BBCODE:
            if closing and name in opened or attrs or name in ("url", "img", "quote", "spoiler"):
                res.shortcodes.append(_hit(page, "bbcode", view, s, m, {"name": name}))
            continue
        builder = name.startswith(_BUILDER_PREFIX) or name in _SHORTCODE_NAMES
        if builder or attrs or (closing and name in opened):
            res.shortcodes.append(_hit(page, "shortcode", view, s, m, {"name": name, "builder": builder}))


_SC_START = rx("SEO703.start", r"\[[A-Za-z/]", worst_case="[a")
_PH_BRACE = rx("SEO705.brace", r"\{[^\W\d_]", worst_case="{a")
_PH_PCT = rx("SEO705.percent", r"%[A-Z]", worst_case="%A")
_PH_DOLLAR = rx("SEO705.dollar", r"\$[_rtpdR]", worst_case="$r")


def _scan_placeholders(page, res: DebrisScan, view: str, s: str, pos: dict, brace: bool) -> None:
    n = len(s)
    cand = [p for t in ("%%", "*|", "[[", "__", "$$", "@@", "##") for p in pos.get(t, ())]
    # "{", "%" and "$" are frequent: only look where they are followed by the placeholder shapes
    # (patterns that start with a literal character run at C speed between its occurrences)
    for ch, pat in (("{", _PH_BRACE), ("%", _PH_PCT), ("$", _PH_DOLLAR)):
        if (brace if ch == "{" else ch in s):  # memchr first: the regex's own scan is slower
            cand.extend(m.start() for m in islice(pat.finditer(s), 300))
    if not cand:
        return
    for m in _finditer(_PLACEHOLDER, s, windows_around(cand, 2, 60, n)):
        hit = _hit(page, "placeholder", view, s, m, {"token": m.group(0)[:60]})
        if not hit.code and view == "text" and m.group(0)[:1] == "$" and _on_code_line(s, m.start()):
            # $_POST[...] in a line of PHP (a Q&A quoting its code: "$name = $_POST['name'];"),
            # not a variable a page printed instead of its value
            hit.code = True
            hit.detail["code_line"] = True
        res.placeholders.append(hit)
    # a page that shows lines of PHP talks about that code in its prose too
    dollars = [h for h in res.placeholders if h.view == view and h.detail["token"][:1] == "$"]
    if any(h.detail.get("code_line") for h in dollars):
        for h in dollars:
            if not h.code:
                h.code = True
                h.detail["beside_code"] = True


# a line of source code: an assignment to a variable, or a statement's end
_CODE_SHAPE = rx("SEO705.code_shape", r"\A[ \t]*+\$[A-Za-z_]\w{0,40}+[ \t]*+(?:\[[^\]\n]{0,80}+\][ \t]*+)?+[.+-]?=(?!=)|[;{}][ \t]*+\Z",
                 worst_case="$a")


def _on_code_line(s: str, pos: int) -> bool:
    start = s.rfind("\n", max(0, pos - 400), pos) + 1
    end = s.find("\n", pos, pos + 400)
    line = s[start:end if end >= 0 else min(len(s), pos + 400)]
    return _CODE_SHAPE.search(line) is not None


def _scan_lorem(page, res: DebrisScan, text: str, pos: dict) -> None:
    at = [p for t in ("orem", "OREM", "olor sit", "onsectetur", "iusmod") for p in pos.get(t, ())]
    ms = _finditer(_LOREM, text, windows_around(at, 8, 60, len(text)))
    if not ms:
        return
    for m in ms:
        res.lorem.append(_hit(page, "lorem", "text", text, m))
    words = _finditer(_LOREM_WORD, text, [(0, len(text))], limit=20000)
    res.lorem_share = min(1.0, sum(len(w.group(0)) + 1 for w in words) * 1.3 / res.text_len)


def _scan_defaults(page, res: DebrisScan, text: str, pos: dict) -> None:
    short = len(text) <= 2 * WHOLE_PAGE_CHARS and len(text.strip()) <= WHOLE_PAGE_CHARS
    title = page.title if page.is_html else ""
    wordpress = "WordPress" in pos or "This is an example page" in pos or (bool(title) and "WordPress" in title)
    if not short and not wordpress:
        return
    stripped = text.strip() if short else ""
    wp_wins = [(0, len(text))] if short else windows_around(
        pos.get("WordPress", [])[:50] + pos.get("This is an example page", [])[:10], 400, 400, len(text))
    for name, trig, pat, whole, base in _DEFAULTS:
        if whole and not short:
            continue
        if not whole and not wordpress:
            continue
        for view, s in (("text", stripped if whole else text), ("title", title)):
            if not s or (view == "title" or whole) and trig not in s:
                continue
            if view == "text" and not whole:
                m = next((x for lo, hi in wp_wins for x in [pat.search(s, lo, hi)] if x), None)
            else:
                m = pat.search(s)
            if m:
                code = view == "text" and in_code(page, m.start(), m.end())
                res.defaults.append(Hit("default", view, m.start(), m.end(), snippet(s, m.start(), m.end()), code,
                                        {"name": name, "base": base, "whole_page": whole}))
                break


def _scan_php(page, res: DebrisScan, text_pos: dict) -> None:
    """PHP source in the output: the server sent code instead of running it."""
    view, s = ("html", page.source) if page.is_html else ("text", page.text)
    if page.is_html:
        # find "<?" through "?" (rare in HTML) rather than "<" (everywhere)
        starts = []
        i = s.find("?")
        n = 0
        while i > 0 and n < 5000 and len(starts) < 200:
            if s[i - 1] == "<":
                starts.append((i - 1, min(len(s), i + 8)))
            i = s.find("?", i + 1)
            n += 1
    else:
        starts = [(p, min(len(s), p + 8)) for p in text_pos.get("<?", ())[:200]]
    if not starts:
        return
    scripts = [sc.body for sc in page.scripts if sc.body and "<?" in sc.body] if page.is_html else []
    res.php_at_start = s[:4096].lstrip()[:5].lower() == "<?php"
    for m in _finditer(_PHP_OPEN, s, starts, limit=200):
        body = s[m.end(): m.end() + 600]
        close = body.find("?>")
        if close >= 0:
            body = body[:close]
        in_script = any(body[:60] in sc for sc in scripts) if scripts else False
        code_words = len(_PHP_CODE.findall(body))
        secret = bool(_PHP_SECRET.search(body))
        code = in_script or (view == "text" and in_code(page, m.start(), m.end()))
        res.php.append(Hit("php", view, m.start(), m.end() + len(body),
                           snippet(s, m.start(), m.end() + min(len(body), 200), pad=0), code,
                           {"code_words": code_words, "secret": secret, "in_script": in_script}))


# ----------------------------------------------------------------------------- page chrome
# A page about templates quotes its examples in the article. Debris in the page's chrome - after
# its menu and before the first sentence, or on and after its copyright line - was printed by the
# site's own header or footer template, whatever the article is about.
_COPYRIGHT = rx(
    "SEO70x.copyright",
    r"(?i)©|&copy;|\bcopyright\b|\ball rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados"
    r"|wszelkie prawa zastrzeżone|все права защищены|版权所有|著作権|無断転載|무단\s*전재",
    worst_case="all rights ",
)
_HEADER_LINES = 200


def _prose(line: str) -> bool:
    """A sentence of the article: enough words (or a long run of CJK), no template characters."""
    if any(c in line for c in "{}[]<>%$|"):
        return False
    return len(line.split()) >= _PROSE_WORDS or (len(line) >= 30 and " " not in line[:30])


def _chrome_bounds(s: str) -> tuple[int, int, int]:
    """(head_start, head_end, foot_start): the page header's span and the footer's start.

    The header is what follows the first menu (three short lines in a row) up to the first
    sentence; a text window starting inside an article's code example has none. The footer
    starts at the last copyright line when no sentence follows it.
    """
    head_start = head_end = 0
    run, menu, pos = 0, False, 0
    for i, line in enumerate(s.split("\n", _HEADER_LINES)):  # the header is in the first lines
        if i >= _HEADER_LINES:
            break
        st = line.strip()
        if st:
            if _prose(st):
                head_end = pos if menu else 0
                break
            run = run + 1 if _menu_item(st) else 0
            if run >= _MENU_RUN and not menu:
                menu = True
            if menu and not head_start and run == 0:
                head_start = pos  # the first line after the menu
        pos += len(line) + 1
    foot_start = len(s) + 1
    last = None
    for m in islice(_COPYRIGHT.finditer(s), 200):
        last = m
    if last is not None:
        start = s.rfind("\n", 0, last.start()) + 1
        end = s.find("\n", last.end())
        # the footer: no sentence of the article comes after it
        if end < 0 or not any(_prose(line.strip()) for line in s[end:].split("\n")):
            foot_start = start
    return head_start, head_end, foot_start


_DEBRIS_SPAN = rx("SEO70x.debris_span", r"[{\[<%$*#][^\n]{0,200}?[}\]>%|]++", worst_case="{a ")


def _bare_line(s: str, start: int) -> bool:
    """Whether the line around s[start] is debris alone (at most a few words beside it): a
    heading of template docs ("Loops with {% for %} in Jinja") is a sentence, not debris."""
    lo = s.rfind("\n", 0, start) + 1
    hi = s.find("\n", start)
    line = s[lo:hi if hi >= 0 else len(s)]
    return len(_DEBRIS_SPAN.sub(" ", line[:600]).split()) <= _MENU_ITEM_WORDS


def _mark_chrome(res: "DebrisScan", text: str) -> None:
    """Mark text debris in the page chrome (not in code, not introduced as an example)."""
    hits = [h for group in (res.tags, res.php, res.shortcodes, res.spintax, res.placeholders) for h in group
            if h.view == "text" and not h.code]
    if not hits:
        return
    head_start, head_end, foot_start = _chrome_bounds(text)
    for h in hits:
        if head_start <= h.start < head_end and _bare_line(text, h.start) or h.start >= foot_start:
            h.detail["chrome"] = True


# ----------------------------------------------------------------------------- findings
def _counted(outside: list, res: "DebrisScan", *, cue: bool = True) -> list:
    """The debris that may be a leak: outside code, on a page that is not about templates or
    programming and does not introduce its examples, or in the page chrome whatever the page is
    about. Quoted debris (a shortcode reference, a spintax tutorial, a mail-merge guide) is
    counted by ``outside_code``/``code_frac`` and the page's technical score only: ten
    documented placeholders are no more a leak than one."""
    if res.technical < TECHNICAL and not (cue and res.cue_page):
        return outside
    return [h for h in outside if h.detail.get("chrome")]


def _shown_as_leak(outside: list, res: "DebrisScan") -> float:
    """1 when debris sits outside code on a page that is not about templates or programming,
    or in the page chrome."""
    return 1.0 if _counted(outside, res) else 0.0


def _ctx(res: DebrisScan, hits: list[Hit]) -> tuple[bool, bool]:
    """(code, quoted) for a group: code when every hit is in code; quoted on technical pages/apps
    unless some of it sits in the page chrome."""
    outside = [h for h in hits if not h.code]
    code = not outside
    chrome = any(h.detail.get("chrome") for h in outside)
    quoted = code or (res.technical >= TECHNICAL or res.cue_page) and not chrome
    return code, quoted


def _ev(res: DebrisScan, best: Hit, count: int, **more) -> dict:
    ev: dict = {"snippet": best.snip, "where": best.view, "count": count}
    if best.view == "text":
        ev["offset"] = best.start
    if best.code:
        ev["in_code"] = True
    if res.technical > 0:
        ev["context"] = res.ctx_evidence
    ev.update(more)
    return ev


def _context_words(code: bool, quoted: bool, app: bool = False) -> str:
    if code:
        return " (shown inside a code block: probably quoted)"
    if app:
        return " (the page is a client-side app that renders {{ }} in the browser)"
    if quoted:
        return " (the page is about programming or templates: possibly quoted)"
    return ""


def _density(n: int, res: DebrisScan) -> float:
    return min(1.0, n * 1000.0 / res.text_len)


def _structured(h: Hit) -> bool:
    """A tag that names a variable path, a filter or a call, or a server-only engine's tag."""
    t = h.detail.get("token", "")
    return h.kind in ("statement", "erb", "blade") or "." in t or "|" in t or "(" in t or t[:3] in ("{{#", "{{/")


def _best(hits: list[Hit]) -> Hit:
    return min(hits, key=lambda h: (h.code, h.view != "title", h.start))


class TemplateTags(Detector):
    """Unrendered template tags: ``{{ user.name }}``, ``{% if %}``, ``{{#each}}``, ``<%= x %>``, ``${x}``.

    Jinja, Django, Twig, Liquid, Handlebars, Mustache, ERB/ASP/JSP, Smarty and Template
    Toolkit tags left in the page text or title: the server's template engine did not run,
    or a broken plugin printed its template. Variable names leak, and a page whose title is
    ``{{ page.title }}`` is plainly broken.

    Not counted as leaks: tags inside ``<code>``/``<pre>`` (template documentation), pages of
    client-side apps that render ``{{ }}`` in the browser (Angular ``ng-app``, Vue ``v-``,
    Alpine ``x-data``, Knockout...), and pages about templates; these give low-severity
    findings and are kept apart in the features.

    Features: ``tags_log1p``, ``tag_density`` (tags outside code per 1000 characters),
    ``kinds_log1p``, ``outside_code``, ``code_frac``, ``in_title``, ``client_app``, ``leak``
    (outside code, no client app, non-technical page), ``technical`` (page score 0..1),
    ``server_only`` (tags of engines that only run on the server: ``{% %}``, ``<%= %>``,
    ``[% %]``, ``${}``, ``#{}``, ``{!! !!}``: no client-side app excuses them), ``structured``
    (a variable path, filter or call: ``{{ product.title }}``, ``{{ price | money }}``),
    ``other_debris`` (other kinds of debris outside code on the page: shortcodes, placeholders,
    spintax, raw PHP), ``cue_frac`` (share of tags the prose introduces as an example: "for
    example {{ x }}", a line "Use this syntax:" before them; a text record has no ``<pre>``).

    A lone ``{{ }}`` tag in a text record is weaker than in HTML: a text record cannot show
    whether the page was a client-side app.
    """

    id = "SEO701"
    name = "template-tags"
    kind = "template_debris"
    features = ("tags_log1p", "tag_density", "kinds_log1p", "outside_code", "code_frac", "in_title",
                "client_app", "leak", "technical", "server_only", "structured", "other_debris", "cue_frac")
    html_only = frozenset({"code_frac", "in_title", "client_app"})

    def detect(self, page):
        res = scan(page)
        hits = res.tags
        feats: dict[str, float] = {"technical": res.technical}
        if not hits:
            return [], feats
        outside = [h for h in hits if not h.code]
        code, quoted = _ctx(res, hits)
        server_only = any(h.kind in _SERVER_ONLY for h in outside)
        # a client-side app renders {{ }} in the browser, never {% %}, <%= %>, [% %] or ${ }
        app = res.client_app and not server_only
        others = res.debris_kinds - (1 if outside else 0)  # other kinds of debris outside code agree
        structured = any(_structured(h) for h in outside)
        feats.update({
            "server_only": 1.0 if server_only else 0.0,
            "structured": 1.0 if structured else 0.0,
            "other_debris": min(1.0, others / 3.0),
            "cue_frac": sum(1 for h in hits if h.detail.get("cue")) / len(hits),
            # tags shown on purpose (code, introduced, documented) are counted by code_frac only
            "tags_log1p": math.log1p(len(_counted(outside, res))),
            "tag_density": _density(len(outside), res),
            "kinds_log1p": math.log1p(len({h.kind for h in outside})),
            "outside_code": _shown_as_leak(outside, res),
            "code_frac": 1.0 - len(outside) / len(hits),
            "in_title": 1.0 if any(h.view == "title" for h in hits) else 0.0,
            "client_app": 1.0 if app else 0.0,
            "leak": 1.0 if not app and _counted(outside, res, cue=False) else 0.0,
        })
        best = _best(hits)
        title = any(h.view == "title" for h in outside)
        distinct = {h.detail["token"] for h in outside}
        strong = len(distinct) >= 2 or title or any(h.kind == "statement" for h in outside) or (
            len(distinct) == 1 and others >= 1)
        sev, conf = grade(strong=strong, quoted=quoted or app, code=code, view="text",
                          base="high" if (title or strong) else "medium")
        if not (quoted or app or code):
            if strong and not page.is_html and not (server_only or title or others):
                # a text record cannot show whether {{ }} belong to a client-side app's markup
                sev, conf = "high", "medium"
            elif not strong:
                sev, conf = ("high", "medium") if structured and page.is_html else (
                    "medium", "medium" if structured else "low")
        if app and not title:
            sev, conf = "low", "low"
        kinds = sorted({h.kind for h in hits})
        msg = (f"{len(hits)} unrendered template tag{'s' if len(hits) > 1 else ''} ({', '.join(kinds)}) "
               f"{'in the title and text' if title else 'in the page'}, e.g. '{squash(best.detail['token'])[:60]}'"
               f"{_context_words(code, quoted, app)}")
        return [Finding(self.id, self.kind, sev, conf, msg,
                        _ev(res, best, len(hits), kinds=kinds, client_app=app))], feats


class RawPhp(Detector):
    """PHP source code in the page: ``<?php ... ?>`` or ``<?=`` sent to the browser unexecuted.

    When the web server stops handing ``.php`` files to PHP (a broken upgrade, a bad
    ``.htaccess``, a misnamed file) it serves their source: browsers hide ``<?php ... ?>`` as a
    bogus comment, but crawlers and attackers read it, with database passwords when the file
    is a config. Searched in the raw HTML (outside scripts) and in text records.

    Quoted code (inside ``<code>`` in a text view, inside a script string) or a page about
    programming gives a low-severity finding. A whole file served as source (the document
    starts with ``<?php``, or many lines of code, or credentials) is severe; a fragment inside a
    rendered page (a text widget, an ad tag) is debris of medium severity.

    Features: ``blocks_log1p``, ``code_words_log1p`` (PHP tokens outside code), ``secret``
    (DB_PASSWORD, mysqli_connect...), ``outside_code``, ``at_start``, ``leak``.
    """

    id = "SEO702"
    name = "raw-php"
    kind = "template_debris"
    features = ("blocks_log1p", "code_words_log1p", "secret", "outside_code", "at_start", "leak")

    def detect(self, page):
        res = scan(page)
        hits = res.php
        feats: dict[str, float] = {}
        if not hits:
            return [], feats
        outside = [h for h in hits if not h.code]
        code, quoted = _ctx(res, hits)
        words = sum(h.detail["code_words"] for h in outside)
        secret = any(h.detail["secret"] for h in outside)
        feats.update({
            "blocks_log1p": math.log1p(len(_counted(outside, res, cue=False))),
            "code_words_log1p": math.log1p(words),
            "secret": 1.0 if secret else 0.0,
            "outside_code": _shown_as_leak(outside, res),
            "at_start": 1.0 if res.php_at_start and outside else 0.0,
            "leak": 1.0 if words and _counted(outside, res, cue=False) else 0.0,
        })
        best = max(outside or hits, key=lambda h: (h.detail["secret"], h.detail["code_words"]))
        # a whole file served as source (it starts with <?php, or is mostly code) is a leak;
        # a fragment inside a rendered page (a text widget, an ad tag) is debris
        served = res.php_at_start or words >= 15 or secret
        strong = words >= 2
        sev, conf = grade(strong=strong, quoted=quoted, code=code, view="text",
                          base="critical" if secret else "high" if served else "medium")
        if not words and not code:
            conf = "low"
        what = ("block" if len(hits) == 1 else "blocks") if served else (
            "fragment" if len(hits) == 1 else "fragments")
        msg = (f"{len(hits)} {what} of unexecuted PHP "
               f"{'served ' if served else ''}{'in the HTML' if best.view == 'html' else 'in the text'}"
               f"{' (the document starts with <?php)' if res.php_at_start else ''}"
               f"{' including what looks like credentials' if secret else ''}{_context_words(code, quoted)}")
        ev = _ev(res, best, len(hits), secret=secret)
        return [Finding(self.id, self.kind, sev, conf, msg, ev)], feats


class Shortcodes(Detector):
    """Unprocessed shortcodes and BBCode: ``[contact-form-7 id="12"]``, ``[vc_row]``, ``[/et_pb_section]``.

    WordPress and page builders (Visual Composer, Divi, Avada/Fusion, Shortcodes Ultimate...)
    replace these with HTML; printed as text they mean a plugin was removed or broken, and
    they are common in content scraped and republished by spam sites. BBCode (``[url=...]``,
    ``[b]...[/b]``) printed raw is counted apart. Shortcodes in code blocks or on pages about
    them are recorded as quoted.

    Features (counts and density of shortcodes that may be a leak, :func:`_counted`):
    ``shortcodes_log1p``, ``builder_log1p`` (page-builder names: vc_, et_pb_...),
    ``bbcode_log1p``, ``density``, ``outside_code``, ``code_frac``, ``names_log1p`` (distinct
    shortcode names), ``with_attrs`` (``key="value"`` attributes), ``other_debris`` (other kinds
    of debris outside code agree).
    """

    id = "SEO703"
    name = "shortcodes"
    kind = "template_debris"
    features = ("shortcodes_log1p", "builder_log1p", "bbcode_log1p", "density", "outside_code", "code_frac",
                "names_log1p", "with_attrs", "other_debris")
    html_only = frozenset({"code_frac"})

    def detect(self, page):
        res = scan(page)
        hits = res.shortcodes
        feats: dict[str, float] = {}
        if not hits:
            return [], feats
        outside = [h for h in hits if not h.code]
        sc = [h for h in outside if h.kind == "shortcode"]
        bb = [h for h in outside if h.kind == "bbcode"]
        builder = [h for h in sc if h.detail.get("builder")]
        counted = _counted(outside, res)
        c_sc = [h for h in counted if h.kind == "shortcode"]
        feats.update({
            "shortcodes_log1p": math.log1p(len(c_sc)),
            "builder_log1p": math.log1p(sum(1 for h in c_sc if h.detail.get("builder"))),
            "bbcode_log1p": math.log1p(sum(1 for h in counted if h.kind == "bbcode")),
            "density": _density(len(counted), res),
            "outside_code": _shown_as_leak(outside, res),
            "code_frac": 1.0 - len(outside) / len(hits),
            "names_log1p": math.log1p(len({h.detail.get("name") for h in c_sc})),
            "with_attrs": 1.0 if any("=" in h.detail.get("token", "") for h in c_sc) else 0.0,
            "other_debris": min(1.0, (res.debris_kinds - (1 if sc else 0)) / 3.0) if counted else 0.0,
        })
        code, quoted = _ctx(res, hits)
        main = sc or bb or hits
        best = _best(main)
        names = sorted({h.detail.get("name", "") for h in main})[:8]
        strong = len(builder) >= 1 or len(sc) >= 3
        # several shortcodes (or a page builder's, with attributes, next to others) printed as text:
        # a plugin stopped rendering the page's content
        sc_names = {h.detail.get("name") for h in sc}
        with_attrs = any("=" in h.detail.get("token", "") for h in sc)
        very = len(sc) >= 3 or (len(sc_names) >= 2 and (bool(builder) or with_attrs)) or (
            strong and res.debris_kinds >= 2)
        sev, conf = grade(strong=strong, quoted=quoted, code=code, view="text", base="high" if very else "medium")
        if not sc and bb:
            sev, conf = "low", ("medium" if len(bb) >= 3 and not quoted else "low")
        what = "shortcode" if sc else "BBCode tag"
        msg = (f"{len(main)} unprocessed {what}{'s' if len(main) > 1 else ''} printed as text "
               f"({', '.join(names)}){_context_words(code, quoted)}")
        return [Finding(self.id, self.kind, sev, conf, msg, _ev(res, best, len(main), names=names))], feats


# A programming page quotes template syntax, not word spintax: only a page about spinning
# (a spintax parser, an article rewriter) has reason to show "{great|awesome|superb}".
_SPIN_TALK = rx(
    "SEO704.spin_talk",
    r"(?i)\bspin(?:tax|ner|ners|ning)\b|\bspun\b|\bspin syntax|\bsynonym|\bre-?writ|\bparaphras|синоним|рерайт",
    worst_case="spi ",
)


def _spintax_counted(outside: list, res: "DebrisScan", page) -> list:
    """Spintax that may be a leak: :func:`_counted`, and on a programming page that does not
    talk about spinning, word spintax outside code (unless the prose introduces it)."""
    counted = _counted(outside, res)
    if not counted and outside and not res.cue_page and not _SPIN_TALK.search(page.text[:300_000]):
        return outside
    return counted


class Spintax(Detector):
    """Spintax left in the text: ``{great|awesome|superb}``, the raw input of article spinners.

    Spam generators write ``{Buy|Order|Get} cheap {watches|replicas}`` and expand one variant per
    page; when the expansion fails the braces are published. Several groups, or groups with three
    or more word options, are a strong sign that the page (or part of it) was made by a spam tool.
    Braces in code blocks (regex, shell, templates), and word spintax on pages about spinning
    (a spintax parser tutorial), are quoted; a programming page about anything else has no
    reason to show word spintax.

    Features: ``groups_log1p``, ``options_mean``, ``density``, ``outside_code``, ``strong``
    (counts and density count only groups that may be a leak, see :func:`_spintax_counted`).
    """

    id = "SEO704"
    name = "spintax"
    kind = "template_debris"
    features = ("groups_log1p", "options_mean", "density", "outside_code", "strong")

    def detect(self, page):
        res = scan(page)
        hits = res.spintax
        feats: dict[str, float] = {}
        if not hits:
            return [], feats
        outside = [h for h in hits if not h.code]
        many = [h for h in outside if h.detail["options"] >= 3]
        strong = len(outside) >= 3 or (len(outside) >= 2 and bool(many))
        counted = _spintax_counted(outside, res, page)
        feats.update({
            "groups_log1p": math.log1p(len(counted)),
            "options_mean": (sum(h.detail["options"] for h in counted) / len(counted)) if counted else 0.0,
            "density": _density(len(counted), res),
            "outside_code": 1.0 if counted else 0.0,
            "strong": 1.0 if strong and counted else 0.0,
        })
        code, quoted = _ctx(res, hits)
        quoted = quoted and not counted
        best = max(outside or hits, key=lambda h: h.detail["options"])
        sev, conf = grade(strong=strong, quoted=quoted, code=code, view="text",
                          base="high" if strong else "medium")
        if not strong and not code and not quoted:
            conf = "medium" if many else "low"
        msg = (f"{len(hits)} spintax group{'s' if len(hits) > 1 else ''} left in the text, e.g. "
               f"'{squash(best.detail['token'])[:80]}'{_context_words(code, quoted)}")
        return [Finding(self.id, self.kind, sev, conf, msg, _ev(res, best, len(hits)))], feats


class Placeholders(Detector):
    """Unfilled placeholders: ``%%title%%``, ``%FIRSTNAME%``, ``{KEYWORD}``, ``*|FNAME|*``, ``$row[...]``.

    SEO plugins (``%%sitename%%``), mail-merge and spam-page generators (``{KEYWORD}``,
    ``{CITY}``) substitute these at render time; left as text, especially in the title, they
    show a broken or machine-made page. Placeholders in code blocks or on programming pages
    are recorded as quoted.

    Features: ``placeholders_log1p``, ``distinct_log1p``, ``in_title``, ``outside_code``,
    ``density``, ``other_debris`` (other kinds of debris outside code agree); counts and density
    count only placeholders that may be a leak (:func:`_counted`).
    """

    id = "SEO705"
    name = "placeholders"
    kind = "template_debris"
    features = ("placeholders_log1p", "distinct_log1p", "in_title", "outside_code", "density", "other_debris")
    html_only = frozenset({"in_title"})

    def detect(self, page):
        res = scan(page)
        hits = res.placeholders
        feats: dict[str, float] = {}
        if not hits:
            return [], feats
        outside = [h for h in hits if not h.code]
        tokens = {h.detail["token"] for h in outside}
        title = any(h.view == "title" for h in outside)
        counted = _counted(outside, res)
        feats.update({
            "placeholders_log1p": math.log1p(len(counted)),
            "distinct_log1p": math.log1p(len({h.detail["token"] for h in counted})),
            "in_title": 1.0 if title else 0.0,
            "outside_code": _shown_as_leak(outside, res),
            "density": _density(len(counted), res),
            "other_debris": min(1.0, (res.debris_kinds - (1 if outside else 0)) / 3.0) if counted else 0.0,
        })
        code, quoted = _ctx(res, hits)
        best = _best(hits)
        others = res.debris_kinds - (1 if outside else 0)
        strong = title or len(tokens) >= 3 or (len(tokens) >= 1 and others >= 1)
        sev, conf = grade(strong=strong, quoted=quoted, code=code, view="text",
                          base="high" if (title or len(tokens) >= 3 or others) else "medium")
        if not strong and not code and not quoted:
            sev, conf = "low", "medium" if len(tokens) >= 2 else "low"
        shown = ", ".join(sorted(tokens)[:6]) or best.detail["token"]
        msg = (f"{len(hits)} unfilled placeholder{'s' if len(hits) > 1 else ''} ({shown})"
               f"{' in the title' if title else ''}{_context_words(code, quoted)}")
        return [Finding(self.id, self.kind, sev, conf, msg, _ev(res, best, len(hits), tokens=sorted(tokens)[:10]))], feats


class LoremIpsum(Detector):
    """Lorem ipsum filler in the body text: a theme demo or an unfinished page left public.

    Not a compromise on its own, but a sign of an abandoned or auto-built site (spam networks
    publish theme demos with filler). Low severity; the share of the text that is filler is a
    feature. Filler inside code blocks or on pages about design/templates is quoted.

    Features: ``present``, ``share`` (estimated share of the text that is filler),
    ``outside_code``.
    """

    id = "SEO706"
    name = "lorem-ipsum"
    kind = "template_debris"
    features = ("present", "share", "outside_code")

    def detect(self, page):
        res = scan(page)
        hits = res.lorem
        feats: dict[str, float] = {}
        if not hits:
            return [], feats
        outside = [h for h in hits if not h.code]
        feats.update({"present": 1.0, "share": res.lorem_share, "outside_code": _shown_as_leak(outside, res)})
        code, quoted = _ctx(res, hits)
        best = _best(hits)
        sev, conf = grade(strong=True, quoted=quoted, code=code, view="text", base="low")
        msg = (f"lorem ipsum filler in the page text ({res.lorem_share:.0%} of the text)"
               f"{_context_words(code, quoted)}")
        return [Finding(self.id, self.kind, sev, conf, msg, _ev(res, best, len(hits), share=round(res.lorem_share, 3)))], feats


class DefaultContent(Detector):
    """Default install content: "Hello world! Welcome to WordPress...", "Welcome to nginx!", "It works!".

    WordPress's first post, sample page and sample commenter, the "Just another WordPress
    site" tagline, and web-server default pages (Apache, nginx, IIS, hosting panels) when they
    are the whole page. An unconfigured install is often abandoned, and abandoned installs are
    what attackers take over (and spam networks spin up by the thousand). Medium severity for
    a default page or first post, low for a leftover tagline.

    Features: ``wordpress_default`` (first post, sample page or commenter),
    ``server_default_page``, ``tagline_only``.
    """

    id = "SEO707"
    name = "default-content"
    kind = "template_debris"
    features = ("wordpress_default", "server_default_page", "tagline_only")

    def detect(self, page):
        res = scan(page)
        hits = [h for h in res.defaults if not h.code]
        feats: dict[str, float] = {}
        if not hits:
            return [], feats
        names = {h.detail["name"] for h in hits}
        wp = {n for n in names if n.startswith("wordpress")}
        server = any(h.detail["whole_page"] for h in hits)
        feats.update({
            "wordpress_default": 1.0 if wp - {"wordpress_tagline"} else 0.0,
            "server_default_page": 1.0 if server else 0.0,
            "tagline_only": 1.0 if names == {"wordpress_tagline"} else 0.0,
        })
        order = {"low": 0, "medium": 1, "high": 2}
        best = max(hits, key=lambda h: order[h.detail["base"]])
        quoted = res.technical >= TECHNICAL
        sev, conf = grade(strong=True, quoted=quoted, code=False, view="text", base=best.detail["base"])
        if quoted:
            sev, conf = "low", "low"
        msg = (f"default install content left public: {', '.join(sorted(names))}"
               f"{_context_words(False, quoted)}")
        return [Finding(self.id, self.kind, sev, conf, msg, _ev(res, best, len(hits), names=sorted(names)))], feats
