"""Parasite pages (SEO5xx): spam content hosted under someone else's name.

A parasite page is spam that rides on a host's reputation: a casino guide uploaded into a
charity's WordPress, a pharmacy landing page in a university's user folder, or a throwaway
blog on a free hosting platform (``auto-door16814.ttblogs.com``, ``*.blogspot.com``, a
storage bucket). The signal is the **mismatch** between what the page is about and whose
site it is on, not spam content alone: a casino affiliate site on its own casino-named domain
is a whole spam site (out of scope), and a news article about the lottery on a news site is
journalism.

What each detector compares:

* content: spam categories named by the title, headings, meta description and text
  (:func:`content_profile`);
* identity: the host's words (segmented), ``og:site_name``, the site part of the title, the
  anchors of internal links (:func:`detector.topic.site_identity`), and whether the host is a
  user's subdomain on a hosting platform. Pages without a URL use their canonical/og:url, or a
  site inferred from their links; the evidence says which. Text records without a URL have no
  identity: these detectors stay silent and their identity features are 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from detector import domains
from detector.context import about_spam, discussed
from detector.detectors import Detector
from detector.findings import Finding
from detector.lexicons import find_terms, segment_label
from detector.page import Page
from detector.patterns import rx
from detector.topic import (
    meta,
    navigation_anchors,
    category_counts,
    glued_spam,
    host_words,
    page_topic,
    path_words,
    similarity,
    identity_host,
    site_identity,
    spam_categories,
    text_site_name,
    text_categories,
    title_site_part,
)

CONTENT_TEXT = 12000  # characters of visible text looked at for the content's spam categories
MAX_LINKS = 3000

# Hosting platforms whose users get a subdomain (or a path) of their own, and that the public
# suffix list does not already mark as private suffixes (blogspot.com, github.io, wixsite.com,
# s3.amazonaws.com, herokuapp.com, netlify.app... are recognised through the list itself).
PLATFORM_DOMAINS = frozenset(
    """
    wordpress.com weebly.com tumblr.com livejournal.com over-blog.com overblog.com sitew.com
    beep.com webs.com jimdo.com jimdofree.com jimdosite.com strikingly.com mystrikingly.com
    site123.me godaddysites.com webnode.com webnode.page ucoz.com ucoz.ru narod.ru tripod.com
    angelfire.com zoomshare.com ezweb123.com blog.com blogger.com hatenablog.com fc2.com
    bloggersdelight.dk typepad.com blogs.com insanejournal.com xanga.com wikidot.com
    webflow.io carrd.co tilda.ws wixsite.com yolasite.com simplesite.com bravesites.com
    """.split()
)
# Platforms whose users get a path, not a subdomain.
PATH_PLATFORMS = {"sites.google.com": "/", "medium.com": "/@", "docs.google.com": "/"}

_GENERATED_LABEL = rx(
    "SEO502.generated_label",
    r"\A[a-z]++(?:-[a-z]++)*+-?\d{4,}+\Z",  # word(s) + a long number: auto-door16814
    worst_case="a-",
)
_RANDOM_TOKEN = rx(
    "SEO503.random_token",
    r"(?<![a-z0-9])(?=[a-z0-9]{10,40}(?![a-z0-9]))(?=[a-z]*+\d)(?=\d*+[a-z])[a-z0-9]{10,40}+",
    worst_case="a1",
)
_SLUG_SPLIT = rx("SEO503.slug_split", r"[-_+]++", worst_case="-_")
_UPLOAD_DIRS = rx(
    "SEO503.upload_dir",
    r"/(?:wp-content/uploads|wp-includes|uploads?|images?|img|files|tmp|temp|cache|assets|media|"
    r"cgi-bin|~[a-z0-9_.-]++)/",
    re.IGNORECASE,
    worst_case="/~a",
)


@lru_cache(maxsize=32768)
def platform_of(host: str) -> str:
    """The hosting platform a host is a user's site on ('' when it is not one).

    Private suffixes of the public suffix list (``blogspot.com``, ``github.io``...) and the
    bundled :data:`PLATFORM_DOMAINS` (user subdomains other than www).
    """
    if not host:
        return ""
    try:
        r = domains._EXTRACT(host)  # noqa: SLF001 - the one configured, offline extractor
        private = bool(getattr(r, "is_private", False))
    except Exception:  # noqa: BLE001
        return ""
    if private and r.domain:
        return r.suffix
    reg = f"{r.domain}.{r.suffix}" if r.domain and r.suffix else host
    sub = r.subdomain
    if reg in PLATFORM_DOMAINS and sub and sub not in ("www", "m", "blog", "en"):
        return reg
    return ""


def _user_label(host: str) -> str:
    """The user's own label on a platform host (``auto-door16814`` of ``auto-door16814.ttblogs.com``)."""
    sub, dom, suf = domains.split_host(host)
    if platform_of(host) and "." in suf:  # private suffix: the user label is the 'domain'
        return dom
    return sub.split(".")[-1] if sub else ""


