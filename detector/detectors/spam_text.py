"""Spam text (SEO4xx): spam vocabulary where the page's owner would not put it.

Spam words alone prove nothing: a casino review site talks about casinos, a health site
about sildenafil, a Korean shop sells things in Korean. Every detector here therefore counts
spam vocabulary only *together with* a second signal: the text is hidden, sits in a comment
section, is in a script block foreign to the page, is off the page's own topic (title,
description, headings, URL), is stuffed or word salad, or sits on a throwaway subdomain of a
blogging platform. No feature encodes a page's language or script on its own.

SEO407 needs no spam vocabulary at all: a block dense with selling cues (calls to action, prices,
discounts, delivery promises, in many languages; ``detector/data/sales_cues.txt``) that shares
few words with the rest of its page, agreeing with spam terms, a switch of language or script,
or a chatbot's preamble next to it. It is how injected spam we have never seen still shows.

One analysis per page (:func:`analyse`) is shared by the detector classes below, so the
lexicon scan runs once (:func:`detector.lexicons.page_terms`).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _resources

from detector import lexicons as L
from detector import literals as _literals
from detector.context import discussed, spam_discussed
from detector.detectors import Detector
from detector.findings import Finding, snippet
from detector.page import Page
from detector.patterns import rx

GROUPS = {
    "gambling": "gambling", "pharma": "pharma", "adult": "adult",
    "loans": "finance", "crypto_scam": "finance",
    "counterfeit": "goods", "outlet": "goods", "essay": "essay", "engagement": "engagement",
}
GROUP_NAMES = ("gambling", "pharma", "adult", "finance", "goods", "essay", "engagement")
FUNCTION_WORDS = frozenset("""
a an the of to in and or is are was were be been being for on with as at by from that this
these those it its he she they we you i his her their our my your me him them us not no but
have has had will would can could do does did there which who whom what when where if so
than then into about all some such only also just very more most any each other out up
""".split())


def _log(x: float) -> float:
    return math.log1p(max(0.0, x))


# ---------------------------------------------------------------------------- topic
_TOPIC_TOKEN = rx("SEO401.topic_token", f"[{L._WORDCH}]++", worst_case="ab")


@lru_cache(maxsize=1)
def _topic_words() -> tuple[dict[str, set[str]], tuple[tuple[str, frozenset], ...]]:
    """Topic words per category (topics.txt): word-spaced ones by word, the others (CJK,
    Thai, Hangul) as substrings."""
    by_word: dict[str, set[str]] = {}
    for line in L._read_lines("topics.txt"):
        parts = line.split()
        if len(parts) < 2 or parts[0] not in L.CATEGORIES:
            continue
        for w in parts[1:]:
            by_word.setdefault(w.lower(), set()).add(parts[0])
    spaced = {w: c for w, c in by_word.items() if L._WORDCH_RE.fullmatch(w[0]) and _TOPIC_TOKEN.fullmatch(w)}
    glued = tuple((w, frozenset(c)) for w, c in by_word.items() if w not in spaced)
    return spaced, glued


TEXT_HEAD = 200  # a text record's first characters stand in for the title and headings it lost
RUN_GAP = 300  # spam terms closer than this belong to one run (one pasted paragraph or link block)
RUN_MAX = 1500  # a run longer than this is the page talking about its subject, not a paste
MIN_REST = 80  # text after the run that it can be foreign to (a record that is all spam is about spam)


def _head_is_topic(page: Page) -> bool:
    """Whether a text record's first lines may define its topic. They are the nearest thing to a
    title, but an injection can sit there too (a record cut just below a planted link block or
    spam paragraph): spam vocabulary in the head counts as the topic only when the record names
    the same category again after the run of spam that starts there ends, or when that run
    goes on for longer than a pasted paragraph, as a page really about pills or loans does. A
    record with little else than that run is about it: there is nothing it could be foreign to."""
    hits = L.page_terms(page)
    head_cats = {h.category for h in hits if h.start < TEXT_HEAD}
    if not head_cats:
        return True
    end = 0
    for i, h in enumerate(hits):
        if h.start > end + RUN_GAP and h.start >= TEXT_HEAD:
            if any(x.category in head_cats for x in hits[i:]):
                return True
            break
        end = max(end, h.end)
        if end > RUN_MAX:
            return True
    else:
        if len(page.text) - end < MIN_REST:
            return True
    # the rest of the record talks about the head's subject in plain words (a thread titled
    # "Payday loans - I've got six" goes on about debt, lenders and repayments); a spam
    # paragraph pasted above an article about something else is followed by nothing of it
    return _rest_names_subject(page.text[end:end + REST_SAMPLE], head_cats)


REST_SAMPLE = 6000  # characters after a head run read for its subject's plain words
REST_TOPIC_WORDS = 2  # distinct topic words of the head's category that make it the subject


def _rest_names_subject(rest: str, cats: set[str]) -> bool:
    """Whether `rest` names REST_TOPIC_WORDS distinct topic words (topics.txt) of one of `cats`."""
    if not rest or not cats:
        return False
    named = topic_words_by_category(rest.lower())
    return any(len(named.get(c, ())) >= REST_TOPIC_WORDS for c in cats)


def topic_categories(page: Page) -> tuple[set[str], dict[str, float], str]:
    """Categories the page is *about*: from spam terms and topic words in its title,
    description, headings and URL. Returns (categories, spam profile of the topic, text)."""
    parts = [page.title, page.meta("description"), page.meta("og:title"), page.meta("keywords")[:300]]
    if page.is_html:
        parts.extend(page.headings[:8])
    elif _head_is_topic(page):
        parts.append(page.text[:TEXT_HEAD])
    if page.url:
        parts.append(_url_words(page.url, page.host))
    text = "\n".join(p for p in parts if p).lower()[:2000]
    prof = L.spam_profile(text)
    cats = set(prof) | topic_word_categories(text)
    return cats, prof, text


def topic_word_categories(text: str) -> set[str]:
    """Spam categories whose plain topic words (``topics.txt``: health, pharmacy, lottery,
    bank, college...) the lower-cased text names: as tokens, and as substrings in scripts
    written without spaces."""
    return set(topic_words_by_category(text))


def topic_words_by_category(text: str) -> dict[str, set[str]]:
    """The topic words (``topics.txt``) the lower-cased text names, by category."""
    out: dict[str, set[str]] = {}
    if not text:
        return out
    spaced, glued = _topic_words()
    for w in set(_TOPIC_TOKEN.findall(text)):
        for c in spaced.get(w, ()):
            out.setdefault(c, set()).add(w)
    if not text.isascii():
        for w, cs in glued:
            if w in text:
                for c in cs:
                    out.setdefault(c, set()).add(w)
    return out


# ---------------------------------------------------------------------------- links
_LINK_SEP = "\n\x00\n"  # no term can match across it (terms stretch over whitespace only)


_PCT_RUN = rx("SEO401.percent_run", r"(?:%[0-9A-Fa-f]{2})++", worst_case="%4")


def _decode_pct(m) -> str:
    try:
        return bytes.fromhex(m.group(0).replace("%", "")).decode("utf-8", "replace")
    except ValueError:
        return m.group(0)


def _url_words(url: str, host: str) -> str:
    """The words of a URL for spam matching: host words (labels segmented only when they
    contain a spam stem) and the path and query, percent-decoded when needed."""
    words = " ".join(L.spam_host_words(host)) if host else ""
    i = url.find("//")
    j = url.find("/", i + 2) if i >= 0 else -1
    if j >= 0:
        path = url[j:j + 1200]
        if "+" in path:
            path = path.replace("+", " ")
        if "%" in path:
            path = _PCT_RUN.sub(_decode_pct, path)
        words += " " + path[:250]
    return words


def _link_text(link) -> str:
    """What a link says: its anchor, the words of its host, and its decoded path and query."""
    return (link.anchor[:150] + " | " + _url_words(link.url or "", link.host)).replace("\u2029", " ")


def spam_links(page: Page, links) -> list[tuple[object, dict[str, float], int]]:
    """(link, spam profile, strong terms) for the given links whose anchor or URL carries
    spam terms.

    One lexicon pass over all their distinct texts joined, so a 500-link page costs one
    regex scan."""
    links = [l for l in links if not l.code]
    if not links:
        return []
    texts = [_link_text(l) for l in links]
    distinct = list(dict.fromkeys(texts))
    joined = _LINK_SEP.join(distinct)
    starts = []
    pos = 0
    for t in distinct:
        starts.append(pos)
        pos += len(t) + len(_LINK_SEP)
    profs: dict[int, dict[str, float]] = {}
    strong: Counter = Counter()
    for h in L.find_terms(joined):
        k = bisect_left(starts, h.start + 1) - 1
        prof = profs.setdefault(k, {})
        prof[h.category] = prof.get(h.category, 0.0) + h.weight
        if h.weight >= 1.0:
            strong[k] += 1
    if not profs:
        return []
    by_text = {distinct[k]: (p, strong[k]) for k, p in profs.items()}
    out = []
    for l, t in zip(links, texts):
        got = by_text.get(t)
        if got is not None:
            out.append((l, dict(got[0]), got[1]))
    return out


def _is_external(link, page: Page) -> bool:
    if link.external is not None:
        return bool(link.external)
    return bool(link.domain) and link.domain != page.site


# ---------------------------------------------------------------------------- analysis
_LIST_LINE = rx(
    "SEO404.keyword_list",
    r"\n([^\n,，、]{2,80}+(?:[,，、][ \t\u3000]*+[^\n,，、]{2,80}+){7,}+)",
    worst_case="\nab, cd",
)
_SALAD = rx(
    "SEO405.lowercase_stretch",
    r"\n((?:[a-z][a-zA-Z' ,.]{3,200}+\n){12,}+|[a-z][a-zA-Z' ,.;:]{400,}+(?=\n))",
    worst_case="\nab cd",
)
_LIST_SPLIT = rx("SEO404.list_split", r"[,，、]", worst_case=",")
_WORD_ANYCASE = rx("SEO405.word", r"[A-Za-z']++", worst_case="a'")
# auto-generated account names: words joined by hyphens plus a number (auto-door16814), or
# a word and a long number (shop-2093845)
_DIGITS_LABEL = rx("SEO406.throwaway_label",
                   r"\A(?:[a-z]++(?:-[a-z]++)++-?[0-9]{4,}+|[a-z]++-?[0-9]{5,}+)\Z",
                   worst_case="a-")


# Words of a text that talks *about* spam, hacking or fraud (a security article, a news story
# on SEO spam, a help page on cleaning a hacked site), in the languages of the lexicons.
class Analysis:
    """Everything the SEO4xx detectors need, computed once per page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        text = page.text
        self.n = len(text)
        self.hits = L.page_terms(page)
        self.topic, self.topic_profile, self.topic_text = topic_categories(page)
        self.total = sum(h.weight for h in self.hits)
        self.strong = sum(1 for h in self.hits if h.weight >= 1.0)
        self.by_cat: Counter = Counter()
        for h in self.hits:
            self.by_cat[h.category] += h.weight
        self.offtopic = sum(h.weight for h in self.hits if h.category not in self.topic)
        self.starts = [h.start for h in self.hits]
        self._hidden()
        self._links()

    # spans -------------------------------------------------------------------
    def hits_in(self, start: int, end: int) -> list[L.TermHit]:
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end)
        return self.hits[i:j]

    def _hidden(self) -> None:
        self.hidden = []  # (block, hits, spam-link profiles)
        page = self.page
        if not page.is_html or not page.hidden_blocks:
            return
        blocks = [hb for hb in page.hidden_blocks if hb.text or hb.links]
        # one lexicon pass over the outbound links of every hidden block
        ext = [l for hb in blocks for l in hb.links if _is_external(l, page)]
        by_block: dict[int, list] = {}
        for item in (spam_links(page, ext) if ext else []):
            by_block.setdefault(item[0].block, []).append(item)
        for hb in blocks:
            hits = self.hits_in(hb.offset, hb.offset + len(hb.text)) if hb.offset >= 0 and hb.text else []
            sl = by_block.get(hb.id, [])
            if hits or sl:
                self.hidden.append((hb, hits, sl))

    def _links(self) -> None:
        page = self.page
        ext = [l for l in page.links if _is_external(l, page)]
        self.n_ext = len(ext)
        self.ext_spam = spam_links(page, ext[:3000])
        # links to hosts named after a brand that spam abuses (high-endrolex.com), off topic
        b = L.brands()
        self.ext_brand_off = 0
        for l in ext[:3000]:
            if l.host and not l.code:
                cats = {b[w] for w in L.spam_host_words(l.host) if w in b}
                if cats and not cats & self.topic:
                    self.ext_brand_off += 1

    # helpers -----------------------------------------------------------------
    def off(self, prof: dict[str, float]) -> float:
        return sum(w for c, w in prof.items() if c not in self.topic)


