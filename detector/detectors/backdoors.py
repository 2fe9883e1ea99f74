"""Backdoors and tampering in plain sight (SEO801-SEO803).

* SEO801: webshell and file-manager pages (WSO, b374k, c99, r57, IndoXploit, Mini Shell,
  Alfa...): a page showing ``uname -a``, "Safe mode: OFF", "Disable functions:", a directory
  listing with ``drwxr-xr-x`` permissions and an upload box is an attacker's control panel.
* SEO802: defacements ("Hacked by ...", greetings to crews, "your security is low").
* SEO803: unedited generator output published as content: an AI assistant's refusal or
  self-reference ("As an AI language model", "I cannot fulfill this request", "Certainly!
  Here is an SEO-optimized article", "Regenerate response"), the trace of mass-produced spam
  articles (kind ``spam_text``: the text, not the server, is what was tampered with).

Words alone are weak: a security blog quotes ``uname -a``, a news story says a site was
"hacked by" a group, an article about chatbots quotes "As an AI language model". Each
detector therefore needs markers of several kinds to agree, weighs where they sit (title,
top of the page, inside code) and whether the page is about the subject, and records it all.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field

from detector.context import TECHNICAL, in_code, page_context, squash, finditer_in, trigger_windows
from detector.detectors import Detector
from detector.findings import Finding, snippet
from detector.patterns import rx

LOWER_CAP = 400_000  # characters of text lower-cased and searched (a webshell page is small)


def _windows(s: str, triggers, before: int = 300, after: int = 300, limit: int = 400) -> list[tuple[int, int]]:
    return trigger_windows(s, triggers, before, after, limit)


def _finditer(pat, s: str, wins, limit: int = 500) -> list:
    return finditer_in(pat, s, wins, limit)


# ----------------------------------------------------------------------------- webshells
# Patterns run on lower-cased text. Categories must agree: a tutorial shows `uname -a`, a
# shell shows system info *and* a file manager *and* attack tools.
_SYSINFO = rx(
    "SEO801.sysinfo",
    r"(?i)\buname\s*+(?:-a\b|:)|\bsafe[\s_-]?+mode\s*+:\s*+(?:on|off)\b|\bdisabled?[\s_]?+functions?\s*+:"
    r"|\bopen_basedir\s*+:|\buid=\d{1,10}+\([\w.-]{1,40}+\)\s*+gid=\d|\bserver\s++ip\s*+:|\byour\s++ip\s*+:"
    r"|\b(?:hdd|disk)\s*+:\s*+(?:total|free)|\bphp\s++version\s*+:|\bsoftware\s*+:\s*+(?:apache|litespeed|nginx|microsoft-iis)"
    r"|\bcwd\s*+:|\bpwd\s*+:|\bhome\s+dir\s*+:",
    worst_case="uname ",
)
_SYSINFO_TRIGGERS = ("uname", "safe", "disable", "open_basedir", "uid=", "server ip", "your ip", "hdd", "disk",
                     "php version", "software", "cwd", "pwd", "home dir")
_PERMS = rx(
    "SEO801.perms",
    r"(?<![\w-])[dl-][r-][w-][xs-][r-][w-][xs-][r-][w-][xt-](?![\w-])",
    worst_case="drwx",
)
_FILE_UI = rx(
    "SEO801.file_ui",
    r"(?i)\b(?:change\s++dir(?:ectory)?|make\s++dir|new\s++(?:file|folder|dir)|make\s++file|read\s++file|upload\s++file"
    r"|chmod|rename|touch|execute|exec\s++cmd|command\s*+:|current\s++dir(?:ectory)?|file\s++manager"
    r"|parent\s++directory|select\s++file)\b",
    worst_case="change ",
)
_FILE_TRIGGERS = ("dir", "file", "chmod", "rename", "touch", "exec", "command")
_TOOLS = rx(
    "SEO801.tools",
    r"(?i)\b(?:mass\s*+deface|mass\s*+mailer|symlink|back[\s-]?+connect|bind\s++(?:port|shell)|cgi[\s-]?+telnet"
    r"|config\s*+grabber|reverse\s++shell|auto\s*+root|port\s*+scan(?:ner)?|self\s*+(?:remove|kill|delete)"
    r"|kill\s++self|bypass\s++(?:disable|safe|open_basedir|403)|jumping|cpanel\s++cracker|wp\s++reset"
    r"|adminer|zone-h|hash\s++(?:identifier|cracker)|server\s++info|sql\s++manager|php\s++eval|eval\s++code)\b",
    worst_case="mass ",
)
_TOOL_TRIGGERS = ("mass", "symlink", "connect", "bind", "telnet", "grabber", "reverse", "root", "port",
                  "self", "bypass", "jumping", "cracker", "reset", "adminer", "zone-h", "hash", "server info",
                  "sql", "eval")
_SHELL_NAME = rx(
    "SEO801.shell_name",
    r"(?i)\b(?:wso\s*+(?:shell|\d(?:\.\d{1,2}+)?+)|b374k|c99\s*+(?:shell|madshell)?+|r57\s*+shell|r57\b(?=[^\n]{0,40}?shell)"
    r"|indoxploit|mini\s?+shell|filesman|alfa[\s-]?+(?:shell|team)|marijuana\s++shell|0byt3m1n1|leaf\s?+phpmailer"
    r"|owl\s?+phpmailer|phpspy|china\s?+chopper|priv8\s++(?:shell|mailer|uploader)|sh3ll|p0wny|weevely"
    r"|bypass\s++shell|haxor\s++shell|con7ext|gecko\s++shell|webadmin\.php|madspot\s++shell"
    r"|uploader\s++by|shell\s++by\s++[\w.-]{2,30}+|hacked\s++shell|symlink\s++sa)\b",
    worst_case="wso ",
)
_NAME_TRIGGERS = ("wso", "b374k", "c99", "r57", "xploit", "shell", "filesman", "alfa", "0byt3m1n1", "phpmailer",
                  "phpspy", "chopper", "priv8", "sh3ll", "p0wny", "weevely", "con7ext", "webadmin", "uploader")

# ----------------------------------------------------------------------------- defacement
_DEFACE = rx(
    "SEO802.deface",
    r"\b(?:hacked|h[a4]ck[e3]d|defaced|pwned|0wn[e3]d)\s++by\b|\bh4ck(?:[e3]d|3r)?+\b"
    r"|\bgreetz?\b|\bgreets\s++to\b|\bspecial\s++thanks\s++to\b|\bwas\s++here\b"
    r"|\byour\s++(?:security|site|system)\s++(?:is|was)\s++(?:low|weak|zero|0%?|bad|hacked|down)\b"
    r"|\bsecurity\s++is\s++(?:an\s++)?illusion\b|\bjust\s++patch\s++your\b|\bpatch\s++your\s++(?:system|security|site)\b"
    r"|\bexpect\s++us\b|\bwe\s++are\s++anonymous\b|\bcyber\s*+(?:army|team|crew|ghost|mafia|warriors?)\b"
    r"|\bzone-h\b|\bnothing\s++is\s++(?:safe|secure)\b",
    worst_case="hacked ",
)
_DEFACE_TRIGGERS = ("hack", "h4ck", "ck3d", "defaced", "pwned", "0wn", "greet", "thanks to",
                    "was here", "your security", "your site", "your system", "illusion", "patch", "expect us",
                    "anonymous", "cyber", "zone-h", "nothing is")
_DEFACE_CLAIM_TRIGGERS = ("hack", "h4ck", "defaced", "pwned", "0wn")  # no finding without a claim
_DEFACE_CLAIM = rx(
    "SEO802.claim",
    r"\b(?:hacked|h[a4]ck[e3]d|defaced|pwned|0wn[e3]d)\s++by\b",
    worst_case="hacked ",
)

# ----------------------------------------------------------------------------- generator output
_AI = rx(
    "SEO803.ai",
    r"\bas\s++an?\s++(?:ai|artificial\s++intelligence)(?:\s++(?:language\s++)?model|\s++assistant|\s++developed\s++by"
    r"|,\s++i\b)"
    r"|\bas\s++a\s++(?:large\s++)?language\s++model\b|\bi\s++am\s++an?\s++ai\s++(?:language\s++model|assistant)\b"
    r"|\bi\s++cannot\s++(?:fulfill|comply\s++with|complete)\s++(?:this|that|your)\s++request\b"
    r"|\bi(?:'|\u2019)m\s++sorry,?\s++but\s++i\s++(?:can(?:'|\u2019)t|cannot|am\s++unable\s++to)\s++"
    r"(?:assist|help|fulfill|provide|generate|create|write|complete)\b"
    r"|\bi\s++apologi[sz]e,?\s++but\s++i\s++(?:cannot|can(?:'|\u2019)t)\b"
    r"|\b(?:certainly|sure|absolutely|of\s++course)!\s++here(?:'|\u2019)?s?\s++(?:is\s++)?(?:a|an|the|your)\b"
    r"(?=[^\n.!?]{0,80}?\b(?:article|blog\s++post|essay|content|description|version|rewrite|paragraph"
    r"|introduction|summary|outline|meta\s++description|product\s++description|review)\b)"
    r"|\bhere\s++is\s++(?:a|an|the|your)\s++(?:seo[\s-]optimi[sz]ed|rewritten|revised|\d{3,4}+[\s-]word)\b"
    r"|\bregenerate\s++(?:response|draft)\b|\bchatgpt\s++can\s++make\s++mistakes\b"
    r"|\b(?:my|the)\s++knowledge\s++cut-?off\b|\bas\s++of\s++my\s++(?:last\s++)?(?:knowledge\s++)?(?:update|training)\b",
    worst_case="as an ",
)
_AI_TRIGGERS = ("as an", "as a ", "language model", "i am an", "i cannot", "sorry", "apologi", "here", "regenerate",
                "chatgpt can", "cutoff", "cut-off", "as of my")
_AI_ABOUT = rx(
    "SEO803.about_ai",
    r"(?i)\b(?:ai|a\.i\.|artificial\s++intelligence|chat\s?+gpt|openai|gpt-?\d?|llms?|chatbots?|language\s++models?"
    r"|bard|gemini|claude|copilot|k\.?i\.?|künstliche\s++intelligenz|intelligence\s++artificielle|inteligencia\s++artificial"
    r"|machine\s++learning|prompt|prompts)\b",
    worst_case="ai ",
)


_SYSINFO_TRIGGERS_CASED = None  # filled below (after _cased is defined)


@dataclass(slots=True)
class Hit:
    kind: str
    view: str  # text | title
    start: int
    end: int
    token: str
    code: bool = False


@dataclass(slots=True)
class BackdoorScan:
    sysinfo: list = field(default_factory=list)
    perms: int = 0
    perms_code: int = 0
    file_ui: list = field(default_factory=list)
    tools: list = field(default_factory=list)
    names: list = field(default_factory=list)
    deface: list = field(default_factory=list)
    ai: list = field(default_factory=list)
    upload_form: bool = False
    about_ai: bool = False
    technical: float = 0.0
    ctx_evidence: dict = field(default_factory=dict)
    text_len: int = 1
    first_perm: int = -1


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _any(s: str, triggers) -> bool:
    for t in triggers:
        if t in s:
            return True
    return False


# Cheap gates, on the original text (no lower-casing of the whole page): a webshell shows
# permission columns or system information; the other marker kinds are only looked for then.
_SHELL_GATE = ("r-x", "rw-", "uname", "Uname", "UNAME", "afe mode", "afe Mode", "uid=")
HEAD_CHARS = 4000  # defacement claims and generator preambles sit at the top of the text
TAIL_CHARS = 1500
_AI_ANCHORS = ("s an AI", "anguage model", "egenerate", "cannot fulfill", "nowledge cut", "SEO-optimized")


def scan(page) -> BackdoorScan:
    try:
        cached = _CACHE.get(page)
    except TypeError:
        cached = None
    if cached is not None:
        return cached
    text = page.text
    res = BackdoorScan(text_len=max(1, len(text)))
    title = page.title if page.is_html and page.title else ""
    # --- webshell: gate on the whole text, then case-insensitive patterns in windows
    if _any(text, _SHELL_GATE):
        res.sysinfo = _hits(page, "text", text, _SYSINFO, _SYSINFO_TRIGGERS_CASED, "sysinfo", 40, 60)
        if "r-x" in text or "rw-" in text:
            perms = _finditer(_PERMS, text, _windows(text, ("rw", "r-x", "r--"), 4, 12, 2000), limit=2000)
            perms = [m for m in perms if m.group(0)[:1] in "dl-"]
            if perms:
                res.first_perm = perms[0].start()
                coded = sum(1 for m in perms[:50] if in_code(page, m.start(), m.end()))
                res.perms_code = coded if len(perms) <= 50 else int(coded * len(perms) / 50)
                res.perms = len(perms)
        if res.sysinfo or res.perms >= 3:
            views = [("text", text)] + ([("title", title)] if title else [])
            for view, s in views:
                res.names += _hits(page, view, s, _SHELL_NAME, _NAME_TRIGGERS_CASED, "name", 20, 60)
                res.file_ui += _hits(page, view, s, _FILE_UI, _FILE_TRIGGERS_CASED, "file_ui", 20, 40)
                res.tools += _hits(page, view, s, _TOOLS, _TOOL_TRIGGERS_CASED, "tool", 20, 40)
    # --- defacement and generator output: the title and the top (and bottom) of the text
    n = len(text)
    if n <= HEAD_CHARS + TAIL_CHARS:
        parts = [(0, text)]
    else:
        parts = [(0, text[:HEAD_CHARS]), (n - TAIL_CHARS, text[n - TAIL_CHARS:])]
    for base, part in parts:
        low = part.lower()
        if _any(low, _DEFACE_CLAIM_TRIGGERS) and _any(low, _DEFACE_TRIGGERS):
            res.deface += _hits(page, "text", low, _DEFACE, _DEFACE_TRIGGERS, "deface", 20, 60, base)
        if _any(low, _AI_TRIGGERS):
            res.ai += _hits(page, "text", low, _AI, _AI_TRIGGERS, "ai", 20, 120, base)
    if n > HEAD_CHARS + TAIL_CHARS and _any(text, _AI_ANCHORS):
        mid = text[HEAD_CHARS: n - TAIL_CHARS]
        wins = _windows(mid, _AI_ANCHORS, 120, 120, 100)
        for lo, hi in wins:
            low = mid[lo:hi].lower()
            res.ai += _hits(page, "text", low, _AI, _AI_TRIGGERS, "ai", 20, 120, HEAD_CHARS + lo)
    if title:
        low = title.lower()
        if _any(low, _DEFACE_CLAIM_TRIGGERS) and _any(low, _DEFACE_TRIGGERS):
            res.deface += _hits(page, "title", low, _DEFACE, _DEFACE_TRIGGERS, "deface", 20, 60)
        if _any(low, _AI_TRIGGERS):
            res.ai += _hits(page, "title", low, _AI, _AI_TRIGGERS, "ai", 20, 120)
    if res.sysinfo or res.names or res.perms or res.deface or res.ai:
        ctx = page_context(page)
        res.technical = ctx.score
        res.ctx_evidence = ctx.evidence()
        if page.is_html and (res.sysinfo or res.names or res.perms):
            src = page.source
            res.upload_form = 'type="file"' in src or "type='file'" in src or "type=file" in src
        if res.ai:
            heads = " | ".join([page.title] + list(page.headings[:6])) if page.is_html else ""
            res.about_ai = bool(heads and _AI_ABOUT.search(heads[:2000]))
    try:
        _CACHE[page] = res
    except TypeError:
        pass
    return res


def _hits(page, view: str, s: str, pat, triggers, kind: str, before: int, after: int, base: int = 0) -> list[Hit]:
    """Matches of pat in windows of s around the triggers; offsets shifted by base (s may be a slice)."""
    out = []
    for m in _finditer(pat, s, _windows(s, triggers, before, after), limit=200):
        a, b = base + m.start(), base + m.end()
        code = view == "text" and in_code(page, a, b)
        out.append(Hit(kind, view, a, b, " ".join(m.group(0).split()).lower(), code))
    return out


def _cased(words) -> tuple[str, ...]:
    """Triggers in the cases pages write them (lower, Title, UPPER), for case-sensitive str.find."""
    out: list[str] = []
    for w in words:
        for v in (w, w[:1].upper() + w[1:], w.upper()):
            if v not in out:
                out.append(v)
    return tuple(out)


def _distinct(hits: list[Hit]) -> set:
    return {h.token for h in hits if not h.code}


def _ev(page, res: BackdoorScan, best: Hit | None, count: int, **more) -> dict:
    ev: dict = {"count": count}
    if best is not None:
        src = page.text if best.view == "text" else page.title
        ev["snippet"] = snippet(src, best.start, best.end)
        ev["where"] = best.view
        if best.view == "text":
            ev["offset"] = best.start
        if best.code:
            ev["in_code"] = True
    if res.technical > 0:
        ev["context"] = res.ctx_evidence
    ev.update(more)
    return ev


class Webshell(Detector):
    """Webshell or attacker file-manager page (WSO, b374k, c99, r57, IndoXploit, Mini Shell, Alfa...).

    Looks for four kinds of markers and requires them to agree: system information
    (``uname -a``, "Safe mode: OFF", "Disable functions:", ``uid=33(www-data)``, server and
    client IP), a file manager (``drwxr-xr-x`` permission columns, "Change dir", "Upload
    file", "chmod"), attack tools ("Mass deface", "Symlink", "Back connect", "CGI telnet",
    "Config grabber") and known shell names. A shell name plus one other kind, or three kinds
    together, is a webshell: the site is under an attacker's control. Markers inside code
    blocks or on pages about server administration or security (a tutorial showing ``ls -l``)
    are recorded as quoted and need more agreement.

    Features: ``sysinfo_log1p``, ``perms_log1p`` (permission strings outside code),
    ``file_ui_log1p``, ``tools_log1p``, ``shell_name``, ``categories`` (share of the four marker
    kinds that agree), ``upload_form`` (a file input in the markup), ``code_frac``, ``strong``.
    """

    id = "SEO801"
    name = "webshell"
    kind = "backdoor"
    features = ("sysinfo_log1p", "perms_log1p", "file_ui_log1p", "tools_log1p", "shell_name", "categories",
                "upload_form", "code_frac", "strong")
    html_only = frozenset({"upload_form", "code_frac"})

    def detect(self, page):
        res = scan(page)
        sysinfo, ui, tools, names = (_distinct(res.sysinfo), _distinct(res.file_ui), _distinct(res.tools),
                                     _distinct(res.names))
        perms = res.perms - res.perms_code
        cats = {
            "system information": len(sysinfo) >= 2,
            "file manager": perms >= 3 or (len(ui) >= 3 and (perms >= 1 or res.upload_form)),
            "attack tools": len(tools) >= 2,
            "shell name": bool(names),
        }
        n_cats = sum(cats.values())
        all_hits = res.sysinfo + res.file_ui + res.tools + res.names
        total = len(all_hits) + res.perms
        coded = sum(1 for h in all_hits if h.code) + res.perms_code
        strong = n_cats >= 3 or (cats["shell name"] and n_cats >= 2) or (
            cats["system information"] and cats["file manager"] and (res.upload_form or len(sysinfo) >= 3))
        feats = {
            "sysinfo_log1p": math.log1p(len(sysinfo)),
            "perms_log1p": math.log1p(perms),
            "file_ui_log1p": math.log1p(len(ui)),
            "tools_log1p": math.log1p(len(tools)),
            "shell_name": 1.0 if names else 0.0,
            "categories": n_cats / 4.0,
            "upload_form": 1.0 if res.upload_form else 0.0,
            "code_frac": coded / total if total else 0.0,
            "strong": 1.0 if strong else 0.0,
        }
        if n_cats < 2:
            return [], feats
        technical = res.technical >= TECHNICAL
        if strong and not technical:
            sev, conf = "critical", "high"
        elif strong:
            sev, conf = "high", "low"
        else:
            sev, conf = ("high", "medium") if not technical else ("medium", "low")
        best = next((h for h in res.names if not h.code), None) or next(
            (h for h in res.sysinfo if not h.code), None)
        if best is None and res.first_perm >= 0:  # only a file listing and its UI: point at the listing
            best = Hit("perms", "text", res.first_perm, res.first_perm + 10, "permissions")
        kinds = [k for k, v in cats.items() if v]
        markers = sorted(names | sysinfo | tools)[:10]
        msg = (f"webshell / attacker file-manager page: {', '.join(kinds)} agree"
               f"{' (markers: ' + ', '.join(markers[:5]) + ')' if markers else ''}"
               f"{' (the page is about servers or security: possibly quoted)' if technical else ''}")
        return [Finding(self.id, self.kind, sev, conf, msg,
                        _ev(page, res, best, total, markers=markers, permissions=perms,
                            upload_form=res.upload_form, categories=kinds))], feats


class Defacement(Detector):
    """Defacement: "Hacked by ...", greetings to a crew, "your security is low", "expect us".

    A defaced page replaces (or tops) the site's content with the attacker's claim. A claim
    ("hacked/defaced/owned by") in the title, or near the top of a short page together with
    the usual trimmings (greetz, crew names, "security is an illusion", zone-h), is a
    defacement. A news story that a company was "hacked by" a group has none of the trimmings
    and gives no finding. Only the title and the top and bottom of the text are read.

    Features: ``markers_log1p``, ``claim``, ``claim_in_title``, ``claim_near_top``,
    ``short_page``, ``strong``.
    """

    id = "SEO802"
    name = "defacement"
    kind = "backdoor"
    features = ("markers_log1p", "claim", "claim_in_title", "claim_near_top", "short_page", "strong")
    html_only = frozenset({"claim_in_title"})

    def detect(self, page):
        res = scan(page)
        hits = [h for h in res.deface if not h.code]
        if not hits:
            return [], {}
        claims = [h for h in hits if _DEFACE_CLAIM.match(h.token)]
        in_title = any(h.view == "title" for h in claims)
        near_top = any(h.view == "text" and h.start <= max(600, 0.15 * res.text_len) for h in claims)
        short = res.text_len <= 3000
        others = {h.token for h in hits if h not in claims}
        strong = bool(claims) and (in_title or (near_top and len(others) >= 1 and short) or len(others) >= 3)
        medium = bool(claims) and not strong and ((near_top and short) or len(others) >= 1)
        feats = {
            "markers_log1p": math.log1p(len({h.token for h in hits})),
            "claim": 1.0 if claims else 0.0,
            "claim_in_title": 1.0 if in_title else 0.0,
            "claim_near_top": 1.0 if near_top else 0.0,
            "short_page": 1.0 if short else 0.0,
            "strong": 1.0 if strong else 0.0,
        }
        if not (strong or medium):
            return [], feats
        sev, conf = ("critical", "high") if strong else ("high", "low")
        best = claims[0] if claims else hits[0]
        msg = (f"defacement: '{best.token}'{' in the title' if in_title else ''}"
               f"{' with ' + ', '.join(sorted(others)[:4]) if others else ''}")
        return [Finding(self.id, self.kind, sev, conf, msg,
                        _ev(page, res, best, len(hits), markers=sorted({h.token for h in hits})[:10]))], feats


class GeneratorOutput(Detector):
    """Unedited AI/generator output published as content ("As an AI language model...").

    Spam networks and careless sites publish chatbot answers unread, with the assistant's
    self-reference or refusal still in them: "As an AI language model", "I cannot fulfill this
    request", "I'm sorry, but I can't assist", "Certainly! Here is an SEO-optimized article",
    "Regenerate response", "as of my last knowledge update". A phrase in the title or at the
    top of the text, or several of them, is strong; a page that is *about* chatbots (title or
    headings mention AI, ChatGPT, language models) quotes them, and gives a low finding.

    Features: ``phrases_log1p``, ``distinct_log1p``, ``in_title``, ``near_top``, ``about_ai``,
    ``code_frac``.
    """

    id = "SEO803"
    name = "generator-output"
    kind = "spam_text"
    features = ("phrases_log1p", "distinct_log1p", "in_title", "near_top", "about_ai", "code_frac")
    html_only = frozenset({"in_title", "code_frac"})

    def detect(self, page):
        res = scan(page)
        hits = res.ai
        if not hits:
            return [], {}
        outside = [h for h in hits if not h.code]
        distinct = {h.token for h in outside}
        in_title = any(h.view == "title" for h in outside)
        near_top = any(h.view == "text" and h.start <= max(400, 0.2 * res.text_len) for h in outside)
        feats = {
            "phrases_log1p": math.log1p(len(outside)),
            "distinct_log1p": math.log1p(len(distinct)),
            "in_title": 1.0 if in_title else 0.0,
            "near_top": 1.0 if near_top else 0.0,
            "about_ai": 1.0 if res.about_ai else 0.0,
            "code_frac": 1.0 - len(outside) / len(hits),
        }
        quoted = not outside or res.about_ai or res.technical >= TECHNICAL
        strong = in_title or len(distinct) >= 2 or near_top
        if quoted:
            sev, conf = "low", "low"
        elif strong:
            sev, conf = "medium", "high" if (in_title or len(distinct) >= 2) else "medium"
        else:
            sev, conf = "medium", "low"
        best = next((h for h in outside if h.view == "title"), None) or (outside or hits)[0]
        msg = (f"unedited generator output published as content: '{squash(best.token)}'"
               f"{' in the title' if in_title else ''}{' (+%d more)' % (len(distinct) - 1) if len(distinct) > 1 else ''}"
               f"{' (the page is about AI: probably quoted)' if res.about_ai else ''}")
        return [Finding(self.id, self.kind, sev, conf, msg,
                        _ev(page, res, best, len(hits), phrases=sorted(distinct)[:6], about_ai=res.about_ai))], feats


_SYSINFO_TRIGGERS_CASED = _cased(_SYSINFO_TRIGGERS)
_NAME_TRIGGERS_CASED = _cased(_NAME_TRIGGERS)
_FILE_TRIGGERS_CASED = _cased(_FILE_TRIGGERS)
_TOOL_TRIGGERS_CASED = _cased(_TOOL_TRIGGERS)
