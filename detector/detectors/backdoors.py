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

from detector.context import (_DISCUSSED, TECHNICAL, finditer_in, in_code, merge_windows, page_context, squash,
                              trigger_windows)
from detector.detectors import Detector
from detector.detectors.template_debris import _cached, _store, add_gate_triggers, text_triggers
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
    r"|\bopen[\s_]?+basedir\s*+:|\buid=\d{1,10}+\([\w.-]{1,40}+\)\s*+gid=\d|\bserver\s++ip\s*+:|\byour\s++ip\s*+:"
    r"|\b(?:hdd|disk|free\s++space)\s*+:\s*+(?:total|free|\d)|\bphp(?:\s++version)?+\s*+:\s*+\d"
    r"|\bsoftware\s*+:\s*+(?:apache|litespeed|nginx|microsoft-iis)"
    r"|\bcwd\s*+:|\bpwd\s*+:|\bhome\s+dir\s*+:|\bwww-data\b"
    r"|\blinux\s++[\w.-]{1,64}+\s++\d{1,2}+\.\d{1,3}+\.\d{1,4}+[\w.+~-]{0,40}+\s++#\d"
    r"|\b(?:curl|mysql|mssql|perl|python|pkexec|wget|gcc|oracle|postgre(?:sql)?+|ruby|sudo)\s*+:\s*+(?:on|off|yes|no|none)\b"
    r"|\buser\s*+:\s*+\d{1,6}+\s*+\(\s*+[\w.-]{1,32}+\s*+\)",
    worst_case="uname ",
)
# Where those markers start, in the cases pages write them (str.find / Aho-Corasick anchors).
_SYSINFO_TRIGGERS = ("uname", "safe", "disable", "basedir", "uid=", "server ip", "your ip", "hdd", "disk",
                     "free space", "php", "software", "cwd", "pwd", "home dir", "www-data", "linux", "curl",
                     "mysql", "perl", "pkexec", "user")
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
    drop_url: str = ""  # a PHP file served from an uploads/images/cache directory
    url_name: str = ""  # a known shell name in the address
    console: bool = False  # a command box (input named cmd, or holding `id; uname -a`)
    console_snip: str = ""
    login_gate: bool = False  # a password box and no other input
    menu_items: int = 0  # distinct shell-panel functions in bracketed menus
    menu_strong: int = 0
    menu_at: int = -1
    path_links: int = 0  # links whose query holds a server path (?d=/var/www/...)
    error_title: bool = False  # the title claims an error page or a directory index
    server_path: str = ""  # an absolute server path shown (a shell prints its working directory)
    server_path_at: int = -1


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _any(s: str, triggers) -> bool:
    for t in triggers:
        if t in s:
            return True
    return False


def _variants(words) -> list[str]:
    """Each word as pages write it: as given, lower, Capitalised, Title Case, UPPER."""
    out: list[str] = []
    for w in words:
        for v in (w, w.lower(), w[:1].upper() + w[1:], w.title(), w.upper()):
            if v and v not in out:
                out.append(v)
    return out


# One Aho-Corasick pass over the text finds every place worth a regex, for all three
# detectors (a str.find costs about as much per trigger as this costs for all of them).
# Group "shell": system information and permission columns; "menu": a row of bracketed
# items ("[ Home ] [ Files ] [ Console ]"), as shell panels draw their menus; "deface" and
# "ai": the claims and the generator phrases (only their head and tail positions are used).
# Cores of the words, without the first letter where its case varies ("name" of uname/Uname),
# so that one pattern covers the ways pages write them; every find is confirmed by a regex.
_GATE_WORDS = {
    "shell": ("uname", "Uname", "UNAME", "uid=", "afe mode", "afe Mode", "AFE MODE", "afe_mode", "r-x", "rw-", "rwx",
              "www-data", "isable func", "isable_func", "ISABLE FUNC", "basedir", "BASEDIR", "erver IP", "erver ip",
              "our IP", "our ip", "HDD", "wd:", "wd :", "WD:", "SMP ", "ree space"),
    "path": ("/home/", "/var/www/", "public_html", "/srv/", "htdocs", "httpdocs", "vhosts", "/www/", "/html/",
             "inetpub"),
    "menu": ("] [", "]  [", "] | [", "]|["),
    "deface": ("hacked", "Hacked", "HACKED", "ack3d", "ACK3D", "4ck", "4CK", "efaced", "EFACED", "pwned", "PWNED",
               "0wned", "0WNED", "wned by", "WNED BY"),
    # the words each generator phrase cannot do without (not "here is a": every page says it)
    "ai": ("s an AI", "s an ai", "S AN AI", "s an artificial", "anguage model", "ANGUAGE MODEL", "egenerate",
           "annot fulfill", "annot comply", "annot complete", "nowledge cut", "s of my", "orry, but",
           "pologize, but", "pologise, but", "ertainly!", "ure!", "bsolutely!", "f course!", "ake mistakes",
           "am an AI", "am a AI", "EO-optimi", "ewritten", "evised", "-word"),
}
_TRIGGER_GROUP: dict[str, str] = {}
for _g, _ws in _GATE_WORDS.items():
    for _v in _ws:
        _TRIGGER_GROUP.setdefault(_v, _g)