def analyse(page: Page) -> Analysis:
    a = page.__dict__.get("_seo4_analysis")
    if a is None:
        a = Analysis(page)
        page.__dict__["_seo4_analysis"] = a
    return a


def _profile(hits) -> dict[str, float]:
    out: dict[str, float] = {}
    for h in hits:
        out[h.category] = out.get(h.category, 0.0) + h.weight
    return out


def _merge(*profs) -> dict[str, float]:
    out: dict[str, float] = {}
    for p in profs:
        for c, w in p.items():
            out[c] = out.get(c, 0.0) + w
    return out


def _cats(prof: dict[str, float]) -> str:
    return ", ".join(c for c, _ in sorted(prof.items(), key=lambda kv: -kv[1]))


# ---------------------------------------------------------------------------- SEO401
MAX_BLOCK_FINDINGS = 20


class SpamInContext(Detector):
    """SEO401 spam vocabulary in hidden text or off the page's topic.

    Finds gambling, pharma, adult, loan, essay-mill, counterfeit, outlet, crypto-scam and
    fake-engagement (bought followers, backlinks) vocabulary (``detector/data/lexicons``, many languages) where the page's owner would not
    put it: inside hidden elements (with the hidden links' anchors and URLs), or in visible
    text about a subject the page's title, description, headings and URL are not about.
    Why it matters: injected link blocks and doorway text are hidden so that readers do not
    see them while search engines do. A casino review site that talks about casinos is on
    its own topic and gets no finding here. Example: a knitting blog with
    ``<div style="display:none">buy cialis online ...</div>``.

    Features: ``density`` and per group (``gambling``, ``pharma``, ``adult``, ``finance``,
    ``goods``, ``essay``, ``engagement``): log1p of 10 x weighted terms per 1000 characters, counting terms
    off the page's topic only (a page's subject is no evidence); ``offtopic_share``:
    share of that weight off the page's topic; ``hidden_spam``, ``hidden_spam_offtopic``, ``hidden_spam_links``: in hidden
    (non-UI) blocks, and off topic there; ``ext_spam_links``, ``ext_spam_share``,
    ``ext_spam_offtopic``: outbound links whose anchor or URL carries spam;
    ``ext_brand_offtopic``: outbound links to hosts named after an abused brand, off topic;
    ``offtopic_discussed``: share of the off-topic weight next to words about spam, hacking or
    fraud (an article about SEO spam quotes what it warns against).
    """

    id = "SEO401"
    name = "spam-in-context"
    kind = "spam_text"
    features = ("density", "gambling", "pharma", "adult", "finance", "goods", "essay", "engagement",
                "offtopic_share", "hidden_spam", "hidden_spam_offtopic",
                "hidden_spam_links", "ext_spam_links", "ext_spam_share", "ext_spam_offtopic",
                "ext_brand_offtopic", "offtopic_discussed")
    html_only = frozenset({"hidden_spam", "hidden_spam_offtopic", "hidden_spam_links"})

    def detect(self, page: Page):
        a = analyse(page)
        findings: list[Finding] = []
        per_k = 1000.0 / max(a.n, 1000)
        # densities count spam off the page's topic only: a page about pills or casinos names
        # them by right, and a page's subject alone is no evidence of tampering
        by_group: Counter = Counter()
        for c, w in a.by_cat.items():
            if c not in a.topic:
                by_group[GROUPS.get(c, c)] += w
        hidden_w = hidden_off = hidden_links = 0.0
        extra = 0
        for hb, hits, sl in a.hidden:
            prof = _merge(_profile(hits), *[p for _, p, _ in sl])
            w = sum(prof.values())
            strong = sum(1 for h in hits if h.weight >= 1.0) + sum(1 for _, _, k in sl if k)
            off = a.off(prof)
            dens = 1000.0 * sum(h.weight for h in hits) / max(len(hb.text), 300)
            if hb.benign:
                w, off = w / 2, off / 2
            hidden_w += w
            hidden_off += off
            hidden_links += len(sl)
            if not strong or w < 1.0:
                continue
            if len(findings) >= MAX_BLOCK_FINDINGS:
                extra += 1
                continue
            n_links = len(sl)
            n_strong_links = sum(1 for _, _, k in sl if k)
            if hb.benign:
                sev, conf = "medium", "low"
            elif off >= 2 and strong >= 2 and (n_strong_links >= 2 or (off >= 3 and dens >= 1.0)):
                sev, conf = "high", "high"
            elif off >= 1 and (n_strong_links or dens >= 0.5):
                sev, conf = "high", "medium"
            else:
                sev, conf = "medium", "low"
            first = hits[0] if hits else None
            ev = {"where": "text", "hiding": hb.rule, "benign": hb.benign, "categories": _cats(prof),
                  "count": len(hits) + n_links, "links": n_links}
            if first is not None:
                ev["offset"] = first.start
                ev["snippet"] = snippet(page.text, first.start, first.end)
            elif sl:
                l0 = sl[0][0]
                ev.update(snippet=snippet(l0.anchor + " " + l0.url, 0, 0, pad=150), url=l0.url[:500], domain=l0.domain)
            if sl:
                ev.setdefault("url", sl[0][0].url[:500])
                ev.setdefault("domain", sl[0][0].domain)
            on = "" if off >= 1 else " (on the page's own topic)"
            findings.append(Finding(self.id, self.kind, sev, conf,
                                    f"{_cats(prof)} spam hidden by {hb.rule}{on}: "
                                    f"{len(hits)} term(s), {n_links} spam link(s)", ev))
        if extra:
            findings[-1].evidence["more_blocks"] = extra
        # visible, off-topic spam that clusters (a paragraph, not a scattered word)
        if not findings and a.offtopic >= 3 and a.strong >= 2:
            cluster = _densest_window(a.hits, a.topic, 1500)
            if cluster and cluster[0] >= 3:
                w, s, e = cluster
                cats = _profile([h for h in a.hits_in(s, e) if h.category not in a.topic])
                # agreement: the same stretch also links out to spam (a pasted link block)
                near = [l for l, p, k in a.ext_spam if k and s - 200 <= l.offset <= e + 200 and a.off(p) >= 1]
                conf = "medium" if len(near) >= 2 else "low"
                ev = {"where": "text", "offset": s, "snippet": snippet(page.text, s, min(e, s + 200)),
                      "categories": _cats(cats), "count": len(a.hits_in(s, e)), "links": len(near)}
                if near:
                    ev.update(url=near[0].url[:500], domain=near[0].domain)
                sev, about = "medium", ""
                if not near and spam_discussed(page, s, e):
                    sev, conf, about = "low", "low", "; words about spam or hacking stand next to it (quoted in an article?)"
                    ev["discussed"] = True
                findings.append(Finding(
                    self.id, self.kind, sev, conf,
                    f"visible {_cats(cats)} vocabulary off the page's topic ({w:.1f} weighted terms in "
                    f"{e - s} characters, {len(near)} spam link(s) out){about}", ev))
        if not findings and a.offtopic >= 1:
            # a few strong spam terms off the page's topic, not clustered: weak evidence on its
            # own (an article may quote one), shown so that the score never rests on nothing
            off_hits = [h for h in a.hits if h.weight >= 1.0 and h.category not in a.topic]
            if off_hits and page.is_html:  # disclosed ads (rel sponsored/nofollow) are not injected
                ads = [(l.offset, l.offset + len(l.anchor)) for l in page.links
                       if l.source == "a" and l.anchor and ("sponsored" in l.rel or "nofollow" in l.rel)]
                if ads:
                    off_hits = [h for h in off_hits if not any(s <= h.start < e for s, e in ads)]
            if off_hits:
                # spam named in a sentence about spam ("hackers inject casino links...") is
                # discussed, not sold: an article about SEO spam or a security advisory
                text = page.text
                off_hits = [h for h in off_hits if not discussed(text, h.start, h.end, window=160)]
            if off_hits:
                h0 = off_hits[0]
                terms = sorted({h.term for h in off_hits})
                cats = _profile(off_hits)
                findings.append(Finding(
                    self.id, self.kind, "low", "medium" if len(terms) >= 2 else "low",
                    f"visible {_cats(cats)} term(s) off the page's topic: {', '.join(terms[:5])}",
                    {"where": "text", "offset": h0.start, "snippet": snippet(page.text, h0.start, h0.end),
                     "categories": _cats(cats), "count": len(off_hits)}))
        ext_off = sum(1 for _, p, _ in a.ext_spam if a.off(p) >= 1.0)
        feats = {
            "density": _log(a.offtopic * per_k * 10),
            **{g: _log(by_group.get(g, 0.0) * per_k * 10) for g in GROUP_NAMES},
            "offtopic_share": a.offtopic / a.total if a.total else 0.0,
            "hidden_spam": _log(hidden_w),
            "hidden_spam_offtopic": _log(hidden_off),
            "hidden_spam_links": _log(hidden_links),
            "ext_spam_links": _log(len(a.ext_spam)),
            "ext_spam_share": len(a.ext_spam) / a.n_ext if a.n_ext else 0.0,
            "ext_spam_offtopic": _log(ext_off),
            "ext_brand_offtopic": _log(a.ext_brand_off),
            "offtopic_discussed": _discussed_share(a),
        }
        return findings, feats


