"""What a page is about, and whose it is: a cheap topic vector and site identity.

Two detector families ask the same two questions:

* **offtopic links** (SEO1xx): does this outbound link (its domain, path and anchor) belong
  to the page's topic?
* **parasite pages** (SEO5xx): does the page's content belong to the site it is hosted on?

Both are answered with a bag of word stems, built from the views the :class:`Page` already
has, never from a walk over the DOM:

* :func:`page_topic`: the page's *content*: title, headings, meta description and keywords,
  ``og:title``, and a sample of the visible text (title and headings weigh more);
* :func:`site_identity`: the site's *identity*: the host's labels (segmented:
  ``high-endrolex`` -> high, end, rolex), ``og:site_name``, ``application-name``, the site
  part of the title (``... | Site Name``) and the anchors of internal links (the navigation).
  Its ``basis`` says honestly where the host came from: the record URL, the page's canonical
  (or og:url, base), an inferred dominant link domain, or nothing.

Words are normalised into short stems (lower case, a plural ``s`` dropped, cut to 5
characters), so that *pharmacy*, *pharma* and *pharmaceutical*, or *casino* and *casinos*,
meet; text in scripts written without spaces (Chinese, Japanese, Thai, ...) becomes
character bigrams. This is deliberately crude: it only has to tell "about the same thing"
from "about something else", and it costs a few regex passes over short strings.

:func:`url_words` splits a URL into host words and path words; :func:`spam_categories`
says which spam categories (:mod:`detector.lexicons`) a set of words or a text names. Both
are cached per host, because pages repeat their link domains.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from detector import lexicons
from detector.domains import registered_domain, split_host, url_path
from detector.patterns import alternation, rx

# Letters only (no digits, no underscore); possessive, so it never backtracks.
_WORD = rx("topic.word", r"[^\W\d_]{2,}+", worst_case="a1")

BODY_SAMPLE = 5000  # characters of visible text that go into the content topic
MAX_NAV_ANCHORS = 150
STEM_LEN = 5

# Function words and web boilerplate in the languages most of the web is written in. They
# carry no topic; leaving them in would make every two pages "similar".
STOPWORDS = frozenset(
    """
    the and for with from that this are was were has have had not but you your our their his
    her its they them she him who what when where which why how all any can will would could
    should may might must about into over under more most other some such than then there
    these those also just only very out off per via get got new now one two use used using
    here like been being does did done make made see way well back each many much own same
    der die das und ist ein eine einer eines einem den dem des mit von auf für fur sich nicht
    auch als wie bei oder nach aus noch nur wird werden wurde sind war hat haben kann mehr zum
    zur vom über uber dass wenn aber ich sie wir ihr mein dein sein unser euer diese dieser
    les des une est que qui dans pour pas par sur sont avec plus aux ses leur cette mais
    son ont été etre être tout nous vous ils elle elles
    los las del una que por con para como más mas sus pero este esta esto sobre entre
    nos han ser son fue era muy sin todo
    dei della delle che per con una sono nel nella gli non più piu alla come anche
    het een van dat voor met zijn niet ook aan bij als maar
    http https www com net org html htm php asp aspx jsp cgi index default page pages home
    html5 amp nbsp quot url link links click here read more www2 html_ en de fr es it nl
    blog blogs post posts article articles category categories tag tags archive archives
    search login logout signin sign register account contact about privacy policy terms
    cookie cookies imprint impressum menu main top next previous prev print share email
    comment comments reply feed rss atom site sites web website online com
    """.split()
)

# Hosts that almost every page links to (sharing, social profiles, app stores, feeds,
# licences, search, encyclopedias, shorteners). A link to one of these says nothing about
# the page's topic, in either direction. Platforms that host *users'* sites (blogspot,
# wordpress.com, ...) are not here: a user's subdomain there is a site of its own.
COMMON_HOSTS = frozenset(
    """
    facebook.com fb.com twitter.com x.com t.co instagram.com linkedin.com pinterest.com
    youtube.com youtu.be vimeo.com tiktok.com flickr.com reddit.com digg.com delicious.com
    stumbleupon.com technorati.com tumblr.com xing.com vk.com ok.ru weibo.com qq.com
    line.me whatsapp.com wa.me t.me telegram.me telegram.org discord.gg discord.com
    snapchat.com threads.net mastodon.social bsky.app
    google.com google.de google.co.uk goo.gl g.co apple.com itunes.apple.com microsoft.com
    bing.com yahoo.com baidu.com yandex.ru yandex.com naver.com daum.net
    wikipedia.org wikimedia.org wiktionary.org archive.org creativecommons.org w3.org
    schema.org mozilla.org wordpress.org github.com gitlab.com
    feedburner.com feedly.com bloglines.com gravatar.com disqus.com addthis.com
    sharethis.com addtoany.com doubleclick.net googlesyndication.com amazon.com amzn.to
    bit.ly ow.ly tinyurl.com paypal.com adobe.com spotify.com soundcloud.com
    """.split()
)

# Scripts written without spaces between words: their runs become character bigrams.
_NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x9FFF),  # CJK
    (0xF900, 0xFAFF),
)


def _no_space_script(ch: str) -> bool:
    o = ord(ch)
    return o >= 0x0E00 and any(lo <= o <= hi for lo, hi in _NO_SPACE_RANGES)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Crude, language-neutral stem: lower case, plural ``s`` dropped, first 5 letters."""
    w = word.lower()
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w[:STEM_LEN]


