"""Off-topic outbound links (SEO1xx): spam links planted among a page's own links.

Attackers who get write access to a page (or its comment box) add links that help *their*
sites rank: casino, pharmacy, replica-watch and loan domains, often hidden, often at the very
top or bottom of the body, often in blocks. On its own each hint is weak (a watch blog links
rolex.com; a news site sells sponsored links; a blogroll links many unrelated blogs), so these
detectors weigh the agreement of independent signals:

* the link's **vocabulary**: spam terms or abused brand names in its anchor, its domain labels
  (segmented: ``high-endrolex`` -> rolex) and its path;
* its **topic**: does the page itself talk about that spam category, do the target's words
  belong to the page's topic (:mod:`detector.topic`)? And the telling case: an anchor that
  fits the page while its target does not;
* its **placement**: hidden by a non-benign rule, inside a comment or trackback list, at the
  very start or end of a text record, written outside the document (before ``<html>``, after
  ``</html>``), inside a run of adjacent links to distinct unrelated spam domains;
* its **shape**, whatever the vocabulary: a keyword link (the target's path spells the anchor,
  ``/cheap-pills-online`` for "cheap pills online"), a throwaway-looking domain (a TLD sold in
  bulk, digits in the name); weak alone, they add to the rest;
* its **disclosure**: ``rel=sponsored`` marks a paid link the owner admits to.

Text records (WET) lose their hrefs: there, a run of short lines made of spam phrases
(``cheap viagra | payday loans | best slots``) is what a link block leaves behind (SEO102).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from urllib.parse import unquote

from detector.context import spam_discussed
from detector.detectors import Detector
from detector.detectors.hidden_content import related_domains, slug_echo, throwaway_domain
from detector.findings import Finding, snippet
from detector.page import Link, Page
from detector.patterns import rx
from detector import lexicons
from detector.topic import (
    COMMON_HOSTS,
    _TOKEN,
    _WORD,
    STOPWORDS,
    category_counts,
    host_words,
    is_common_host,
    meta,
    page_topic,
    path_words,
    spam_categories,
    spam_word_set,
    stem,
    text_categories,
    texts_categories,
    words,
)

MAX_LINKS = 3000  # links looked at per page (a 100,000-link page is judged on its first ones)
MAX_CANDIDATES = 200  # suspicious links examined in detail (region walk, topic checks)
MASS_DOMAINS = 5  # distinct off-topic spam-named domains that make a flood
EDGE = 0.03  # "very top / very bottom" of a text record, as a share of its length
TOPIC_TEXT = 8000  # characters of page text searched for the page's own spam categories
BODY_CATEGORY_MIN = 3  # mentions in the body (beyond links and hidden blocks) that make a category on-topic


def is_external(page: Page, l: Link) -> bool:
    """An http(s) link to another registered domain (for pages without a site: any domain)."""
    if not l.domain:
        return False
    if l.external is not None:
        return l.external
    return l.domain != page.site


def external_links(page: Page) -> list[Link]:
    """is_external() over the page's first MAX_LINKS links, in one pass."""
    site = page.site
    return [l for l in page.links[:MAX_LINKS]
            if l.domain and (l.external if l.external is not None else l.domain != site)]


@lru_cache(maxsize=32768)
def _host_info(host: str, domain: str = "") -> tuple[tuple[str, ...], dict, tuple]:
    """(words, spam categories, brands) of a host's labels; cached per host."""
    ws = host_words(host, domain)
    cats = spam_categories(ws)
    bmap = lexicons.brands()
    brands = tuple((w, bmap[w]) for w in ws if w in bmap) if cats else ()
    return ws, cats, brands




def page_categories(page: Page) -> dict[str, int]:
    """Spam categories the page's own content names (title, headings, meta, text): cached.

    A category the page itself is about (a watch blog and 'rolex', a casino news article and
    'casino') makes links of that category on-topic.
    """
    cached = getattr(page, "_topic_spam_cats", None)
    if cached is not None:
        return cached
    head = []
    if page.is_html:
        head.append(page.title or "")
        head.extend(page.headings[:10])
        head.append(meta(page, "description"))
        head.append(meta(page, "keywords"))
    text = page.text
    body = text if len(text) <= TOPIC_TEXT else text[: TOPIC_TEXT // 2] + "\n" + text[-TOPIC_TEXT // 2:]
    # Outbound anchors and hidden blocks are not the page's own topic (an injected block
    # would vouch for itself): what they contribute is subtracted from the body's counts.
    cats: dict[str, int] = {}
    for c, n in category_counts(body).items():
        cats[c] = cats.get(c, 0) + n
    foreign_text = [l.anchor for l in page.links[:MAX_LINKS]
                    if l.anchor and l.external is not False and l.domain and l.block < 0]
    if page.is_html:
        foreign_text.extend(hb.text[:5000] for hb in page.hidden_blocks[:50] if not hb.benign and hb.text)
    for c, n in category_counts("\n".join(foreign_text)).items():
        cats[c] = cats.get(c, 0) - n
    # The site's own navigation is its topic too (a betting site's menu says "betting").
    own = [l.anchor for l in page.links[:MAX_LINKS] if l.external is False and l.anchor and l.block < 0]
    for c, n in category_counts("\n".join(own[:300])).items():
        cats[c] = cats.get(c, 0) + n
    out = {c: n for c, n in cats.items() if n >= BODY_CATEGORY_MIN}
    for c, n in category_counts("\n".join(head), limit=50).items():
        out[c] = out.get(c, 0) + 3 * n
    page._topic_spam_cats = out
    return out


def _at_edge(text: str, l: Link) -> bool:
    """Is a bare URL the very first or last thing of a text record (or within EDGE of it)?"""
    n = max(1, len(text))
    start, end = l.offset, l.offset + len(l.href or l.anchor)
    if start < EDGE * n or end > (1 - EDGE) * n:
        return True
    return (start < 300 and not text[:start].strip()) or (n - end < 300 and not text[end:].strip())


def _last_or_first_text(text: str, l: Link) -> bool:
    """Is a link's anchor the very last (or first) text of an HTML page? Links appended
    before ``</body>`` or after the footer's last words, or put before the header, are
    where injectors write; a footer's own links have its copyright line after them."""
    start = l.offset
    end = start + len(l.anchor)
    if start < 0 or not l.anchor or text[start:end] != l.anchor:
        return False  # where the anchor sits in the text is not known exactly
    # the first non-space character after it, or before it (found at once on most pages)
    return _NON_SPACE.search(text, end) is None or _NON_SPACE.search(text, 0, start) is None


_NON_SPACE = rx("SEO101.non_space", r"\S", worst_case=" ")


class _LinkView:
    """What one suspicious link says about itself."""

    __slots__ = ("link", "cats", "parts", "brands", "target_words", "anchor_words", "region",
                 "foreign", "target_offtopic", "anchor_fits", "mismatch", "hidden", "edge",
                 "sponsored", "score", "slug", "junk", "cluster", "outside", "alone", "lone")

    def __init__(self, link: Link) -> None:
        self.link = link
        self.cats: dict[str, list[str]] = {}
        self.parts: set[str] = set()  # anchor | domain | path
        self.brands: tuple = ()
        self.target_words: list[str] = []
        self.anchor_words: list[str] = []
        self.region = "body"
        self.foreign = self.target_offtopic = self.anchor_fits = self.mismatch = False
        self.hidden = self.edge = self.sponsored = False
        self.score = 0
        self.slug = False  # the target's path spells the anchor (a keyword link)
        self.junk = 0  # throwaway_domain() of the target
        self.cluster = 0  # size of the run of adjacent off-topic spam links it belongs to
        self.outside = False  # written outside the document (before <html>, after </html>)
        self.alone = False  # the only thing in its paragraph (a few words of lead-in at most)
        self.lone = 0  # the placement points of its lone_links() shape (0 when it has none)

    def add(self, part: str, cats: dict) -> None:
        for c, ws in cats.items():
            self.cats.setdefault(c, []).extend(ws)
            self.parts.add(part)


def _path_part(url: str) -> str:
    i = url.find("//")
    j = url.find("/", i + 2 if i >= 0 else 0)
    return url[j:j + 400] if j >= 0 else ""


def _spam_view(l: Link, acats: dict | None = None, path_hit: bool = True) -> _LinkView | None:
    """Spam vocabulary in a link's anchor, domain labels or path; None when it has none.

    `acats` are the anchor's categories when the caller scanned all anchors at once;
    `path_hit` False skips the path when a page-level prefilter found nothing there.
    """
    hws, hcats, brands = _host_info(l.host, l.domain)
    if l.source == "text":
        acats = {}  # a bare URL's "anchor" is the URL itself: not a second opinion
    elif acats is None:
        acats = text_categories(l.anchor[:300], limit=10) if l.anchor else {}
    pw = path_words(l.url) if path_hit and not is_common_host(l.domain) else []
    pcats = spam_categories(pw) if pw else {}
    if not (hcats or acats or pcats):
        return None
    v = _LinkView(l)
    v.add("domain", hcats)
    v.add("anchor", acats)
    v.add("path", pcats)
    v.brands = brands
    v.target_words = list(hws) + pw
    v.anchor_words = words(l.anchor, limit=30) if l.anchor else []
    return v


_PCT_RUN = rx("SEO101.pct_run", r"(?:%[0-9A-Fa-f]{2})++", worst_case="%4")


def _decoded(pp: str) -> str:
    """Percent-escapes decoded, run by run (unquote over a whole page's joined paths is slow
    Python; only the escaped runs need it)."""
    if "%" in pp:
        try:
            return _PCT_RUN.sub(lambda m: unquote(m.group(0)), pp)
        except Exception:  # noqa: BLE001 - a broken escape is just text
            pass
    return pp


def _path_hit(pp: str) -> bool:
    """Cheap test: does a (lower-cased, decoded) URL path name a spam word anywhere?"""
    toks = _TOKEN.findall(pp)
    if not toks:
        return False
    if not spam_word_set().isdisjoint(toks):
        return True
    for t in toks:
        if len(t) > 12 and glued_fast(t):
            return True
    return not pp.isascii() and bool(text_categories(pp, limit=1))


def _trie_pattern(words) -> str:
    """A regex matching any of `words` (literals), written as a trie: each position costs one
    branch per distinct next character instead of one per word (8x faster than a flat
    alternation of a few hundred words)."""
    trie: dict = {}
    for w in words:
        d = trie
        for ch in w:
            d = d.setdefault(ch, {})
        d[""] = {}

    def build(d: dict) -> str:
        end = "" in d
        alts = [re.escape(ch) + build(d[ch]) for ch in sorted(k for k in d if k)]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if end else "")

    return build(trie) or "(?!x)x"