def _discussed_share(a: Analysis) -> float:
    """Share of the off-topic spam weight that stands next to words about spam (0 when none)."""
    off = [h for h in a.hits if h.category not in a.topic][:200]
    tot = sum(h.weight for h in off)
    if not tot:
        return 0.0
    return sum(h.weight for h in off if spam_discussed(a.page, h.start, h.end)) / tot


def _densest_window(hits, topic: set[str], width: int) -> tuple[float, int, int] | None:
    """(weight, start, end) of the window of at most `width` characters holding the most
    off-topic spam weight (two pointers over the sorted hits)."""
    off = [h for h in hits if h.category not in topic]
    if not off:
        return None
    best = (0.0, 0, 0)
    j = 0
    w = 0.0
    for i, h in enumerate(off):
        w += h.weight
        while off[j].start < h.end - width:
            w -= off[j].weight
            j += 1
        if w > best[0]:
            best = (w, off[j].start, h.end)
    return best


# ---------------------------------------------------------------------------- SEO402
_COMMENT_CUE = rx("SEO402.comment_cue", r"(?i)posted\s++by|\bsays:|\bresponded:|\breply\b|\bcomments?\b",
                  worst_case="posted ")


class CommentSpam(Detector):
    """SEO402 comment and trackback spam: spammy outbound links in a page's comments.

    Finds links to other sites whose anchor or URL carries spam vocabulary (pharmacy,
    casino, outlet, escort...) off the page's topic and sitting in a comments, trackback or
    reply region, or marked ``rel=nofollow``/``ugc`` the way comment systems mark their
    links. Why it matters: user-generated spam is content the site owner did not intend, and
    search engines judge the page by it. Example: a travel-blog comment "Buy Generic Levitra"
    linking to a pharmacy domain. Declared ads (``rel=sponsored``) are not comments.

    Features (HTML only): ``comment_spam_links``, ``ugc_spam_links`` (log1p counts) and
    ``comment_spam_share`` (share of comment/nofollow links that are spam).
    """

    id = "SEO402"
    name = "comment-spam"
    kind = "spam_text"
    features = ("comment_spam_links", "ugc_spam_links", "comment_spam_share")
    html_only = frozenset(features)

    def detect(self, page: Page):
        a = analyse(page)
        if not page.is_html:
            return [], {}
        comment, ugc = [], []
        for link, prof, strong in a.ext_spam:
            if a.off(prof) < 1.0 or not strong:
                continue
            region = page.region_of(link)
            rel = link.rel or ""
            if region == "comments":
                comment.append((link, prof, strong))
            elif ("nofollow" in rel or "ugc" in rel) and "sponsored" not in rel:
                ugc.append((link, prof, strong))
        findings = []
        spam = comment + ugc
        if spam and (comment or len(ugc) >= 2 or _COMMENT_CUE.search(page.text) is not None):
            prof = _merge(*[p for _, p, *_ in spam])
            n = len(spam)
            conf = "high" if n >= 2 and comment else ("medium" if n >= 2 or comment else "low")
            l0 = spam[0][0]
            where = "a comments region" if comment else "nofollow (user-generated) links"
            findings.append(Finding(
                self.id, self.kind, "medium", conf,
                f"{n} {_cats(prof)} spam link(s) in {where}, off the page's topic",
                {"where": "text", "offset": l0.offset, "snippet": snippet(l0.anchor + " -> " + l0.url, 0, 0, pad=150),
                 "url": l0.url[:500], "domain": l0.domain, "count": n, "categories": _cats(prof)}))
        n_ugc = sum(1 for l in page.links if "nofollow" in (l.rel or "") or "ugc" in (l.rel or ""))
        feats = {
            "comment_spam_links": _log(len(comment)),
            "ugc_spam_links": _log(len(ugc)),
            "comment_spam_share": len(spam) / max(1, n_ugc + len(comment)) if spam else 0.0,
        }
        return findings, feats


