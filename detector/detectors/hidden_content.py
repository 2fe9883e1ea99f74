"""Hidden content: links and text that readers cannot see but crawlers do (SEO2xx).

The classic link injection hides a block of outbound links with CSS (``display:none``,
``position:absolute; top:-9999px``, a 1px box with ``overflow:hidden``, ``font-size:0``,
text the colour of the background, ``opacity:0``) or with a script that hides it by id, so
that the site owner does not notice while search engines still count the links.

Sites hide plenty of legitimate things the same way, so hiding alone proves nothing: menus,
modals, accordions, cookie banners (whose vendor lists link dozens of ad companies),
screen-reader text, honeypot form fields, blogrolls that show five of fifty entries, sister
sites in a network switcher. The page model (:mod:`detector.page`, :mod:`detector.visibility`)
says for every hidden element *how* it is hidden and whether it looks like such UI; this
module weighs that against *what* is hidden:

* who the hidden links point to: unrelated domains (not the page's site, not a sister site
  sharing its name, not the social/CDN/ad infrastructure in ``known_hosts.txt``), many of
  them, with no link back to the site itself;
* what they say: spam vocabulary (:mod:`detector.lexicons`) or commercial anchor text;
* how the block is built: nothing but links (an injected block), not a teaser with text;
* how it is hidden: an inline style or a script on that one element (what an injected
  snippet carries) weighs more than a class rule of the site's stylesheet; a one-off class
  rule declared by a ``<style>`` right before the element it hides travels with the snippet
  too, and counts like a style attribute;
* the shape of bought links, whatever their language: the target's path spells the anchor
  (a keyword link), the domain looks throwaway (a TLD sold in bulk, digits in the name);
* for hidden text: spam vocabulary of a category the page is not about, or plain selling
  words (buy, cheap, order, price, discount...) far denser than in the page around it.

A benign UI label lowers confidence but never whitelists spam links: attackers use class
names too.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from urllib.parse import unquote

from detector.detectors import Detector
from detector.detectors.script_injection import is_known_domain
from detector.domains import domain_label, same_owner, url_path
from detector.findings import Finding, snippet
from detector.lexicons import brands_in_label, find_terms
from detector.page import HiddenBlock, Link, Page
from detector.patterns import rx
from detector.visibility import benign_names

# Anchor words that sell something. Weak on their own (shops say "buy"); they only raise
# the confidence of a finding that hiding and unrelated targets already support.
COMMERCIAL_WORDS = (
    "buy", "cheap", "cheapest", "sale", "discount", "best", "order", "price", "prices", "deal", "deals",
    "coupon", "coupons", "promo", "wholesale", "replica", "replicas", "outlet", "online", "shop", "store",
    "free", "bonus", "loan", "loans", "casino", "slots", "betting", "bet", "escort", "escorts", "porn",
    "sex", "dating", "pills", "pharmacy", "essay", "essays", "kaufen", "günstig", "billig", "acheter",
    "pas cher", "comprar", "barato", "barata", "comprare", "economico", "kupić", "tanio", "купить",
    "дешево", "казино", "カジノ", "激安", "代购", "购买", "博彩", "赌场", "카지노", "토토",
)
def _spaced(word: str) -> bool:
    """True for words written with spaces between words (Latin, Cyrillic, Greek...)."""
    return all(ord(ch) < 0x2E80 for ch in word)


_COMMERCIAL_WORDS = frozenset(w for w in COMMERCIAL_WORDS if " " not in w and _spaced(w))
_COMMERCIAL_PHRASES = tuple(w for w in COMMERCIAL_WORDS if " " in w or not _spaced(w))
_TO_SPACE = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u00a0\u2013\u2014\u00bb\u00ab"})


class _Commercial:
    """Commercial words in a short text: word lookup, no regex (anchors are short, and a
    70-word alternation would be the slowest pattern of the registry)."""

    @staticmethod
    def search(text: str) -> bool:
        low = text.lower()
        if any(p in low for p in _COMMERCIAL_PHRASES):
            return True
        return any(tok in _COMMERCIAL_WORDS for tok in low.translate(_TO_SPACE).split())


_COMMERCIAL = _Commercial()

# How the block was hidden: by its own markup (what an injected snippet carries), by a
# script on the page that hides it by id, by a class rule of the site's stylesheet, ...

def hiding_source(rule: str) -> str:
    """inline | js | css | noscript, from a HiddenBlock rule string.

    The ``hidden`` attribute counts as inline: like a style attribute, it travels with the
    injected snippet.
    """
    if rule == "noscript":
        return "noscript"
    if rule.startswith("script-hidden"):
        return "js"
    if "(css:" in rule:
        return "css"
    return "inline"


def technique(rule: str) -> str:
    """The technique name of a rule, without where it was declared."""
    if rule.startswith("script-hidden"):
        return "js-hidden"
    return rule.split(" (", 1)[0]


def related_domains(site: str, domain: str) -> bool:
    """True when two registered domains look like the same owner (kiabi.com / kiabi.be,
    huffpost.com / huffingtonpost.fr, cbsnews.com / cbsboston.com)."""
    return bool(site and domain) and same_owner(site, domain, loose=True)


# ---------------------------------------------------------------------- generic link shape
# Top-level domains that cost next to nothing and are registered in bulk for spam (the
# registries' own abuse reports list them year after year). Weak on its own: plenty of honest
# sites use them; it only adds to spam vocabulary or a link-farm shape.
ABUSED_TLDS = frozenset(
    """xyz top icu club online site live win bid tk ml ga cf gq pw work click link loan men date
    racing review stream download trade party science gdn buzz rest fit monster cyou sbs cfd lol
    quest bond vip fun space store shop cc biz info pro life world today website host press""".split())


@lru_cache(maxsize=65536)
def throwaway_domain(domain: str) -> int:
    """0-2: how much a registered domain looks bought in bulk for links (weak evidence).

    One point each for an abused cheap TLD and for digits in the name (``bet-24``,
    ``888``). Spam words in the name are the lexicon's business, not this shape test.
    """
    if not domain or "." not in domain:
        return 0
    label, _, tld = domain.partition(".")
    n = int(tld in ABUSED_TLDS)
    bare = label.replace("-", "")
    if not bare.isalpha() and not bare.isdigit() and any(c.isdigit() for c in bare):  # (isalpha: C speed)
        n += 1
    return n


@lru_cache(maxsize=65536)
def _path_slug(url: str) -> str:
    """A URL's path and query as ' word word ' (lower-case, decoded), for slug_echo()."""
    pp = url_path(url, 300)
    if not pp:
        return ""
    return " " + " ".join(pp.lower().translate(_TO_SPACE).split()) + " "


