"""Page: one record, decoded once, parsed once (lazily), with the views detectors share.

Views (all lazy, each computed at most once):

* ``text``: the page's text. For HTML, every text node of the body on its own line
  (scripts, styles and templates removed; hidden text kept), which is what crawlers and
  WET converters see. Offsets in findings point into this string. For a text record, the
  record itself.
* ``links``: every reference a reader can follow, with absolute URL, host, registered
  domain, anchor text, offset, position, region, and whether and how it is hidden. Bare
  URLs in the text are links too (the only links a text record has).
* ``hidden_blocks``: elements hidden from readers (how, and whether that is benign UI),
  with their text and links.
* ``code_texts``: text shown as code (``<pre>``, ``<code>``, ``<samp>``...), so that a
  detector can tell a quoted error from a leaked one (:meth:`Page.context_of`).
* ``scripts``, ``iframes``, ``styles``, ``comments``, ``metas``, ``title``, ``headings``.

Speed: a Python loop over every DOM node costs several microseconds per node, far too slow
for millions of pages. Every view is therefore built from lexbor's C-level text extraction
and CSS queries; Python only touches the few elements that matter (links, hidden roots,
code blocks). Nested hidden or code elements are expanded once (outermost first), so even
100,000-deep nesting costs one pass.

The page URL comes from the record, else ``<link rel=canonical>``, ``og:url``, ``<base>``,
or a CleanEval ``<text id=...>`` wrapper. A text record has no other source of a URL.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterator, NamedTuple
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from detector.domains import _HTTP_HOST, host_of, registered_domain
from detector.hosts import is_known_domain
from detector.patterns import rx
from detector.records import Record, decode, mode_for_filename, sniff_mode
from detector.visibility import CssHidingRules, benign_names, inline_hiding

STRIP_TAGS = ["script", "style", "template"]
CODE_TAGS = ("pre", "code", "samp", "kbd", "tt", "xmp", "listing", "textarea", "plaintext")
_CODE_SELECTOR = ", ".join(CODE_TAGS)
LINK_SELECTOR = "a[href], area[href]"

# Regions a link can sit in, judged from the tag, class and id of its ancestors.
REGION_TAGS = {"header": "header", "nav": "nav", "footer": "footer", "aside": "aside"}
REGION_WORDS = (
    ("comment", "comments"), ("trackback", "comments"), ("pingback", "comments"), ("respond", "comments"),
    ("sidebar", "aside"), ("widget", "aside"), ("footer", "footer"), ("menu", "nav"), ("navbar", "nav"),
    ("navigation", "nav"), ("header", "header"), ("masthead", "header"),
)
MAX_REGION_DEPTH = 40


@lru_cache(maxsize=16384)
def _region_of(tag: str, cls: str | None, el_id: str | None, role: str | None) -> str | None:
    """Page region an element opens, from its tag, class, id and role (None for none)."""
    region = REGION_TAGS.get(tag)
    if region:
        return region
    if role == "navigation":
        return "nav"
    if role == "complementary":
        return "aside"
    if not cls and not el_id:
        return None
    low = f"{cls or ''} {el_id or ''}".lower()
    for word, reg in REGION_WORDS:
        if word in low:
            return reg
    return None


_WS = rx("page.whitespace", r"\s++", worst_case=" \t\n")
# A bare URL: http(s):// or www., not glued to a word, an e-mail or a path before it. The
# lookbehind sits after the first letter so that the pattern starts with a character set.
_TEXT_URL = rx(
    "page.text_url",
    r"(?:[hH](?<![\w@/.-].)[tT][tT][pP][sS]?+://|[wW](?<![\w@/.-].)[wW][wW]\.)[^\s<>\"'`{}|\\^\[\]]++",
    worst_case="http://",
)


def bare_urls(text: str) -> Iterator[re.Match]:
    """Bare URLs in text, left to right, without overlaps.

    ``str.find`` for "://" and "www." (any of www/WWW/Www) puts the pattern only where a URL
    can start, so a page costs a few substring searches instead of a regex step per
    character (about 15 times faster on WET text)."""
    cands = []
    i = text.find("://")
    while i >= 0:
        if i >= 5 and text[i - 5:i].lower() == "https":
            cands.append(i - 5)
        elif i >= 4 and text[i - 4:i].lower() == "http":
            cands.append(i - 4)
        i = text.find("://", i + 3)
    for needle in ("www.", "WWW.", "Www."):
        i = text.find(needle)
        while i >= 0:
            cands.append(i)
            i = text.find(needle, i + 4)
    last = -1
    for s in sorted(cands):
        if s < last:
            continue
        m = _TEXT_URL.match(text, s)
        if m is not None:
            last = m.end()
            yield m
_TEXT_WRAPPER = rx(
    "page.cleaneval_wrapper",
    r"""\A\s*+<text\s[^>]{0,2000}?\bid\s*+=\s*+["']([^"']{1,2000})["']""",
    re.IGNORECASE,
    worst_case="<text id=",
)
_HTML_COMMENT = rx(
    "page.html_comment",
    r"<!--(.*?)(?:-->|\Z)",
    re.DOTALL,
    worst_case="<!--<!--",
)
_NON_HTTP = rx("page.non_http_scheme", r"[a-zA-Z][a-zA-Z0-9+.-]{0,20}+:(?!//)", worst_case="a")
# Elements whose own attributes might hide them: a style naming a hiding property (matched in
# C by lexbor, so the many harmless style attributes never reach Python), hidden, noscript.
HIDDEN_CANDIDATES = ", ".join(
    [f"[style*={w!r} i]" for w in ("none", "hidden", "collapse", "opacity", ":-", ": -", "font-size", "clip",
                                    "scale", "filter", "transparent", "indent")]
    + ["[style*=color i][style*=background i]", "[hidden]", "noscript"]
)
MAX_COMMENTS = 500
LINK_SEARCH_WINDOW = 20000
MAX_CODE_BLOCKS = 500


class Ctx(NamedTuple):
    """Where a stretch of text or a link sits."""

    hidden: str | None  # hiding rule of the nearest hidden ancestor (or the element itself)
    benign: str | None  # benign UI pattern around the hidden element (sr-only, menu, ...)
    code: bool  # inside <pre>, <code>, <samp>, ...
    block: int  # index into Page.hidden_blocks, -1 if visible


VISIBLE = Ctx(None, None, False, -1)


@dataclass(slots=True)
class Link:
    """One outbound reference: an <a>/<area> href, or a bare URL in text."""

    url: str
    href: str
    anchor: str
    offset: int  # where the anchor text starts in page.text (best effort for HTML)
    index: int  # order on the page
    source: str  # "a", "area" or "text"
    rel: str = ""
    hidden: str | None = None
    benign: str | None = None
    code: bool = False
    block: int = -1
    host: str = ""
    domain: str = ""
    position: float = 0.0  # offset / len(page.text): 0 = top, 1 = bottom
    external: bool | None = None  # None when unknown (no page site, or not http)
    node: object = None  # the lexbor element, for Page.region_of
    _region: str | None = None


@dataclass(slots=True)
class Script:
    src: str | None
    host: str
    domain: str
    body: str
    type: str
    attrs: dict


@dataclass(slots=True)
class Frame:
    src: str
    host: str
    domain: str
    width: str
    height: str
    hidden: str | None
    attrs: dict


@dataclass(slots=True)
class HiddenBlock:
    """An element hidden from readers, with what it hides."""

    id: int
    rule: str  # how: display:none, offscreen, zero-size, ...
    benign: str | None  # a UI pattern that is hidden on purpose (menu, sr-only, ...), or None
    tag: str
    attrs: dict  # id, class, style of the hiding element
    text: str
    offset: int  # where its text starts in page.text (-1 when it has none)
    links: list = field(default_factory=list)


class Page:
    """A record prepared for detectors; everything is computed at most once, on demand."""

    def __init__(self, record: Record, *, truncated: bool = False,
                 allowed_domains: frozenset[str] = frozenset()) -> None:
        self.record = record
        # registered domains the user vouches for (config allow_domains): treated as the site's own
        self.allowed_domains = allowed_domains
        self.id = record.id
        self.truncated = truncated
        self.date = record.date
        content = record.content
        mode = record.mode or sniff_mode(content)
        self.mode = mode
        self.encoding = "utf-8"
        if isinstance(content, bytes):
            content, self.encoding = decode(content, http_charset=record.charset, is_html=mode == "html")
        self.source: str = content
        self._record_url = (record.url or "").strip() or None
        self._built = False

    # ------------------------------------------------------------------ identity
    @property
    def is_html(self) -> bool:
        return self.mode == "html"

    @cached_property
    def tree(self) -> LexborHTMLParser | None:
        return LexborHTMLParser(self.source) if self.is_html else None

    @cached_property
    def url(self) -> str | None:
        """The page address: record, canonical, og:url, <base>, or CleanEval wrapper."""
        if self._record_url:
            return self._record_url
        if not self.is_html:
            return None
        self._build()
        for cand in (self._canonical, self._og_url, self._base_href, self._wrapper_url):
            if cand and cand[:8].lower().startswith(("http://", "https://")):
                return cand
        return None

    @cached_property
    def host(self) -> str:
        return host_of(self.url) if self.url else ""

    @cached_property
    def site(self) -> str:
        """Registered domain of the page; else the dominant link domain; else ''."""
        if self.host:
            return registered_domain(self.host)
        self._build()
        return self._inferred_site or ""

    @cached_property
    def site_inferred(self) -> bool:
        """True when :attr:`site` was guessed from the page's own links, not from a URL."""
        return not self.host and bool(self.site)

    # ------------------------------------------------------------------ views
    @property
    def text(self) -> str:
        self._build()
        return self._text

    @property
    def links(self) -> list[Link]:
        self._build()
        return self._links

    @property
    def title(self) -> str:
        self._build()
        return self._title

    @property
    def metas(self) -> list[dict]:
        self._build()
        return self._metas

    @property
    def scripts(self) -> list[Script]:
        self._build()
        return self._scripts

    @property
    def styles(self) -> list[str]:
        self._build()
        return self._styles

    @property
    def css_rules(self) -> CssHidingRules:
        self._build()
        return self._css

    @property
    def hidden_blocks(self) -> list[HiddenBlock]:
        self._build()
        return self._blocks

    @property
    def code_texts(self) -> list[str]:
        self._build()
        return self._code_texts

    @cached_property
    def iframes(self) -> list[Frame]:
        self._build()
        frames = []
        if self.tree is None:
            return frames
        for node in self.tree.css("iframe, frame"):
            attrs = dict(node.attributes)
            src = self._absolute((attrs.get("src") or "").strip())
            host = host_of(src) if src else ""
            hidden = inline_hiding(attrs) or self._hidden_by_mem.get(node.mem_id, (None,))[0]
            frames.append(Frame(src, host, registered_domain(host) if host else "",
                                str(attrs.get("width") or ""), str(attrs.get("height") or ""),
                                hidden, attrs))
        return frames

    @cached_property
    def comments(self) -> list[str]:
        """HTML comments, as crawlers see them (errors are sometimes printed inside one)."""
        if not self.is_html or "<!--" not in self.source:
            return []
        out = []
        source = self.source
        find = source.find
        i = find("<!--")
        while i >= 0:  # str.find: what _HTML_COMMENT matches, at C speed
            j = find("-->", i + 4)
            end = j if j >= 0 else len(source)
            c = source[i + 4:end].strip()
            if c:
                out.append(c)
                if len(out) >= MAX_COMMENTS:
                    break
            if j < 0:
                break
            i = find("<!--", j + 3)
        return out

    @cached_property
    def headings(self) -> list[str]:
        if self.tree is None:
            return []
        self._build()
        out = []
        for node in self.tree.css("h1, h2")[:20]:
            h = _WS.sub(" ", node.text() or "").strip()
            if h:
                out.append(h[:300])
        return out

    def meta(self, name: str) -> str:
        """Content of the first <meta name|property|http-equiv=...> with this name ('' if none)."""
        name = name.lower()
        for m in self.metas:
            if (m.get("name") or m.get("property") or m.get("http-equiv") or "").lower() == name:
                return m.get("content") or ""
        return ""

    def region_of(self, link: Link) -> str:
        """Region of the page a link sits in: comments, aside, footer, nav, header or body.

        Computed on demand (an ancestor walk), because most detectors only ask it of the
        few links that already look suspicious. The innermost named region wins.
        """
        if link._region is not None:
            return link._region
        region = "body"
        node = link.node.parent if link.node is not None else None
        depth = MAX_REGION_DEPTH
        while node is not None and depth > 0:
            tag = node.tag
            if not tag or tag in ("body", "html") or tag[0] in "-#":
                break
            attrs = node.attributes
            r = _region_of(tag, attrs.get("class"), attrs.get("id"), attrs.get("role"))
            if r:
                region = r
                break
            node = node.parent
            depth -= 1
        link._region = region
        return region

    def context_of(self, start: int, end: int | None = None) -> Ctx:
        """Where text[start:end] came from: inside code? hidden (how)? Text records: visible.

        Decided by containment of that text in the page's code blocks and hidden blocks,
        which is exact unless the same words also appear elsewhere on the page.
        """
        self._build()
        if not self.is_html:
            return VISIBLE
        if end is None or end <= start:
            end = start + 1
        needle = self._text[start:end].strip()
        if not needle:
            return VISIBLE
        code = any(needle in c for c in self._code_texts)
        for hb in self._blocks:
            if 0 <= hb.offset <= start and needle in hb.text:
                return Ctx(hb.rule, hb.benign, code, hb.id)
        return Ctx(None, None, code, -1) if code else VISIBLE

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        self._title = ""
        self._scripts: list[Script] = []
        self._styles: list[str] = []
        self._metas: list[dict] = []
        self._blocks: list[HiddenBlock] = []
        self._code_texts: list[str] = []
        self._css = CssHidingRules()
        self._hidden_by_mem: dict[int, tuple] = {}
        self._canonical = self._og_url = self._base_href = self._wrapper_url = None
        self._inferred_site = None
        self._links: list[Link] = []
        if self.is_html:
            self._build_html()
        else:
            self._text = self.source
        self._add_text_links()
        self._finish_links()

    def _build_html(self) -> None:
        tree = self.tree
        m = _TEXT_WRAPPER.search(self.source, 0, 4096)
        if m:
            self._wrapper_url = m.group(1).replace("&amp;", "&").strip()
        head = tree.head
        if head is not None:
            self._read_head(head)
        body = tree.body
        if body is not None and ("efresh" in self.source or "EFRESH" in self.source):
            # browsers obey a <meta http-equiv="refresh"> wherever it stands: one pasted into
            # the body (or a page whose markup puts everything there) redirects all the same;
            # one inside <noscript> is the fallback of a page that needs scripts, not a redirect
            for node in body.css("meta[http-equiv]"):
                if not _inside(node, "noscript"):
                    self._metas.append(_meta_dict(node.attributes))
        for node in tree.css("style"):
            css = node.text(deep=True) or ""
            if css:
                self._styles.append(css)
                self._css.add_css(css)
        for node in tree.css("script"):
            attrs = dict(node.attributes)
            src = (attrs.get("src") or "").strip() or None
            body = "" if src else (node.text(deep=True) or "")
            if body and ("getElementById" in body or "$(" in body):
                self._css.add_script(body)
            self._scripts.append(Script(src, "", "", body, (attrs.get("type") or "").lower(), attrs))
        tree.strip_tags(STRIP_TAGS)
        root = tree.body or tree.root
        if root is None:
            self._text = ""
            return
        self._text = root.text(separator="\n", strip=True, skip_empty=True)
        self._mark_hidden(tree)
        code_mem = self._mark_code(tree)
        self._collect_links(tree, code_mem)

    def _read_head(self, head) -> None:
        for node in head.css("title, meta, link, base"):
            tag = node.tag
            attrs = node.attributes
            if tag == "title":
                if not self._title:
                    self._title = _WS.sub(" ", node.text() or "").strip()
            elif tag == "meta":
                meta = _meta_dict(attrs)
                self._metas.append(meta)
                if meta.get("property", "").lower() == "og:url" and not self._og_url:
                    self._og_url = meta.get("content", "").strip()
            elif tag == "link":
                rel = (attrs.get("rel") or "").lower().split()
                if "canonical" in rel and not self._canonical:
                    self._canonical = (attrs.get("href") or "").strip()
            elif tag == "base" and not self._base_href:
                self._base_href = (attrs.get("href") or "").strip()

    def _mark_hidden(self, tree) -> None:
        """Find outermost hidden elements; record their rule, benign label, text and links."""
        css = self._css
        extra = css.selector()
        try:
            candidates = tree.css(HIDDEN_CANDIDATES + (", " + extra if extra else ""))
        except Exception:  # a selector lexbor refuses: keep inline hiding only
            candidates = tree.css(HIDDEN_CANDIDATES)
        covered: set = set()
        text = self._text
        for node in candidates:
            mid = node.mem_id
            if mid in covered:
                continue
            tag = node.tag
            attrs = node.attributes
            rule = inline_hiding(attrs)
            if rule is None and css:
                rule = css.match(tag, attrs)
            if rule is None and tag == "noscript":
                rule = "noscript"
            if rule is None or (tag == "input" and (attrs.get("type") or "").lower() == "hidden"):
                continue
            benign = "noscript" if tag == "noscript" else _benign_around(node, tag, attrs)
            btext = node.text(separator="\n", strip=True, skip_empty=True) or ""
            offset = text.find(btext[:200]) if btext else -1
            hb = HiddenBlock(len(self._blocks), rule, benign, tag,
                             {k: v for k, v in attrs.items() if k in ("id", "class", "style")},
                             btext, offset)
            self._blocks.append(hb)
            info = (rule, benign, hb.id)
            for d in node.traverse(include_text=False):
                dmid = d.mem_id
                covered.add(dmid)
                self._hidden_by_mem[dmid] = info

    def _mark_code(self, tree) -> set:
        """Texts of outermost code blocks; returns the mem_ids of every element inside one."""
        covered: set = set()
        for node in tree.css(_CODE_SELECTOR):
            mid = node.mem_id
            if mid in covered:
                continue
            for d in node.traverse(include_text=False):
                covered.add(d.mem_id)
            if len(self._code_texts) < MAX_CODE_BLOCKS:
                t = node.text(separator="\n", strip=True, skip_empty=True)
                if t:
                    self._code_texts.append(t)
        return covered

    def _collect_links(self, tree, code_mem: set) -> None:
        """<a href> then <area href> links, with anchor text, offset and hidden context.

        The offset is found by searching the anchor text forward from the previous link,
        within a bounded window (an anchor that is not found must not cost a scan of the
        whole text, or 100,000 links would be quadratic).
        """
        text = self._text
        cursor = 0
        links = self._links
        hidden_by = self._hidden_by_mem
        blocks = self._blocks
        find = text.find
        for node in tree.css("a[href]"):
            attrs = node.attributes
            href = attrs.get("href")
            if not href or not (href := href.strip()):
                continue
            mid = node.mem_id
            raw = node.text(separator="\n", strip=True, skip_empty=True)
            offset = cursor
            if raw:
                found = find(raw, cursor, cursor + LINK_SEARCH_WINDOW + len(raw))
                if found >= 0:
                    offset = found
                    cursor = found + len(raw)
                anchor = " ".join(raw.split())
            else:
                img = node.css_first("img[alt]")
                anchor = (img.attributes.get("alt") or "").strip() if img is not None else ""
            rel = attrs.get("rel")
            link = Link(href, href, anchor, offset, len(links), "a", rel.lower() if rel else "",
                        None, None, mid in code_mem, -1, "", "", 0.0, None, node)
            hinfo = hidden_by.get(mid)
            if hinfo is not None:
                link.hidden, link.benign, link.block = hinfo
                blocks[hinfo[2]].links.append(link)
            links.append(link)
        for node in tree.css("area[href]"):
            attrs = node.attributes
            href = (attrs.get("href") or "").strip()
            if not href:
                continue
            anchor = attrs.get("alt") or attrs.get("title") or ""
            link = Link(href, href, anchor, len(text), len(links), "area", (attrs.get("rel") or "").lower(),
                        node=node)
            hinfo = hidden_by.get(node.mem_id)
            if hinfo is not None:
                link.hidden, link.benign, link.block = hinfo
                blocks[hinfo[2]].links.append(link)
            links.append(link)

    def _add_text_links(self) -> None:
        """Bare URLs in the text that are not already an anchor's text."""
        text = self._text
        if "://" not in text and "www." not in text and "WWW." not in text and "Www." not in text:
            return
        anchored = {(l.offset, l.anchor) for l in self._links}
        anchor_urls = {l.anchor for l in self._links if l.source == "a"}
        for m in bare_urls(text):
            raw = m.group(0).rstrip(".,;:!?)»”’")
            if raw in anchor_urls and (m.start(), raw) in anchored:
                continue
            if raw in anchor_urls and self.is_html:
                continue  # the URL is the text of an <a>: the <a> is the link
            ctx = self.context_of(m.start(), m.end()) if self.is_html else VISIBLE
            url = raw if raw[:4].lower() == "http" else "http://" + raw
            self._links.append(Link(
                url=url, href=raw, anchor=raw, offset=m.start(), index=len(self._links),
                source="text", hidden=ctx.hidden, benign=ctx.benign, code=ctx.code, block=ctx.block,
            ))

    def _absolute(self, href: str) -> str:
        if href[:8].lower().startswith(("http://", "https://")):
            return href
        if href.startswith("//"):
            return "http:" + href
        if href.startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
            return href
        base = self._base_href or self._record_url or self._canonical or self._og_url or self._wrapper_url
        if not base:
            return href
        if href.startswith("/") and base[:8].lower().startswith(("http://", "https://")):
            origin = self._origin(base)
            if origin:
                return origin + href
        try:
            return urljoin(base, href)
        except ValueError:
            return href

    @staticmethod
    @lru_cache(maxsize=1024)
    def _origin(base: str) -> str:
        i = base.find("/", base.find("//") + 2)
        return base if i < 0 else base[:i]

    def _finish_links(self) -> None:
        """Absolute URL, host, registered domain, position and external flag of each link.

        Relative hrefs resolve to the base's host, so only absolute ones need host parsing.
        """
        n = max(1, len(self._text))
        base = self._base_href or self._record_url or self._canonical or self._og_url or self._wrapper_url
        base_host = host_of(base) if base else ""
        base_domain = registered_domain(base_host) if base_host else ""
        origin = self._origin(base) if base_host else ""
        match = _HTTP_HOST.match
        resolved: dict[str, tuple[str, str, str]] = {}  # pages repeat their hrefs
        for l in self._links:
            href = l.href if l.source != "text" else l.url
            got = resolved.get(href)
            if got is None:
                m = match(href)
                if m is not None and m.group(1):
                    host = m.group(1).rstrip(".").lower()
                    got = (href, host, registered_domain(host))
                elif href[:2] == "//":
                    url = "http:" + href
                    host = host_of(url)
                    got = (url, host, registered_domain(host) if host else "")
                elif href[:1] == "#" or not base_host or _NON_HTTP.match(href):
                    got = (href, "", "")
                elif href[:1] == "/" and origin:
                    got = (origin + href, base_host, base_domain)
                else:
                    got = (self._absolute(href), base_host, base_domain)
                resolved[href] = got
            l.url, l.host, l.domain = got
            l.position = min(1.0, l.offset / n)
        if not self._record_url and not self.host:
            counts = Counter(l.domain for l in self._links
                             if l.domain and l.source != "text" and not is_known_domain(l.domain))
            if counts:
                dom, c = counts.most_common(1)[0]
                if c >= 3 and c >= 0.3 * sum(counts.values()):
                    self._inferred_site = dom
        for s in self._scripts:
            if s.src:
                s.src = self._absolute(s.src)
                s.host = host_of(s.src)
                s.domain = registered_domain(s.host) if s.host else ""
        site = self.site
        if not site:
            return
        allowed = self.allowed_domains
        for l in self._links:
            if l.domain:
                l.external = l.domain != site and l.domain not in allowed
            elif l.url[:1] in ("/", ".", "?") or not l.url[:11].lower().startswith(("javascript", "mailto:", "tel:", "#", "data:")):
                l.external = False