# ---------------------------------------------------------------------------- SEO403
MIN_BLOCK_LETTERS = 12


class ForeignScriptSpam(Detector):
    """SEO403 foreign-script spam block: spam text in a script the rest of the page is not in.

    Finds a stretch of text in a writing system other than the page's dominant one (Japanese
    on an English site, Korean on a German blog, Latin on a Chinese page) that is dense with
    spam vocabulary: the "Japanese keyword hack" (スーパーコピー, ブランドコピー, 激安 通販),
    Korean casino and massage spam (카지노, 바카라, 출장안마), Chinese gambling spam (娱乐城,
    百家乐). The signal is the *mismatch plus spam*: a Korean shop page in Korean, or a
    Japanese news page quoting English, gets nothing. Example: an English dental clinic page
    ending in a block of ``スーパーコピー 時計 N級品 激安 通販``. Also finds a whole page of such
    spam on a site whose own name is English words (smiledentalcare.com): a taken-over page.

    Features: ``foreign_spam`` (log1p weight in the worst foreign block), ``foreign_spam_density``
    (terms per 100 letters there), ``foreign_spam_letters`` (size of foreign blocks that carry
    spam), ``identity_mismatch_spam`` (flag). None of them is non-zero without spam.
    """

    id = "SEO403"
    name = "foreign-script-spam"
    kind = "spam_text"
    features = ("foreign_spam", "foreign_spam_density", "foreign_spam_letters", "identity_mismatch_spam")

    def detect(self, page: Page):
        a = analyse(page)
        if not a.hits:
            return [], {}
        text = page.text
        if all(h.term.isascii() for h in a.hits) and len(text.encode("ascii", "ignore")) > 0.8 * len(text):
            return [], {}  # Latin spam on a Latin page: nothing foreign (SEO401 judges it)
        dom = L.dominant_script(text)
        identity = self._identity_mismatch(page, a, dom)
        runs = L.script_runs(text, min_chars=MIN_BLOCK_LETTERS, merge_gap=40, exclude=dom)
        findings = []
        best_w = best_d = letters = 0.0
        for r in runs[:200]:
            hits = [h for h in a.hits_in(r.start, r.end)
                    if L.dominant_script(text[h.start:h.end]) in (r.script, "common")]
            if not hits:
                continue
            w = sum(h.weight for h in hits)
            off = sum(h.weight for h in hits if h.category not in a.topic)
            weight_letters = r.chars * (2.0 if r.script in ("cjk", "hangul") else 1.0)
            dens = 100.0 * w / max(weight_letters, 20.0)
            best_w = max(best_w, w)
            best_d = max(best_d, dens)
            strong = sum(1 for h in hits if h.weight >= 1.0)
            if w < 2.0 or strong < 1 or dens < 2.0:
                continue
            letters += r.chars
            prof = _profile(hits)
            if off >= 4 and strong >= 2 and dens >= 4:
                sev, conf = "high", "high"
            elif off >= 2:
                sev, conf = "high", "medium"
            else:
                sev, conf = "medium", "low"  # on the page's topic: a mixed-language spam site?
            about = ""
            if spam_discussed(page, r.start, r.end):
                sev, conf, about = "low", "low", "; the page is about spam or words about it stand next to it (quoted?)"
            h0 = hits[0]
            findings.append(Finding(
                self.id, self.kind, sev, conf,
                f"{r.script} block of {r.chars} letters on a {dom} page carries {_cats(prof)} spam "
                f"({len(hits)} term(s), {dens:.1f} per 100 letters){about}",
                {"where": "text", "offset": h0.start, "snippet": snippet(text, h0.start, h0.end, pad=100),
                 "count": len(hits), "categories": _cats(prof), "script": r.script, "page_script": dom}))
        if identity is not None:
            findings.append(identity)
        feats = {"foreign_spam": _log(best_w), "foreign_spam_density": _log(best_d),
                 "foreign_spam_letters": _log(letters), "identity_mismatch_spam": float(identity is not None)}
        return findings, feats

    def _identity_mismatch(self, page: Page, a: Analysis, dom: str) -> Finding | None:
        """A whole page of spam in another script than its site's own name: the Japanese
        keyword hack replaces pages of English-named sites (smile-dental.com) with Japanese
        product spam. Needs: spam in the title, dense spam in the body, a non-Latin page, and a
        registered domain made of English words under a generic or Latin-script TLD."""
        if dom in ("latin", "common") or not page.host or hosting_platform(page.host) is not None:
            return None
        strong_title = sum(w for w in a.topic_profile.values())
        per_k = 1000.0 * a.total / max(a.n, 1000)
        if strong_title < 1.0 or a.total < 5 or a.strong < 3 or per_k < 2.0:
            return None
        from detector.domains import split_host

        _sub, label, suffix = split_host(page.host)
        tld = suffix.rsplit(".", 1)[-1] if suffix else ""
        if not label or tld not in _LATIN_TLDS:
            return None
        words = L.segment_label(label)
        vocab = _vocab()
        if len(words) < 2 or not all(w in vocab or (w.endswith("s") and w[:-1] in vocab) for w in words):
            return None
        prof = dict(a.by_cat)
        return Finding(
            self.id, self.kind, "medium", "medium",
            f"{_cats(prof)} spam page in {dom} script on {page.site}, a site named in English "
            f"({' '.join(words)}): a page taken over by foreign-language spam?",
            {"where": "url", "snippet": (page.title or page.url or "")[:300], "domain": page.site,
             "count": len(a.hits), "categories": _cats(prof), "page_script": dom})