def slug_echo(anchor: str, url: str) -> bool:
    """Does the target URL's path spell the anchor text (``/buy-cheap-pills`` for "buy cheap
    pills")? The shape of a link bought for a keyword: the anchor *is* the search term the
    target page was made for. Common on honest links too (article titles), so it only counts
    together with other evidence."""
    if not anchor or len(anchor) < 8 or len(anchor) > 120:
        return False
    a = " ".join(anchor.lower().translate(_TO_SPACE).split())
    if len(a) < 8 or " " not in a:
        return False
    slug = _path_slug(url)
    return bool(slug) and (" " + a + " ") in slug



def _site_path(url: str) -> bool:
    """A relative reference to a page of the same site (``/rss/``, ``../about.html``)."""
    return (url[:1] == "/" and url[:2] != "//") or url[:2] == "./" or url[:3] == "../"


def _is_root(url: str) -> bool:
    """A link to a site's home page (what link sellers want), not to an article."""
    i = url.find("//")
    if i < 0:
        return False
    j = url.find("/", i + 2)
    if j < 0:
        return "?" not in url
    rest = url[j:]
    return rest in ("/", "/index.html", "/index.php", "/index.htm")


@lru_cache(maxsize=65536)
def _url_spam(url: str) -> tuple[str, ...]:
    """Spam terms written in a link's decoded URL (path, query)."""
    if "%" in url or "-" in url or "_" in url or "+" in url:
        decoded = unquote(url).replace("-", " ").replace("_", " ").replace("+", " ")
        return tuple(h.term for h in find_terms(decoded, limit=5))
    return ()


@lru_cache(maxsize=65536)
def _host_brands(host: str) -> tuple[str, ...]:
    """Brands a host's name spells (``high-endrolex``): weak, segmentation can misread a name."""
    return tuple(b for b, _ in brands_in_label(domain_label(host))) if host else ()


def _anchor_terms(links: list[Link]) -> list[list[str]]:
    """Spam terms of each link's anchor text, from one search over the joined anchors."""
    out: list[list[str]] = [[] for _ in links]
    if not links:
        return out
    starts = []
    pos = 0
    parts = []
    for l in links:
        starts.append(pos)
        a = l.anchor[:300]
        parts.append(a)
        pos += len(a) + 1
    joined = "\n".join(parts)
    if not joined.strip():
        return out
    for h in find_terms(joined, limit=500):
        i = bisect.bisect_right(starts, h.start) - 1
        out[i].append(h.term)
    return out


def link_spam_terms(link: Link) -> tuple[list[str], list[str]]:
    """(strong, weak) spam evidence of one link: terms in its anchor or URL; brands in its host."""
    strong = [h.term for h in find_terms(link.anchor, limit=5)] if link.anchor else []
    strong.extend(_url_spam(link.url))
    return strong, list(_host_brands(link.host))


def _is_external(link: Link, site: str) -> bool:
    if link.external:
        return True
    return link.external is None and bool(link.domain) and not site


LINKLESS_UI = frozenset(("form", "search"))