# the pass is shared with the template-debris detectors: a page pays for one pass over its text
add_gate_triggers(list(_TRIGGER_GROUP))

HEAD_CHARS = 4000  # defacement claims and generator preambles sit at the top of the text
TAIL_CHARS = 1500
SHORT_PAGE = 2000  # a page this short that shows shell markers is nothing but the shell
REGION_ALL = 8000  # texts up to this long are searched whole once the gate passes

# A shell panel's menu: bracketed items naming what an attacker does on the server.
_MENU_ITEM = rx("SEO801.menu_item", r"\[\s*+([^\[\]\n]{1,30}+)\]", worst_case="[ a")
_SHELL_FUNCS = frozenset((
    "home", "sec. info", "sec info", "security info", "server info", "system info", "info", "files", "file manager",
    "filemanager", "console", "terminal", "cmd", "command", "commands", "execute", "exec", "shell", "sql", "mysql",
    "database", "db", "php", "eval", "php eval", "php code", "string tools", "strings", "encoder", "decoder",
    "tools", "bruteforce", "brute force", "brute", "network", "net", "bind", "bind port", "back connect",
    "backconnect", "back-connect", "reverse shell", "upload", "uploader", "self remove", "self kill",
    "self delete", "remove shell", "logout", "log out", "exit", "processes", "process", "ps", "symlink", "sym",
    "jumping", "mass deface", "mass", "deface", "config", "configs", "config grabber", "mail", "mailer",
    "search", "cgi", "cgi telnet", "telnet", "port scan", "portscan", "ftp", "cpanel", "adminer", "phpinfo",
    "change dir", "make dir", "new file", "new dir", "mkdir", "chmod", "rename", "delete", "edit", "download",
    "domains", "users", "passwd", "/etc/passwd", "crack", "cracker", "hash", "zone-h", "wp reset",
))
# items that only an attacker's panel has (a site menu may have Home, Files, Upload, Logout)
_SHELL_FUNCS_STRONG = frozenset((
    "sec. info", "sec info", "security info", "console", "terminal", "cmd", "execute", "exec", "sql", "php eval",
    "php code", "eval", "string tools", "encoder", "bruteforce", "brute force", "brute", "network", "bind",
    "bind port", "back connect", "backconnect", "back-connect", "reverse shell", "self remove", "self kill",
    "self delete", "remove shell", "processes", "symlink", "sym", "jumping", "mass deface", "deface",
    "config grabber", "cgi telnet", "telnet", "port scan", "portscan", "adminer", "phpinfo", "passwd",
    "/etc/passwd", "crack", "cracker", "zone-h", "wp reset",
))

# The address a shell is served from: a PHP file in a directory that should hold uploads,
# images, caches or library code, never a page (attackers drop shells where uploads land).
_DROP_DIRS = frozenset((
    "uploads", "upload", "upload_files", "images", "image", "img", "pics", "pic", "photos", "photo", "media", "files",
    "tmp", "temp", "cache", "wp-includes", "assets", "static", "userfiles", "attachments", "attachment", "css", "js",
    "fonts", "font",
))
_SERVER_SCRIPT_EXT = (".php", ".php3", ".php4", ".php5", ".php7", ".phtml", ".pht", ".phar", ".asp", ".aspx", ".jsp")