def words(text: str, limit: int = 4000) -> list[str]:
    """Content words of a text, lower-cased, stopwords dropped; no-space scripts as bigrams."""
    if not text:
        return []
    low = text.lower()
    toks = _WORD.findall(low)
    if len(toks) > limit:
        del toks[limit:]
    if low.isascii():
        return [w for w in toks if len(w) >= 3 and w not in STOPWORDS]
    out: list[str] = []
    for w in toks:
        if _no_space_script(w[0]):
            n = min(len(w), 200)
            if n == 2:
                out.append(w)
            for i in range(n - 1):
                out.append(w[i:i + 2])
        elif (len(w) >= 3 or (len(w) == 2 and not w.isascii())) and w not in STOPWORDS:
            out.append(w)
    return out


def stems(ws) -> list[str]:
    return [stem(w) for w in ws]


@dataclass(slots=True)
class Topic:
    """A bag of stems with the spam categories its words name, and where it came from."""

    bag: Counter = field(default_factory=Counter)
    sources: list[str] = field(default_factory=list)
    basis: str = ""  # for a site identity: url | canonical | inferred | name | none
    host: str = ""
    name: str = ""  # a text record's site name (text_site_name), when it has no host
    categories: dict = field(default_factory=dict)  # spam category -> number of hits
    _norm: float = -1.0

    def add(self, ws, weight: float = 1.0) -> None:
        for s in stems(ws):
            self.bag[s] += weight

    @property
    def norm(self) -> float:
        if self._norm < 0:
            self._norm = math.sqrt(sum(v * v for v in self.bag.values()))
        return self._norm

    def __contains__(self, s: str) -> bool:
        return s in self.bag

    def __bool__(self) -> bool:
        return bool(self.bag)

    def overlap(self, ws, min_weight: float = 0.0) -> float:
        """Share of the given words whose stem this topic has with more than `min_weight`
        (0 when there are none). A `min_weight` of 1.5 ignores words seen once in the text
        sample: the words' own occurrence when they come from the page itself (an anchor)."""
        ss = {stem(w) for w in ws}
        if not ss:
            return 0.0
        bag = self.bag
        return sum(1 for s in ss if bag.get(s, 0.0) > min_weight) / len(ss)


def similarity(a: Topic, b: Topic) -> float:
    """Cosine similarity of two topics' stem bags (0 when either is empty)."""
    if not a.bag or not b.bag:
        return 0.0
    small, big = (a.bag, b.bag) if len(a.bag) <= len(b.bag) else (b.bag, a.bag)
    dot = sum(v * big.get(k, 0.0) for k, v in small.items())
    return dot / (a.norm * b.norm) if dot else 0.0