class BlockView:
    """What a hidden block hides, measured once for both detectors."""

    __slots__ = ("block", "benign", "source", "technique", "external", "unrelated", "internal", "domains",
                 "spam_links", "spam_terms", "commercial", "link_share", "roots", "weak_only", "snippet_css")

    def __init__(self, hb: HiddenBlock, site: str, source_html: str = "",
                 style_tails: frozenset[str] | None = None) -> None:
        self.block = hb
        # Honeypots are inputs, not links: a hidden link inside a form or a search box gets
        # no benefit of the doubt (injected links often sit right by the search form).
        self.benign = None if hb.benign in LINKLESS_UI else hb.benign
        self.source = hiding_source(hb.rule)
        # A class rule declared by a <style> element right before the element it hides travels
        # with the snippet just like a style attribute does.
        self.snippet_css = (self.source == "css" and self.benign is None and bool(source_html)
                            and bool(hb.links or len(hb.text) >= 40)
                            and (style_tails is None or _rule_class(hb.rule) in style_tails)
                            and snippet_style(source_html, hb.rule))
        if self.snippet_css:
            self.source = "inline"
        self.technique = technique(hb.rule)
        self.external: list[Link] = []
        self.unrelated: list[Link] = []
        self.internal = 0
        self.spam_links: list[tuple[Link, list[str]]] = []
        self.spam_terms: set[str] = set()
        commercial = 0
        roots = 0
        anchor_chars = 0
        weak: list[tuple[Link, list[str]]] = []
        internal = 0
        for l in hb.links:
            if l.code:
                continue
            anchor_chars += len(l.anchor)
            ext = l.external
            if ext is False or (ext is None and not l.domain and _site_path(l.url)):
                # (most hidden links: a menu's own pages; kept cheap). Without a page URL, a
                # relative path is still the site's own page: an injected block links out only
                if l.source != "text":
                    internal += 1
                continue
            if ext or (l.domain and not site):
                self.external.append(l)
                if not related_domains(site, l.domain) and not is_known_domain(l.domain):
                    self.unrelated.append(l)
                    if _is_root(l.url):
                        roots += 1
                if l.anchor and _COMMERCIAL.search(l.anchor):
                    commercial += 1
        self.internal = internal
        unrelated = {id(l) for l in self.unrelated}
        for l, terms in zip(self.external, _anchor_terms(self.external) if self.external else ()):
            if id(l) not in unrelated:
                if terms:  # spam anchor text on a well-known or sister host still counts
                    self.spam_links.append((l, terms))
                    self.spam_terms.update(terms)
                continue
            terms.extend(_url_spam(l.url))
            brands = _host_brands(l.host)
            if terms:
                self.spam_links.append((l, terms + list(brands)))
                self.spam_terms.update(terms)
            elif brands:
                weak.append((l, list(brands)))
        self.domains = {l.domain for l in self.unrelated}
        self.commercial = commercial
        self.roots = roots
        self.link_share = min(1.0, anchor_chars / max(1, len(hb.text))) if hb.text else 1.0
        # A brand in a host name (segmented from the label) counts only with support: the
        # anchor sells something, or the block has the shape of an injected link block.
        self.weak_only = False
        if weak and (self.link_block or any(l.anchor and _COMMERCIAL.search(l.anchor) for l, _ in weak)
                     or (self.benign is None and self.source in ("inline", "js") and self.link_share >= 0.5)):
            self.weak_only = not self.spam_links
            self.spam_links.extend(weak)
            for _, b in weak:
                self.spam_terms.update(b)

    @property
    def link_block(self) -> bool:
        """Injected-block shape: several unrelated domains, nothing but links, none internal."""
        links = len(self.external) + self.internal
        return (len(self.domains) >= 3 and self.internal == 0 and self.link_share >= 0.5
                and len(self.unrelated) >= 0.8 * max(1, links))

    @property
    def own_style(self) -> bool:
        """Hidden by the element's own style attribute (or a script), and the element's own
        class/id names no UI: a benign label, if any, comes from an ancestor."""
        if self.source not in ("inline", "js"):
            return False
        a = self.block.attrs
        return benign_names(self.block.tag, a.get("class"), a.get("id"), None) is None

    @property
    def shaped(self) -> bool:
        """Its unrelated links look bought: the target path spells the anchor, or the domain
        looks throwaway; and the block holds no link to the site itself."""
        if self.internal or not self.unrelated:
            return False
        return any(slug_echo(l.anchor, l.url) or throwaway_domain(l.domain) for l in self.unrelated[:20])

    @property
    def commercial_share(self) -> float:
        return self.commercial / max(1, len(self.external))