# ---------------------------------------------------------------------------- SEO404
class KeywordStuffing(Detector):
    """SEO404 keyword stuffing: one commercial phrase repeated, or long keyword lists.

    Finds the same spam phrase repeated many times, and long comma-separated lists of short
    commercial phrases (``cheap jerseys, wholesale jerseys, cheap nfl jerseys, ...``) whose
    items repeat one head word or carry spam vocabulary off the page's topic. Why it matters:
    stuffed keyword blocks are written for search engines, not readers, and are a hallmark of
    injected doorway text. A shop's tag list of its own products is on-topic and scores low.

    Features: ``max_term_repeat`` (log1p repeats of the most repeated off-topic spam term),
    ``term_diversity`` (distinct / all off-topic spam terms, 1 when none), ``list_items``, ``list_head_share`` and
    ``list_spam`` (the longest keyword list, how much its items share one word, its spam).
    """

    id = "SEO404"
    name = "keyword-stuffing"
    kind = "spam_text"
    features = ("max_term_repeat", "term_diversity", "list_items", "list_head_share", "list_spam")

    def detect(self, page: Page):
        a = analyse(page)
        text = page.text
        findings = []
        rep = Counter(h.term for h in a.hits)
        top_term, top_n = rep.most_common(1)[0] if rep else ("", 0)
        # diversity of the spam terms off the page's topic (1 when there are none): a page's
        # own subject repeats its words by right
        off_terms = [h.term for h in a.hits if h.category not in a.topic]
        diversity = len(set(off_terms)) / len(off_terms) if off_terms else 1.0
        off_rep = top_n if top_term and L._owner().get(top_term, ("", 0))[0] not in a.topic else 0
        if off_rep >= 10 and L.term_weight(top_term) >= 1.0:
            h0 = next(h for h in a.hits if h.term == top_term)
            findings.append(Finding(
                self.id, self.kind, "medium", "medium",
                f"spam phrase {top_term!r} repeated {top_n} times, off the page's topic",
                {"where": "text", "offset": h0.start, "snippet": snippet(text, h0.start, h0.end),
                 "count": top_n, "term": top_term}))
        best_items = best_head = best_spam = 0.0
        # keyword lists only matter with spam vocabulary on the page: skip the scan otherwise
        if a.total >= 1.0 and text.count(",") + text.count("、") + text.count("，") >= 7:
            for m in list(_LIST_LINE.finditer("\n" + text))[:20]:
                body = m.group(1)
                mstart = m.start(1) - 1
                items = [x.strip().lower() for x in _LIST_SPLIT.split(body) if x.strip()]
                if len(items) < 8 or max(len(x.split()) for x in items) > 6:
                    continue
                heads = Counter(w for x in items for w in set(x.split()) if len(w) > 2)
                head_share = heads.most_common(1)[0][1] / len(items) if heads else 0.0
                hits = a.hits_in(mstart, mstart + len(body))
                spam_w = sum(h.weight for h in hits if h.category not in a.topic)
                best_items = max(best_items, len(items))
                best_head = max(best_head, head_share)
                best_spam = max(best_spam, spam_w)
                if spam_w >= 3 and len({h.term for h in hits}) >= 2:
                    sev, conf = "medium", "medium"
                elif head_share >= 0.6 and len(items) >= 10 and spam_w >= 1:
                    sev, conf = "medium", "low"
                else:
                    continue
                findings.append(Finding(
                    self.id, self.kind, sev, conf,
                    f"keyword list of {len(items)} phrases ({spam_w:.1f} weighted spam terms off topic, "
                    f"{head_share:.0%} share one word)",
                    {"where": "text", "offset": mstart, "snippet": snippet(text, mstart, mstart + 200, pad=0),
                     "count": len(items)}))
        feats = {"max_term_repeat": _log(off_rep), "term_diversity": diversity,
                 "list_items": _log(best_items), "list_head_share": best_head, "list_spam": _log(best_spam)}
        return findings, feats


# ---------------------------------------------------------------------------- SEO405
@lru_cache(maxsize=1)
def _vocab() -> frozenset[str]:
    return L._segment_vocab()


def salad_stats(block: str) -> tuple[int, float, float, float, float]:
    """(words, share of known English words, function-word share, distinct-word share,
    lower-case-initial share) of the Latin words of a block. Word salad: many known words,
    few function words, mostly lower case (menus and category lists are capitalised)."""
    raw = _WORD_ANYCASE.findall(block)
    n = len(raw)
    if n == 0:
        return 0, 0.0, 0.0, 0.0, 0.0
    lower = sum(1 for w in raw if w[0].islower())
    words = [w.lower() for w in raw]
    vocab = _vocab()
    known = sum(1 for w in words if w in vocab or w[:-1] in vocab)
    fw = sum(1 for w in words if w in FUNCTION_WORDS)
    return n, known / n, fw / n, len(set(words)) / n, lower / n


class WordSalad(Detector):
    """SEO405 gibberish (word salad): long runs of real words in random order.

    Finds blocks of many known English words with almost no function words ("the", "of",
    "and" make up about 40% of real English prose; random word lists have under 15%) and
    little repetition, the filler that spam posts and injected link blocks use to look like
    content. Why it matters: nobody writes such text for readers; combined with hidden
    links it marks a spam post or an injected block. Menus and product lists are excluded
    because they are not long runs of lower-case words.
    Example: "we lie full / test drug type / society soon camera / ..." around hidden links.

    Features: ``salad_words`` (log1p words of the largest salad block),
    ``salad_function_share`` (lowest function-word share among long lower-case blocks),
    ``salad_hidden`` (a salad block is hidden; HTML only), ``salad_links`` (links per 3 words).
    """

    id = "SEO405"
    name = "word-salad"
    kind = "spam_text"
    features = ("salad_words", "salad_function_share", "salad_hidden", "salad_links")
    html_only = frozenset({"salad_hidden"})

    def detect(self, page: Page):
        text = page.text
        findings = []
        best_n, best_fw, hidden_flag, link_share = 0, 1.0, 0.0, 0.0
        cands: list[tuple[int, str, object]] = []
        spans: list[tuple[int, int]] = []
        if page.is_html:
            for hb in page.hidden_blocks:
                if len(hb.text) >= 300 and not hb.benign and hb.offset >= 0:
                    cands.append((hb.offset, hb.text, hb))
                    spans.append((hb.offset, hb.offset + len(hb.text)))
        n_regex = 0
        for m in _SALAD.finditer("\n" + text + "\n"):
            st = m.start(1) - 1
            en = st + len(m.group(1))
            if any(st < s1 and s0 < en for s0, s1 in spans):
                continue
            cands.append((st, m.group(1), None))
            n_regex += 1
            if n_regex >= 6:
                break
        for start, block, hb in cands:
            n, known, fw, distinct, lower = salad_stats(block[:20000])
            if n < 60 or known < 0.8 or lower < 0.75:
                continue
            if fw < best_fw:
                best_fw = fw
            if fw >= 0.15 or distinct < 0.35:
                continue
            best_n = max(best_n, n)
            ctx = hb if hb is not None else None
            if ctx is None and page.is_html:
                c = page.context_of(start, start + min(len(block), 80))
                hidden = c.hidden if c.benign is None else None
            else:
                hidden = ctx.rule if ctx is not None else None
            n_links = sum(1 for l in page.links if start <= l.offset < start + len(block))
            if hidden:
                hidden_flag = 1.0
            link_share = max(link_share, n_links / max(1.0, n / 3))
            if hidden and n_links >= 5:
                sev, conf = "high", "medium"
            elif hidden or n_links >= 5:
                sev, conf = "medium", "medium"
            else:
                sev, conf = "medium", "low"
            findings.append(Finding(
                self.id, self.kind, sev, conf,
                f"word salad: {n} words, {fw:.0%} function words (prose has ~40%), "
                f"{n_links} link(s){', hidden by ' + hidden if hidden else ''}",
                {"where": "text", "offset": start, "snippet": snippet(text, start, start + 200, pad=0),
                 "count": n, **({"hiding": hidden} if hidden else {})}))
        feats = {"salad_words": _log(best_n), "salad_function_share": best_fw if best_fw < 1.0 else 0.5,
                 "salad_hidden": hidden_flag, "salad_links": min(link_share, 5.0)}
        return findings, feats


# ---------------------------------------------------------------------------- SEO406
hosting_platform = L.hosting_platform