# ---------------------------------------------------------------------- spam vocabulary
# Words that name a spam category on their own but are neither a lexicon brand nor a
# one-word lexicon term (the lexicon lists "online pharmacy", not "pharmacy"). Kept short and
# unambiguous on purpose: generic words of multi-word terms ("buy", "online", "paper") are not.
_CATEGORY_WORDS = {
    "pharmacy": "pharma", "pharmacies": "pharma", "pharmacie": "pharma", "farmacia": "pharma",
    "drugstore": "pharma", "apotheke": "pharma",
    "replica": "counterfeit", "replicas": "counterfeit", "replique": "counterfeit",
    "knockoff": "counterfeit", "knockoffs": "counterfeit",
    "gambling": "gambling", "casino": "gambling", "casinos": "gambling", "cassino": "gambling",
    "kasyno": "gambling", "jackpot": "gambling", "sportwetten": "gambling",
}


@lru_cache(maxsize=1)
def _spam_words() -> dict[str, str]:
    """Single words that name a spam category by themselves (brand and drug names, 'casino',
    'replica', 'pharmacy'): the lexicon's brands and one-word terms, plus a few category words.
    """
    out: dict[str, str] = {}
    for b, cat in lexicons.brands().items():
        out.setdefault(b, cat)
    for cat, terms in lexicons.terms_by_category().items():
        for t in terms:
            t = t.lower()
            if " " in t or "-" in t:
                continue
            if len(t) >= 4 or not t.isascii():
                out.setdefault(t, cat)
    for w, cat in _CATEGORY_WORDS.items():
        out.setdefault(w, cat)
    return out


@lru_cache(maxsize=1)
def _word_categories() -> dict[str, str]:
    """Token -> category for the single-token scan of :func:`text_categories`: a spam word,
    a one-word lexicon term, or (when neither) the plural of a spam word of 4+ letters."""
    sw = _spam_words()
    spaced = _term_index()[0]
    out = {w + "s": c for w, c in sw.items() if len(w) >= 4}
    out.update((k, c) for k, c in spaced.items() if " " not in k)
    out.update(sw)
    return out


@lru_cache(maxsize=1)
def spam_word_set() -> frozenset[str]:
    """The single spam words, with their plural forms, as a set (for C-speed set tests)."""
    ws = set(_spam_words())
    ws.update(w + "s" for w in list(ws) if w.isascii() and len(w) >= 4)
    return frozenset(ws)


@lru_cache(maxsize=1)
def _glued_regex():
    """Spam words as bare substrings (for domain labels and URL tokens written without
    separators: ``bestonlinecasinos777``). Only a prefilter: hits are confirmed by segmenting."""
    ws = [w for w in _spam_words() if w.isascii() and len(w) >= 5]
    return rx("topic.glued_spam_words", alternation(ws, boundary=False) if ws else r"(?!x)x",
              worst_case="casin")


def glued_spam(token: str) -> bool:
    """Cheap test: does a label or URL token contain a spam word anywhere?"""
    return _glued_regex().search(token) is not None


def _word_category(w: str) -> str | None:
    sw = _spam_words()
    c = sw.get(w)
    if c is None and len(w) > 4 and w.endswith("s"):
        c = sw.get(w[:-1])
    return c


def spam_categories(ws) -> dict[str, list[str]]:
    """Spam categories named by single words (category -> the words)."""
    out: dict[str, list[str]] = {}
    for w in ws:
        c = _word_category(w)
        if c:
            out.setdefault(c, []).append(w)
    return out


_TOKEN = rx("topic.token", r"[^\W_]++", worst_case="a_")


def _nospace_run(term: str) -> str:
    """A no-space-script term as it is searched for: letters, digits and combining marks,
    spaces and punctuation dropped. Marks must stay: Thai writes vowels and tones as marks
    (U+0E47 in สล็อต), which are not word characters, so joining word tokens would search
    for a spelling no page uses."""
    return "".join(ch for ch in term if unicodedata.category(ch)[0] in "LNM")