def block_views(page: Page) -> list[BlockView]:
    """Hidden blocks that hide links or text, measured (cached on the page object)."""
    cached = getattr(page, "_seo2_views", None)
    if cached is not None:
        return cached
    src = page.source
    hbs = [hb for hb in page.hidden_blocks if hb.links or hb.text]
    # class rules that could be a pasted snippet's: only then look at the page's <style> ends
    cand = any("(css:." in hb.rule and (hb.benign is None or hb.benign in LINKLESS_UI) for hb in hbs)
    tails = style_tails(src) if cand else frozenset()
    views = [BlockView(hb, page.site, src, tails) for hb in hbs]
    try:
        page._seo2_views = views  # type: ignore[attr-defined]
    except AttributeError:
        pass
    return views


_CSS_CLASS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
SNIPPET_LOOKBACK = 400  # characters between a <style> block's end and the element it hides
MAX_STYLE_ENDS = 100  # </style> ends looked at per page


_CLASS_ATTR = rx("SEO201.class_attr", r"""class\s*+=\s*+["']([^"'<>]{1,60})["']""", re.IGNORECASE,
                 worst_case="class='")


def _rule_class(rule: str) -> str:
    i = rule.find("(css:.")
    return rule[i + 6:-1] if i >= 0 else ""


def style_tails(source: str) -> frozenset[str]:
    """Class names written within SNIPPET_LOOKBACK characters after a ``</style>``: the only
    candidates for :func:`snippet_style` (one pass over a page's few style ends)."""
    out = set()
    for end in ("</style>", "</STYLE>"):
        k = source.find(end)
        n = 0
        while k >= 0 and n < MAX_STYLE_ENDS:
            m = _CLASS_ATTR.search(source, k + 8, k + 8 + SNIPPET_LOOKBACK)
            if m:
                out.add(m.group(1))
            k = source.find(end, k + 8)
            n += 1
    return frozenset(out)


def snippet_style(source: str, rule: str) -> bool:
    """Is a class rule (``zero-size (css:.x7k2)``) declared by a <style> element that ends right
    before the one element carrying that class? The shape of a pasted snippet
    (``<style>.x7k2{display:none}</style><div class="x7k2">...``), not of a site stylesheet."""
    i = rule.find("(css:.")
    if i < 0:
        return False
    cls = rule[i + 6:-1]
    if not cls or len(cls) > 60 or not set(cls) <= _CSS_CLASS:
        return False  # only a single plain class selector
    for q in ('"', "'"):
        j = source.find(f"class={q}{cls}{q}")
        if j < 0:
            continue
        if source.find(f"class={q}{cls}{q}", j + 1) >= 0:
            return False  # the class is used more than once: a site's own style
        before = source[max(0, j - SNIPPET_LOOKBACK):j]
        k = before.rfind("</style>")
        if k < 0:
            k = before.rfind("</STYLE>")
        if k < 0 or before[k + 8:].count("<") > 2:
            return False
        head = before[:k]
        return ("." + cls + "{") in head or ("." + cls + " {") in head
    return False


def _block_where(hb: HiddenBlock) -> str:
    attrs = " ".join(f'{k}="{v}"' for k, v in hb.attrs.items())[:160]
    return f"<{hb.tag}{' ' + attrs if attrs else ''}>"


_CONF = ("low", "medium", "high")


def _step(conf: str, by: int) -> str:
    return _CONF[max(0, min(2, _CONF.index(conf) + by))]