@lru_cache(maxsize=1)
def _glued_trie() -> re.Pattern:
    ws = [w for w in spam_word_set() if w.isascii() and len(w) >= 5]
    return rx("SEO101.glued_spam_trie", _trie_pattern(ws), worst_case="casin")


def glued_fast(text: str) -> bool:
    """:func:`detector.topic.glued_spam` (a spam word as a bare substring), on a trie regex."""
    return _glued_trie().search(text) is not None


def _hosts_may_name_spam(hosts: set[str]) -> bool:
    """Cheap test over all of a page's hosts at once: could any of them name a spam word?
    (A superset of what :func:`_host_info` finds: a spam word as a label piece, or glued
    inside one.) Most pages link no such host and skip the per-host look entirely."""
    joined = "\n".join(hosts)
    if not joined:
        return False
    if "xn--" in joined:
        return True
    if not spam_word_set().isdisjoint(_WORD.findall(joined)):
        return True
    return glued_fast(joined)


_SCHEME_HOST = rx("SEO101.scheme_host", r"^[^/\n]*+(?://[^/\n]*+)?+", re.MULTILINE, worst_case="a:/")


def spam_views(page: Page, ext: list[Link]) -> list[_LinkView]:
    """The external links that name a spam category, found with cheap prefilters: one pass
    over all anchors together, a set test per path, the cached verdict per host."""
    anchor_cats = texts_categories([l.anchor[:300] if l.source != "text" else "" for l in ext])
    # one test for all paths together (scheme and host cut off every line by one regex): the
    # spam tokens they contain; then a substring test per path, not a tokenisation per path
    common = COMMON_HOSTS
    joined = _decoded(_SCHEME_HOST.sub("", "\n".join("" if l.domain in common else l.url for l in ext)).lower())
    toks = set(_TOKEN.findall(joined))
    path_toks = toks & spam_word_set()
    path_toks.update(t for t in toks if len(t) > 12 and glued_fast(t))
    odd = not joined.isascii() and bool(text_categories(joined, limit=1))  # no-space scripts
    any_path = bool(path_toks) or odd
    any_host = _hosts_may_name_spam({l.host for l in ext})  # ... and one for all its hosts
    if not (anchor_cats or any_path or any_host):
        return []
    views = []
    for i, l in enumerate(ext):
        acats = anchor_cats.get(i)
        path_hit = False
        if any_path and l.domain not in common:
            pp = _decoded(_path_part(l.url)[:200].lower())
            path_hit = bool(pp) and (any(t in pp for t in path_toks) or (odd and _path_hit(pp)))
        if acats is None and not path_hit and not (any_host and _host_info(l.host, l.domain)[1]):
            continue  # nothing anywhere: skip the detailed look
        v = _spam_view(l, acats or {}, path_hit)
        if v is not None:
            views.append(v)
    return views


_INLINE = frozenset(("b", "strong", "em", "i", "u", "span", "font", "small", "big", "mark"))
_PARAGRAPH = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "center", "blockquote"))
ALONE_LEAD = 30  # characters of lead-in ("See also:") allowed around a link standing alone


def alone_in_paragraph(link: Link) -> bool:
    """Is the link the whole content of its paragraph (``<p>More: <a>...</a></p>``), the way a
    single injected link is slipped between a page's paragraphs? List items and table cells do
    not count (menus and blogrolls are built that way)."""
    node = link.node
    if node is None:
        return False
    try:
        up = node.parent
        depth = 0
        while up is not None and up.tag in _INLINE and depth < 3:
            up = up.parent
            depth += 1
        if up is None or up.tag not in _PARAGRAPH:
            return False
        text = up.text(strip=True)
        if len(text) > len(link.anchor) + ALONE_LEAD:
            return False
        return len(up.css("a")) == 1
    except Exception:  # noqa: BLE001 - a detached node is simply not alone
        return False


LONE_MIN = 4  # shape points of a lone keyword link that make a finding (see lone_links)
LONE_PLACED = 3  # placement points (linked once, anchor words nowhere else, own paragraph) that add to a spam link
LONE_MAX_ALONE = 2  # links standing alone in their paragraphs: more make a links page, not an insertion
LONE_CANDIDATES = 300  # once-linked external links examined per page
PAGE_WORDS_TEXT = 40000  # characters of page text searched for an anchor's words (head and tail)
LONE_ANCHOR = 60  # characters: a bought keyword is a short search phrase, not an article title
_CHROME = frozenset(("nav", "footer", "aside", "header"))
_NO_JUICE = ("nofollow", "sponsored", "ugc")


class LoneLink:
    """What the shape of one external link says, whatever the words of its anchor mean."""

    __slots__ = ("link", "score", "placed", "anchor_off", "alone", "slug", "junk", "region", "reasons")

    def __init__(self, link: Link) -> None:
        self.link = link
        self.score = 0
        self.placed = 0  # the points of its placement alone (no slug, no throwaway domain)
        self.anchor_off = self.alone = self.slug = False
        self.junk = 0
        self.region = "body"
        self.reasons: list[str] = []