@lru_cache(maxsize=1)
def _term_index() -> tuple[dict, dict, int, dict]:
    """The lexicon's terms indexed for a fast scan (see :func:`text_categories`).

    Returns (space-separated terms -> category, their first words, the longest term in
    words, no-space-script terms -> (category, their set of characters)).
    """
    spaced: dict[str, str] = {}
    firsts: dict[str, int] = {}
    longest = 1
    nospace: dict[str, tuple[str, frozenset]] = {}
    for cat, terms in lexicons.terms_by_category().items():
        for t in terms:
            t = t.lower()
            if any(_no_space_script(ch) for ch in t):
                run = _nospace_run(t)
                if len(run) >= 2:
                    nospace.setdefault(run, (cat, frozenset(run)))
                continue
            toks = _TOKEN.findall(t)
            if not toks:
                continue
            key = " ".join(toks)
            spaced.setdefault(key, cat)
            firsts[toks[0]] = max(firsts.get(toks[0], 0), len(toks))
            longest = max(longest, len(toks))
    return spaced, firsts, longest, nospace


def text_categories(text: str, limit: int = 400) -> dict[str, list[str]]:
    """Spam categories a text names (category -> the terms/words found).

    A fast scan written for this module (the lexicon's own regex is too slow for page-sized
    text): words are looked up in the single-word spam vocabulary, word n-grams starting with a
    term's first word in the lexicon's multi-word terms, and terms in scripts written without
    spaces are found by their character bigrams (all present in the text: approximate, cheap).
    """
    out: dict[str, list[str]] = {}
    if not text:
        return out
    spaced, firsts, longest, nospace = _term_index()
    low = text.lower()
    toks = _TOKEN.findall(low)
    counts = Counter(toks)
    # single words: the few distinct tokens that name a category, found by one C-level set
    # intersection, then taken in the order they first occur
    word_cat = _word_categories()
    hits = counts.keys() & word_cat.keys()
    if hits:
        if len(hits) <= 32:  # a few list searches in C
            order = sorted(hits, key=toks.index)
        else:  # many: one pass, so that a huge page of spam words stays linear
            first: dict[str, int] = {}
            for i, t in enumerate(toks):
                if t in hits and t not in first:
                    first[t] = i
            order = sorted(hits, key=first.__getitem__)
        for tok in order:
            if tok[0] >= "\u0e00" and _no_space_script(tok[0]):
                continue  # found below, as substrings
            out.setdefault(word_cat[tok], []).extend([tok] * min(counts[tok], limit))
    starts = not counts.keys().isdisjoint(firsts)
    # multi-word terms: only at the positions of a term's first word
    if starts:
        sw = _spam_words()
        n = len(toks)
        covered = -1
        for i in [i for i, t in enumerate(toks) if t in firsts]:
            if i <= covered:
                continue
            for w in range(min(firsts[toks[i]], n - i), 1, -1):
                key = " ".join(toks[i:i + w])
                cat = spaced.get(key)
                if cat:
                    out.setdefault(cat, []).append(key)
                    for part in toks[i:i + w]:  # counted once, as the term
                        pc = sw.get(part)
                        if pc and part in out.get(pc, ()):
                            out[pc].remove(part)
                    covered = i + w - 1
                    break
    if nospace and not low.isascii():
        for term, cat in _nospace_terms_in(low):
            cnt = low.count(term)
            if cnt:
                out.setdefault(cat, []).extend([term] * min(cnt, 20))
    out = {c: v for c, v in out.items() if v}
    if limit:
        for c in out:
            if len(out[c]) > limit:
                del out[c][limit:]
    return out


def _nospace_terms_in(low: str) -> list[tuple[str, str]]:
    """No-space-script terms whose characters all occur in the text (to be checked exactly)."""
    _sp, _f, _l, nospace = _term_index()
    chars = set(low)
    firsts = _nospace_firsts()
    hit = chars.intersection(firsts)
    if not hit:
        return []
    return [(t, nospace[t][0]) for ch in hit for t in firsts[ch] if nospace[t][1] <= chars]


@lru_cache(maxsize=1)
def _nospace_firsts() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t in _term_index()[3]:
        out.setdefault(t[0], []).append(t)
    return out