class HiddenLinks(Detector):
    """Outbound links hidden from readers (SEO201).

    Finds links to other sites that sit inside an element hidden by CSS or script: a block of
    links to several unrelated domains hidden as a whole (``<div style="position:absolute;
    top:-9999px">`` full of casino links), or single links hidden right after normal content
    (``<u style="display:none"><a href="...">cialis online</a></u>``). Hidden links are how
    compromised sites sell "link juice": readers and owners do not see them, crawlers do.

    Also: a single hidden link with no spam word at all, when it has the shape of a bought link
    (its path spells its anchor on a throwaway-looking domain), and a hidden element inside a
    menu or header whose own style attribute hides a foreign keyword link (the menu's UI label
    belongs to the ancestor, not to the pasted element).

    Not counted: hidden menus, dropdowns, modals, accordions and cookie banners linking to the
    site itself, to sister sites or to the usual social, CDN and ad hosts; a benign-looking
    class only lowers confidence when the hidden links carry spam vocabulary.

    Example: ``<span style="position:absolute;top:-9990px"><a href="https://best-casinos.example">
    best online casinos</a> ...</span>`` in a personal blog's sidebar.
    """

    id = "SEO201"
    name = "hidden_links"
    kind = "hidden_content"
    features = (
        "hidden_ext_links_log", "hidden_ext_share", "hidden_unrelated_domains_log",
        "hidden_nonbenign_unrelated_log", "hidden_link_block", "hidden_link_block_inline", "hidden_spam_links_log",
        "hidden_commercial_share", "hidden_root_share", "inline_hidden_unrelated",
        "hidden_spam_and_unrelated",
        "tech_offscreen", "tech_zero_size", "tech_font_size0", "tech_same_color", "tech_opacity0",
        "tech_js_hidden", "hidden_keyword_links_log",
    )
    html_only = frozenset(features)

    def detect(self, page: Page):
        if not page.is_html:
            return [], {}
        views = block_views(page)
        if not views:
            return [], {}
        site = page.site
        findings: list[Finding] = []
        hidden_ext = 0
        unrelated_domains: set[str] = set()
        nonbenign_unrelated = 0
        spam_links = 0
        commercial = 0
        roots = 0
        unrelated_n = 0
        inline_unrelated = 0
        link_block = 0.0
        block_inline = 0.0
        techs: set[str] = set()
        n_shaped = 0
        single: list[BlockView] = []  # individually hidden links (blocks of one or two)
        for v in views:
            hb = v.block
            if v.source == "noscript":
                # <noscript> is shown to readers without scripts and mostly holds tracking
                # pixels and ad fallbacks: only spam vocabulary makes it worth a look.
                if v.spam_links and v.unrelated:
                    findings.append(self._spam_finding(v, "low"))
                continue
            if not v.external:
                continue
            hidden_ext += len(v.external)
            spam_links += len(v.spam_links)
            commercial += v.commercial
            roots += v.roots
            unrelated_n += len(v.unrelated)
            if v.unrelated:
                unrelated_domains |= v.domains
                if v.benign is None:
                    nonbenign_unrelated += len(v.unrelated)
                    techs.add(v.technique)
                    if v.source in ("inline", "js"):
                        inline_unrelated = 1
            if v.spam_links:
                n_spam = len(v.spam_links)
                if v.link_block:
                    link_block = 1.0
                    if v.benign is None and v.source in ("inline", "js"):
                        block_inline = 1.0
                # the snippet's own shape: nothing but links to unrelated sites, bought for a
                # keyword (the path spells the anchor) or on throwaway-looking domains
                shaped = v.shaped
                if shaped:
                    n_shaped += 1
                if v.benign is None:
                    conf = "high" if v.source in ("inline", "js") or (shaped and v.link_share >= 0.5) else "medium"
                elif n_spam >= 3:
                    # a benign-looking class full of spam links is still spam
                    conf = "high" if v.link_block else "medium"
                elif shaped and v.own_style and v.link_share >= 0.5:
                    # an element hidden by its own style attribute, holding only a foreign
                    # keyword link, inside a menu or header: the menu did not put it there
                    conf = "medium" if v.weak_only else "high"
                else:
                    conf = "low"  # one sponsor link in a hidden menu is a weak sign
                if v.internal > n_spam and n_spam < 3:
                    conf = _step(conf, -1)
                if v.weak_only and not v.link_block and not shaped:
                    conf = _step(conf, -1)  # only the target's name spells spam: segmentation can misread
                findings.append(self._spam_finding(v, conf))
                continue
            if v.link_block:
                link_block = 1.0
                if v.benign is None and v.source in ("inline", "js"):
                    block_inline = 1.0  # the injected-snippet shape: own style, no UI, only foreign links
                if v.benign is None:
                    conf = "medium" if v.source in ("inline", "js") else "low"
                    if v.commercial_share >= 0.5 or v.roots >= 0.8 * len(v.unrelated):
                        conf = _step(conf, 1)
                    if not site:
                        conf = _step(conf, -1)  # without the page's site, its own links look foreign
                    findings.append(self._block_finding(v, "high", conf))
                elif v.commercial_share >= 0.5 and v.source in ("inline", "js"):
                    findings.append(self._block_finding(v, "medium", "low"))
                continue
            if (v.unrelated and len(hb.links) <= 2 and v.internal == 0 and v.source in ("inline", "js")
                    and v.link_share >= 0.5 and (v.benign is None or (v.own_style and v.shaped))):
                single.append(v)
        # Links hidden one by one (each in its own hidden element) add up like a block.
        if single:
            doms = {d for v in single for d in v.domains}
            n_commercial = sum(v.commercial for v in single)
            shaped = [v for v in single if v.shaped]
            if len(doms) >= 3 or n_commercial or shaped:
                links = [l for v in single for l in v.unrelated]
                conf = "medium" if len(doms) >= 3 and n_commercial >= 0.5 * len(links) else "low"
                sev = "high" if len(doms) >= 3 else "medium"
                if shaped:
                    # a hidden keyword link: the target's path spells the anchor, on a
                    # throwaway-looking domain; or several such links; or a selling anchor
                    n_shaped += len(shaped)
                    both = any((slug_echo(l.anchor, l.url) and throwaway_domain(l.domain))
                               or throwaway_domain(l.domain) >= 2 for v in shaped for l in v.unrelated)
                    sev = "high"
                    conf = "high" if both or len(shaped) >= 2 or n_commercial else "medium"
                first = links[0]
                findings.append(Finding(
                    self.id, self.kind, sev, conf,
                    f"{len(links)} link(s) to {len(doms)} unrelated domain(s), each hidden on its own "
                    f"({single[0].technique}) with no visible counterpart",
                    {"where": "html", "hiding": single[0].block.rule, "url": first.url, "domain": first.domain,
                     "anchor": first.anchor[:120], "offset": first.offset, "count": len(links),
                     "domains": sorted(doms)[:10], "snippet": snippet(page.text, first.offset,
                                                                      first.offset + len(first.anchor))},
                ))
                link_block = max(link_block, 1.0 if len(doms) >= 3 else 0.5)
        n_ext_total = 0
        if hidden_ext:
            for l in page.links:
                if l.source != "text" and _is_external(l, site):
                    n_ext_total += 1
        feats = {
            "hidden_ext_links_log": math.log1p(hidden_ext),
            "hidden_ext_share": hidden_ext / n_ext_total if n_ext_total else 0.0,
            "hidden_unrelated_domains_log": math.log1p(len(unrelated_domains)),
            "hidden_nonbenign_unrelated_log": math.log1p(nonbenign_unrelated),
            "hidden_link_block": link_block,
            "hidden_link_block_inline": block_inline,
            "hidden_spam_links_log": math.log1p(spam_links),
            "hidden_commercial_share": commercial / hidden_ext if hidden_ext else 0.0,
            "hidden_root_share": roots / unrelated_n if unrelated_n else 0.0,
            "inline_hidden_unrelated": float(inline_unrelated),
            "hidden_spam_and_unrelated": float(bool(spam_links and unrelated_domains)),
            "tech_offscreen": float("offscreen" in techs),
            "tech_zero_size": float("zero-size" in techs or "clip" in techs or "scale:0" in techs),
            "tech_font_size0": float("font-size:0" in techs),
            "tech_same_color": float("same-color" in techs),
            "tech_opacity0": float("opacity:0" in techs),
            "tech_js_hidden": float("js-hidden" in techs),
            "hidden_keyword_links_log": math.log1p(n_shaped),
        }
        return findings, feats

    def _spam_finding(self, v: BlockView, conf: str) -> Finding:
        hb = v.block
        link, terms = v.spam_links[0]
        label = f" inside what looks like {v.benign} UI" if v.benign else ""
        return Finding(
            self.id, self.kind, "high", conf,
            f"{len(v.spam_links)} hidden outbound link(s) with spam vocabulary ({', '.join(sorted(v.spam_terms)[:4])}), "
            f"hidden by {hb.rule}{label}",
            {"where": "html", "hiding": hb.rule, "benign": hb.benign, "element": _block_where(hb),
             "url": link.url, "domain": link.domain, "anchor": link.anchor[:120], "offset": link.offset,
             "count": len(v.spam_links), "terms": sorted(v.spam_terms)[:10],
             "domains": sorted({l.domain for l, _ in v.spam_links})[:10],
             "snippet": (hb.text or link.anchor)[:300]},
        )

    def _block_finding(self, v: BlockView, sev: str, conf: str) -> Finding:
        hb = v.block
        link = v.unrelated[0]
        why = []
        if v.commercial_share >= 0.5:
            why.append("commercial anchor text")
        if v.roots >= 0.8 * len(v.unrelated):
            why.append("home-page targets")
        extra = f"; {', '.join(why)}" if why else ""
        label = f" (looks like {v.benign} UI)" if v.benign else ""
        return Finding(
            self.id, self.kind, sev, conf,
            f"hidden block of {len(v.unrelated)} links to {len(v.domains)} unrelated domains and none to the "
            f"site itself, hidden by {hb.rule}{label}{extra}",
            {"where": "html", "hiding": hb.rule, "benign": hb.benign, "element": _block_where(hb),
             "url": link.url, "domain": link.domain, "anchor": link.anchor[:120], "offset": link.offset,
             "count": len(v.unrelated), "domains": sorted(v.domains)[:10], "snippet": hb.text[:300]},
        )