@lru_cache(maxsize=8192)
def _label_spam(label: str) -> frozenset[str]:
    """Spam categories a user name spells, once segmented (``cheapjerseyswholesale``,
    ``casino-bonus24``): account names chosen for keywords, not for a person or a hobby."""
    if not label or len(label) < 6:
        return frozenset()
    words = segment_label(label)
    if len(words) < 2:
        return frozenset()
    cats = {h.category for h in find_terms(" ".join(words))}
    cats.update(spam_categories(words))
    return frozenset(cats)


@dataclass(slots=True)
class ContentProfile:
    """Which spam categories the page's content names, and how strongly."""

    head: dict = field(default_factory=dict)  # category -> hits in title/headings/meta
    body: dict = field(default_factory=dict)  # category -> hits in the text sample
    n_words: int = 0
    url_cats: dict = field(default_factory=dict)  # category -> words in the URL path
    sells: float = -1.0  # selling cues per 1000 characters of the text sample (-1: not measured)
    discussed: bool = False  # words about spam, hacking or fraud next to its spam vocabulary

    @property
    def categories(self) -> set[str]:
        return set(self.head) | {c for c, n in self.body.items() if n >= 3} | set(self.url_cats)

    def strength(self) -> float:
        """0..1: how much of the content is about spam (head counts triple)."""
        hits = sum(self.head.values()) * 3 + sum(self.body.values())
        dens = sum(self.body.values()) / max(50, self.n_words) * 100  # hits per 100 words
        return min(1.0, hits / 20.0) * 0.5 + min(1.0, dens / 3.0) * 0.5

    def strong(self) -> bool:
        b = sum(self.body.values())
        return (bool(self.head) and b >= 3) or (b >= 8 and b / max(50, self.n_words) >= 0.01)


SELLS_MIN = 1.0  # selling cues per 1000 characters below which a page informs rather than sells