def _drop_url(path: str) -> str:
    """The path when it names a server script inside an uploads/images/cache/library directory."""
    p = path.split("?", 1)[0].split("#", 1)[0]
    segs = p.lower().split("/")
    if len(segs) < 3 or not segs[-1].endswith(_SERVER_SCRIPT_EXT):
        return ""
    return p[:200] if any(d in _DROP_DIRS for d in segs[1:-1]) else ""


# An absolute server path on its own line or after a label: a shell prints where it sits
_SERVER_PATH = rx(
    "SEO801.server_path",
    r"(?<![\w/.:-])/(?:[\w.@~-]{1,60}+/){0,8}?(?:htdocs|httpdocs|public_html|vhosts|wwwroot|www|html|domains|home\d?+)"
    r"(?:/[\w.@~-]{1,60}+){1,20}+"
    r"|\b[A-Z]:\\(?:inetpub|xampp|wamp\w{0,6}+|Apache\w{0,12}+)\\[^\s<>\"']{0,200}+",
    worst_case="/a/",
)
_ERROR_TITLE = rx(
    "SEO801.error_title",
    r"(?i)\A\s*+(?:40[0-9]\b|50[0-9]\b|index\s++of\b|not\s++found\b|forbidden\b|access\s++denied\b|error\b)",
    worst_case="404 ",
)
_INPUT = rx("SEO801.input", r"(?i)<input\b[^>]{0,600}+>", worst_case="<input ")
_ATTR = rx("SEO801.attr", r"""(?i)\b(type|name|value)\s*+=\s*+(?:"([^"]{0,200}+)"|'([^']{0,200}+)'|([^\s>]{1,200}+))""",
           worst_case="type=")
_CMD_NAMES = frozenset(("cmd", "command", "c", "exec", "execute", "run", "shell", "cmdline", "cmd_line", "sh",
                        "komut", "cmdexe", "system", "passthru"))
_CMD_VALUE = rx(
    "SEO801.cmd_value",
    r"(?i)\A\s*+(?:id|uname(?:\s++-a)?+|whoami|ls(?:\s++-\w{1,4}+)?+|pwd|ps\s++aux|cat\s++/|wget\s|curl\s|netstat"
    r"|ifconfig|dir\b|ver\b|systeminfo)(?:\s*+[;&|]|\s*+\Z)",
    worst_case="id ",
)
_PATH_QUERY = rx(
    "SEO801.path_query",
    r"(?i)[?&][\w.-]{1,12}+=(?:/|%2f)(?:home|var|usr|srv|opt|etc|tmp|www|data|hosting|public_html)\b"
    r"|[?&][\w.-]{1,12}+=[a-z]:(?:\\|%5c)",
    worst_case="?a=/",
)


def _form_signals(page, res: "BackdoorScan") -> None:
    """Inputs of a (short) page: a command box, a lone password box, a file box."""
    src = page.source
    if len(src) > 300_000:
        return
    if "<input" not in src and "<INPUT" not in src and "<Input" not in src:
        return
    pw = other = 0
    for m in _INPUT.finditer(src):
        attrs = {}
        for a in _ATTR.finditer(m.group(0)):
            attrs[a.group(1).lower()] = (a.group(2) or a.group(3) or a.group(4) or "").strip()
        typ = attrs.get("type", "text").lower()
        name = attrs.get("name", "").lower()
        if typ == "password":
            pw += 1
        elif typ == "file":
            res.upload_form = True
        elif typ in ("text", "search", "email", "tel", "number", "") or typ not in (
                "submit", "hidden", "button", "image", "reset", "checkbox", "radio"):
            other += 1
            if name in _CMD_NAMES or _CMD_VALUE.match(attrs.get("value", "")):
                res.console = True
                res.console_snip = m.group(0)[:200]
    if "<textarea" in src and ("name=\"cmd" in src or "name='cmd" in src or "name=cmd" in src):
        res.console = True
    res.login_gate = pw >= 1 and other == 0


