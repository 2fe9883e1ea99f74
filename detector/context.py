"""Code and tutorial context: is a match *quoted* (shown on purpose) or *leaked*?

Errors, template tags and shell output are normal on pages *about* them: a PHP tutorial quotes
warnings inside ``<pre>``, a Stack Overflow question pastes a traceback, template docs show
``{{ user.name }}`` in ``<code>``. The detectors of server errors, template debris and
backdoors ask two questions here:

* :func:`in_code` -- is this stretch of ``page.text`` inside ``<pre>``/``<code>``/``<samp>``...?
* :func:`technical_score` -- how much is the whole page about programming or servers (its
  URL, title and headings, its share of code blocks), from 0 (a recipe blog) to 1 (a Q&A
  thread on a developer site)?

Both are recorded as evidence and features, so that a quoted error stays a low-confidence,
low-severity finding instead of a leak. The score is computed once per page (a weak-keyed
cache) and costs a few substring searches over the title, headings and URL.
"""

from __future__ import annotations

import html
import weakref
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from detector.patterns import rx

# Developer hosts: Q&A, code hosting, docs. Matched on the host's labels.
_DEV_HOSTS = (
    "stackoverflow.com", "stackexchange.com", "serverfault.com", "superuser.com", "askubuntu.com",
    "github.com", "github.io", "gitlab.com", "gitlab.io", "bitbucket.org", "sourceforge.net",
    "php.net", "python.org", "readthedocs.io", "readthedocs.org", "mozilla.org", "w3schools.com",
    "geeksforgeeks.org", "stackabuse.com", "tutorialspoint.com", "dev.to", "codeproject.com",
    "sitepoint.com", "digitalocean.com", "django-project.com", "laravel.com", "symfony.com",
    "wordpress.org", "drupal.org", "jquery.com", "microsoft.com", "oracle.com", "mysql.com",
    "postgresql.org", "sqlite.org", "apache.org", "nginx.org", "npmjs.com", "pypi.org",
    "bugzilla", "jira", "qiita.com", "zenn.dev", "csdn.net", "cnblogs.com", "segmentfault.com",
    "habr.com", "stackoverflow.blog",
)
_DEV_HOST_PREFIXES = ("docs.", "doc.", "developer.", "developers.", "dev.", "api.", "bugs.", "issues.")
# Hosts for a community or a help centre: about software often, but as often about Pokemon,
# politics or a kitchen appliance. They add a little, never enough on their own.
_COMMUNITY_HOST_PREFIXES = ("wiki.", "forum.", "forums.", "community.", "support.", "help.", "learn.")

# Words in a title/heading/URL that say the page discusses errors, code or servers.
# Strong words alone make a page technical; weak ones only add up. Matched as tokens (one
# cheap tokenising regex, then set lookups), so the cost does not grow with the word list.
_STRONG = frozenset("""
error errors warning warnings debug debugging tutorial tutorials howto how-to fix fixed fixing solved
stackoverflow php sql mysql mariadb postgres postgresql sqlite exception traceback stacktrace github gitlab
bug bugs docs documentation api programming developer developers javascript typescript python django flask
laravel symfony node.js nodejs asp.net jinja jinja2 twig handlebars angular vue vue.js vuejs templating
shortcode shortcodes placeholder placeholders spintax syntax regex compiler snippet coding wordpress plugin plugins nginx linux ubuntu debian
bash command-line sysadmin devops troubleshoot troubleshooting webshell malware vulnerability exploit cve
chatgpt openai llm gpt gpt-3 gpt-4 gpt4 fehler fehlermeldung fehlermeldungen anleitung erreur erreurs tutoriel errore errori
błąd błędy błędu ошибка ошибки ошибок помилка помилки errores erros erro hata hatası hataları lỗi fout foutmelding
virhe hiba σφάλμα σφάλματα خطأ أخطاء שגיאה שגיאות
""".split())
_STRONG_PAIRS = frozenset({"stack overflow", "stack trace", "template engine", "command line",
                           "lorem ipsum", "language model", "on rails", "merge tag", "merge tags", "merge fields",
                           "error message", "error messages", "error code", "error codes"})