class PlatformSpamPage(Detector):
    """SEO406 spam page on a blogging or site-building platform.

    Finds pages on a user subdomain of a free blog or site host (ttblogs.com and its
    siblings, blogspot.com, wordpress.com, weebly.com, github.io...) that look planted: an
    auto-generated account name (``auto-door16814``) with an advert promoting another
    domain, or spam vocabulary in the account name or title together with spam text. Why it
    matters: the platform did not intend these pages; they exist to pass links and rank
    spam. A personal blog on blogspot.com with its own content gets nothing.

    Features: ``on_platform``, ``throwaway_label`` (flags), ``platform_spam`` (log1p spam
    weight of the page and account name), ``platform_promo`` (log1p promoted domains).
    """

    id = "SEO406"
    name = "platform-spam-page"
    kind = "spam_text"
    features = ("on_platform", "throwaway_label", "platform_spam", "platform_promo")

    def detect(self, page: Page):
        host = page.host
        plat = hosting_platform(host) if host else None
        if plat is None:
            return [], {}
        a = analyse(page)
        platform, label = plat
        throwaway = _DIGITS_LABEL.fullmatch(label) is not None
        label_spam = L.spam_profile(" ".join(L.segment_label(label)))
        promo_domains = {l.domain for l in page.links
                         if _is_external(l, page) and l.domain and not l.code and l.hidden is None
                         and l.domain != platform and hosting_platform(l.host or "") is None
                         and l.domain not in _SOCIAL}
        body_spam = a.total
        findings = []
        if (label_spam or a.topic_profile) and body_spam >= 3 and a.strong >= 2:
            sev, conf = ("high", "high") if label_spam and body_spam >= 5 else ("high", "medium")
            prof = _merge(label_spam, dict(a.by_cat))
            findings.append(Finding(
                self.id, self.kind, sev, conf,
                f"{_cats(prof)} spam page on {platform} (account {label!r})",
                {"where": "url", "snippet": (page.url or host)[:300], "domain": platform,
                 "categories": _cats(prof), "count": len(a.hits)}))
        elif throwaway and (promo_domains or body_spam >= 2):
            findings.append(Finding(
                self.id, self.kind, "medium", "medium",
                f"page on an auto-generated {platform} account ({label!r}) promoting "
                f"{', '.join(sorted(promo_domains)[:3]) or 'spam'}",
                {"where": "url", "snippet": (page.url or host)[:300], "domain": platform,
                 "count": len(promo_domains)}))
        feats = {"on_platform": 1.0, "throwaway_label": float(throwaway),
                 "platform_spam": _log(body_spam + sum(label_spam.values())),
                 "platform_promo": _log(len(promo_domains))}
        return findings, feats


_LATIN_TLDS = frozenset("""com org net edu gov mil int info biz io co us uk de fr es it nl be ch at
se no dk fi pl pt ie au nz ca br mx ar cl eu""".split())

_SOCIAL = frozenset({
    "facebook.com", "twitter.com", "x.com", "instagram.com", "youtube.com", "linkedin.com",
    "pinterest.com", "tiktok.com", "google.com", "apple.com", "wordpress.org", "gravatar.com",
})


# ---------------------------------------------------------------------------- SEO407
# A sales pitch that does not belong to its page. Injected spam text has to sell: it carries
# calls to action, prices, discounts and delivery promises (in any language), and it is about
# something else than the page it sits on. Neither is evidence alone (a shop sells; a news page
# wanders off topic); together, and with a third signal (a phrase repeated that the page never
# uses elsewhere, a language switch, spam vocabulary, a chatbot's preamble), they are.
PITCH_GAP = 220  # cue hits closer than this many characters form one block
PITCH_WINDOW = 700  # characters scanned for cues on each side of a strong cue
PITCH_MAX_CLUSTERS = 12
PITCH_MIN_REST_TOKENS = 25  # the rest of the page must have this many words ...
PITCH_MIN_REST_CHARS = 500  # ... and characters to judge a topic


@lru_cache(maxsize=1)
def _sales_cues() -> dict[str, float]:
    """Selling cue (lower case) -> weight (1 strong, 0.5 weak; 0 for the machine-text
    markers), from data/sales_cues.txt."""
    raw = _resources.files("detector.data").joinpath("sales_cues.txt").read_text("utf-8")
    out: dict[str, float] = {}
    w = 1.0
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line in ("[strong]", "[weak]", "[machine]"):
            w = {"[strong]": 1.0, "[weak]": 0.5, "[machine]": 0.0}[line]
            continue
        out.setdefault(L._term_key(line), w)
    return out


def _case_variants(cue: str) -> set[str]:
    return {cue, cue[:1].upper() + cue[1:], cue.title(), cue.upper()}


# The gate: strong cues as they may be written (lower, Capitalised, Title Case, UPPER), found
# by the shared literal pass. A page needs two distinct ones (or one and a chatbot's preamble)
# before the cue scan runs, and then only around them.
_GATE = {v: k for k, w in _sales_cues().items() if w >= 1.0 for v in _case_variants(k)}
_GATE_MACHINE = {v: k for k, w in _sales_cues().items() if w == 0 for v in _case_variants(k)}
_literals.register(*_GATE, *_GATE_MACHINE)
_GATE_SET, _GATE_MACHINE_SET = frozenset(_GATE), frozenset(_GATE_MACHINE)
_SEED_SET = _GATE_SET | _GATE_MACHINE_SET


@lru_cache(maxsize=1)
def _cue_automaton():
    import ahocorasick_rs

    pats: list[bytes] = []
    meta: list[tuple[str, float, bool, bool]] = []
    for key, w in _sales_cues().items():
        info = (key, w, L._is_word(key[0]), L._is_word(key[-1]))
        for spelling in L._gap_variants(key):
            pats.append(spelling.encode("utf-8"))
            meta.append(info)
    ac = ahocorasick_rs.BytesAhoCorasick(pats, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                         implementation=ahocorasick_rs.Implementation.DFA)
    return ac, meta


def sales_cue_hits(text: str, limit: int = 4000) -> list[tuple[int, int, str, float]]:
    """(start, end, cue, weight) of the selling cues in text, in order (case-insensitive,
    word-bounded for word-spaced scripts; character offsets)."""
    if not text:
        return []
    ac, meta = _cue_automaton()
    b = L.scan_bytes(text)
    kept = []
    for p, s, e in ac.find_matches_as_indexes(b):
        _, _, wb_s, wb_e = meta[p]
        if (wb_s and L._word_before(b, s)) or (wb_e and L._word_after(b, e)):
            continue
        kept.append((s, e, p))
        if len(kept) >= limit:
            break
    if not kept:
        return []
    if len(b) != len(text):  # byte -> character offsets
        to_char = L.char_offsets(b, (o for s, e, _ in kept for o in (s, e)))
        kept = [(to_char[s], to_char[e], p) for s, e, p in kept]
    return [(s, e, meta[p][0], meta[p][1]) for s, e, p in kept]


# prices and discounts: "$19.99", "¥3,400", "49 €", "1.500 руб", "-70%", "24/7". The currency
# signs are found first (by str.find), then the digit next to them is checked.
_MARK_TRIGGERS = _literals.register("$", "€", "£", "¥", "￥", "₩", "₽", "%", "円", "元", "원", "руб", "zł", "USD", "EUR",
                                    "24/7")
_PREFIX_SIGNS = frozenset("$€£¥₩₽￥")


def _digit_before(text: str, a: int) -> bool:
    return text[max(0, a - 2):a].rstrip(" \t")[-1:].isdigit()


def _marks(text: str, lo: int, hi: int, signs=_MARK_TRIGGERS, limit: int = 300) -> list[int]:
    """Offsets of price and discount marks in text[lo:hi]: each currency sign (of `signs`, the
    ones the page holds) found by str.find, kept when a digit stands next to it."""
    out = []
    for sign in signs:
        a = text.find(sign, lo, hi)
        while a >= 0 and len(out) < limit:
            b = a + len(sign)
            if sign == "24/7" or (sign in _PREFIX_SIGNS and text[b:b + 2].lstrip(" \t")[:1].isdigit()) \
                    or _digit_before(text, a):
                out.append(a)
            a = text.find(sign, b, hi)
    return out


_PITCH_TOKEN = rx("SEO407.token", r"[^\W\d_]{2,}+", worst_case="ab")
_CJK_RE = rx("SEO407.cjk", r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]", worst_case="\u3042")
_KANA_RE = rx("SEO407.kana", r"[\u3040-\u30ff]", worst_case="\u3042")


@lru_cache(maxsize=1)
def _token_stop() -> frozenset[str]:
    return frozenset(FUNCTION_WORDS) | frozenset(_sales_cues())


def _pitch_tokens(text: str) -> list[str]:
    """Content tokens: lower-case words of 4+ letters (function and cue words out); CJK,
    kana, Hangul and Thai runs as character pairs."""
    stop = _token_stop()
    words = _PITCH_TOKEN.findall(text.lower())
    if text.isascii():
        return [w for w in words if len(w) >= 4 and w not in stop]
    out = []
    for w in words:
        o = ord(w[0])
        if o >= 0x2E80 or 0x0E00 <= o < 0x0E80:
            out.extend(w[i:i + 2] for i in range(len(w) - 1))
        elif len(w) >= 4 and w not in stop:
            out.append(w)
    return out