def _menu(text: str, positions: list[int]) -> tuple[int, int, int]:
    """(shell-function items, strong items, offset) of bracketed menus around the positions."""
    items: set[str] = set()
    first = -1
    for lo, hi in merge_windows([(max(0, p - 200), p + 400) for p in positions[:60]]):
        for m in _MENU_ITEM.finditer(text, lo, hi):
            item = " ".join(m.group(1).split()).lower().strip(" .:|")
            if item in _SHELL_FUNCS:
                items.add(item)
                if first < 0:
                    first = m.start()
    return len(items), len(items & _SHELL_FUNCS_STRONG), first


def _url_path(page) -> str:
    url = page.url or ""
    i = url.find("//")
    rest = url[i + 2:] if i >= 0 else url
    j = rest.find("/")
    return rest[j:] if j >= 0 else ""


def scan(page) -> BackdoorScan:
    cached = _cached(page, "_seo8_scan", _CACHE)
    if cached is not None:
        return cached
    text = page.text
    n = len(text)
    res = BackdoorScan(text_len=max(1, n))
    title = page.title if page.is_html and page.title else ""
    groups: dict[str, list[int]] = {}
    for trig, where in text_triggers(page).items():
        g = _TRIGGER_GROUP.get(trig)
        if g:
            groups.setdefault(g, []).extend(where)
    for where in groups.values():
        where.sort()
    # --- webshell: markers in the text, the address it is served from, the inputs of a tiny page
    path = _url_path(page)
    if path and "." in path:
        res.drop_url = _drop_url(path)
        if _any(path, _NAME_TRIGGERS_CASED):
            m = _SHELL_NAME.search(path)
            if m:
                res.url_name = m.group(0).lower()
    if page.is_html and n <= SHORT_PAGE:
        _form_signals(page, res)
    shell = groups.get("shell")
    menu = groups.get("menu")
    if menu:
        res.menu_items, res.menu_strong, res.menu_at = _menu(text, menu)
    paths = groups.get("path")
    if shell or res.menu_items >= 3 or res.console or res.login_gate or res.upload_form or res.drop_url or res.url_name:
        # a shell's page is short; in a long text only the stretches around the gate's finds
        # (and the top and bottom, where a banner sits) are searched
        if n <= REGION_ALL:
            regions = [(0, n)]
        else:
            around = (shell or [])[:40] + (menu or [])[:20]
            regions = merge_windows([(max(0, p - 2500), min(n, p + 2500)) for p in around]
                             + [(0, 3000), (max(0, n - 2000), n)])
        perms: list = []
        if paths:
            for lo, hi in merge_windows([(max(0, p - 30), min(n, p + 200)) for p in paths[:20]]):
                m = _SERVER_PATH.search(text, lo, hi)
                if m:
                    res.server_path = m.group(0)[:200]
                    res.server_path_at = m.start()
                    break
        for lo, hi in regions:
            sub = text[lo:hi]
            res.sysinfo += _hits(page, "text", sub, _SYSINFO, _SYSINFO_TRIGGERS_CASED, "sysinfo", 40, 60, lo)
            res.names += _hits(page, "text", sub, _SHELL_NAME, _NAME_TRIGGERS_CASED, "name", 20, 60, lo)
            res.file_ui += _hits(page, "text", sub, _FILE_UI, _FILE_TRIGGERS_CASED, "file_ui", 20, 40, lo)
            res.tools += _hits(page, "text", sub, _TOOLS, _TOOL_TRIGGERS_CASED, "tool", 20, 40, lo)
            if shell and ("r-x" in sub or "rw-" in sub or "rwx" in sub):
                perms += [(lo + m.start(), lo + m.end()) for m in
                          _finditer(_PERMS, sub, _windows(sub, ("rw", "r-x", "r--"), 4, 12, 2000), limit=2000)
                          if m.group(0)[:1] in "dl-"]
        if perms:
            res.first_perm = perms[0][0]
            coded = sum(1 for a, b in perms[:50] if in_code(page, a, b))
            res.perms_code = coded if len(perms) <= 50 else int(coded * len(perms) / 50)
            res.perms = len(perms)
        if title:
            res.names += _hits(page, "title", title, _SHELL_NAME, _NAME_TRIGGERS_CASED, "name", 20, 60)
            res.file_ui += _hits(page, "title", title, _FILE_UI, _FILE_TRIGGERS_CASED, "file_ui", 20, 40)
            res.tools += _hits(page, "title", title, _TOOLS, _TOOL_TRIGGERS_CASED, "tool", 20, 40)
        if page.is_html and (res.sysinfo or res.perms or res.menu_items or res.console or res.login_gate):
            if n > SHORT_PAGE:
                src = page.source
                res.upload_form = 'type="file"' in src or "type='file'" in src or "type=file" in src
            res.path_links = sum(1 for lk in page.links[:400] if "=" in lk.url and _PATH_QUERY.search(lk.url))
        if title and _ERROR_TITLE.match(title):
            res.error_title = True
    # --- defacement and generator output: claims at the top (or bottom), generator phrases anywhere
    if groups.get("deface") and any(p < HEAD_CHARS or p >= n - TAIL_CHARS for p in groups["deface"]):
        parts = [(0, text)] if n <= HEAD_CHARS + TAIL_CHARS else [(0, text[:HEAD_CHARS]), (n - TAIL_CHARS, text[n - TAIL_CHARS:])]
        for base, part in parts:
            low = part.lower()
            if _any(low, _DEFACE_CLAIM_TRIGGERS) and _any(low, _DEFACE_TRIGGERS):
                res.deface += _hits(page, "text", low, _DEFACE, _DEFACE_TRIGGERS, "deface", 20, 60, base)
    if groups.get("ai"):
        for lo, hi in merge_windows([(max(0, p - 150), min(n, p + 250)) for p in groups["ai"][:100]]):
            res.ai += _hits(page, "text", text[lo:hi].lower(), _AI, _AI_TRIGGERS, "ai", 20, 120, lo)
    if title:
        low = title.lower()
        if _any(low, _DEFACE_CLAIM_TRIGGERS) and _any(low, _DEFACE_TRIGGERS):
            res.deface += _hits(page, "title", low, _DEFACE, _DEFACE_TRIGGERS, "deface", 20, 60)
        if _any(low, _AI_TRIGGERS):
            res.ai += _hits(page, "title", low, _AI, _AI_TRIGGERS, "ai", 20, 120)
    if (res.sysinfo or res.names or res.perms or res.deface or res.ai or res.menu_items or res.console
            or res.login_gate or res.drop_url):
        ctx = page_context(page)
        res.technical = ctx.score
        res.ctx_evidence = ctx.evidence()
        if res.ai:
            heads = " | ".join([page.title] + list(page.headings[:6])) if page.is_html else ""
            res.about_ai = bool(heads and _AI_ABOUT.search(heads[:2000]))
    _store(page, "_seo8_scan", _CACHE, res)
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