def texts_categories(texts: list[str]) -> dict[int, dict[str, list[str]]]:
    """Spam categories of many short texts (anchors), by index; only those that name one.

    One pass over all of them finds the few that can match (a spam word, the first word of
    a multi-word term, or every bigram of a no-space term); only those are scanned.
    """
    if not texts:
        return {}
    spaced, firsts, _longest, nospace = _term_index()
    sw = _spam_words()
    low = [t.lower() for t in texts]
    joined = "\n".join(low)
    trig = []  # words and terms that occur somewhere in the anchors
    by_first = _terms_by_first()
    for tok in set(_TOKEN.findall(joined)):
        if tok in sw or tok in spaced or (len(tok) > 4 and tok[-1] == "s" and tok[:-1] in sw):
            trig.append(tok)
        elif tok in firsts:
            trig.extend(t for t in by_first[tok] if t in joined)
    if not joined.isascii():
        trig.extend(t for t, _c in _nospace_terms_in(joined) if t in joined)
    if not trig:
        return {}
    out: dict[int, dict[str, list[str]]] = {}
    for i, t in enumerate(low):
        if any(w in t for w in trig):
            cats = text_categories(t, limit=20)
            if cats:
                out[i] = cats
    return out


@lru_cache(maxsize=1)
def _terms_by_first() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in _term_index()[0]:
        if " " in key:
            out.setdefault(key.split(" ", 1)[0], []).append(key)
    return out


def category_counts(text: str, limit: int = 400) -> dict[str, int]:
    """How often a text names each spam category (see :func:`text_categories`)."""
    return {c: len(v) for c, v in text_categories(text, limit=limit).items()}


# ---------------------------------------------------------------------- URLs
_HOST_NOISE = frozenset("www www1 www2 www3 m mobile amp en de fr es it nl pl pt ru ja zh cn blog blogs web".split())


@lru_cache(maxsize=65536)
def host_words(host: str, domain: str = "") -> tuple[str, ...]:
    """Words of a host's owner-chosen labels (subdomains and domain), segmented.

    ``www.high-endrolex.com`` -> (high, end, rolex); the public suffix is left out. Pass the
    host's registered `domain` when it is known (a Link has it) to skip the suffix lookup.
    """
    if not host:
        return ()
    if domain and "." in domain and (host == domain or host.endswith("." + domain)):
        sub = host[: -len(domain) - 1] if host != domain else ""
        dom = domain.split(".", 1)[0]
    else:
        sub, dom, _suf = split_host(host)
    labels = [l for l in sub.split(".") if l and l not in _HOST_NOISE] if sub else []
    if dom:
        labels.append(dom)
    out: list[str] = []
    for lab in labels:
        if lab.startswith("xn--"):
            try:
                lab = lab.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                continue
            out.extend(words(lab))
            continue
        for piece in _WORD.findall(lab):
            # Segmenting costs; only labels that contain a spam word need it. Unsegmented
            # labels still meet the page's topic through their 5-letter stem.
            if len(piece) > 5 and glued_spam(piece):
                out.extend(w for w in lexicons.segment_label(piece) if len(w) >= 3 and w not in STOPWORDS)
            elif len(piece) >= 3 and piece not in STOPWORDS:
                out.append(piece)
    return tuple(out)


def path_words(url: str, limit: int = 40) -> list[str]:
    """Words of a URL's path and query (decoded); long unbroken tokens are segmented."""
    rest = url_path(url, 400)
    if not rest:
        return []
    out: list[str] = []
    for w in words(rest, limit=limit):
        if len(w) > 12 and w.isascii() and glued_spam(w):
            out.extend(p for p in lexicons.segment_label(w) if len(p) >= 3)
        else:
            out.append(w)
    return out[:limit]


def is_common_host(domain: str) -> bool:
    """A registered domain nearly every site links to (social, sharing, feeds, app stores)."""
    return domain in COMMON_HOSTS


# ---------------------------------------------------------------------- page views
def meta(page, name: str) -> str:
    """``page.meta(name)`` from a dict built once per page (Page.meta scans every <meta>)."""
    m = getattr(page, "_topic_meta", None)
    if m is None:
        m = {}
        for d in page.metas:
            key = (d.get("name") or d.get("property") or d.get("http-equiv") or "").lower()
            if key and key not in m:
                m[key] = d.get("content") or ""
        page._topic_meta = m
    return m.get(name, "")