@dataclass(slots=True)
class Pitch:
    start: int
    end: int
    cue_w: float
    distinct: int
    marks: int
    density: float
    overlap: float  # share of its content words the rest of the page also uses (-1: unknown)
    key_overlap: float  # the same for the words it repeats (-1: none, or unknown)
    rest_tokens: int
    repeated: int  # content words repeated in the block that the rest of the page never uses
    foreign: bool
    spam_w: float
    ai: bool
    cues: tuple[str, ...]
    prose: float  # share of its characters in lines of 60+ characters (menus and link lists have few)
    lines: int
    discussed: bool = False  # words about spam or hacking next to it: quoted in an article, not sold

    @property
    def commercial(self) -> float:
        return self.cue_w + 0.5 * min(self.marks, 6)

    @property
    def shaped(self) -> bool:
        """Sentences, or a price list (a price every line or two), or another script: not a
        menu of short links."""
        return self.prose >= 0.4 or self.marks >= max(3, self.lines // 2) or self.foreign

    @property
    def is_pitch(self) -> bool:
        return self.distinct >= 2 and self.commercial >= 3.5 and self.density >= 0.6 and self.shaped

    @property
    def offtopic(self) -> bool:
        return self.rest_tokens >= PITCH_MIN_REST_TOKENS and 0.0 <= self.overlap <= 0.35

    @property
    def strong_agree(self) -> int:
        """Signals that do not come from the block's own wording: spam vocabulary, a switch of
        language or script, a chatbot's preamble."""
        return int(self.foreign) + int(self.spam_w >= 1.0) + int(self.ai)

    @property
    def agree(self) -> int:
        return int(self.repeated >= 2) + self.strong_agree

    def grade(self) -> tuple[str, str] | None:
        g = self._grade()
        if g is not None and self.discussed and not self.ai:
            return "medium", "low"  # an article about spam quotes it: one reading among two
        return g

    def _grade(self) -> tuple[str, str] | None:
        pitch, off, strong = self.is_pitch, self.offtopic, self.strong_agree
        if pitch and (self.distinct >= 3 or self.marks >= 3) and ((off and strong) or strong >= 2):
            return "high", "high"
        if self.ai and off and ((self.distinct >= 2 and self.commercial >= 2.5 and self.shaped) or self.spam_w >= 1):
            return "high", "high"  # a chatbot's refusal pasted with a sales pitch or spam, off topic
        if self.ai and self.spam_w >= 1 and self.rest_tokens < PITCH_MIN_REST_TOKENS:
            return "high", "medium"  # the same in a short record: no topic to compare with
        if (pitch or (self.commercial >= 2.5 and self.shaped)) and off and strong:
            return "high", "medium"
        if pitch and off and self.repeated >= 2:
            return "medium", "medium"
        if pitch and off:
            return "medium", "low"
        return None


@lru_cache(maxsize=4096)
def _only_cues(term: str) -> bool:
    """Whether a spam term is made of selling cues only ("cheap", "激安 通販")."""
    rest = L._term_key(term)
    for s, e, _, _ in sorted(sales_cue_hits(rest), reverse=True):
        rest = rest[:s] + rest[e:]
    return sum(ch.isalpha() for ch in rest) < 2


def _ai_offsets(page: Page) -> list[int]:
    """Offsets in page.text of chatbot preambles and refusals (SEO803's scan, shared)."""
    try:
        from detector.detectors.backdoors import scan as _bd_scan
    except ImportError:  # pragma: no cover
        return []
    return [h.start for h in _bd_scan(page).ai if getattr(h, "view", "text") == "text" and not getattr(h, "code", False)]


def sales_pitches(page: Page) -> list[Pitch]:
    """The blocks of page.text dense with selling cues, each judged against the rest of the
    page (computed once per page, after a literal-pass gate)."""
    got = page.__dict__.get("_seo407_pitches")
    if got is not None:
        return got
    page.__dict__["_seo407_pitches"] = out = []
    present = _literals.page_literals(page)
    gate = {_GATE[v] for v in present & _GATE_SET}
    machine = bool(present & _GATE_MACHINE_SET)
    # strong spam terms off the page's topic (the shared lexicon pass, already done) also seed
    # a scan, when a selling cue or a second term agrees
    a = analyse(page)
    spam_seeds = [h.start for h in a.hits if h.weight >= 1.0 and h.category not in a.topic][:40]
    if not gate and not machine and len(spam_seeds) < 2:
        return out
    ai = _ai_offsets(page) if len(gate) == 1 and not machine and not spam_seeds else []
    if len(gate) < 2 and not ai and not machine and not spam_seeds:
        return out
    text = page.text
    # only the stretches around the strong cues and machine markers are scanned: their
    # positions by str.find (the literal pass said which occur), then windows around them
    seeds = []
    for v in present & _SEED_SET:
        i, k = text.find(v), 0
        while i >= 0 and k < 40:
            seeds.append(i)
            k += 1
            i = text.find(v, i + len(v))
    seeds.extend(spam_seeds)
    spans: list[list[int]] = []
    for i in sorted(seeds):
        lo, hi = max(0, i - PITCH_WINDOW), i + PITCH_WINDOW
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    signs = [t for t in _MARK_TRIGGERS if t in present]
    hits = []
    for lo, hi in spans[:100]:
        for s, e, c, w in sales_cue_hits(text[lo:hi]):
            if w:
                hits.append((lo + s, lo + e, w, c))
            else:  # a machine-text marker: seeds a block, weighs nothing
                ai.append(lo + s)
                hits.append((lo + s, lo + e, 0.0, None))
        if signs:  # prices and discounts
            hits.extend((m, m + 1, 0.0, "") for m in _marks(text, lo, hi, signs))
    if not hits:
        return out
    hits.sort(key=lambda h: (h[0], h[1]))
    # clusters of hits; a block runs from the line start before its first hit to the line end
    # after its last
    clusters: list[list] = []
    for h in hits:
        if clusters and h[0] - clusters[-1][-1][1] <= PITCH_GAP:
            last = clusters[-1][-1]
            # a weak cue on another line does not bridge two blocks ("free parking" above a pitch)
            if ((h[2] < 1.0 or last[2] < 1.0) and h[3] != "" and last[3] != "" and h[0] - last[1] > 60
                    and "\n" in text[last[1]:h[0]]):
                clusters.append([h])
            else:
                clusters[-1].append(h)
        else:
            clusters.append([h])
    cands = []
    for cl in clusters:
        cue_w = sum(h[2] for h in cl)
        marks = sum(1 for h in cl if h[3] == "")
        if cue_w + 0.5 * min(marks, 6) >= 2.5 or any(h[3] is None for h in cl):
            cands.append((cue_w + 0.5 * min(marks, 6), cl))
    if not cands:
        return out
    cands.sort(key=lambda x: -x[0])
    # before any tokenising: keep the blocks dense enough in cues to be a pitch (or next to a
    # machine-text marker)
    kept = []
    for c, cl in cands[:PITCH_MAX_CLUSTERS]:
        if any(h[3] is None for h in cl):
            kept.append((c, cl))
            continue
        s = text.rfind("\n", max(0, cl[0][0] - 300), cl[0][0]) + 1
        e = text.find("\n", cl[-1][1], cl[-1][1] + 300)
        e = len(text) if e < 0 else e
        n_distinct = len({h[3] for h in cl if h[3]})
        if n_distinct >= 2 and 100.0 * c / max(2 * (e - s), 80) >= 0.6:
            kept.append((c, cl))
    if not kept:
        return out
    cands = kept
    low = L._lower_same_length(text)  # word counts by substring search: no page-wide tokenising
    own = [page.title, page.meta("description"), page.meta("og:title")]
    if page.is_html:
        own.extend(page.headings[:8])
    if page.url:
        own.append(_url_words(page.url, page.host))
    extra = set(_pitch_tokens(" ".join(p for p in own if p)))
    dom = L.dominant_script(text)
    page_kana = dom == "cjk" and _KANA_RE.search(text) is not None
    if len(ai) == 0 or machine:
        ai = sorted(set(ai) | set(_ai_offsets(page)))
    for _, cl in cands[:PITCH_MAX_CLUSTERS]:
        s = text.rfind("\n", max(0, cl[0][0] - 300), cl[0][0]) + 1
        e = text.find("\n", cl[-1][1], cl[-1][1] + 300)
        e = len(text) if e < 0 else e
        block = text[s:e]
        toks = Counter(_pitch_tokens(block))
        s, e, block, toks = _grow(text, s, e, block, toks)
        rest_n = (len(text) - len(block)) // 6  # about the words of the rest of the page
        if len(text) - len(block) < PITCH_MIN_REST_CHARS:
            rest_n = 0  # too little else on the page to judge its topic
        before, after = low[max(0, s - 4000):s], low[e:e + 4000]
        words = set(_PITCH_TOKEN.findall(before))
        words.update(_PITCH_TOKEN.findall(after))
        elsewhere = {t for t in toks if t in words or t in extra or (
            (not t.isascii() and len(t) == 2) and (t in before or t in after))}
        overlap = len(elsewhere) / len(toks) if toks else -1.0
        keys = [t for t, n in toks.items() if n >= 2]
        repeated = sum(1 for t in keys if t not in elsewhere) if rest_n >= PITCH_MIN_REST_TOKENS else 0
        key_overlap = 1.0 - repeated / len(keys) if keys and rest_n >= PITCH_MIN_REST_TOKENS else -1.0
        cjk = len(_CJK_RE.findall(block))
        n_marks = sum(1 for h in cl if h[3] == "")
        density = 100.0 * (sum(h[2] for h in cl) + 0.5 * min(n_marks, 6)) / max(len(block) + cjk, 80)
        foreign = _foreign_share(block, dom) >= 0.4 or (
            page_kana and cjk >= 10 and _KANA_RE.search(block) is None and L.dominant_script(block) == "cjk")
        # spam vocabulary beyond the selling cues themselves (激安 is both): an independent signal
        spam_w = sum(h.weight for h in a.hits_in(s, e) if not _only_cues(h.term))
        near_ai = any(s - 300 <= o <= e + 300 for o in ai)
        cues = tuple(dict.fromkeys(h[3] for h in cl if h[3]))
        lines = block.split("\n")
        prose = sum(len(ln) for ln in lines if len(ln) + len(_CJK_RE.findall(ln)) >= 60) / max(1, len(block))
        out.append(Pitch(s, e, sum(h[2] for h in cl), len(cues), n_marks, density,
                         overlap, key_overlap, max(0, rest_n), repeated, foreign, spam_w, near_ai, cues,
                         prose, len(lines), spam_discussed(page, s, e)))
    return out


def _foreign_share(block: str, dom: str) -> float:
    """Share of a block's (weighted) letters in another script group than the page's."""
    if dom == "common":
        return 0.0
    tot = other = 0.0
    for name, c in L.script_counts(block).items():
        if name == "common":
            continue
        w = c * L.SCRIPT_WEIGHT.get(name, 1.0)
        tot += w
        if L.SCRIPT_GROUP.get(name, name) != dom:
            other += w
    return other / tot if tot else 0.0


def _grow(text: str, s: int, e: int, block: str, toks: Counter, steps: int = 3):
    """Extend a block by the neighbouring lines that repeat its words (the product line
    above the first price of a list), at most `steps` lines each way."""
    for _ in range(steps):
        if s <= 0:
            break
        p = text.rfind("\n", max(0, s - 300), s - 1) + 1
        if p <= 0 and s - 1 > 300:
            break
        line = _pitch_tokens(text[p:s - 1])
        if not line or sum(1 for t in line if t in toks) < 0.5 * len(line):
            break
        s = p
        toks.update(line)
    for _ in range(steps):
        if e >= len(text):
            break
        q = text.find("\n", e + 1, e + 300)
        q = len(text) if q < 0 and len(text) - e <= 300 else q
        if q < 0:
            break
        line = _pitch_tokens(text[e + 1:q])
        if not line or sum(1 for t in line if t in toks) < 0.5 * len(line):
            break
        e = q
        toks.update(line)
    return s, e, text[s:e], toks


class SalesPitch(Detector):
    """SEO407 a sales pitch that does not belong to its page.

    Finds a block of text dense with selling cues (calls to action, prices, discounts,
    delivery and payment promises, messaging contacts; ``detector/data/sales_cues.txt``, many
    languages) that shares few words with the rest of the page, and agrees with a third
    signal: content words it repeats that the page never uses elsewhere (keyword stuffing), a
    switch of language or script, spam vocabulary, or a chatbot's preamble next to it. Why it
    matters: injected spam must sell, and it is about something else than the page it was
    pasted into; it does not need any word we have seen before. A shop's own product text
    shares its words with the page and gets nothing or a low finding; a visible ad block
    without the other signals stays low.
    Example: a news article with a paragraph "X now: order online, free shipping, -70%,
    X at the lowest price..." about a product the article never mentions.

    Features: ``pitch_commercial`` (log1p cue weight of the strongest block), ``pitch_density``
    (cues per 100 characters there), ``pitch_overlap`` (its share of words the rest of the
    page uses; 1 when there is no block), ``pitch_offtopic`` (commercial weight times
    one minus the overlap), ``pitch_repeat`` (log1p of repeated words found nowhere else),
    ``pitch_foreign``, ``pitch_spam``, ``pitch_ai`` and ``pitch_agree`` (how many of the
    third signals agree), ``pitch_topic_known`` (the rest of the page is long enough to judge
    the topic; the overlap is 0.5 otherwise), ``pitch_grade`` (0 none .. 4 high/high),
    ``pitch_discussed`` (words about spam or hacking stand next to it: an article quoting
    spam, graded at most medium/low).
    """

    id = "SEO407"
    name = "sales-pitch"
    kind = "spam_text"
    features = ("pitch_commercial", "pitch_density", "pitch_overlap", "pitch_offtopic", "pitch_repeat",
                "pitch_foreign", "pitch_spam", "pitch_ai", "pitch_agree", "pitch_topic_known", "pitch_grade",
                "pitch_discussed")

    def detect(self, page: Page):
        pitches = sales_pitches(page)
        if not pitches:
            return [], {"pitch_overlap": 1.0}
        rank = {None: 0, ("medium", "low"): 1, ("medium", "medium"): 2, ("high", "medium"): 3, ("high", "high"): 4}
        best = max(pitches, key=lambda p: (rank[p.grade()], p.commercial * (1.0 - max(p.overlap, 0.0))))
        findings = []
        for p in sorted(pitches, key=lambda p: -rank[p.grade()])[:3]:
            g = p.grade()
            if g is None:
                continue
            why = []
            if p.offtopic:
                why.append(f"shares {p.overlap:.0%} of its words with the rest of the page")
            if p.repeated >= 2:
                why.append(f"repeats {p.repeated} word(s) the page never uses elsewhere")
            if p.foreign:
                why.append("in another language or script than the page")
            if p.spam_w >= 1.0:
                why.append("carries spam vocabulary")
            if p.ai:
                why.append("next to a chatbot's preamble")
            if p.discussed:
                why.append("but words about spam or hacking stand next to it (quoted in an article?)")
            findings.append(Finding(
                self.id, self.kind, g[0], g[1],
                f"sales pitch ({p.distinct} selling cue(s): {', '.join(p.cues[:4])}; {p.marks} price/discount "
                f"mark(s)) {'; '.join(why) or 'on the page'}",
                {"where": "text", "offset": p.start, "snippet": snippet(page.text, p.start, min(p.end, p.start + 200), pad=0),
                 "count": p.distinct + p.marks}))
        known = best.rest_tokens >= PITCH_MIN_REST_TOKENS
        ov = best.overlap if best.overlap >= 0 and known else 0.5
        feats = {
            "pitch_commercial": _log(best.commercial),
            "pitch_density": min(best.density, 20.0),
            "pitch_overlap": ov,
            "pitch_offtopic": _log(best.commercial * (1.0 - ov)) if best.rest_tokens >= PITCH_MIN_REST_TOKENS else 0.0,
            "pitch_repeat": _log(best.repeated),
            "pitch_foreign": float(best.foreign),
            "pitch_spam": _log(best.spam_w),
            "pitch_ai": float(best.ai),
            "pitch_agree": float(best.agree),
            "pitch_topic_known": float(known),
            "pitch_grade": float(rank[best.grade()]),
            "pitch_discussed": float(best.discussed),
        }
        return findings, feats