def _meta_dict(attrs: dict) -> dict:
    """A <meta>'s attributes with lower-case names and no None values (Page.metas entries)."""
    return {k.lower(): (v or "") for k, v in attrs.items()}


def _inside(node, tag: str, depth: int = 40) -> bool:
    """Whether an element has an ancestor with this tag (within `depth` levels)."""
    parent = node.parent
    while parent is not None and depth > 0:
        if parent.tag == tag:
            return True
        parent = parent.parent
        depth -= 1
    return False


def _benign_around(node, tag: str, attrs: dict, depth: int = 12) -> str | None:
    """Benign UI label of a hidden element or one of its nearest ancestors."""
    label = benign_names(tag, attrs.get("class"), attrs.get("id"), attrs.get("role"))
    parent = node.parent
    while label is None and parent is not None and depth > 0:
        ptag = parent.tag
        if not ptag or ptag in ("body", "html") or ptag[0] in "-#":
            break
        pa = parent.attributes
        label = benign_names(ptag, pa.get("class"), pa.get("id"), pa.get("role"))
        parent = parent.parent
        depth -= 1
    return label


def page_from_text(text: str, *, url: str | None = None, mode: str | None = None, id: str = "-") -> Page:
    """Convenience for tests and notebooks: a Page from a str."""
    return Page(Record(id=id, content=text, url=url, mode=mode))


def page_from_file(path: str, *, url: str | None = None, mode: str | None = None) -> Page:
    """A Page from a saved file, with the mode its name implies (see records.mode_for_filename)."""
    with open(path, "rb") as fh:
        data = fh.read()
    return Page(Record(id=path, content=data, url=url, mode=mode or mode_for_filename(path)))