def _foreign_categories(page: Page, cats: set[str]) -> set[str]:
    """The spam categories of `cats` that the page's own content is not about."""
    from detector.detectors.offtopic_links import page_categories  # (that module imports this one)

    own = page_categories(page)
    return {c for c in cats if c not in own}


def _sales_words(text: str, limit: int = 3000) -> int:
    """Distinct commercial words in a text's first characters (buy, cheap, discount, order...)."""
    low = text[:limit].lower()
    toks = set(low.translate(_TO_SPACE).split())
    return len(toks & _COMMERCIAL_WORDS) + sum(p in low for p in _COMMERCIAL_PHRASES)


PITCH_MIN_CHARS = 150  # hidden text examined as a possible sales pitch ...
PITCH_SAMPLE = 3000  # ... (its first characters)
PITCH_MIN_WORDS = 6  # selling words it must have ...
PITCH_DENSITY = 0.08  # ... as a share of its words ...
PITCH_CONTRAST = 3.0  # ... and at least this many times the rest of the page's share


def _sales_count(text: str) -> tuple[int, int]:
    """(selling words, words) of a text: buy, cheap, order, price, discount, deal, free..."""
    low = text.lower()
    toks = low.translate(_TO_SPACE).split()
    return sum(t in _COMMERCIAL_WORDS for t in toks) + sum(low.count(p) for p in _COMMERCIAL_PHRASES), len(toks)