DISCUSSION_WORDS = 3  # words about attacks, fraud or malware that make a page one *about* them


def _discusses_attacks(text: str) -> bool:
    """Whether the text talks about attacks (malware, attackers, injected, phishing...) at
    least a few times: an analysis or advisory, not a shell's panel ("hacked by" banners say
    it once)."""
    n = 0
    for _ in _DISCUSSED.finditer(text, 0, 30_000):
        n += 1
        if n >= DISCUSSION_WORDS:
            return True
    return False


class Webshell(Detector):
    """Webshell or attacker file-manager page (WSO, b374k, c99, r57, IndoXploit, Mini Shell, Alfa...).

    A webshell is a page an attacker planted to run the server: it shows the server's
    identity and leaves the controls in plain sight. Kinds of evidence, which must agree:

    * system information: ``uname -a`` output (``Linux web1 5.4.0-150-generic #1 SMP``),
      ``id`` output (``uid=33(www-data) gid=33``), "Safe mode: OFF", "Disable functions:",
      "Open basedir:", server and client IP, disk space, ``cURL: ON | Perl: ON`` capability lists;
    * a file manager: ``drwxr-xr-x`` permission columns, links that carry server paths
      (``?d=/var/www/html``), "Change dir", "Upload file", "chmod";
    * attack tools, and shell-panel menus (``[ Sec. Info ] [ Console ] [ Sql ] [ Self remove ]``);
    * controls (HTML): a command box (an input named ``cmd``, or holding ``id; uname -a``), a
      lone password box on an otherwise empty page (the shell's login), an upload box;
    * where it is served from: a PHP file in an uploads, images, cache or library directory
      (``/wp-content/uploads/x.php``), a known shell name, a title that claims "403
      Forbidden" or "Index of /" over a shell's controls;
    * a short page that is nothing but these.

    Shell output printed in ``<pre>`` counts on short, non-technical pages; on pages about
    servers or security (a tutorial showing ``uname -a`` and ``ls -l`` output) markers are
    recorded as quoted and the finding is weak.

    Features: ``sysinfo_log1p``, ``perms_log1p`` (permission strings outside code),
    ``file_ui_log1p``, ``tools_log1p``, ``shell_name``, ``categories`` (share of the evidence
    kinds that agree), ``upload_form`` (a file input in the markup), ``code_frac``, ``strong``,
    ``menu`` (shell-panel menu items, 0..1), ``console`` (command box), ``login_gate``,
    ``drop_url`` (PHP file in an upload/asset directory), ``disguise`` (error-page title over
    shell controls), ``path_links`` (links carrying server paths), ``score`` (weighted
    agreement, 0..1), ``short_page``.
    """

    id = "SEO801"
    name = "webshell"
    kind = "backdoor"
    features = ("sysinfo_log1p", "perms_log1p", "file_ui_log1p", "tools_log1p", "shell_name", "categories",
                "upload_form", "code_frac", "strong", "menu", "console", "login_gate", "drop_url", "disguise",
                "path_links", "score", "short_page")
    html_only = frozenset({"upload_form", "code_frac", "console", "login_gate", "disguise", "path_links"})

    def detect(self, page):
        res = scan(page)
        if not (res.sysinfo or res.perms or res.file_ui or res.tools or res.names or res.menu_items or res.console
                or res.login_gate or res.upload_form or res.drop_url or res.url_name or res.server_path
                or res.path_links):
            return [], {}  # nothing of a shell: every feature is 0
        technical = res.technical >= TECHNICAL
        short = res.text_len <= SHORT_PAGE
        # shell output sits in <pre> on a shell's page: it counts unless the page is about servers
        keep_code = short and not technical

        def distinct(hits):
            return {h.token for h in hits if keep_code or not h.code}

        sysinfo, ui, tools, names = distinct(res.sysinfo), distinct(res.file_ui), distinct(res.tools), distinct(res.names)
        perms = res.perms if keep_code else res.perms - res.perms_code
        shell_like = bool(sysinfo or perms or res.menu_items or res.console or res.login_gate or names or tools)
        ev: dict[str, float] = {}
        if len(sysinfo) >= 2:
            ev["system information"] = 2.0 if len(sysinfo) >= 4 else 1.5 if len(sysinfo) == 3 else 1.0
        if perms >= 3 or (len(ui) >= 3 and (perms >= 1 or res.upload_form)):
            ev["file manager"] = 1.5 if perms >= 4 or res.path_links >= 4 else 1.0
        elif perms == 2 and short:
            ev["file manager"] = 0.5
        if res.path_links >= 2:
            # links that carry server paths (?d=/home/user/www&f=x) navigate the server's disk
            ev["navigation by server path"] = 1.0
        menu_w = 0.0
        if res.menu_items >= 3 and res.menu_strong >= 1:
            menu_w = 1.5 if res.menu_items >= 5 and res.menu_strong >= 2 else 1.0
        if len(tools) >= 2 or menu_w:
            ev["attack tools"] = max(menu_w, 1.0 if len(tools) >= 2 else 0.0)
        if names:
            ev["shell name"] = 1.0
        elif res.url_name and shell_like:
            ev["shell name"] = 0.5
        if res.console:
            ev["command box"] = 1.0
        if res.login_gate:
            # a password box and nothing else to read: no label, no site, no text
            ev["lone password box"] = 1.5 if res.text_len <= 50 else 1.0 if res.text_len <= 300 else 0.5
        shell_like = shell_like or bool(res.server_path and (res.upload_form or res.drop_url))
        if res.upload_form and short and not res.login_gate and shell_like:
            # an upload box and next to nothing else to read (a path, a menu): an uploader shell
            ev["upload box on a bare page"] = 1.0 if res.text_len <= 300 else 0.5
        if res.server_path and short and shell_like:
            ev["server path shown"] = 0.5
        if res.drop_url and (shell_like or res.upload_form):
            ev["PHP file served from an upload/asset directory"] = 0.5
        disguise = res.error_title and (res.console or res.login_gate or res.upload_form or len(sysinfo) >= 2
                                        or perms >= 3 or menu_w > 0)
        if disguise:
            ev["error-page title over shell controls"] = 0.5
        kinds = len(ev) + (1 if ev.get("system information", 0) >= 2 else 0)
        score = sum(ev.values())
        if short and ev and shell_like:
            score += 0.5  # nothing on the page but the shell
        all_hits = res.sysinfo + res.file_ui + res.tools + res.names
        total = len(all_hits) + res.perms
        coded = sum(1 for h in all_hits if h.code) + res.perms_code
        strong = kinds >= 2 and score >= 3.0
        feats = {
            "sysinfo_log1p": math.log1p(len(sysinfo)),
            "perms_log1p": math.log1p(perms),
            "file_ui_log1p": math.log1p(len(ui)),
            "tools_log1p": math.log1p(len(tools)),
            "shell_name": 1.0 if names else 0.5 if res.url_name else 0.0,
            "categories": min(1.0, kinds / 4.0),
            "upload_form": 1.0 if res.upload_form else 0.0,
            "code_frac": coded / total if total else 0.0,
            "strong": 1.0 if strong else 0.0,
            "menu": min(1.0, res.menu_items / 6.0) if res.menu_strong else 0.0,
            "console": 1.0 if res.console else 0.0,
            "login_gate": 1.0 if res.login_gate else 0.0,
            "drop_url": 1.0 if res.drop_url else 0.0,
            "disguise": 1.0 if disguise else 0.0,
            "path_links": math.log1p(res.path_links),
            "score": min(1.0, score / 4.0),
            "short_page": 1.0 if short and shell_like else 0.0,
        }
        if kinds < 2 or score < 2.0:
            return [], feats
        # a tutorial quotes a shell's output, not its controls nor its address: those override
        # a technical context (the text record's first line may be the shell's own menu)
        # so does an article about attacks (a malware analysis quoting a shell's menu)
        about = technical or _discusses_attacks(page.text)
        quoted = about and not (res.drop_url or (short and (res.console or res.login_gate or menu_w)))
        if quoted:
            sev, conf = ("high", "low") if strong else ("medium", "low")
        elif strong:
            sev, conf = "critical", "high"
        elif score >= 2.5:
            sev, conf = "high", "high"
        else:
            sev, conf = "high", "medium"
        best = next((h for h in res.names if keep_code or not h.code), None) or next(
            (h for h in res.sysinfo if keep_code or not h.code), None)
        if best is None and res.first_perm >= 0:  # only a file listing and its UI: point at the listing
            best = Hit("perms", "text", res.first_perm, res.first_perm + 10, "permissions")
        if best is None and res.server_path_at >= 0:
            best = Hit("path", "text", res.server_path_at, res.server_path_at + len(res.server_path), "server path")
        if best is None and res.menu_at >= 0:
            best = Hit("menu", "text", res.menu_at, res.menu_at + 30, "menu")
        markers = sorted(names | sysinfo | tools)[:10]
        msg = (f"webshell / attacker file-manager page: {', '.join(ev)} agree"
               f"{' (markers: ' + ', '.join(markers[:5]) + ')' if markers else ''}"
               f"{' (the page is about servers or security: possibly quoted)' if quoted else ''}")
        more = {}
        if res.drop_url:
            more["url"] = page.url
        if res.console_snip and best is None:
            more["snippet"] = res.console_snip
            more["where"] = "html"
        out = _ev(page, res, best, total, markers=markers, permissions=perms, upload_form=res.upload_form,
                  categories=list(ev), score=round(score, 2), **more)
        if "snippet" not in out:
            out["snippet"] = (page.title or page.url or "")[:300]
            out["where"] = "title" if page.title else "url"
        return [Finding(self.id, self.kind, sev, conf, msg, out)], feats


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