_TITLE_SEPS = (" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " · ")


def title_site_part(page, host: str | None = None) -> str:
    """The site-name part of the title ('Article | Site Name' or 'Site Name - Article'), only
    when it agrees with the host's words or og:site_name (otherwise '... - no deposit casino
    bonus' would pass for a site name)."""
    title = page.title or ""
    if not title:
        return ""
    if host is None:
        host = identity_host(page)[0]
    ref = {stem(w) for w in host_words(host)} if host else set()
    ref.update(stem(w) for w in words(meta(page, "og:site_name")))
    if not ref:
        return ""
    for sep in _TITLE_SEPS:
        if sep in title:
            for cand in (title.rpartition(sep)[2], title.partition(sep)[0]):
                tw = {stem(w) for w in words(cand)}
                if tw and tw & ref and len(cand) < len(title):
                    return cand
    return ""


def page_topic(page) -> Topic:
    """The page's content topic (cached on the page)."""
    cached = getattr(page, "_topic_content", None)
    if cached is not None:
        return cached
    t = Topic()
    title_main = ""
    if page.is_html:
        title_main = page.title or ""
        site_part = title_site_part(page)
        if site_part:
            title_main = title_main.replace(site_part, " ")
        if title_main:
            t.add(words(title_main), 3.0)
            t.sources.append("title")
        heads = " ".join(page.headings[:10])
        if heads:
            t.add(words(heads), 2.0)
            t.sources.append("headings")
        desc = " ".join(x for x in (meta(page, "description"), meta(page, "keywords"),
                                    meta(page, "og:title"), meta(page, "og:description")) if x)
        if desc:
            t.add(words(desc[:2000]), 2.0)
            t.sources.append("meta")
    text = page.text
    if text:
        sample = text if len(text) <= BODY_SAMPLE else text[:BODY_SAMPLE // 2] + "\n" + text[-BODY_SAMPLE // 2:]
        if page.is_html:
            # Text hidden by a non-benign rule is not what the page shows: an injected block
            # must not make its own links look on-topic.
            for hb in page.hidden_blocks[:50]:
                if not hb.benign and len(hb.text) >= 20 and hb.text in sample:
                    sample = sample.replace(hb.text, " ")
        else:
            name = text_site_name(page)  # the site's name is who it is, not what the page says
            if name:
                sample = sample.replace(name, " ")
        t.add(words(sample))
        t.sources.append("text")
    page._topic_content = t
    return t


_NAME_SEPS = rx("topic.name_seps", r" [|\u2013\u2014:\u00ab\u00bb\u00b7/-]{1,2}+ |[|\uff5c\u3010\u3011]", worst_case=" | ")
_URL_LIKE = rx("topic.url_like", r"/|@|\bwww\.|\.[a-z]{2,6}+\Z", worst_case="www")  # an address, not a name
NAME_TOP_LINES = 3  # non-empty lines at the top of a text record where a site names itself
NAME_BOTTOM_LINES = 3  # and at its bottom (the footer, the copyright line)
NAME_MIN, NAME_MAX = 4, 60  # characters of a site name


def _edge_lines(text: str, top: bool, n: int) -> list[str]:
    """The first (or last) `n` non-empty lines among a text's first (or last) 2,000 characters,
    stripped, in reading order (a line cut by the window's edge is left out at the bottom)."""
    chunk = text[:2000] if top else text[-2000:]
    lines = chunk.split("\n")
    if not top:
        if len(text) > 2000:
            lines = lines[1:]  # the first line of the tail chunk may be cut
        lines.reverse()
    out: list[str] = []
    for ln in lines:
        ln = ln.strip()
        if ln:
            out.append(ln)
            if len(out) >= n:
                break
    return out if top else out[::-1]


def text_site_name(page) -> str:
    """The site's name in a text record that has no URL: a short piece of one of its first
    lines (the title's site part, the header's brand) that comes back in one of its last lines
    (the footer, the copyright line). A site says its name at both ends; a doorway planted on
    it keeps the host's header and footer. "" when no piece does, and for HTML pages and
    records with a URL (their host names the site)."""
    if page.is_html or page.url:
        return ""
    cached = getattr(page, "_text_site_name", None)
    if cached is not None:
        return cached
    name = ""
    text = page.text
    top = _edge_lines(text, True, NAME_TOP_LINES)
    bottom = _edge_lines(text, False, NAME_BOTTOM_LINES)
    # a record of a few lines has no header and footer apart from its body
    if len(text) > 4000 or sum(1 for ln in text.split("\n") if ln.strip()) >= NAME_TOP_LINES + NAME_BOTTOM_LINES:
        tail = "\n".join(bottom[-NAME_BOTTOM_LINES:]).lower()
        for line in top:
            for piece in _NAME_SEPS.split(line):
                piece = piece.strip(" .,;:!?()[]")
                if (NAME_MIN <= len(piece) <= NAME_MAX and piece.lower() in tail and _WORD.search(piece)
                        and not _URL_LIKE.search(piece)):
                    name = piece
                    break
            if name:
                break
    page._text_site_name = name
    return name


def identity_host(page) -> tuple[str, str]:
    """(host, basis) of the site identity: the record URL, else canonical-like, else inferred."""
    if getattr(page, "_record_url", None):
        return page.host, "url"
    if page.host:
        return page.host, "canonical"
    if page.site:
        return page.site, "inferred" if page.site_inferred else "canonical"
    return "", "none"


# folders that hold files, never a site's navigation: a link into them is a planted page's
_FILE_DIRS = rx("topic.file_dirs", r"/(?:wp-content/uploads|wp-includes|uploads?|cache|tmp|temp)/", re.IGNORECASE,
                worst_case="/uploads/")


def _path_only(url: str) -> str:
    p = url_path(url)
    return p.split("?", 1)[0].split("#", 1)[0]


def navigation_anchors(page, limit: int = MAX_NAV_ANCHORS) -> list[str]:
    """Anchor texts of the site's own navigation: its internal links, except links to the
    page's own path with another query (a doorway links to its fellow doorways, which say
    what the planted pages are about, not who the site is) and links into file folders
    (uploads, cache: a site's menu never points there, a planted network does)."""
    own = _path_only(page.url) if page.url else ""
    nav: list[str] = []
    for l in page.links:
        if l.external is False and l.anchor and l.source == "a":
            path = _path_only(l.url)
            if (own and path == own and "?" in l.url) or _FILE_DIRS.search(path):
                continue
            nav.append(l.anchor[:80])
            if len(nav) >= limit:
                break
    return nav


def site_identity(page) -> Topic:
    """Who the site says it is (cached on the page). See the module docstring."""
    cached = getattr(page, "_topic_identity", None)
    if cached is not None:
        return cached
    t = Topic()
    host, basis = identity_host(page)
    t.basis = basis
    t.host = host
    if host:
        hw = host_words(host)
        if hw:
            t.add(hw, 3.0)
            t.sources.append(f"host ({basis})")
    if not host:
        name = text_site_name(page)
        if name:
            t.add(words(name), 3.0)
            t.sources.append("site name at the top and bottom of the text")
            t.basis = "name"
            t.name = name
    if page.is_html:
        names = " ".join(x for x in (meta(page, "og:site_name"), meta(page, "application-name")) if x)
        if names:
            t.add(words(names), 3.0)
            t.sources.append("og:site_name")
        site_part = title_site_part(page, host)
        if site_part:
            t.add(words(site_part), 2.0)
            t.sources.append("title site part")
        nav = navigation_anchors(page)
        if nav:
            t.add(words(" \n ".join(nav), limit=600), 0.5)
            t.sources.append("internal link anchors")
    page._topic_identity = t
    return t


def site_of_host(host: str) -> str:
    return registered_domain(host) if host else ""


try:  # register the lexicon-built pattern now, so that the pattern tests see it
    _glued_regex()
except Exception:  # noqa: BLE001 - a lexicon being edited must not break imports
    pass