def _page_sales(page: Page) -> tuple[int, int]:
    cached = page.__dict__.get("_seo2_sales")
    if cached is None:
        cached = _sales_count(page.text[:40000])
        page.__dict__["_seo2_sales"] = cached
    return cached


MAX_BLOCK_TEXT = 20000  # hidden text searched per block (a fifth of it for UI-looking blocks) ...
MAX_HIDDEN_TEXT = 24000  # ... and per page (keyword stuffing shows in its first kilobytes)
STUFFING_MIN_CHARS = 3000
# Sentence and clause punctuation of many scripts: prose has it every few dozen characters,
# a keyword list has none.
_PUNCT = frozenset(".,;:!?。，、！？；،؟।။")


class HiddenText(Detector):
    """Spam text hidden from readers (SEO202).

    Finds spam vocabulary (pharma, casino, replica, loans, essays, adult...) in the text of an
    element hidden by CSS or script, outside its links: keyword stuffing that only crawlers
    see. Sure when it is hidden by its own style, sells (buy, cheap, order...) and names a
    category the page is not about. Without any spam vocabulary, a hidden sales pitch (selling
    words several times denser than in the rest of the page) counts too. Hidden links
    themselves are SEO201's business; hidden UI text (menus, modals, cookie banners,
    screen-reader labels) counts only at low confidence, and so does punctuated prose that
    names drugs but sells nothing (a health note).

    Example: ``<div style="display:none">cheap viagra online, buy cialis without
    prescription ...</div>`` at the bottom of a school's home page.
    """

    id = "SEO202"
    name = "hidden_text"
    kind = "hidden_content"
    features = ("hidden_text_share", "hidden_inline_text_share", "hidden_spam_density", "hidden_spam_terms_log",
                "hidden_spam_inline", "hidden_stuffing", "hidden_spam_foreign",
                "hidden_sales_pitch")
    html_only = frozenset(features)

    def detect(self, page: Page):
        if not page.is_html:
            return [], {}
        views = block_views(page)
        if not views:
            return [], {}
        findings = []
        hidden_chars = 0
        spam_hits = 0
        inline_spam = 0.0
        spam_chars = 0
        budget = MAX_HIDDEN_TEXT
        stuffing = 0.0
        inline_chars = 0
        foreign_spam = 0.0
        pitch = 0.0
        for v in views:
            hb = v.block
            if v.source == "noscript" or not hb.text:
                continue
            text = hb.text
            for l in hb.links:
                if l.anchor:
                    text = text.replace(l.anchor, " ", 1)
            if len(text.strip()) < 3:
                continue
            hidden_chars += len(text)
            strong = hb.benign is None and v.source in ("inline", "js")
            if strong:
                inline_chars += len(text)
            if strong and len(text) >= STUFFING_MIN_CHARS:
                stuffing = max(stuffing, self._stuffing(page, v, text, findings))
            if budget <= 0 or (hb.benign is not None and v.source == "css"):
                continue  # a stylesheet-hidden menu or modal: injected text carries its own style
            text = text[:MAX_BLOCK_TEXT if strong else MAX_BLOCK_TEXT // 5]
            budget -= len(text)
            hits = find_terms(text, limit=200)
            may_pitch = (strong or v.own_style) and len(text) >= PITCH_MIN_CHARS
            if not hits:
                if may_pitch:
                    pitch = max(pitch, self._pitch(page, v, text, findings))
                continue
            spam_hits += len(hits)
            spam_chars += len(text)
            terms = sorted({h.term for h in hits})
            if strong:
                inline_spam = 1.0
            if len(terms) >= 2 or (strong and len(hits) >= 2 and len(text) < 400):
                density = len(hits) / max(1.0, len(text) / 1000)
                # the page itself not about those categories (a casino review hiding its own
                # keywords is bad SEO, not an injection)
                foreign = _foreign_categories(page, {h.category for h in hits})
                sales = _sales_words(text)
                if foreign:
                    foreign_spam = 1.0
                if strong:
                    sev, conf = ("high", "medium") if len(terms) >= 3 else ("medium", "medium")
                    if foreign and sales and (len(terms) >= 3 or sales >= 2 or len(foreign) >= 2):
                        sev, conf = "high", "high"  # hidden by its own style, selling what the page does not
                    elif foreign:
                        sev = "high"
                elif v.own_style and foreign and sales >= 2 and len(terms) >= 2:
                    # hidden by its own style inside a menu or widget: the UI label is the
                    # ancestor's, the sales pitch is not
                    sev, conf = ("high", "high") if len(terms) >= 3 or len(foreign) >= 2 else ("high", "medium")
                elif hb.benign is None and foreign and len(terms) >= 3 and sales >= 2:
                    sev, conf = "high", "medium"  # a stylesheet class hiding a sales pitch
                else:
                    sev, conf = "medium", "low"
                if not sales and sum(text.count(ch) for ch in _PUNCT) >= 0.004 * len(text):
                    # punctuated prose that names drugs or casinos and sells nothing: a health
                    # note or a news aside kept for later, not a pitch for crawlers
                    sev, conf = "low", "low"
                h = hits[0]
                off = page.text.find(text.strip()[:80]) if hb.offset >= 0 else -1
                findings.append(Finding(
                    self.id, self.kind, sev, conf,
                    f"hidden text ({hb.rule}{', ' + hb.benign + ' UI' if hb.benign else ''}) uses spam "
                    f"vocabulary: {', '.join(terms[:5])}",
                    {"where": "html", "hiding": hb.rule, "benign": hb.benign, "element": _block_where(hb),
                     "offset": off if off >= 0 else hb.offset, "count": len(hits), "terms": terms[:10],
                     "density_per_1000": round(density, 2),
                     "snippet": snippet(text, h.start, h.end, pad=120)},
                ))
                if sev == "high" and conf == "high":
                    continue
            if may_pitch:  # too few spam terms to be sure: is it a sales pitch all the same?
                pitch = max(pitch, self._pitch(page, v, text, findings))
        text_len = max(1, len(page.text))
        feats = {
            "hidden_stuffing": stuffing,
            "hidden_text_share": min(1.0, hidden_chars / text_len),
            # prose hidden by its own style attribute or a script, outside any UI pattern
            "hidden_inline_text_share": min(1.0, inline_chars / text_len),
            "hidden_spam_density": spam_hits / max(1.0, spam_chars / 1000) if spam_hits else 0.0,
            "hidden_spam_terms_log": math.log1p(spam_hits),
            "hidden_spam_inline": inline_spam,
            "hidden_spam_foreign": foreign_spam,
            "hidden_sales_pitch": pitch,
        }
        return findings, feats

    def _pitch(self, page: Page, v: BlockView, text: str, findings: list) -> float:
        """Hidden prose dense with selling words, far denser than the page around it: a
        sales pitch for crawlers, whatever it sells (no spam vocabulary needed). 1.0 when
        found, else 0."""
        n, total = _sales_count(text[:PITCH_SAMPLE])
        if total < 20 or n < PITCH_MIN_WORDS or n < PITCH_DENSITY * total:
            return 0.0
        pn, ptotal = _page_sales(page)
        rest_n, rest_total = max(0, pn - n), max(1, ptotal - total)
        if rest_n / rest_total * PITCH_CONTRAST > n / total:
            return 0.0  # the page sells as hard itself: a shop's hidden tab, not a pitch
        hb = v.block
        ext = bool(v.unrelated)
        # sure when it also links away, or when it is all pitch (an eighth of its words, five
        # times the page's share) and nothing names it as UI
        strong = v.benign is None and (ext or (n >= 8 and n >= 0.12 * total and rest_n / rest_total * 5 <= n / total))
        conf = "high" if strong else "medium"
        findings.append(Finding(
            self.id, self.kind, "high", conf,
            f"hidden text ({hb.rule}) is a sales pitch: {n} selling words in {total} "
            f"({100 * n / total:.0f}%, the rest of the page {100 * rest_n / rest_total:.1f}%)"
            + (f", with a link to {v.unrelated[0].domain}" if ext else ""),
            {"where": "html", "hiding": hb.rule, "benign": hb.benign, "element": _block_where(hb),
             "offset": hb.offset, "count": n, "snippet": text[:300]},
        ))
        return 1.0

    def _stuffing(self, page: Page, v: BlockView, text: str, findings: list) -> float:
        """A large hidden block of unpunctuated words and few links: keyword stuffing."""
        sample = text[:6000]
        punct = sum(sample.count(ch) for ch in _PUNCT)
        if punct / len(sample) >= 0.004:
            return 0.0
        words = sample.split()
        if len(words) < 100:
            return 0.0
        rest = max(1, len(page.text) - len(text))
        hb = v.block
        findings.append(Finding(
            self.id, self.kind, "medium", "medium" if len(text) >= rest else "low",
            f"{len(text):,} characters of unpunctuated word lists hidden by {hb.rule} "
            f"({len(text) / rest:.1f}x the visible text): keyword stuffing",
            {"where": "html", "hiding": hb.rule, "element": _block_where(hb), "offset": hb.offset,
             "count": len(words), "snippet": " ".join(words[:40])[:300]},
        ))
        return 1.0