_STRONG_CJK = ("エラー", "错误", "錯誤", "报错", "報錯", "오류", "에러", "教程", "チュートリアル")
_WEAK = frozenset("""
question questions answer answers forum thread guide example examples reference issue issues code java react
shell terminal oracle apache rails ruby security cli liquid mustache manual install installation installing
config configuration server database script scripts function variable html css faq q&a help support wiki
""".split())
_WEAK_PAIRS = frozenset({"how to"})  # "How to: add a secret compartment to a book" is not programming
# "Report an error" links (news sites, wikis) name an error without being about one
_REPORT_ERROR = rx(
    "context.report_error",
    r"(?i)\b(?:report(?:ar|er)?|signal(?:er|ez)|segnala(?:re)?|zgłoś|informar|notify us of)\s++"
    r"(?:(?:an?|une?|un|o|el|um|uma|the)\s++)?(?:typos?|errors?|erros?|erreurs?|errores?|errori|errore|błąd|fehler)\b"
    r"|\bfehler\s++melden\b|сообщить об ошибке|нашли ошибку|(?:found|spot(?:ted)?|see) an error\b",
    worst_case="report ",
)
_TOKEN = rx("context.token", r"[^\W_][\w.#+&-]{0,40}+", worst_case="a-")


def _terms(s: str, limit: int = 8) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(strong, weak) technical terms in s, in order of appearance, at most `limit` each."""
    s = _REPORT_ERROR.sub(" ", s[:3000])
    toks = [t.rstrip(".-").lower() for t in _TOKEN.findall(s)]
    strong: list[str] = []
    weak: list[str] = []
    prev = ""
    for t in toks:
        pair = prev + " " + t
        prev = t
        if pair in _STRONG_PAIRS and pair not in strong:
            strong.append(pair)
        elif pair in _WEAK_PAIRS and pair not in weak:
            weak.append(pair)
        elif t in _STRONG and t not in strong:
            strong.append(t)
        elif t in _WEAK and t not in weak:
            weak.append(t)
    for w in _STRONG_CJK:
        if w in s:
            strong.append(w)
    return tuple(strong[:limit]), tuple(weak[:limit])


_TAG = rx("context.tag", r"<[^<>]{0,2000}+>", worst_case="<<a")
# a line of source code or shell (for text records, which have no <pre>)
_CODE_LINE = rx(
    "context.code_line",
    r"(?m)^[ \t]*+(?:[$#>][ \t]|(?:def|class|function|import|from|return|echo|print|var|let|const|public|private"
    r"|protected|static|SELECT|INSERT|UPDATE|CREATE|sudo|cd|ls|npm|pip|composer)\b)[^\n]{0,400}+"
    r"|[;{}][ \t]*+$",
    worst_case="\n$ ",
)
# lines that are themselves an error (must not make the page look like a page about errors)
_SELF_EVIDENT = rx(
    "context.self_evident",
    r"(?:Warning|Notice|Deprecated|Fatal error|Parse error|Strict Standards)\s*+:|PHP Error was encountered"
    r"|Traceback \(most recent|Server Error in|Exception|SQLSTATE\[|\b[A-Z]\w{2,40}?Error at /"
    r"|^[ \t]*+(?:Description|Stack Trace|Source Error|Severity|Message|Filename|Line Number)[ \t]*+:",
    worst_case="Warning ",
)


# A title that is itself an error: the page is the framework's error or debug page (Django's
# "OperationalError at /contact/", Laravel's exception message, Spring's Whitelabel page), not a
# page about the error. A tutorial or a question quoting one has a title of its own.
_ERROR_PAGE_TITLE = rx(
    "context.error_page_title",
    r"^\W{0,3}+(?:(?:[A-Z]\w{0,40}?)?(?:Error|Exception|DoesNotExist)\b[^|]{0,120}? at /|SQLSTATE\[|Whitelabel Error Page"
    r"|Server Error in '|Traceback\b|(?:[A-Z]\w{1,40}+\\){1,8}+[A-Z]\w{0,60}?(?:Exception|Error)\b)",
    worst_case="Aaa",
)


@dataclass(frozen=True, slots=True)
class PageContext:
    """Why a page counts as technical (evidence) and how much (score in [0, 1])."""

    score: float
    host_dev: bool
    title_words: tuple[str, ...]
    url_words: tuple[str, ...]
    code_share: float  # characters in code blocks / characters of text
    code_blocks: int
    error_page: bool = False  # the title is the error itself: a framework error/debug page
    body_words: tuple[str, ...] = ()  # developer words in the prose (a thread, an issue, a changelog)
    host_community: bool = False  # a forum, wiki or help-centre host (a weak sign)

    def evidence(self) -> dict:
        out: dict = {"technical_score": round(self.score, 2)}
        if self.host_dev:
            out["developer_host"] = True
        elif self.host_community:
            out["community_host"] = True
        if self.title_words:
            out["title_words"] = list(self.title_words[:5])
        if self.code_blocks:
            out["code_blocks"] = self.code_blocks
        if self.error_page:
            out["error_page"] = True
        if len(self.body_words) > BODY_WORDS_FREE:
            out["body_words"] = list(self.body_words[:6])
        return out


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


@lru_cache(maxsize=4096)
def _host_is_dev(host: str) -> bool:
    if not host:
        return False
    h = host.lower()
    if h.startswith("www."):
        h = h[4:]
    if h.startswith(_DEV_HOST_PREFIXES):
        return True
    return any(h == d or h.endswith("." + d) or (("." not in d) and d in h) for d in _DEV_HOSTS)


def _host_is_community(host: str) -> bool:
    """A forum, wiki or help-centre host (``forum.example.com``): a weak sign only."""
    h = (host or "").lower()
    return h.removeprefix("www.").startswith(_COMMUNITY_HOST_PREFIXES)


HEAD_LINES = 8  # non-empty lines at the top of a text record that may hold its title
HEAD_LINE_MAX = 150  # a title is a short line; longer ones are body text


def _head_lines(text: str) -> list[str]:
    """The short lines among the first HEAD_LINES non-empty lines of a text record, up to the
    first line of an error (what follows it is more of the error)."""
    out: list[str] = []
    seen = 0
    for line in text[:3000].split("\n"):
        line = line.strip()
        if not line:
            continue
        if _SELF_EVIDENT.search(line) or _database_error(line):
            break
        seen += 1
        if len(line) <= HEAD_LINE_MAX:
            out.append(line)
        if seen >= HEAD_LINES:
            break
    return out


def _database_error(line: str) -> bool:
    """Is a line a database error the server-error detector knows ("ERROR: syntax error at or
    near", "WordPress database error", "Unknown column 'x' in 'field list'")? Such a line is
    the leak itself and must not make the record's title look like a question about errors."""
    from detector.detectors.server_errors import _DB_PATTERNS  # noqa: PLC0415 - they import this module

    for _family, triggers, pat, *_rest in _DB_PATTERNS:
        if any(t in line for t in triggers) and pat.search(line):
            return True
    return False


# Words of people working on software, as a thread, an issue or a changelog uses them in its
# sentences ("after upgrading the plugin", "the migration did not run", "pinned the version in
# composer"), in several languages; everyday words that software shares with news (deployed,
# installed, committed, branch, patch) are left out. Error messages rarely use them, and lines that carry an
# error are skipped anyway, so that a leak never talks itself into being a discussion.
_DEV_BODY = frozenset("""
reinstall reinstalled downgrade downgraded repo repository repositories workaround repro reproducible bug bugs
plugin plugins framework dependency dependencies runtime config configuration env endpoint backend frontend
debug debugging php python java javascript typescript nodejs npm pip composer yarn docker kubernetes mysql postgres
postgresql sqlite django laravel wordpress nginx apache ubuntu debian github gitlab stackoverflow localhost cli sdk
abhängigkeiten dépendance dépendances dépôt dependencia dependencias зависимости плагин репозиторий
""".split())
_DEV_BODY_PAIRS = frozenset({"pull request", "pull requests", "stack trace", "log file", "dev server", "test server",
                             "production server", "php version", "to reproduce", "the migration", "the migrations",
                             "after upgrading", "node.js", "the plugin"})
_ERROR_MARK = rx(
    "context.error_mark",
    r"(?i)error|warning|exception|fatal|failed|denied|sqlstate|ora-\d|errno|traceback|panic|erreur|fehler|ошибк",
    worst_case="erro",
)
BODY_SAMPLE = 20_000  # characters of the text read for the vocabulary of a discussion
BODY_WORDS_FREE = 2  # distinct words any page may have (a news story on a software update)


@lru_cache(maxsize=1)
def _dev_needles():
    """One automaton over every developer word (and each pair's last word): a line can only
    hold one of them if one of these is a substring of it."""
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(sorted(_DEV_BODY | {p.split()[-1] for p in _DEV_BODY_PAIRS}))


def _body_words(text: str, limit: int = 12) -> tuple[str, ...]:
    """Distinct developer words in the prose lines of a text (lines of five words or more
    that carry no error), in order of appearance, at most `limit`. Only the lines that contain
    a developer word as a substring are read (one automaton pass finds them): most pages have
    none, and reading every line cost 2 ms a page."""
    sample = text[:BODY_SAMPLE].lower()
    starts = sorted({sample.rfind("\n", 0, i) + 1 for _, i, _ in _dev_needles().find_matches_as_indexes(sample)})
    found: list[str] = []
    for a in starts:
        b = sample.find("\n", a)
        line = sample[a:] if b < 0 else sample[a:b]
        if len(line) < 25 or line.count(" ") < 4 or _ERROR_MARK.search(line):
            continue
        prev = ""
        for t in _TOKEN.findall(line):
            t = t.rstrip(".-")
            pair = prev + " " + t
            prev = t
            w = pair if pair in _DEV_BODY_PAIRS else t if t in _DEV_BODY else ""
            if w and w not in found:
                found.append(w)
                if len(found) >= limit:
                    return tuple(found)
    return tuple(found)


def _url_path(url: str) -> str:
    """The path (and query) of a URL, "" when it has none."""
    rest = url.split("//", 1)[-1]
    return rest[rest.find("/"):] if "/" in rest else ""


def page_context(page) -> PageContext:
    """The page's technical context, computed once per page."""
    try:
        cached = _CACHE.get(page)
    except TypeError:
        cached = None
    if cached is not None:
        return cached
    url = page.url or ""
    host_dev = _host_is_dev(page.host) if url else False
    host_community = bool(url) and not host_dev and _host_is_community(page.host)
    if page.is_html:
        heads = [page.title] + list(page.headings[:6])
    else:
        # a text record has no title: its first short lines stand in for it (a WET record often
        # opens with a menu, and the page's title follows), except lines that are the very error
        # we are judging (they must not vouch for themselves)
        heads = _head_lines(page.text)
    head_text = " | ".join(h for h in heads if h)[:2000]
    title_words, weak_title = _terms(head_text)
    path = _url_path(url)
    url_words = _terms(path.replace("-", " ").replace("_", " ").replace("/", " ")[:500])[0] if path else ()
    text_len = max(1, len(page.text))
    if page.is_html:
        # a code block that is itself an error (the leak's own <pre>) must not vouch for it
        codes = [c for c in page.code_texts if not _SELF_EVIDENT.search(c[:2000])]
        code_chars = sum(len(c) for c in codes)
        code_share = min(1.0, code_chars / text_len)
        code_blocks = len(codes)
    else:
        # no markup: the share of lines that look like code or shell stands in for <pre>
        sample = page.text[:60_000]
        lines = max(1, sample.count("\n") + 1)
        code_lines = len(_CODE_LINE.findall(sample))
        code_share = min(1.0, code_lines / lines)
        code_blocks = 0

    # a framework's error page: its headings and code blocks are the error and its debug
    # tables, which must not vouch for themselves (only a developer host still counts)
    error_page = bool(page.is_html and page.title and _ERROR_PAGE_TITLE.search(page.title.strip()))
    body_words = () if error_page else _body_words(page.text)
    if error_page:
        title_words, weak_title, url_words, code_share, code_blocks = (), (), (), 0.0, 0
    s = 0.0
    # a discussion among developers: each distinct word beyond the few any page may use
    s += min(0.45, 0.15 * max(0, len(body_words) - BODY_WORDS_FREE))
    if host_dev:
        s += 0.5
    elif host_community:
        s += 0.2
    s += min(0.5, 0.25 * len(title_words))
    s += min(0.1, 0.05 * len(weak_title))
    s += min(0.25, 0.1 * len(url_words))
    if code_share >= 0.15:
        s += 0.35
    elif code_share >= 0.05:
        s += 0.2
    elif code_share >= 0.01:
        s += 0.05
    if code_blocks >= 5:
        s += 0.15
    elif code_blocks >= 2:
        s += 0.05
    ctx = PageContext(min(1.0, s), host_dev, title_words, url_words, code_share, code_blocks, error_page, body_words,
                      host_community)
    try:
        _CACHE[page] = ctx
    except TypeError:
        pass
    return ctx


def technical_score(page) -> float:
    """0 (nothing technical) .. 1 (a developer Q&A/doc page); see :func:`page_context`."""
    return page_context(page).score


TECHNICAL = 0.5  # at or above: the page is about code/servers; findings on it are "quoted"


def in_code(page, start: int, end: int) -> bool:
    """Whether page.text[start:end] is shown inside a code element (<pre>, <code>, <samp>...)."""
    if not page.is_html or not page.code_texts:
        return False
    return page.context_of(start, end).code


def comment_text(comment: str) -> str:
    """An HTML comment as a crawler would read it: tags removed, entities decoded."""
    if "<" in comment:
        comment = _TAG.sub("", comment)
    if "&" in comment:
        comment = html.unescape(comment)
    return comment


@dataclass(slots=True)
class Where:
    """Where a match sits and how much that placement should be trusted as a leak."""

    view: str  # text | comment | title | html
    code: bool
    technical: float

    @property
    def quoted(self) -> bool:
        """Shown on purpose: inside code, or on a page about code/servers."""
        return self.code or self.technical >= TECHNICAL


def grade(*, strong: bool, quoted: bool, code: bool, view: str, base: str = "high") -> tuple[str, str]:
    """Severity and confidence for a match, from its strength and context.

    * a strong match outside code on a non-technical page: (base, high);
    * weaker match, or only in a comment: one step lower;
    * on a technical page: medium/low at most; inside code: low/low.
    """
    order = ("low", "medium", "high", "critical")
    sev = base
    conf = "high" if strong else "medium"
    if view in ("comment", "html") and sev in ("high", "critical"):
        sev = order[order.index(sev) - 1]
    if code:
        return "low", "low"
    if quoted:
        return ("medium" if order.index(sev) >= 2 else "low"), "low"
    return sev, conf


_SPACE = rx("context.space", r"\s++", worst_case=" \n")


def squash(s: str) -> str:
    """Collapse whitespace (page.text puts every text node on its own line)."""
    return _SPACE.sub(" ", s).strip()


# ----------------------------------------------------------------------------- scanning windows
def trigger_windows(s: str, triggers, before: int = 300, after: int = 300,
                    limit: int = 400) -> list[tuple[int, int]]:
    """Merged stretches of s around every occurrence of the literal triggers (at most `limit`).

    Regexes are only run inside these (a regex that cannot start with a literal costs tens of
    nanoseconds per character; str.find costs about one)."""
    pos: list[int] = []
    for t in triggers:
        i = s.find(t)
        while i >= 0 and len(pos) < limit:
            pos.append(i)
            i = s.find(t, i + len(t))
    return windows_around(pos, before, after, len(s))


def windows_around(positions, before: int, after: int, n: int) -> list[tuple[int, int]]:
    """Merged stretches [p - before, p + after) around the positions, clipped to [0, n)."""
    return merge_windows([(max(0, p - before), min(n, p + after)) for p in positions])


def merge_windows(wins) -> list[tuple[int, int]]:
    """(lo, hi) stretches sorted, with overlapping or touching ones merged."""
    out: list[list[int]] = []
    for lo, hi in sorted(wins):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def finditer_in(pat, s: str, wins, limit: int | None = None) -> list:
    """pat.finditer over the windows, without overlapping repeats, at most `limit` matches."""
    out = []
    last = -1
    for lo, hi in wins:
        for m in pat.finditer(s, lo, hi):
            if m.start() >= last:
                out.append(m)
                last = m.end()
                if limit is not None and len(out) >= limit:
                    return out
    return out


# ----------------------------------------------------------------------------- spam discussed, not sold
# Words about attacks on websites: where they stand, near spam words, the spam is talked about.
_ATTACK_TALK = (
    r"spam(?:s|mer|mers|ming|my)?|hack(?:ed|er|ers|ing)?|inject(?:s|ed|ion|ions)?|malware|phishing|"
    r"compromised|attackers?|penali[sz]e[sd]?|blacklist(?:ed)?|liste noire|"
    r"gehackt|piraté|hackeado|взлом\w{0,6}|eingeschleust\w{0,3}|schadsoftware|injecté\w{0,2}|pirates? informatiques?|"
    r"inyectad[oa]s?|inyecci[oó]n|"
    r"backdoors?|cloaking|infected|defaced|schadcode|infiziert|piratage|malveillante?s?|malicios[oa]s?|infectad[oa]s?|"
    r"бэкдор\w{0,3}|клоакинг\w{0,3}|вредонос\w{0,6}|заражен\w{0,4}|спам\w{0,4}"
)
_ATTACK_TALK_CJK = r"ハッキング|スパム|改ざん|改竄|乗っ取|不正アクセス|マルウェア|バックドア|クローキング|垃圾邮件|黑客|篡改|入侵|恶意|挂马|后门"
# Words about fraud, the law and its enforcement, in the languages spam is written in: a news
# story, a regulator or a university talks about the trade. A news story uses them for other
# things too (a missing person, a court case), so they discuss only the spam on their own line.
_LAW_TALK = (
    r"scam(?:s|mer|mers)?|fraud(?:s|ulent|sters?)?|"
    r"police|arrest(?:s|ed)?|seiz(?:e|ed|ure|ures)|regulators?|warn(?:s|ed|ings?)?|victims?|illegal(?:ly)?|"
    r"polizei|warnt|betrüger\w{0,3}|escrocs?|escroquerie|estafadores?|policía|polícia|golpistas?|"
    r"полици\w{0,3}|betrug|arnaques?|estafas?|truffa|oszustwo|мошенни\w{0,6}|"
    r"counterfeit(?:s|ing|ers?)?|unlicen[sc]ed|crackdowns?|prosecut\w{0,6}|convicted|lawsuits?|misconduct|"
    r"contract cheating|academic integrity|illegale?n?|gefälscht\w{0,3}|fälschung(?:en)?|razzia|"
    r"illégal\w{0,3}|contrefaçons?|contrefaits?|gendarmerie|ilegal(?:es)?|falsificad[oa]s?|denuncias?|"
    r"illegali?|contraffa\w{0,6}|polizia|nielegaln\w{0,3}|oszust\w{0,4}|policj\w{0,2}|podróbk\w{0,2}|"
    r"yasa ?dışı|dolandırıcı\w{0,6}|penipuan|polisi|kominfo|bất hợp pháp|trái phép|công an|"
    r"незаконн\w{0,4}|нелегальн\w{0,4}|шахрай\w{0,4}|поліці\w{0,3}|підробк\w{0,2}|подделк\w{0,2}|контрафакт\w{0,3}|"
    r"احتيال|غير قانوني\w?|الشرطة|کلاهبرداری|غیرقانونی|پلیس|הונאה|לא חוקי\w?|המשטרה|משטרה|απάτη|παράνομ\w{0,3}"
)
_LAW_TALK_CJK = r"詐欺|诈骗|違法|违法|非法|警方|查处|取缔|假冒|詐騙|摘発|逮捕|偽造|注意喚起|警察|경찰|단속|검거|ผิดกฎหมาย|ตำรวจ|มิจฉาชีพ"
_DISCUSSED_NEAR = rx(
    "context.discussed_near", r"(?i)(?:\b(?:" + _ATTACK_TALK + r")\b|" + _ATTACK_TALK_CJK + ")", worst_case="spa",
)
_DISCUSSED = rx(
    "context.discussed",
    r"(?i)(?:\b(?:" + _ATTACK_TALK + "|" + _LAW_TALK + r")\b|" + _ATTACK_TALK_CJK + "|" + _LAW_TALK_CJK + ")",
    worst_case="spa",
)
DISCUSS_WINDOW = 200  # characters around a spam stretch searched for words about spam


LINE_REACH = 300  # characters of the spam's own line looked at on either side (long lines of running text)


def discussed(text: str, start: int, end: int, window: int = DISCUSS_WINDOW) -> bool:
    """Whether spam vocabulary at text[start:end] is talked *about*: words about spam, hacking
    or fraud stand next to it ("hackers inject casino links", "a hidden div of links to
    \"cheap pills\""). Sold spam does not describe itself as an attack; an article about SEO
    spam, a security advisory or a scam warning does.

    Words about attacks count within `window` characters; words about fraud and the law
    (police, illegal, regulator) only on the spam's own line: a news story on a missing person
    names the police a few lines away from a link injected into it."""
    if _DISCUSSED_NEAR.search(text, max(0, start - window), end + window) is not None:
        return True
    lo = max(0, start - LINE_REACH)
    nl = text.rfind("\n", lo, start)
    a = nl + 1 if nl >= 0 else lo
    b = text.find("\n", end, end + LINE_REACH)
    return _DISCUSSED.search(text, a, end + LINE_REACH if b < 0 else b) is not None


def _heads_text(page) -> str:
    """The page's title and first headings (a text record: its first short lines) and URL
    path words, joined: what says what the page as a whole is about. Cached."""
    got = page.__dict__.get("_heads_text")
    if got is None:
        heads = [page.title or ""] + list(page.headings[:6]) if page.is_html else _head_lines(page.text)
        path = _url_path(page.url or "")
        got = " | ".join(h for h in heads if h)[:2000] + " | " + path.replace("-", " ").replace("_", " ")[:300]
        page.__dict__["_heads_text"] = got
    return got


def about_spam(page) -> bool:
    """Whether the page as a whole is *about* spam, hacking or fraud: its title, headings and
    URL say so ("Cleaning up the Japanese keyword hack", "How to spot a fake online pharmacy";
    for a text record, its first short lines). An injection does not retitle the page it is
    pasted into. What that makes discussed: see :func:`spam_discussed`."""
    got = page.__dict__.get("_about_spam")
    if got is None:
        got = page.__dict__["_about_spam"] = _DISCUSSED.search(_heads_text(page)) is not None
    return got


def about_attacks(page) -> bool:
    """Whether the page's title, headings or URL talk about attacks on sites (hacked, injected,
    SEO spam, malware), not merely about the law or a fraud (police, regulator, counterfeit)."""
    got = page.__dict__.get("_about_attacks")
    if got is None:
        got = page.__dict__["_about_attacks"] = _DISCUSSED_NEAR.search(_heads_text(page)) is not None
    return got


LAW_TOPIC_HITS = 2  # spam terms of a category elsewhere on a page about the law that make it one of its subjects


def spam_discussed(page, start: int, end: int) -> bool:
    """Spam at page.text[start:end] is discussed: words about spam stand next to it, or the
    page is about attacks on sites (then everything it quotes is), or the page is about the
    law or a fraud and the spam is of a subject it names elsewhere too. A story about a
    police appeal, a court case or a regulator names the police, not the casino or the pills
    an attacker pasted into it; an article on essay mills names essay services throughout."""
    if discussed(page.text, start, end):
        return True
    if not about_spam(page):
        return False
    if about_attacks(page):
        return True
    from detector.lexicons import page_terms  # noqa: PLC0415 - keep this module's imports light

    hits = page_terms(page)
    starts = page.__dict__.get("_term_starts")
    if starts is None:
        starts = page.__dict__["_term_starts"] = [h.start for h in hits]
        totals: dict[str, int] = {}
        for h in hits:
            totals[h.category] = totals.get(h.category, 0) + 1
        page.__dict__["_term_totals"] = totals
    totals = page.__dict__["_term_totals"]
    cats = {h.category for h in hits[bisect_left(starts, start):bisect_left(starts, end)]}
    if not cats:
        return True  # nothing of a known subject to tell apart: the page's subject decides
    # "elsewhere": away from the stretch itself, so that a pasted pitch does not vouch for itself
    near: dict[str, int] = {}
    for h in hits[bisect_left(starts, start - DISCUSS_WINDOW):bisect_left(starts, end + DISCUSS_WINDOW)]:
        near[h.category] = near.get(h.category, 0) + 1
    return any(totals[c] - near.get(c, 0) >= LAW_TOPIC_HITS for c in cats)