class _PageWords:
    """Does the page use a word anywhere (title, headings, meta description, text)? A
    substring search for the word's stem in the lower-cased page (C speed), cached per stem:
    the cheap question lone_links() asks, without building the page's topic vector (which costs
    more than a millisecond a page). A stem found inside a longer word counts too (errs toward
    on-topic)."""

    __slots__ = ("low", "seen")

    def __init__(self, page: Page) -> None:
        parts = [page.title or "", " ".join(page.headings[:20]), meta(page, "description")]
        text = page.text
        parts.append(text if len(text) <= PAGE_WORDS_TEXT else text[:PAGE_WORDS_TEXT // 2] + "\n" + text[-PAGE_WORDS_TEXT // 2:])
        self.low = "\n".join(parts).lower()
        self.seen: dict[tuple[str, int], bool] = {}

    def more_than(self, s: str, k: int) -> bool:
        """Does the page hold `s` more than k times? (find() stops at the first hits: common
        words cost little.)"""
        key = (s, k)
        hit = self.seen.get(key)
        if hit is None:
            i = -1
            find = self.low.find
            for _ in range(k + 1):
                i = find(s, i + 1)
                if i < 0:
                    break
            hit = self.seen[key] = i >= 0
        return hit

    def share(self, ws, own: str = "") -> float:
        """Share of the words' stems found in the page beyond `own` (the link's own anchor
        text, when the page shows it)."""
        ss = {stem(w) for w in ws}
        if not ss:
            return 0.0
        mine = own in self.low if own else False
        return sum(1 for x in ss if self.more_than(x, own.count(x) if mine else 0)) / len(ss)


def lone_links(page: Page, ext: list[Link]) -> dict[int, LoneLink]:
    """Score the vocabulary-free shape of a single injected link: link.index -> LoneLink.

    A link bought for one keyword and slipped into a page (``<p>See also: <a
    href="https://x-shop.online/?q=buy-widgets">buy widgets</a></p>``) shows it in its shape,
    in any language and whatever its words:

    * it is the only link to its domain, passes ranking (no nofollow/sponsored/ugc), and its
      anchor is a short phrase (two content words or more, LONE_ANCHOR characters at most: a
      search phrase, not an article title) mostly off the page's topic, as is its
      target (domain and path words, the anchor's own words left out): the base point;
    * its anchor's words appear nowhere else on the page (+1);
    * it is a paragraph of its own, on a page with at most LONE_MAX_ALONE such links (+1);
    * the target's path spells the anchor, a page made for that keyword (+1);
    * the target domain looks throwaway: a TLD sold in bulk, digits in the name (+1 each),
      and +1 more when a keyword page sits on such a domain;
    * it sits in the page's navigation, header, footer or sidebar (-1: site chrome links
      sponsors and partners this way).

    Clean pages have lone links too (a credit line, a "Source:" link, a link to a friend's
    post), so each point is weak; LONE_MIN points are rare on clean pages (2 of 1,992 corpus
    pages) and common on injected ones. For a link that names spam, the placement points alone
    (``placed``: base, anchor nowhere else, own paragraph, minus chrome; LONE_PLACED of them)
    add one agreement, since its slug and domain shape already count there. Only links with a
    chance of reaching 3 points are scored (and get the DOM walk: paragraph, region); the others
    are left out of the result. "Alone" counts on a page where at most LONE_MAX_ALONE of the
    scored links stand alone in their paragraphs (more make a page of links).
    """
    if not page.is_html or not ext:
        return {}
    counts: dict[str, int] = {}
    for l in ext:
        counts[l.domain] = counts.get(l.domain, 0) + 1
    site = page.site
    cands = []
    for l in ext:
        a = l.anchor
        if (counts[l.domain] != 1 or l.source != "a" or len(a) > LONE_ANCHOR or " " not in a.strip()
                or (l.rel and any(x in l.rel for x in _NO_JUICE)) or l.domain in COMMON_HOSTS):
            continue
        cands.append(l)
    if not cands:
        return {}
    pw = _PageWords(page)
    out: dict[int, LoneLink] = {}
    walk: list[LoneLink] = []
    for l in cands[:LONE_CANDIDATES]:
        aw = words(l.anchor, limit=30)
        if len(aw) < 2:
            continue
        # the anchor's own words are in the text once: they must be somewhere else too
        a_over = pw.share(aw, l.anchor.lower())
        if a_over >= 0.34:
            continue
        anchor_off = a_over == 0
        slug = slug_echo(l.anchor, l.url)
        junk = throwaway_domain(l.domain)
        score = 1 + anchor_off + slug + junk + (slug and junk > 0)
        if score + 1 < LONE_MIN - 1:
            continue  # cannot count, even alone in its paragraph: skip the costlier checks
        ast = {stem(w) for w in aw}
        hws, _, _ = _host_info(l.host, l.domain)
        # the target's words without the anchor's (a path that echoes the anchor would make
        # the target look as on-topic as the injected anchor text itself)
        tw = [w for w in list(hws) + path_words(l.url, limit=15) if w not in STOPWORDS and stem(w) not in ast]
        if (tw and pw.share(tw) >= 0.34) or is_common_host(l.domain) or related_domains(site, l.domain):
            continue
        v = LoneLink(l)
        v.anchor_off, v.slug, v.junk, v.score = anchor_off, slug, junk, score
        out[l.index] = v
        walk.append(v)
    if len(walk) > MAX_CANDIDATES:
        walk = walk[:MAX_CANDIDATES]
    for v in walk:
        v.alone = alone_in_paragraph(v.link)
    n_alone = sum(v.alone for v in walk)
    for v in walk:
        v.placed = 1 + v.anchor_off
        if v.alone and n_alone <= LONE_MAX_ALONE:
            v.score += 1
            v.placed += 1
        v.region = page.region_of(v.link)
        if v.region in _CHROME:
            v.score -= 1
            v.placed -= 1
    for v in out.values():
        r = ["linked once", "anchor " + ("found nowhere else on the page" if v.anchor_off else "off the page's topic"),
             "target off the page's topic"]
        if v.alone and n_alone <= LONE_MAX_ALONE:
            r.append("a paragraph of its own")
        if v.slug:
            r.append("the target's path spells the anchor (a keyword page)")
        if v.junk:
            r.append("throwaway-looking domain" + (" (cheap TLD and digits)" if v.junk > 1 else ""))
        if v.region in _CHROME:
            r.append(f"in the page's {v.region} (site chrome)")
        v.reasons = r
    return out


OUTSIDE_SCAN = 20000  # characters of source searched before <html> and after </html>
_A_TAG = rx("SEO101.a_tag", r"<a\b[^<>]*+", re.IGNORECASE, worst_case="<a ")
_HREF_ATTR = rx("SEO101.href_attr", r"""\bhref\s*+=\s*+["']?+([^"'\s>]++)""", re.IGNORECASE, worst_case="href=")


def _hrefs(src: str, start: int, end: int) -> set[str]:
    out = set()
    for m in _A_TAG.finditer(src, start, end):
        h = _HREF_ATTR.search(m.group(0))
        if h:
            out.add(h.group(1))
    return out


def outside_hrefs(page: Page) -> frozenset[str]:
    """hrefs of links written outside the document: before ``<html>``/``<!doctype>`` or after
    ``</html>``. Parsers move them into the body, readers may see them, but no template puts
    them there: a broken plugin or an injected ``echo`` does. Cached on the page."""
    cached = page.__dict__.get("_outside_hrefs")
    if cached is not None:
        return cached
    src = page.source
    out: set[str] = set()
    low_head = src[:OUTSIDE_SCAN].lower()
    start = low_head.find("<html")
    dt = low_head.find("<!doctype")
    if dt >= 0 and (start < 0 or dt < start):
        start = dt
    if start > 0 and "href" in low_head[:start]:
        out |= _hrefs(src, 0, start)
    end = src.rfind("</html>", max(0, len(src) - OUTSIDE_SCAN))
    if end < 0:
        end = src.rfind("</HTML>", max(0, len(src) - OUTSIDE_SCAN))
    if end >= 0 and "href" in src[end:].lower():
        out |= _hrefs(src, end, len(src))
    res = frozenset(h.strip() for h in out)
    page.__dict__["_outside_hrefs"] = res
    return res


CLUSTER_GAP = 2  # links between two members of one cluster (by page order) ...
CLUSTER_CHARS = 400  # ... and characters of text between them


def _clusters(page: Page, views: list[_LinkView]) -> list[int]:
    """Group off-topic spam links that sit next to each other (in page order, a few links and
    a few hundred characters apart): an injected block or a comment flood. Sets each view's
    ``cluster`` to the number of distinct domains of its group; returns those sizes."""
    if len(views) < 3:
        return []
    vs = sorted(views, key=lambda v: v.link.index)
    groups: list[list[_LinkView]] = [[vs[0]]]
    for prev, v in zip(vs, vs[1:]):
        a, b = prev.link, v.link
        if b.index - a.index <= CLUSTER_GAP + 1 and 0 <= b.offset - a.offset <= CLUSTER_CHARS + len(a.anchor):
            groups[-1].append(v)
        else:
            groups.append([v])
    sizes = []
    for g in groups:
        n = len({v.link.domain for v in g})
        # a cluster of ordinary domains is a sponsor bar or a network's sister sites; bought
        # links show it in their shape (keyword paths, throwaway domains) unless there are many
        if n < 5 and sum(v.slug or v.junk > 0 for v in g) < 2:
            n = min(n, 2)
        for v in g:
            v.cluster = n
        sizes.append(n)
    return sizes


class OfftopicSpamLinks(Detector):
    """Outbound links whose anchor, domain or path names a spam category the page is not about.

    Finds links such as ``<a href="http://theatredb.com/">cialis online</a>`` hidden on a
    pharma-news blog, a replica-watch domain (``high-endrolex.com``) at the top and bottom of a
    human-rights interview, or comment links to online pharmacies on a knitting blog. Spam
    vocabulary comes from :mod:`detector.lexicons`; domain labels are segmented to find brands.

    Why it matters: injected links are the most common payload of SEO spam; they borrow the
    site's reputation for the attacker's pages and get the site penalised.

    Precision: a link of a spam category the page itself talks about (a watch blog linking
    rolex.com) is on-topic; social, sharing and feed hosts are ignored; ``rel=sponsored`` marks
    a disclosed ad; sister sites (a shared name) are not unrelated. Confidence grows with
    agreeing signals: hidden by a non-benign rule, inside comments, at the very top or bottom of
    a text record, outside the document, an anchor that fits the page while its target does not,
    spam words in both anchor and target, a keyword link (the target's path spells a spam
    anchor), a throwaway-looking domain, several such links side by side.

    Whatever the anchor's words mean (the attacker's keyword may be in no word list), a single
    inserted link also shows it in its shape (:func:`lone_links`): linked once, passing
    ranking, an anchor phrase whose words the page never uses, a target off the page's topic,
    a paragraph of its own, a target path that spells the anchor, a throwaway-looking domain.
    Enough of these together give a medium finding of their own ("lone keyword link"); fewer
    add to the agreement of a link that names spam.
    """

    id = "SEO101"
    name = "offtopic spam link"
    kind = "offtopic_link"
    features = (
        "spam_links_log",  # log1p(number of external links naming a spam category)
        "spam_link_share",  # those / external links
        "offtopic_spam_log",  # log1p(spam links whose category the page is not about)
        "anchor_spam_log",  # log1p(external links with spam terms in the anchor)
        "domain_spam_log",  # log1p(external links with spam words in the domain labels)
        "path_spam_log",  # log1p(external links with spam words in the path)
        "brand_domain_log",  # log1p(external links whose domain label contains an abused brand)
        "anchor_fits_target_not_log",  # log1p(anchor on the page's topic / spam, target unrelated)
        "offtopic_hidden_log",  # log1p(off-topic spam links hidden by a non-benign rule)
        "offtopic_comments_log",  # log1p(off-topic spam links in comments/trackbacks)
        "offtopic_edge",  # 1 if an off-topic spam link is the very first/last thing of the text
        "anchor_target_agree_log",  # log1p(links with spam words in both anchor and target)
        "sponsored_share",  # share of spam links marked rel=sponsored
        "nofollow_share",  # share of spam links marked nofollow/ugc
        "page_spam_category",  # 1 if the page's own content names a spam category
        "max_link_score",  # strongest agreement count over the off-topic spam links
        "offtopic_spam_domains_log",  # log1p(distinct off-topic domains whose name/path is spam)
        "keyword_link_log",  # log1p(off-topic links with a spam anchor that the target's path spells)
        "throwaway_target_share",  # share of off-topic spam links to throwaway-looking domains
        "spam_cluster_log",  # log1p(largest run of adjacent links to distinct off-topic spam domains)
        "throwaway_domains_log",  # log1p(distinct external domains that look throwaway), any vocabulary
        "throwaway_keyword_links_log",  # log1p(links to those whose path spells the anchor)
        "outside_document_log",  # log1p(off-topic spam links written before <html> or after </html>)
        "alone_spam_links_log",  # log1p(off-topic spam-anchor links that are a paragraph of their own)
        "lone_link_score",  # strongest lone_links() shape score of the links it scores (those that can reach 3), 0-7
        "lone_links_log",  # log1p(links whose lone-link shape score reaches LONE_MIN)
        "lone_spam_links_log",  # log1p(off-topic spam links placed like an inserted link: LONE_PLACED)
    )
    html_only = frozenset({"offtopic_hidden_log", "offtopic_comments_log", "sponsored_share",
                           "nofollow_share", "keyword_link_log", "throwaway_keyword_links_log",
                           "outside_document_log", "alone_spam_links_log",
                           "lone_link_score", "lone_links_log", "lone_spam_links_log"})

    def detect(self, page: Page):
        feats: dict[str, float] = {}
        ext = external_links(page)
        if not ext:
            return [], feats
        # vocabulary-free shape of the outbound links: throwaway-looking domains, and keyword
        # links to them (the path spells the anchor), whatever language the anchors are in
        junk = {d for d in {l.domain for l in ext} if throwaway_domain(d)}
        if junk:
            feats["throwaway_domains_log"] = math.log1p(len(junk))
            feats["throwaway_keyword_links_log"] = math.log1p(sum(
                1 for l in ext if l.domain in junk and l.source != "text" and slug_echo(l.anchor, l.url)))
        views = spam_views(page, ext)
        n_ext = len(ext)
        topic = page_topic(page) if views else None
        lone = lone_links(page, ext) if page.is_html else {}
        if page.is_html:
            feats["lone_link_score"] = float(max((v.score for v in lone.values()), default=0))
            feats["lone_links_log"] = math.log1p(sum(v.score >= LONE_MIN for v in lone.values()))
        if not views:
            return self._lone_findings(page, lone, set()), feats
        views = views[:MAX_CANDIDATES]
        pcats = page_categories(page)
        feats["page_spam_category"] = 1.0 if pcats else 0.0
        for v in views:
            l = v.link
            # on-topic by category: the page itself names it (a watch blog and 'rolex')
            v.foreign = any(c not in pcats for c in v.cats)
            tw = [w for w in v.target_words if w not in STOPWORDS]
            v.target_offtopic = topic.overlap(tw) < 0.34 if tw else True
            # min_weight: the anchor's own words are in the text once; they must be elsewhere too
            a_over = topic.overlap(v.anchor_words, min_weight=1.5) if v.anchor_words else 0.0
            v.anchor_fits = a_over >= 0.5
            tstems = {stem(w) for w in tw}
            astems = {stem(w) for w in v.anchor_words}
            target_spam = "domain" in v.parts or "path" in v.parts
            v.mismatch = bool(
                v.anchor_words and v.target_offtopic and not (astems & tstems) and (
                    # the anchor fits the page, the target is elsewhere (and names spam)
                    (v.anchor_fits and "anchor" not in v.parts)
                    # the anchor names spam, the target is an unrelated site (theatredb.com)
                    or ("anchor" in v.parts and not target_spam)
                )
            )
            v.hidden = bool(l.hidden) and not l.benign
            v.sponsored = "sponsored" in l.rel
            v.slug = l.source != "text" and slug_echo(l.anchor, l.url)
            v.junk = throwaway_domain(l.domain)
            if page.is_html:
                v.region = page.region_of(l)
                v.edge = l.source == "a" and _last_or_first_text(page.text, l)
            else:
                v.edge = _at_edge(page.text, l)
        if page.is_html:
            for v in views:
                if v.foreign and "anchor" in v.parts:
                    v.alone = alone_in_paragraph(v.link)
                lv = lone.get(v.link.index)
                if lv is not None and lv.link is v.link:
                    v.lone = lv.placed  # (its slug and domain shape count on their own below)
        outside = outside_hrefs(page) if page.is_html else frozenset()
        if outside:
            for v in views:
                v.outside = v.link.href in outside
        off = [v for v in views if v.foreign or (v.mismatch and v.target_offtopic)]
        site = page.site
        clusters = _clusters(page, [v for v in off if v.foreign and not related_domains(site, v.link.domain)])
        feats["spam_links_log"] = math.log1p(len(views))
        feats["spam_link_share"] = len(views) / n_ext
        feats["offtopic_spam_log"] = math.log1p(len(off))
        feats["anchor_spam_log"] = math.log1p(sum("anchor" in v.parts for v in views))
        feats["domain_spam_log"] = math.log1p(sum("domain" in v.parts for v in views))
        feats["path_spam_log"] = math.log1p(sum("path" in v.parts for v in views))
        feats["brand_domain_log"] = math.log1p(sum(bool(v.brands) for v in views))
        feats["anchor_fits_target_not_log"] = math.log1p(sum(v.mismatch for v in off))
        feats["offtopic_hidden_log"] = math.log1p(sum(v.hidden for v in off))
        feats["offtopic_comments_log"] = math.log1p(sum(v.region == "comments" for v in off))
        feats["offtopic_edge"] = 1.0 if any(v.edge for v in off) else 0.0
        feats["anchor_target_agree_log"] = math.log1p(
            sum("anchor" in v.parts and ("domain" in v.parts or "path" in v.parts) for v in off))
        feats["keyword_link_log"] = math.log1p(sum(v.slug and "anchor" in v.parts for v in off))
        feats["throwaway_target_share"] = sum(v.junk > 0 for v in off) / len(off) if off else 0.0
        feats["spam_cluster_log"] = math.log1p(max(clusters, default=0))
        feats["outside_document_log"] = math.log1p(sum(v.outside for v in off))
        feats["alone_spam_links_log"] = math.log1p(sum(v.alone for v in off))
        if page.is_html:
            feats["lone_spam_links_log"] = math.log1p(sum(v.lone >= LONE_PLACED and v.foreign for v in off))
        feats["sponsored_share"] = sum(v.sponsored for v in views) / len(views)
        feats["nofollow_share"] = sum(("nofollow" in v.link.rel or "ugc" in v.link.rel) for v in views) / len(views)
        covered = {v.link.index for v in off}
        findings = self._findings(page, off, feats) if off else []
        findings.extend(self._lone_findings(page, lone, covered))
        return findings, feats

    def _lone_findings(self, page: Page, lone: dict, covered: set) -> list[Finding]:
        """A finding per lone keyword link (lone_links) that no spam finding already covers."""
        out = []
        for idx, v in lone.items():
            if v.score < LONE_MIN or idx in covered:
                continue
            l = v.link
            sev, conf = ("medium", "medium") if v.score > LONE_MIN else ("medium", "low")
            ev = {
                "url": l.url[:500], "domain": l.domain, "anchor": l.anchor[:200], "where": "html",
                "offset": l.offset, "snippet": snippet(page.text, l.offset, l.offset + len(l.anchor)),
                "region": v.region, "count": 1, "shape_score": v.score,
            }
            if l.hidden:
                ev["hiding"] = l.hidden
            out.append(Finding(
                self.id, self.kind, sev, conf,
                f"lone keyword link to {l.domain}, shaped like an inserted one: " + "; ".join(v.reasons), ev))
        return out

    # ------------------------------------------------------------------ findings
    def _findings(self, page: Page, off: list[_LinkView], feats: dict) -> list[Finding]:
        n_comments = sum(v.region == "comments" for v in off)
        # Many distinct off-topic domains whose own name or path is spam: a clean page hardly
        # ever links five of them (comment floods, injected footers do).
        mass = {v.link.domain for v in off if v.foreign and ("domain" in v.parts or "path" in v.parts)}
        n_mass = len(mass)
        feats["offtopic_spam_domains_log"] = math.log1p(n_mass)
        domains_edges: dict[str, int] = {}
        for v in off:
            if v.edge:
                domains_edges[v.link.domain] = domains_edges.get(v.link.domain, 0) + 1
        by_domain: dict[str, list[_LinkView]] = {}
        for v in off:
            by_domain.setdefault(v.link.domain, []).append(v)
        findings = []
        best = 0
        for dom, vs in by_domain.items():
            v = max(vs, key=lambda x: (x.hidden, x.region == "comments", len(x.parts), x.mismatch))
            reasons = []
            agree = 0
            if v.hidden:
                agree += 2
                reasons.append(f"hidden ({v.link.hidden})")
            if v.outside:
                agree += 2
                reasons.append("written outside the document (before <html> or after </html>)")
            if any(x.region == "comments" for x in vs):
                agree += 1 + (n_comments >= 3)
                reasons.append("in comments" + (f" with {n_comments} other spam links" if n_comments >= 3 else ""))
            if domains_edges.get(dom):
                agree += 1 + (domains_edges[dom] >= 2)
                reasons.append("at the very top/bottom of the text" + (" (twice)" if domains_edges[dom] >= 2 else ""))
            if v.mismatch:
                agree += 1
                reasons.append("anchor fits the page or names spam while the target is unrelated"
                               if v.anchor_fits else "anchor names spam, target domain is unrelated to it")
            if "anchor" in v.parts and ("domain" in v.parts or "path" in v.parts):
                agree += 1
                reasons.append("spam words in both anchor and target")
            if v.brands and v.foreign:
                agree += 1
                reasons.append("abused brand in the domain label: " + ", ".join(b for b, _ in v.brands))
            if len(vs) >= 2 and "domain" in v.parts:
                agree += 1
                reasons.append(f"linked {len(vs)} times")
            if v.target_offtopic and v.foreign:
                agree += 1
            if n_mass >= MASS_DOMAINS and dom in mass:
                agree += 1
                reasons.append(f"one of {n_mass} distinct spam domains linked from the page")
            if v.slug and "anchor" in v.parts:
                agree += 1
                reasons.append("the target's path spells the anchor text (a keyword link)")
            if v.junk and v.foreign:
                agree += v.junk  # a cheap TLD, digits in the name: each a weak sign
                reasons.append("throwaway-looking domain" + (" (cheap TLD and digits)" if v.junk > 1 else ""))
            cl = max(x.cluster for x in vs)
            if cl >= 3:
                agree += 1 + (cl >= 5)
                reasons.append(f"one of {cl} adjacent links to distinct off-topic spam domains")
            lone_shape = v.lone >= LONE_PLACED and v.foreign and v.target_offtopic
            if lone_shape:
                # placed like an inserted link (lone_links), agreeing with the words
                agree += 1
                reasons.append("placed like an inserted link (linked once, a paragraph of its own, its anchor's "
                               "words nowhere else on the page)")
            if v.sponsored:
                agree -= 2
                reasons.append("marked rel=sponsored (a disclosed ad)")
            v.score = agree
            best = max(best, agree)
            # a keyword link: spam anchor, the target's path spelling it, a spam or throwaway target
            sister = related_domains(page.site, dom)
            # a nofollow link passes no ranking: an ad the owner placed, not a link bought for SEO
            # (comment links get nofollow too, but the comments region speaks for itself)
            juice = "nofollow" not in v.link.rel and not v.sponsored
            keyword = (v.slug and "anchor" in v.parts and ("domain" in v.parts or v.junk > 0) and v.foreign
                       and not sister and juice)
            if keyword:
                agree += 1
            # bought cheap and selling: a spam anchor, or a domain named for spam, of a category
            # the page is not about, on a throwaway-looking domain unrelated to the page
            both_ends = ("anchor" in v.parts or "domain" in v.parts) and v.foreign and v.target_offtopic \
                and v.junk > 0 and not sister and juice
            if v.alone and juice and not sister and v.target_offtopic:
                # a spam anchor that is its own paragraph: slipped between the page's paragraphs
                agree += 1
                reasons.append("a paragraph of its own, apart from the text around it")
            strong_place = (v.hidden or v.outside or any(x.region == "comments" for x in vs) or domains_edges.get(dom)
                            or (n_mass >= MASS_DOMAINS and dom in mass) or cl >= 3 or keyword or both_ends)
            only_shape = lone_shape and not strong_place
            strong_place = strong_place or lone_shape
            if agree >= 4 and strong_place and not only_shape:
                sev, conf = "high", "high"
            elif agree >= 3 and strong_place:
                sev, conf = "high", "medium"
            elif agree >= 3:
                sev, conf = "medium", "medium"
            elif agree >= 2:
                sev, conf = "medium", "low"
            else:
                sev, conf = "low", "low"
            cats = sorted(v.cats)
            why = "; ".join(reasons) if reasons else "spam vocabulary, page not about it"
            l = v.link
            ev = {
                "url": l.url[:500],
                "domain": l.domain,
                "anchor": l.anchor[:200],
                "where": "url" if l.source == "text" else "html",
                "offset": l.offset,
                "snippet": snippet(page.text, l.offset, l.offset + len(l.anchor)),
                "categories": cats,
                "spam_words": sorted({w for c in cats for w in v.cats[c]})[:10],
                "in": sorted(v.parts),
                "region": v.region,
                "count": len(vs),
            }
            if l.hidden:
                ev["hiding"] = l.hidden
            if l.rel:
                ev["rel"] = l.rel
            findings.append(Finding(
                self.id, self.kind, sev, conf,
                f"off-topic {'/'.join(cats)} link to {dom}: {why}", ev))
        feats["max_link_score"] = float(best)
        rank = {"high": 3, "medium": 2, "low": 1}
        findings.sort(key=lambda f: (-rank[f.severity], -rank[f.confidence]))
        return findings


_SEARCH_URL = rx(
    "SEO102.search_url",
    r"(?:/search|/query|/find|[?&](?:q|query|search|searchtext|find|keyword|keywords|kw|s|where|wd|k)=)",
    re.IGNORECASE,
    worst_case="/searc",
)
STRONG_HIDING = ("offscreen", "zero-size", "font-size", "clip", "text-indent", "overflow")


class OfftopicLinkBlock(Detector):
    """A block of links to many unrelated domains, hidden from readers, or a run naming spam.

    Finds link farms pasted into a page: a ``position:absolute; top:-9999px`` span holding a
    dozen casino links, a 1-pixel ``overflow:hidden`` div with a hundred links to other sites'
    search-result pages, a run of consecutive links to distinct domains that name spam. Each
    link's target is checked against the page's topic (:mod:`detector.topic`); social,
    sharing and feed hosts do not count.

    Why it matters: link blocks are how compromised pages are sold on link markets; hiding
    them from readers (and not from crawlers) is itself a sign of intent.

    Precision: news sites hide menus of their sister sites, and blogs collapse their blogrolls,
    so a hidden block of ordinary links is only a weak finding. It becomes strong when the
    block's links also name spam, or point to other sites' search pages (a known way to put
    spam words on reputable domains), or the block is hidden the way injected blocks are
    (off-screen, zero size) rather than the way menus are. Visible runs (blogrolls, link
    roundups) only give features, and a weak finding when their links name spam.

    In text records, where hrefs are gone, it finds the block by what its anchors leave: a run of
    short lines (or one line of separated phrases) that are mostly spam terms of a category the
    rest of the text is not about (``cheap viagra | payday loans | best slots | replica
    watches`` in a school's term-dates page). Prose that names drugs or casinos in sentences does
    not count. A single such line (``buy instagram followers`` between a dentist's opening
    hours and its address) is what one injected link leaves: a weaker finding of its own.
    """

    id = "SEO102"
    name = "off-topic link block"
    kind = "offtopic_link"
    features = (
        "run_max_domains_log",  # log1p(largest run of consecutive external links to distinct domains)
        "run_spam_share",  # share of that run's links naming spam (runs of 5+, else 0)
        "hidden_ext_links_log",  # log1p(external links inside non-benign hidden blocks)
        "hidden_block_domains_log",  # log1p(distinct domains in the largest such block)
        "hidden_block_offtopic_share",  # share of that block's links off the page's topic
        "hidden_block_spam_share",  # share of that block's links naming a spam category
        "hidden_block_search_share",  # share of that block's links to search-result pages
        "hidden_block_strong_rule",  # 1 if that block is hidden off-screen / at zero size
        "anchor_run_log",  # log1p(spam phrases in the largest run of short, term-dense lines, off topic; text records)
        "anchor_run_foreign",  # 1 if that run's categories are not the rest of the text's (text records)
        "lone_anchor_foreign",  # 1 if a line is one spam phrase named nowhere else, off topic (text records)
    )
    html_only = frozenset({"hidden_ext_links_log", "hidden_block_domains_log",
                           "hidden_block_offtopic_share", "hidden_block_spam_share",
                           "hidden_block_search_share", "hidden_block_strong_rule"})

    def detect(self, page: Page):
        feats: dict[str, float] = {}
        findings: list[Finding] = []
        # in HTML the links themselves say more (and cost nothing extra): text records only
        run = None if page.is_html else anchor_run(page)
        if run is not None:
            # a one- or two-line run next to words about fraud or enforcement is a headline
            # ("police warn of counterfeit pills"), not a stripped link block: no weight
            headline = run.lines <= 2 and spam_discussed(page, run.start, run.end)
            # only a run off the record's topic is evidence (a medicines page lists medicines)
            feats["anchor_run_log"] = math.log1p(run.n) if run.foreign and not headline else 0.0
            feats["anchor_run_foreign"] = 1.0 if run.foreign and not headline else 0.0
            if not page.is_html and run.foreign:
                findings.append(self._anchor_run_finding(page, run))
        lone = None if page.is_html or run is not None else lone_anchor(page)
        if lone is not None:
            hs, a, b = lone
            h = hs[0]
            phrase = page.text[h.start:hs[-1].end]
            feats["lone_anchor_foreign"] = 1.0
            findings.append(Finding(
                self.id, self.kind, "medium", "low",
                f"a line holding only the {h.category} phrase '{phrase[:60]}', named nowhere else in a text "
                f"not about it: what a single link leaves once its href is stripped", {
                    "where": "text", "offset": h.start, "categories": [h.category],
                    "terms": [x.term.lower() for x in hs], "snippet": snippet(page.text, a, b)}))
        links = page.links[:MAX_LINKS]
        if not links:
            return findings, feats
        # --- runs of consecutive external links to distinct, non-common domains
        best_run: list[Link] = []
        run: list[Link] = []
        seen: set[str] = set()
        site = page.site
        html = page.is_html
        common = COMMON_HOSTS
        for l in links:  # (one pass, attribute reads only: pages can have thousands of links)
            dom = l.domain
            if not dom or (html and l.source == "text"):
                continue
            ext = l.external
            if not (ext if ext is not None else dom != site):
                if run:
                    if len(run) > len(best_run):
                        best_run = run
                    run, seen = [], set()
                continue
            if dom in common or dom in seen:
                continue
            seen.add(dom)
            run.append(l)
        if len(run) > len(best_run):
            best_run = run
        if best_run:
            feats["run_max_domains_log"] = math.log1p(len(best_run))
        topic = None
        if len(best_run) >= 5:
            views = spam_views(page, best_run)
            feats["run_spam_share"] = len(views) / len(best_run)
            if len(views) >= 3 and len(views) >= 0.3 * len(best_run):
                pcats = page_categories(page)
                foreign = [v for v in views if any(c not in pcats for c in v.cats)]
                if len(foreign) >= 3:
                    l0 = foreign[0].link
                    findings.append(Finding(
                        self.id, self.kind, "medium", "low",
                        f"run of {len(best_run)} consecutive links to distinct domains, "
                        f"{len(foreign)} of them naming spam the page is not about", {
                            "domain": l0.domain, "url": l0.url[:500],
                            "where": "html" if page.is_html else "url",
                            "offset": l0.offset, "snippet": snippet(page.text, l0.offset, l0.offset + 200),
                            "domains": sorted({v.link.domain for v in foreign})[:20], "count": len(best_run),
                        }))
        # --- external links inside non-benign hidden blocks
        if page.is_html and page.hidden_blocks:
            blocks = []
            n_hidden = 0
            for hb in page.hidden_blocks:
                if hb.benign or not hb.links:
                    continue
                ext = [l for l in hb.links if is_external(page, l) and not is_common_host(l.domain)]
                n_hidden += len(ext)
                if ext:
                    blocks.append((hb, ext))
            feats["hidden_ext_links_log"] = math.log1p(n_hidden)
            if blocks:
                hb, ext = max(blocks, key=lambda b: len({l.domain for l in b[1]}))
                findings.extend(self._hidden_block(page, hb, ext, feats, topic))
        return findings, feats

    def _anchor_run_finding(self, page: Page, run: "AnchorRun") -> Finding:
        cats = sorted(run.foreign)
        strong = (run.n >= 4 or run.lines >= 3) and (len(run.terms) >= 3 or len(run.cats) >= 2)
        sev, conf = ("high", "high") if strong else ("high", "medium") if run.n >= 3 else ("medium", "medium")
        about = ""
        if run.lines <= 2 and spam_discussed(page, run.start, run.end):
            # one or two lines next to words about fraud or enforcement: a headline ("police
            # warn of counterfeit pills"), not a stripped link block
            sev, conf, about = "low", "low", "; but words about spam, fraud or enforcement stand next to it (a headline?)"
        return Finding(
            self.id, self.kind, sev, conf,
            f"{run.n} short spam phrases ({', '.join(sorted(run.terms)[:4])}) in a run of {run.lines} "
            f"line(s) with little else, naming {'/'.join(cats)} the rest of the text is not about: "
            f"the shape of a link block once its markup is stripped{about}", {
                "where": "text", "offset": run.start, "count": run.n, "categories": cats,
                "terms": sorted(run.terms)[:10], "snippet": snippet(page.text, run.start, run.end),
            })

    def _hidden_block(self, page: Page, hb, ext: list[Link], feats: dict, topic) -> list[Finding]:
        doms = {l.domain for l in ext}
        feats["hidden_block_domains_log"] = math.log1p(len(doms))
        strong_rule = hb.rule.startswith(STRONG_HIDING) and "css:" not in hb.rule
        feats["hidden_block_strong_rule"] = 1.0 if strong_rule else 0.0
        searchy = [l for l in ext if _SEARCH_URL.search(l.url, l.url.find("//") + 2)]
        feats["hidden_block_search_share"] = len(searchy) / len(ext)
        views = spam_views(page, ext)
        feats["hidden_block_spam_share"] = len(views) / len(ext)
        if len(doms) < 2:
            return []
        topic = topic or page_topic(page)
        off = [l for l in ext if _offtopic(topic, l)]
        feats["hidden_block_offtopic_share"] = len(off) / len(ext)
        off_doms = {l.domain for l in off}
        if len(off_doms) < 2 or len(off) < 0.6 * len(ext):
            return []
        reasons = []
        if len(views) >= 2 or (views and len(views) >= 0.3 * len(ext)):
            cats = sorted({c for v in views for c in v.cats})
            reasons.append(f"{len(views)} naming {'/'.join(cats)}")
        if len(searchy) >= 3 and len(searchy) >= 0.3 * len(ext) and len({l.domain for l in searchy}) >= 3:
            reasons.append(f"{len(searchy)} pointing to other sites' search pages")
        if strong_rule and len(off_doms) >= 4:
            reasons.append(f"hidden the way injected blocks are ({hb.rule})")
        if len(reasons) >= 2 or (reasons and len(off_doms) >= 5):
            sev, conf = "high", "high"
        elif reasons:
            sev, conf = "high", "medium"
        else:
            sev, conf = "medium", "low"
        l0 = (views[0].link if views else ext[0])
        return [Finding(
            self.id, self.kind, sev, conf,
            f"hidden block ({hb.rule}) of {len(ext)} links to {len(doms)} domains unrelated to the page"
            + (": " + "; ".join(reasons) if reasons else ""), {
                "domain": l0.domain, "url": l0.url[:500], "where": "html",
                "offset": hb.offset, "hiding": hb.rule,
                "snippet": (hb.text or l0.anchor)[:300],
                "domains": sorted(off_doms)[:20], "count": len(ext),
            })]


ANCHOR_LINE = 90  # a line this short that is mostly a spam term reads like a link's anchor
ANCHOR_DENSITY = 0.4  # share of a line's characters that spam terms cover
RUN_GAP = 1  # other lines allowed between two anchor-like lines of one run
OWN_TOPIC_HITS = 3  # hits of a category outside the run that make it the text's own topic


_SENTENCE_END = frozenset(".!?。！？")


def _prose(line: str, hs: list, offset: int) -> bool:
    """Do the words between a line's spam terms read as a sentence (three or more function
    words: "and", "are", "for"), rather than as separators between anchors?"""
    rest = []
    pos = offset
    for h in hs:
        rest.append(line[max(0, pos - offset):max(0, h.start - offset)])
        pos = h.end
    rest.append(line[max(0, pos - offset):])
    return sum(w in STOPWORDS for w in " ".join(rest).lower().split()) >= 3


LONE_LINE = 60  # a line this short that is nearly all one spam phrase: a lone link's anchor
LONE_DENSITY = 0.6  # share of the line's characters that the phrase covers
LONE_MAX_HITS = 12  # more spam terms than this: a run, or a page about the subject


_TRIM = ".,;:!?()[]\"'«»“”"
# Words that introduce a link rather than say anything ("Visit", "Source:", "Related", "See"):
# the boilerplate around an anchor, in the languages most injected anchors are written in.
_LINK_WORDS = frozenset(
    """
    visit source sources related recommended sponsored sponsor sponsors partner partners check see also
    besuchen besuche quelle siehe weitere empfohlen visitez voir aussi lire partenaire partenaires
    visita visite fuente fonte ver leer leia veja vedi leggi anche bezoek bron zie lees zobacz czytaj
    więcej źródło посетите смотрите источник читать далее
    """.split()
)


@lru_cache(maxsize=1)
def _seller_words() -> frozenset[str]:
    """One-word selling cues (buy, order, cheap, günstig...): words spam anchors wrap their phrase in."""
    from detector.detectors.spam_text import _sales_cues  # noqa: PLC0415 - that module imports more

    return frozenset(c for c in _sales_cues() if " " not in c)


_LEAD_IN = rx("SEO102.lead_in", r"\A[^:\n]{1,20}+:\s*+", worst_case="a")


def lone_anchor(page: Page):
    """A line of a text record that holds one spam phrase and little else, of a category named
    nowhere else in the record and not discussed: what a single injected link (a footer credit,
    a sidebar entry, "See also: ...") leaves once its href is gone. The phrase is one strong
    term, or weak terms of one category that add up to one ("xanax" and "no prescription"); a
    short lead-in ending in a colon, link boilerplate ("Read more about") and a seller's words
    ("order", "cheap") do not count against it. Returns (the line's hits, line
    start, line end) or None. A menu item of a pharmacy or a casino review's heading is on its
    record's topic; a sentence that names the phrase is prose, not an anchor."""
    hits = lexicons.page_terms(page)
    if not hits or len(hits) > LONE_MAX_HITS:
        return None
    text = page.text
    by_cat: dict[str, int] = {}
    for h in hits:
        by_cat[h.category] = by_cat.get(h.category, 0) + 1
    by_line: dict[int, list] = {}
    for h in hits:
        by_line.setdefault(text.rfind("\n", 0, h.start) + 1, []).append(h)
    topic = None  # the page's own categories: computed only for a line that passes the cheap tests
    for a, hs in by_line.items():
        cats = {h.category for h in hs}
        if len(cats) != 1:
            continue
        cat = cats.pop()
        if by_cat[cat] != len(hs) or sum(h.weight for h in hs) < 1.0:
            continue  # named elsewhere too, or only one weak word
        b = text.find("\n", hs[-1].end)
        b = len(text) if b < 0 else b
        line = text[a:b].strip()
        if not line or len(line) > LONE_LINE:
            continue
        lead = _LEAD_IN.match(line)
        if lead and lead.end() <= min(h.start for h in hs) - a:
            line = line[lead.end():]
        # link boilerplate ("Read more about", "here") and a seller's words ("order", "buy",
        # "cheap") belong to an anchor: only the other words count against the phrase
        terms = " ".join(h.term.lower() for h in hs)
        bare = sum(len(w) for w in (t.strip(_TRIM) for t in line.lower().split())
                   if w and w not in STOPWORDS and w not in _LINK_WORDS and w not in _seller_words() and w not in terms)
        bare += sum(len(h.term) - h.term.count(" ") for h in hs)
        covered = sum(len(h.term) - h.term.count(" ") for h in hs)
        if bare <= 0 or covered < LONE_DENSITY * bare:
            continue
        if topic is None:
            topic = page_categories(page)
        # the category is named nowhere else: a page about the law (police, a regulator)
        # does not discuss it, a page about hacked sites or words next to the line do
        if cat in topic or spam_discussed(page, a, b):
            continue
        return hs, a, b
    return None


class AnchorRun:
    __slots__ = ("n", "lines", "start", "end", "terms", "cats", "foreign")

    def __init__(self) -> None:
        self.n = self.lines = 0
        self.start = self.end = 0
        self.terms: set[str] = set()
        self.cats: set[str] = set()
        self.foreign: set[str] = set()


def anchor_run(page: Page) -> AnchorRun | None:
    """The largest run of consecutive lines that are mostly spam phrases: what a block of
    injected links (``cheap cialis | replica rolex | payday loans``, one anchor per list item,
    or anchors run together in a comment) leaves in extracted text, where hrefs are gone.

    Uses the shared lexicon scan of the text (:func:`lexicons.page_terms`); a page with fewer
    than three spam terms costs nothing more. Cached on the page.
    """
    cached = page.__dict__.get("_anchor_run", False)
    if cached is not False:
        return cached
    page.__dict__["_anchor_run"] = None
    hits = lexicons.page_terms(page)
    if len(hits) < 3:
        return None
    text = page.text
    # group the hits by line
    lines: list[tuple[int, int, list]] = []  # (line start, line end, hits)
    for h in hits:
        if lines and h.start < lines[-1][1]:
            lines[-1][2].append(h)
            continue
        a = text.rfind("\n", 0, h.start) + 1
        b = text.find("\n", h.end)
        lines.append((a, len(text) if b < 0 else b, [h]))
    best: AnchorRun | None = None
    cur: AnchorRun | None = None
    prev_end = -1
    for a, b, hs in lines:
        line = text[a:b]
        # characters that are not separators, and those the terms cover (C-speed counts)
        bare = len(line) - line.count(" ") - line.count("|") - line.count(",") - line.count("\t") - line.count("·")
        covered = sum(len(h.term) - h.term.count(" ") for h in hs)
        listy = bare > 0 and covered >= ANCHOR_DENSITY * bare and (len(hs) >= 2 or len(line) <= ANCHOR_LINE)
        if listy and len(line) > 40 and line.rstrip()[-1:] in _SENTENCE_END and _prose(line, hs, a):
            listy = False  # a sentence that happens to name drugs or casinos, not a list of anchors
        if not listy:
            cur = None
            continue
        if cur is None or text.count("\n", prev_end, a) > RUN_GAP + 1:
            cur = AnchorRun()
            cur.start = a
        cur.n += len(hs)
        cur.lines += 1
        cur.end = b
        for h in hs:
            cur.terms.add(h.term.lower())
            cur.cats.add(h.category)
        prev_end = b
        if best is None or cur.n > best.n:
            best = cur
    if best is None or best.n < 2 or len(best.terms) < 2:
        return None
    outside: dict[str, int] = {}
    for h in hits:
        if not best.start <= h.start < best.end:
            outside[h.category] = outside.get(h.category, 0) + 1
    best.foreign = {c for c in best.cats if outside.get(c, 0) < OWN_TOPIC_HITS}
    page.__dict__["_anchor_run"] = best
    return best


def _offtopic(topic, l: Link) -> bool:
    """Does the link's target (domain and path words) stay clear of the page's topic?

    Anchors are not asked: injected anchors often echo the page's words on purpose.
    """
    hws, _, _ = _host_info(l.host, l.domain)
    tw = list(hws)
    tw.extend(path_words(l.url, limit=15))
    return (topic.overlap(tw) if tw else 0.0) < 0.34


class SpamBrandSite(Detector):
    """The page's own domain names an abused brand or spam category its content is not about.

    Finds pages such as a human-rights interview served from ``high-endrolex.com``: a domain
    bought for its brand keyword, filled with scraped or unrelated text, and used to pass its
    links on. The domain label is segmented to find the brand; the content topic comes from the
    title, headings, meta description and text.

    Why it matters: such pages are doorways, and the off-topic content is there to look
    legitimate to search engines.

    Precision: only a hint (low confidence): a domain that merely contains a brand-like word
    (``omega-fishing.com``) and talks about something else is common. The identity used (record
    URL, canonical, inferred from links) is stated in the evidence.
    """

    id = "SEO103"
    name = "spam-brand domain, unrelated content"
    kind = "offtopic_link"
    features = (
        "own_domain_spam",  # 1 if the page's own domain label names a spam category/brand
        "own_domain_spam_offtopic",  # ... and the content does not talk about it
    )

    def detect(self, page: Page):
        feats: dict[str, float] = {}
        host = page.host
        basis = "url" if getattr(page, "_record_url", None) else "canonical"
        if not host:
            return [], feats
        ws, cats, brands = _host_info(host)
        if not cats:
            return [], feats
        feats["own_domain_spam"] = 1.0
        pcats = page_categories(page)
        if all(c in pcats for c in cats):
            return [], feats
        feats["own_domain_spam_offtopic"] = 1.0
        cl = sorted(cats)
        return [Finding(
            self.id, self.kind, "medium", "low",
            f"the page's own domain {page.site} names {'/'.join(cl)} "
            f"({', '.join(sorted({w for c in cl for w in cats[c]}))}) but its content does not", {
                "domain": page.site, "url": (page.url or "")[:500], "where": "url",
                "identity": basis, "categories": cl,
                "snippet": (page.title or page.text[:200])[:300],
            })], feats


__all__ = ["OfftopicSpamLinks", "OfftopicLinkBlock", "SpamBrandSite"]