def selling(page: Page, cp: ContentProfile) -> float:
    """Selling cues per 1000 characters of the page's text sample (computed once), and whether
    its spam words are discussed. Planted pages exist to convert: calls to action, prices,
    bonuses. A news article or a university warning about the same subject informs."""
    if cp.sells < 0:
        from detector.detectors.spam_text import sales_cue_hits

        text = page.text
        sample = text if len(text) <= CONTENT_TEXT else text[: CONTENT_TEXT // 2] + "\n" + text[-CONTENT_TEXT // 2:]
        hits = sales_cue_hits(sample, limit=400)
        cp.sells = 1000.0 * sum(w for _, _, _, w in hits) / max(len(sample), 1000)
        terms = find_terms(sample, limit=20)
        cp.discussed = about_spam(page) or (bool(terms) and sum(discussed(sample, h.start, h.end) for h in terms) * 2 >= len(terms))
    return cp.sells


def _head_text(page: Page) -> str:
    if not page.is_html:
        return page.text[:300]
    parts = [page.title or ""]
    parts.extend(page.headings[:10])
    for name in ("description", "keywords", "og:title"):
        parts.append(meta(page, name)[:1000])
    return "\n".join(parts)


def content_profile(page: Page, force: bool = False) -> ContentProfile | None:
    """The page's spam categories (cached). Without `force`, None when neither the head nor the
    URL names spam (the body is then not scanned: spam pages put their keywords up front)."""
    cp = getattr(page, "_parasite_content", None)
    if cp is None:
        cp = ContentProfile()
        cp.head = category_counts(_head_text(page), limit=50)
        url = page.url or ""
        if url:
            cp.url_cats = spam_categories(path_words(url))
        cp.n_words = -1  # body not scanned yet
        page._parasite_content = cp
    if not (cp.head or cp.url_cats or force):
        return None
    if cp.n_words < 0:
        text = page.text
        sample = text if len(text) <= CONTENT_TEXT else text[: CONTENT_TEXT // 2] + "\n" + text[-CONTENT_TEXT // 2:]
        cp.body = category_counts(sample)
        cp.n_words = sample.count(" ") + sample.count("\n") + 1
    return cp


def _site_name_parts(page: Page) -> list[str]:
    """The site's name: its host's words, ``og:site_name`` and the site part of the title."""
    ident = site_identity(page)
    parts = [" ".join(host_words(ident.host))] if ident.host else [ident.name]
    if page.is_html:
        parts.append(meta(page, "og:site_name"))
        parts.append(title_site_part(page, ident.host))
    return parts


def identity_categories(page: Page) -> dict[str, int]:
    """Spam categories the site's identity itself names (a casino site's name, its menu)."""
    parts = _site_name_parts(page)
    if page.is_html:
        parts.append("\n".join(navigation_anchors(page)))
    return category_counts("\n".join(p for p in parts if p), limit=100)


def identity_topics(page: Page) -> set[str]:
    """Spam categories whose *subject* the site's name names in plain topic words: a health
    service writing about sildenafil, a lottery's site about jackpots, a college about essays
    (menus are left out: a news site's "Health" section does not make every pill page its
    own). Such a page is on the site's subject unless it sells: an essay mill planted on a
    college site sells, the college's writing centre does not."""
    from detector.detectors.spam_text import topic_word_categories

    return topic_word_categories(" ".join(p for p in _site_name_parts(page) if p).lower())


def _money_links(page: Page) -> tuple[str, int, int]:
    """(top external domain, its link count, all external links) among non-common hosts.

    A page whose outbound links nearly all go to one commercial domain is the classic
    backlink post of a throwaway blog.
    """
    from detector.topic import is_common_host

    counts: dict[str, int] = {}
    n = 0
    for l in page.links[:MAX_LINKS]:
        if l.external and l.domain and not is_common_host(l.domain) and l.source != "text":
            counts[l.domain] = counts.get(l.domain, 0) + 1
            n += 1
    if not counts:
        return "", 0, 0
    dom = max(counts, key=counts.get)
    return dom, counts[dom], n


def _evidence(page: Page, basis: str, **kw) -> dict:
    ev = {"url": (page.url or "")[:500], "domain": page.site, "where": "url", "identity": basis,
          "snippet": (page.title or page.text[:200])[:300]}
    ev.update(kw)
    return ev


class ContentIdentityMismatch(Detector):
    """Spam content on a site whose own identity has nothing to do with it.

    Finds a casino guide served from a charity's domain, a pharmacy landing page under a
    university's folder, a replica-watch page in a small business's uploads directory: the
    content (title, headings, description, text) names a spam category, while the site's
    identity (its domain name's words, ``og:site_name``, the site part of the title, its own
    navigation) names none, and the two share almost no vocabulary.

    Why it matters: attackers plant such pages on reputable hosts so that the host's
    reputation ranks them; the owner usually does not know they exist.

    Precision: whole spam sites, whose name or menu names the same category, are out of scope
    and not reported; a legitimate article that merely discusses gambling or drugs is common,
    so confidence needs more than the mismatch: a doorway-shaped URL, a page in an uploads or
    user folder, no site navigation at all, outbound links that name spam. A page that sells
    nothing (few calls to action, prices or bonuses: a news story on a regulator's fine, a
    university's warning about essay mills) gets low/low at most. The evidence says which
    identity was used (record URL, canonical, or a site inferred from the links).
    """

    id = "SEO501"
    name = "content off the site's identity"
    kind = "parasite_page"
    features = (
        "content_spam_strength",  # 0..1, spam categories in the content (head weighs triple), off the identity
        "content_head_spam",  # 1 if the title/headings/meta name a spam category the identity does not
        "identity_spam",  # 1 if the site's identity itself names a content spam category
        "identity_dissimilarity",  # 1 - cosine(content topic, site identity) when the content
        #                            names spam strongly and the identity is known, else 0
        "identity_known",  # 1 from the record URL, 0.5 canonical/og:url, 0.25 inferred, 0 none
        "mismatch",  # content names spam, identity does not, and they share little
        "no_site_nav",  # 1 if the page has fewer than 3 internal links
        "upload_dir",  # 1 if the page sits in an uploads/images/tmp/~user folder
        "content_sells",  # log1p of selling cues per 1000 characters, when the content names spam
    )
    html_only = frozenset({"no_site_nav"})

    def detect(self, page: Page):
        feats: dict[str, float] = {}
        host, basis = identity_host(page)
        name = "" if host else text_site_name(page)  # a text record without a URL names its site
        feats["identity_known"] = {"url": 1.0, "canonical": 0.5, "inferred": 0.25}.get(basis, 0.25 if name else 0.0)
        cp = content_profile(page)
        if cp is None:
            return [], feats
        url = page.url or ""
        path = url[url.find("/", url.find("//") + 2):] if "//" in url else ""
        feats["upload_dir"] = 1.0 if path and _UPLOAD_DIRS.search(path) else 0.0
        if page.is_html:
            internal = sum(1 for l in page.links[:MAX_LINKS] if l.external is False and l.source != "text")
            feats["no_site_nav"] = 1.0 if internal < 3 else 0.0
        if not (host or name) or not cp.categories or not cp.strong():
            return [], feats
        feats["content_sells"] = math.log1p(selling(page, cp))
        if name and (cp.sells < SELLS_MIN or cp.discussed):
            return [], feats  # a name read off the text is a weak identity: only a page that sells is judged on it
        ident = site_identity(page)
        icats = identity_categories(page)
        cats = cp.categories
        shared = {c for c in cats if c in icats}
        feats["identity_spam"] = 1.0 if shared else 0.0
        if not shared and cats & identity_topics(page) and (name or selling(page, cp) < SELLS_MIN):
            return [], feats  # an informative page on the site's own subject
        if not shared:
            # how much the content is about spam counts only off the site's identity: a page's
            # subject alone is no evidence of a planted page
            feats["content_spam_strength"] = cp.strength()
            feats["content_head_spam"] = 1.0 if cp.head else 0.0
        sim = similarity(page_topic(page), ident)
        feats["identity_dissimilarity"] = 1.0 - sim
        if shared or sim >= 0.15:
            return [], feats
        feats["mismatch"] = 1.0
        if platform_of(page.host):
            return [], feats  # a platform user's page: SEO502 judges it
        extra = []
        if feats["upload_dir"]:
            extra.append("it sits in an uploads/user folder")
        if feats.get("no_site_nav"):
            extra.append("it has no navigation of the site")
        if cp.url_cats and cp.head:
            extra.append("its URL names the spam too")
        spam_out = _spam_outlinks(page)
        if spam_out >= 2:
            extra.append(f"{spam_out} outbound links name spam")
        basis = ident.basis
        informs = cp.sells < SELLS_MIN
        if informs:
            extra.append("but it sells nothing" + (" and discusses spam or fraud" if cp.discussed else "")
                         + " (an article on the subject?)")
        if informs:
            sev, conf = "low", "low"
        elif len(extra) >= 2 and basis in ("url", "canonical"):
            sev, conf = "high", "medium"
        elif extra and basis in ("url", "canonical"):
            sev, conf = "medium", "medium"
        else:
            sev, conf = "medium", "low"
        cl = sorted(cats)
        msg = (f"page about {'/'.join(cl)} on {ident.host or repr(ident.name)}, whose identity "
               f"({', '.join(ident.sources) or 'host'}) names nothing of the kind"
               + (": " + "; ".join(extra) if extra else ""))
        return [Finding(self.id, self.kind, sev, conf, msg, _evidence(
            page, basis, categories=cl, similarity=round(sim, 3),
            spam_words=sorted({w for d in (cp.head, cp.url_cats) for w in d})[:10]))], feats


def _spam_outlinks(page: Page) -> int:
    """External links whose domain or anchor names spam (a cheap count)."""
    n = 0
    for l in page.links[:MAX_LINKS]:
        if l.external and l.domain:
            if glued_spam(l.host) and spam_categories(host_words(l.host)):
                n += 1
    return n


class PlatformSpamPage(Detector):
    """A spam or backlink page on a user subdomain of a hosting platform.

    Finds throwaway blogs and sites planted on free platforms (a ``*.blogspot.com`` or
    ``*.wordpress.com`` blog, a site-builder page, a storage bucket, ``sites.google.com``):
    the host is a user's site on a platform (public-suffix-list private suffixes, a bundled
    list, or a page branded with the registered domain in ``og:site_name``/``generator`` on a
    user subdomain) and the page carries spam content or is a backlink post (its outbound
    links nearly all go to one commercial domain), on a generated-looking user name
    (``auto-door16814``) or beside a farm of sibling subdomains.

    Why it matters: the platform did not intend these pages; they exist to pass reputation to
    the linked sites and count as compromised content for the platform.

    Precision: ordinary user blogs (a knitting blog on blogspot, a law professor's blog) have
    human names, no sibling farm and no spam; at least two of those signals must agree.
    """

    id = "SEO502"
    name = "spam on a hosting platform"
    kind = "parasite_page"
    features = (
        "platform_user_site",  # 1 if the host is a user's site on a hosting platform
        "generated_user_label",  # 1 if the user label looks generated (words + long number)
        "sibling_subdomains_log",  # log1p(links to other user subdomains of the same platform)
        "sibling_generated_share",  # share of those with generated-looking labels
        "money_link_share",  # share of external links going to the single top domain
        "platform_spam",  # platform user site AND spam content
        "label_spam",  # 1 if the user name itself spells spam keywords (cheap-jerseys-wholesale)
    )

    def detect(self, page: Page):
        feats: dict[str, float] = {}
        host = page.host
        if not host:
            return [], feats
        platform = platform_of(host)
        reg = page.site
        branded = False
        if not platform and page.is_html:
            sub = domains.split_host(host)[0]
            if sub and sub not in ("www", "m"):
                brand = (meta(page, "og:site_name") or meta(page, "generator") or "").strip().lower()
                if brand and (brand == reg or brand == domains.domain_label(host)):
                    platform, branded = reg, True
        if not platform:
            return [], feats
        feats["platform_user_site"] = 1.0
        label = _user_label(host)
        generated = bool(label and _GENERATED_LABEL.match(label))
        feats["generated_user_label"] = 1.0 if generated else 0.0
        siblings = set()
        for l in page.links[:MAX_LINKS]:
            if l.host and l.host != host and platform_of(l.host) == platform or (
                    branded and l.domain == reg and l.host not in (host, reg, "www." + reg)):
                lab = _user_label(l.host) if not branded else domains.split_host(l.host)[0].split(".")[-1]
                if lab and lab not in ("www", "m"):
                    siblings.add(lab)
        gen_sib = sum(1 for s in siblings if _GENERATED_LABEL.match(s))
        feats["sibling_subdomains_log"] = math.log1p(len(siblings))
        feats["sibling_generated_share"] = gen_sib / len(siblings) if siblings else 0.0
        top, n_top, n_ext = _money_links(page)
        feats["money_link_share"] = n_top / n_ext if n_ext else 0.0
        cp = content_profile(page, force=True)
        spam = cp is not None and cp.strong()
        feats["platform_spam"] = 1.0 if spam else 0.0
        backlink = n_top >= 3 and n_top >= 0.6 * n_ext
        label_cats = _label_spam(label)
        feats["label_spam"] = 1.0 if label_cats else 0.0
        if not (spam or backlink):
            return [], feats
        shape = []
        if generated:
            shape.append(f"generated-looking user name '{label}'")
        if label_cats:
            shape.append(f"the user name '{label}' spells {'/'.join(sorted(label_cats))} keywords")
        if len(siblings) >= 5 and gen_sib >= 2:
            shape.append(f"links to {len(siblings)} sibling sites on {platform}, {gen_sib} with generated names")
        evidence = _evidence(page, "url" if getattr(page, "_record_url", None) else "canonical",
                             platform=platform, money_domain=top, count=len(siblings))
        if not shape:
            if not spam:
                return [], feats
            # spam on a user site with an ordinary name: evidence, but a spam blogger's own
            # site looks the same, so it stays a weak finding for the model to weigh
            return [Finding(self.id, self.kind, "medium", "low",
                            f"spam content ({'/'.join(sorted(cp.categories))}) on a user site of {platform}",
                            evidence)], feats
        what = []
        if spam:
            what.append("spam content (" + "/".join(sorted(cp.categories)) + ")")
        if backlink:
            what.append(f"a backlink post ({n_top} of {n_ext} outbound links go to {top})")
        sev = "high"
        conf = "high" if (spam and backlink) or len(shape) >= 2 else "medium"
        msg = f"{' and '.join(what)} on a user site of {platform}: " + "; ".join(shape)
        return [Finding(self.id, self.kind, sev, conf, msg, evidence)], feats


class DoorwayUrl(Detector):
    """A doorway-shaped URL carrying spam, on a site that is not about it.

    Finds addresses such as ``/buy-cheap-viagra-online-no-prescription.html`` (a
    keyword-stuffed slug naming spam), random-token paths or subdomains
    (``/a8k2x9qz7m/``), and numbered subdomain farms (``shop31740.example.org``), when the
    page's content names spam and the site's identity does not.

    Why it matters: mass-generated doorway pages are how planted spam scales: thousands of
    keyword URLs, each a landing page for one query.

    Precision: product slugs and hashed asset names are everywhere, so the URL shape alone is
    only a feature; a finding needs spam in the slug or the content, and a host whose identity
    does not name the same category (a whole spam site is out of scope).
    """

    id = "SEO503"
    name = "doorway URL"
    kind = "parasite_page"
    features = (
        "slug_words",  # words of the last path segment's slug (capped at 20), when that slug names spam
        #                (a long slug alone is an article's, not a doorway's: without spam it is 0)
        "slug_spam",  # 1 if the slug names a spam category
        "random_token",  # 1 if a path segment or subdomain is a random-looking token
        "numbered_subdomain",  # 1 if the subdomain is words + a long number
        "doorway_score",  # 0..1 agreement of the URL-shape signals with spam content
    )

    def detect(self, page: Page):
        feats: dict[str, float] = {}
        url = page.url
        if not url or "//" not in url:
            return [], feats
        i = url.find("/", url.find("//") + 2)
        path = url[i:].split("#", 1)[0] if i >= 0 else ""
        if "%" in path:
            try:
                path = unquote(path)
            except Exception:  # noqa: BLE001
                pass
        seg = path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        seg = seg.rsplit(".", 1)[0] if "." in seg[-6:] else seg
        parts = [p for p in _SLUG_SPLIT.split(seg.lower()) if p]
        slug_cats = text_categories(" ".join(parts), limit=10) if len(parts) >= 2 else {}
        feats["slug_words"] = float(min(20, len(parts))) if slug_cats else 0.0
        feats["slug_spam"] = 1.0 if slug_cats else 0.0
        sub = domains.split_host(page.host)[0] if page.host else ""
        low = path.lower()
        rnd = bool(_RANDOM_TOKEN.search(low)) or bool(sub and _RANDOM_TOKEN.search(sub))
        feats["random_token"] = 1.0 if rnd else 0.0
        numbered = bool(sub) and any(_GENERATED_LABEL.match(s) for s in sub.split("."))
        feats["numbered_subdomain"] = 1.0 if numbered else 0.0
        if not (slug_cats or rnd or numbered):
            return [], feats
        cp = content_profile(page)
        spam = cp is not None and cp.strong()
        score = 0.0
        if slug_cats and len(parts) >= 4:
            score += 0.4
        elif slug_cats:
            score += 0.2
        if rnd or numbered:
            score += 0.2
        if spam:
            score += 0.4
        feats["doorway_score"] = min(1.0, score)
        if not (slug_cats and spam):
            return [], feats
        if platform_of(page.host):
            return [], feats  # judged by SEO502
        icats = identity_categories(page)
        if any(c in icats for c in slug_cats):
            return [], feats  # the site names it itself: a whole spam site, out of scope
        if set(slug_cats) & identity_topics(page) and selling(page, cp) < SELLS_MIN:
            return [], feats  # an article on the site's own subject
        conf = "medium" if (len(parts) >= 4 or rnd or numbered) else "low"
        sev, why = "medium", ""
        if selling(page, cp) < SELLS_MIN:  # an article whose slug names its subject
            sev, conf, why = "low", "low", "; but the page sells nothing (an article on the subject?)"
        return [Finding(self.id, self.kind, sev, conf,
                        f"doorway URL naming {'/'.join(sorted(slug_cats))} ('{seg[:80]}') with spam "
                        f"content, on a site whose identity does not name it{why}", _evidence(
                            page, "url" if getattr(page, "_record_url", None) else "canonical",
                            categories=sorted(slug_cats), slug=seg[:200]))], feats


__all__ = ["ContentIdentityMismatch", "PlatformSpamPage", "DoorwayUrl", "platform_of",
           "content_profile"]
