"""Spam vocabulary, brands, word segmentation and script classes, shared by several families.

The vocabulary lives in data files (``detector/data/lexicons/<category>.txt``, one term per
line, any language, ``#`` comments) so that it can be reviewed and extended without code.
Categories: counterfeit, pharma, gambling, loans, essay, adult, crypto_scam, outlet, engagement
(bought followers, likes and reviews, backlinks and paid guest posts).
A term followed by ``@weak`` is one that legitimate pages also use ("casino", "sildenafil",
"送料無料"): it counts half (:attr:`TermHit.weight` = 0.5) and should never make a finding
on its own. ``brands.txt`` maps brand names to the category whose spam abuses them
(rolex -> counterfeit); ``common_words.txt`` is a few thousand frequent English words that,
with the brands and the terms' words, drive :func:`segment_label`.

Words alone are weak evidence (a watch blog says "rolex"); detectors combine these hits with
off-topic, hidden, foreign-script or site-identity signals before they count.

Public API (all pure functions, cached where useful):

* ``CATEGORIES``, ``terms_by_category()``, ``brands()``, ``term_weight(term)``
* ``find_terms(text) -> list[TermHit]``: every occurrence, one Aho-Corasick pass, plus the
  compound phrases of ``compounds.txt`` (a head and a modifier of one category in one phrase)
* ``spam_profile(text) -> {category: weighted count}``; ``category_of_text(text)``;
  ``is_spammy_anchor(anchor, url=None)``
* ``segment_label(label)``, ``brands_in_label(label)``, ``tokenize_url(url)``
* ``page_terms(page)``: ``find_terms(page.text)`` computed once per page and shared
* ``spam_host_words(host)``: a host's words, segmented only when a label holds a spam stem
* ``hosting_platform(host)``: (platform, account) for user subdomains of blog/site hosts
* ``char_scripts(text)``, ``script_counts(text)``, ``dominant_script(text)``,
  ``script_runs(text)``: which writing system each stretch of text is in
* ``warm()``: compile the lazy patterns before forking workers

Data files (``detector/data/lexicons/``): ``<category>.txt`` (terms, ``@weak`` marks),
``brands.txt``, ``compounds.txt`` (heads and modifiers that make a spam phrase together: "cheap"
+ "breitling", "dissertation" + "writing help"), ``common_words.txt`` (segmentation vocabulary), ``topics.txt`` (ordinary words
that make a category the page's own topic), ``platforms.txt`` (blog and site-builder hosts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple
from urllib.parse import unquote

import numpy as np

from detector.patterns import rx

CATEGORIES = ("counterfeit", "pharma", "gambling", "loans", "essay", "adult", "crypto_scam", "outlet", "engagement")
WEAK_WEIGHT = 0.5


def _read_lines(name: str) -> list[str]:
    try:
        raw = resources.files("detector.data.lexicons").joinpath(name).read_text("utf-8")
    except FileNotFoundError:
        return []
    out = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _norm_term(t: str) -> str:
    return " ".join(t.lower().split())


@lru_cache(maxsize=1)
def _weights() -> dict[str, dict[str, float]]:
    """category -> {term: weight}; a term listed in two categories keeps its first one."""
    out: dict[str, dict[str, float]] = {}
    for c in CATEGORIES:
        terms: dict[str, float] = {}
        for line in _read_lines(f"{c}.txt"):
            w = 1.0
            if line.endswith("@weak"):
                line, w = line[:-5], WEAK_WEIGHT
            t = _norm_term(line)
            if t:
                terms[t] = min(w, terms.get(t, 1.0))
        out[c] = terms
    return out


@lru_cache(maxsize=1)
def terms_by_category() -> dict[str, tuple[str, ...]]:
    """Every category's spam terms (strong and weak), lower-cased, sorted."""
    return {c: tuple(sorted(terms)) for c, terms in _weights().items()}


@lru_cache(maxsize=1)
def _owner() -> dict[str, tuple[str, float]]:
    owner: dict[str, tuple[str, float]] = {}
    for cat, terms in _weights().items():
        for t, w in terms.items():
            owner.setdefault(t, (cat, w))
    return owner


def term_weight(term: str) -> float:
    """1.0 for a strong term, 0.5 for a weak one (``@weak`` in the file), 0.0 if unknown."""
    hit = _owner().get(_norm_term(term))
    return hit[1] if hit else 0.0


@lru_cache(maxsize=1)
def brands() -> dict[str, str]:
    """Brand (lower-case, no spaces) -> spam category that abuses it."""
    out = {}
    for line in _read_lines("brands.txt"):
        parts = line.split()
        if len(parts) >= 2 and parts[1] in CATEGORIES:
            out[parts[0].lower()] = parts[1]
    return out


@dataclass(frozen=True, slots=True)
class TermHit:
    """One spam-term occurrence: text[start:end] is the term (case and spacing as written)."""

    category: str
    term: str
    start: int
    end: int
    weight: float = 1.0


# ---------------------------------------------------------------------------- term scan
# Word characters of the scripts that separate words with spaces (Latin, Greek,
# Cyrillic, Hebrew, Arabic) and digits: a term that starts or ends with one of these must not
# touch another one, so "cialis" does not match inside "specialist" and "ставки" not inside
# "доставки". CJK, kana, Hangul and Thai terms have no boundaries: those scripts (or Korean
# particles) glue words together.
_WORDCH = "0-9a-z\u00b5\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff\u1e00-\u1eff"
_WORDCH_RE = re.compile(f"[{_WORDCH}]")
MAX_TERM_GAP = 3  # a space in a term matches 1-3 spaces, tabs, newlines or hyphens


# Separators (a space in a term matches 1-3 of them): Unicode spaces become an ASCII space
# in the (same-length) lower-cased text, then ASCII whitespace and the hyphen one space byte.
_ASCII_SEPARATORS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f-"
_FOLD_ASCII = bytes.maketrans(
    (_ASCII_SEPARATORS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ").encode(),
    (" " * len(_ASCII_SEPARATORS) + "abcdefghijklmnopqrstuvwxyz").encode())
_FOLD_SEPARATORS = bytes.maketrans(_ASCII_SEPARATORS.encode(), b" " * len(_ASCII_SEPARATORS))
_UNICODE_SPACES = tuple(c for c in map(chr, range(0x80, 0x10000)) if c.isspace())
_ASCII_WORD = bytes(1 if _WORDCH_RE.match(chr(i)) else 0 for i in range(128))


def _is_word(ch: str) -> bool:
    return _WORDCH_RE.match(ch) is not None


def _term_key(term: str) -> str:
    """A term as the scanner sees it: lower case, hyphens as spaces, single spaces."""
    return " ".join(term.lower().replace("-", " ").split())


def _gap_variants(key: str) -> list[str]:
    """Every spelling of a multi-word key with 1, 2 or 3 spaces in each gap."""
    out = [""]
    for i, word in enumerate(key.split(" ")):
        if i == 0:
            out = [word]
        else:
            out = [o + " " * g + word for o in out for g in range(1, MAX_TERM_GAP + 1)]
    return out


@lru_cache(maxsize=1)
def _automaton():
    """One Aho-Corasick automaton (a DFA over UTF-8 bytes) over every term and its spacing
    variants: C speed, one pass whatever the number of terms. Per pattern: (lexicon term,
    category, weight, word-bounded start, word-bounded end)."""
    import ahocorasick_rs

    patterns: list[bytes] = []
    meta: list[tuple] = []
    seen: set[str] = set()
    for term, (cat, w) in _owner().items():
        key = _term_key(term)
        if not key or key in seen:
            continue
        seen.add(key)
        info = (term, cat, w, _is_word(key[0]), _is_word(key[-1]))
        for spelling in _gap_variants(key):
            patterns.append(spelling.encode("utf-8"))
            meta.append(info)
    ac = ahocorasick_rs.BytesAhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard,
                                         implementation=ahocorasick_rs.Implementation.DFA)
    return ac, meta


COMPOUND_GAP_WORDS = 2  # other words allowed between a compound's head and its modifier
# function words: a head and a modifier with one of these between them are in a sentence ("the
# Rolex was not cheap"), not in a spam phrase ("rolex submariner replica")
_GAP_FUNCTION_WORDS = frozenset(
    """
    a an the is was are were be been not no and or but if of to in on at by with from as than that this it its
    my our your his her their we you they he she i me us them so very too also just only
    der die das ein eine ist war sind und oder nicht mit von zu im am für
    le la les un une est était sont et ou pas de du des avec pour en au
    el la los las un una es era son y o no de del con para en al
    il lo gli uno è era sono e non di da con per
    o os as um uma é era são e ou não do da dos das com para em
    het een is was zijn en of niet van met voor in op
    """.split()
)
_PHRASE_BREAK = re.compile(r"[\n.,;:!?|()\[\]{}<>\"\u3002\uff0c\u00b7\u2022]")


@lru_cache(maxsize=1)
def compounds() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """category -> (heads, modifiers) from ``compounds.txt``: spam is compositional. A head is
    what spam abuses (a watch brand, a drug, "dissertation"), a modifier what sells it ("cheap",
    "replica", "no prescription", "writing help"); each alone is an everyday word on legitimate
    pages, the two in one phrase are a spam term ("breitling watches cheap")."""
    out: dict[str, tuple[set, set]] = {}
    cat = None
    for line in _read_lines("compounds.txt"):
        if line.startswith("[") and line.endswith("]"):
            cat = line[1:-1].strip()
            if cat not in CATEGORIES:
                raise ValueError(f"compounds.txt: unknown category {cat!r}")
            out.setdefault(cat, (set(), set()))
            continue
        role, _, terms = line.partition(":")
        role = role.strip()
        if cat is None or role not in ("heads", "modifiers"):
            raise ValueError(f"compounds.txt: expected '[category]', 'heads:' or 'modifiers:', got {line[:60]!r}")
        bucket = out[cat][0 if role == "heads" else 1]
        bucket.update(k for k in (_term_key(t) for t in terms.split("|")) if k)
    return {c: (frozenset(h), frozenset(m)) for c, (h, m) in out.items()}


@lru_cache(maxsize=1)
def _compound_automaton():
    """One automaton over every head and modifier; per pattern: (key, {category: role})."""
    import ahocorasick_rs

    roles: dict[str, dict[str, str]] = {}
    for cat, (heads, mods) in compounds().items():
        for k in heads:
            roles.setdefault(k, {})[cat] = "head"
        for k in mods:
            roles.setdefault(k, {}).setdefault(cat, "mod")
    patterns: list[bytes] = []
    meta: list[tuple] = []
    for key, r in roles.items():
        for spelling in _gap_variants(key):
            patterns.append(spelling.encode("utf-8"))
            meta.append((key, r, "head" in r.values()))
    if not patterns:
        return None, [], None
    ac = ahocorasick_rs.BytesAhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                         implementation=ahocorasick_rs.Implementation.DFA)
    # the heads alone: most texts have none, and then the modifiers (everyday words) are not scanned
    heads = ahocorasick_rs.BytesAhoCorasick([p for p, m in zip(patterns, meta) if m[2]],
                                            implementation=ahocorasick_rs.Implementation.DFA)
    return ac, meta, heads


def _compound_spans(text: str, b: bytes, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """(byte start, byte end, category, phrase) of every head + modifier pair of one category
    in one phrase (no line or sentence break, at most COMPOUND_GAP_WORDS words between), off
    the spans the lexicon's own terms took."""
    ac, meta, heads = _compound_automaton()
    # modifiers ("online", "buy", "free") are everyday words: without a head there is no pair,
    # and most texts have none, so nothing more is done for them
    if ac is None or not heads.find_matches_as_indexes(b):
        return []
    raw = ac.find_matches_as_indexes(b)
    if len(raw) < 2:
        return []
    words = []
    for p, s, e in raw:
        if _word_before(b, s) or _word_after(b, e):
            continue
        words.append((s, e, meta[p][1]))
    if len(words) < 2:
        return []
    out = []
    used_until = -1
    for i, (s, e, r) in enumerate(words):
        if s < used_until:
            continue
        for s2, e2, r2 in words[i + 1:i + 1 + COMPOUND_GAP_WORDS + 1]:
            gap = b[e:s2].split()
            if len(gap) > COMPOUND_GAP_WORDS or any(w.decode("utf-8", "ignore") in _GAP_FUNCTION_WORDS for w in gap):
                break
            cats = [c for c, role in r.items() if c in r2 and {role, r2[c]} == {"head", "mod"}]
            if not cats:
                continue
            if any(a < e2 and s < z for a, z in taken):
                continue
            seg = _original_slice(text, b, s, e2)
            if _PHRASE_BREAK.search(seg):
                break
            out.append((s, e2, cats[0], " ".join(seg.lower().split())))
            used_until = e2
            break
    return out


def _original_slice(text: str, b: bytes, s: int, e: int) -> str:
    """text's characters for the byte span [s:e] of scan_bytes(text) (the separators the
    scan folded into spaces, newlines among them, are back)."""
    if len(b) == len(text):
        return text[s:e]
    cs = len(b[:s].decode("utf-8", "surrogatepass"))
    return text[cs:cs + len(b[s:e].decode("utf-8", "surrogatepass"))]


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # a few characters grow when lower-cased (U+0130 -> i + dot): keep offsets exact
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def scan_bytes(text: str) -> bytes:
    """The text as the term scanner reads it: UTF-8, lower case, every separator (whitespace
    or hyphen) one space byte; its characters are those of ``text``, one for one."""
    if text.isascii():
        return text.encode("ascii").translate(_FOLD_ASCII)
    low = _lower_same_length(text)
    for sp in _UNICODE_SPACES:
        if sp in low:
            low = low.replace(sp, " ")
    return low.encode("utf-8", "surrogatepass").translate(_FOLD_SEPARATORS)


def _word_before(b: bytes, s: int) -> bool:
    if s == 0:
        return False
    c = b[s - 1]
    if c < 0x80:
        return bool(_ASCII_WORD[c])
    j = s - 1
    while j > 0 and s - j < 4 and (b[j] & 0xC0) == 0x80:
        j -= 1
    return _is_word(b[j:s].decode("utf-8", "surrogatepass")[-1:] or " ")


def _word_after(b: bytes, e: int) -> bool:
    if e >= len(b):
        return False
    c = b[e]
    if c < 0x80:
        return bool(_ASCII_WORD[c])
    return _is_word(b[e:e + 4].decode("utf-8", "ignore")[:1] or " ")


def char_offsets(b: bytes, byte_offsets) -> dict[int, int]:
    """Character offset of each byte offset into UTF-8 bytes (offsets at character
    boundaries), by one incremental decode over the sorted offsets."""
    out, pos, chars = {}, 0, 0
    for o in sorted(set(byte_offsets)):
        chars += len(b[pos:o].decode("utf-8", "surrogatepass"))
        pos = o
        out[o] = chars
    return out


def find_terms(text: str, limit: int = 10000, compounds: bool = True) -> list[TermHit]:
    """Spam-term occurrences in text, in order, without overlaps (the longest term wins).

    Case-insensitive; Latin-script (and Cyrillic, Greek, Arabic...) terms are word-bounded,
    CJK, kana, Hangul and Thai terms match inside running text. A space in a term matches one
    to three whitespace characters or hyphens ("replica  watches", "replica-watches"), and a
    hyphen in a term matches the same. ``TermHit.term`` is the lexicon's spelling;
    ``start:end`` index the given text.
    With ``compounds`` (the default), a head and a modifier of one category from
    ``compounds.txt`` in one phrase are one strong term more (:func:`compounds`); it replaces
    the weak terms inside it, never a strong one.
    Cost: one lower-case and translate pass, then two Aho-Corasick passes over the UTF-8 bytes
    (together a few ns per character), then a boundary check per raw match.
    """
    if not text:
        return []
    ac, meta = _automaton()
    b = scan_bytes(text)
    raw = ac.find_matches_as_indexes(b, overlapping=True)
    found = []
    for p, s, e in raw:
        _, _, _, wb_start, wb_end = meta[p]
        if wb_start and _word_before(b, s):
            continue
        if wb_end and _word_after(b, e):
            continue
        found.append((s, -e, p))
    found.sort()
    kept = []
    last_end = -1
    for s, neg_e, p in found:
        if s < last_end:
            continue
        last_end = -neg_e
        kept.append((s, -neg_e, p))
        if len(kept) >= limit:
            break
    # a compound wins over the weak terms inside it ("rolex submariner replica" over "replica")
    extra = (_compound_spans(text, b, [(s, e) for s, e, p in kept if meta[p][2] >= 1.0])
             if compounds and len(kept) < limit else [])
    if extra:
        kept = [(s, e, p) for s, e, p in kept if not any(a < e and s < z for a, z, _, _ in extra)]
    if not kept and not extra:
        return []
    # ASCII: byte offsets are character offsets
    spans = [(s, e) for s, e, _ in kept] + [(s, e) for s, e, _, _ in extra]
    to_char = None if len(b) == len(text) else char_offsets(b, (o for s, e in spans for o in (s, e)))
    hits: list[TermHit] = []
    for s, e, p in kept:
        term, cat, w, _, _ = meta[p]
        if to_char is not None:
            s, e = to_char[s], to_char[e]
        hits.append(TermHit(cat, term, s, e, w))
    for s, e, cat, phrase in extra:
        if to_char is not None:
            s, e = to_char[s], to_char[e]
        hits.append(TermHit(cat, phrase, s, e, 1.0))
    if extra:
        hits.sort(key=lambda h: h.start)
        hits = hits[:limit]
    return hits


def spam_profile(text: str) -> dict[str, float]:
    """Weighted spam-term count per category (strong term 1, weak 0.5); only categories hit.

    ``spam_profile("Buy cheap viagra and cialis online")`` -> ``{"pharma": 2.0}``
    (the longest term wins at each position: "cheap viagra", then "cialis online").
    """
    out: dict[str, float] = {}
    for h in find_terms(text):
        out[h.category] = out.get(h.category, 0.0) + h.weight
    return out


def category_of_text(text: str, min_weight: float = 1.0) -> str | None:
    """The spam category a short text (an anchor, a title) is about, or None.

    A category needs at least ``min_weight``: one strong term or two weak ones.
    """
    prof = spam_profile(text)
    if not prof:
        return None
    cat, w = max(prof.items(), key=lambda kv: (kv[1], kv[0]))
    return cat if w >= min_weight else None


def is_spammy_anchor(anchor: str, url: str | None = None) -> str | None:
    """Spam category of a link from its anchor text, else from the words of its URL.

    The URL counts through :func:`tokenize_url` (host labels and path, segmented), so
    ``<a href="https://shop.example/cialis.html">Man pills here</a>`` -> ``"pharma"``.
    A brand alone (rolex.com) is not spam: brands only count through lexicon terms.
    """
    cat = category_of_text(anchor) if anchor else None
    if cat is None and url:
        cat = category_of_text(" ".join(tokenize_url(url)))
    return cat


# ---------------------------------------------------------------------------- segmentation
@lru_cache(maxsize=1)
def _segment_vocab() -> frozenset[str]:
    words = set(brands())
    for terms in terms_by_category().values():
        for t in terms:
            for w in re.split(r"[\s-]+", t):
                if w.isascii() and w.isalpha() and len(w) >= 3:
                    words.add(w)
    for line in _read_lines("common_words.txt"):
        words.update(line.split())
    return frozenset(w.lower() for w in words if w.isascii())


def _word_cost(w: str, vocab: frozenset[str]) -> float | None:
    """Cost of w as one known word (plural -s included): short words cost more; None if unknown."""
    if w in vocab or (len(w) > 3 and w[-1] == "s" and w[:-1] in vocab):
        n = len(w)
        return 1.0 if n >= 4 else (1.4 if n == 3 else (1.9 if n == 2 else 3.0))
    return None


_UNKNOWN_RUN = 3.0  # an unknown stretch costs this much, plus _UNKNOWN_CHAR per character,
_UNKNOWN_CHAR = 0.5  # so a long unknown name stays whole instead of becoming "car", "lm", "on"
_MAX_WORD = 24


@lru_cache(maxsize=65536)
def _segment_piece(piece: str) -> tuple[str, ...]:
    """Cheapest split of piece into known words and unknown stretches (dynamic programming)."""
    vocab = _segment_vocab()
    n = len(piece)
    inf = float("inf")
    cost = [inf] * (n + 1)
    back = [0] * (n + 1)
    cost[0] = 0.0
    for j in range(1, n + 1):
        best, arg = inf, 0
        for i in range(max(0, j - _MAX_WORD), j):
            ci = cost[i]
            if ci == inf:
                continue
            wc = _word_cost(piece[i:j], vocab)
            c = ci + (wc if wc is not None else _UNKNOWN_RUN + _UNKNOWN_CHAR * (j - i))
            if c < best:
                best, arg = c, i
        if j > _MAX_WORD:  # a very long unknown stretch: anything before may start it
            c = cost[0] + _UNKNOWN_RUN + _UNKNOWN_CHAR * j
            if c < best:
                best, arg = c, 0
        cost[j], back[j] = best, arg
    out: list[str] = []
    j = n
    while j > 0:
        i = back[j]
        out.append(piece[i:j])
        j = i
    out.reverse()
    return tuple(out)


_NON_ALPHA = rx("lexicons.non_alpha", r"[^a-z]++", worst_case="-1-")


@lru_cache(maxsize=65536)
def segment_label(label: str) -> tuple[str, ...]:
    """Split a domain label (or any ASCII token) into known words.

    ``high-endrolex`` -> (high, end, rolex); ``cheapjerseyswholesale`` -> (cheap, jerseys,
    wholesale); ``bestonlinecasinos777`` -> (best, online, casinos). Hyphens and digits split
    first; each piece is then segmented by dynamic programming over the bundled vocabulary
    (common English words, brands, the terms' words), preferring fewer, longer words; unknown
    stretches stay whole ("nakengineering" -> (nak, engineering)).
    """
    out: list[str] = []
    for piece in _NON_ALPHA.split(label.lower()):
        if not piece:
            continue
        if len(piece) > 63:
            out.append(piece)
        else:
            out.extend(_segment_piece(piece))
    return tuple(out)


def brands_in_label(label: str) -> list[tuple[str, str]]:
    """(brand, category) pairs named inside a domain label, found by segmentation."""
    b = brands()
    return [(w, b[w]) for w in segment_label(label) if w in b]


_URL_SPLIT = rx("lexicons.url_split",
                r"[\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\u3000-\u303f\uff01-\uff0f\u2000-\u206f]++",
                worst_case="/_/")
_SKIP_TOKENS = frozenset({"www", "html", "htm", "php", "asp", "aspx", "jsp", "cgi", "index", "http", "https"})


@lru_cache(maxsize=16384)
def _host_words(host: str) -> tuple[str, ...]:
    from detector.domains import split_host

    try:
        sub, dom, _suffix = split_host(host)
    except Exception:
        sub, dom = "", host
    words: list[str] = []
    for label in (sub.split(".") if sub else []) + ([dom] if dom else []):
        if label and label not in _SKIP_TOKENS:
            if label.startswith("xn--"):
                try:
                    label = label.encode("ascii").decode("idna")
                except Exception:
                    pass
            words.extend(segment_label(label) if label.isascii() else (label,))
    return tuple(words)


@lru_cache(maxsize=1)
def _stem_automaton():
    """Unbounded ASCII stems (the rarest word of every term, and every brand) that a domain
    label must contain before it is worth segmenting for spam: ``uggbootssale2013`` has
    "ugg", ``nytimes`` has none."""
    common = set()
    for line in _read_lines("common_words.txt"):
        common.update(line.split())
    stems = set(brands())
    for t in _owner():
        words = [w for w in re.split(r"[^a-z0-9]+", t) if len(w) >= 3]
        if not words or not t.isascii():
            continue
        rare = [w for w in words if w not in common]
        stems.add(max(rare or words, key=len))
    stems = {s for s in stems if s.isascii() and len(s) >= 3}
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(sorted(stems) or ["\x00"])


@lru_cache(maxsize=65536)
def spam_host_words(host: str) -> tuple[str, ...]:
    """Words of a host for spam matching: like the host part of :func:`tokenize_url`, but
    labels that contain no spam stem are kept whole instead of being segmented (fast)."""
    from detector.domains import split_host

    try:
        sub, dom, _suffix = split_host(host)
    except Exception:
        sub, dom = "", host
    stems = _stem_automaton()
    words: list[str] = []
    for label in (sub.split(".") if sub else []) + ([dom] if dom else []):
        if not label or label in _SKIP_TOKENS:
            continue
        if label.isascii() and stems.find_matches_as_indexes(label):
            words.extend(segment_label(label))
        else:
            words.append(label)
    return tuple(words)


def tokenize_url(url: str, *, host: bool = True, path: bool = True) -> list[str]:
    """Lower-case words of a URL: its host labels (subdomains and registered name, without
    ``www`` and the public suffix) and its path and query, percent-decoded and segmented.

    ``https://www.high-endrolex.com/replica-watches/cheapjerseys.html`` ->
    ``[high, end, rolex, replica, watches, cheap, jerseys]``. Non-ASCII pieces (Thai, CJK
    slugs) are kept whole; file extensions and pure numbers are dropped.
    """
    low = url.strip()
    scheme = low.find("://")
    rest = low[scheme + 3:] if scheme >= 0 else low
    cut = len(rest)
    for ch in "/?#":
        i = rest.find(ch)
        if 0 <= i < cut:
            cut = i
    hostpart, pathpart = rest[:cut], rest[cut:]
    words: list[str] = []
    if host and hostpart:
        h = hostpart.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
        words.extend(_host_words(h))
    if path and pathpart:
        try:
            pathpart = unquote(pathpart[:2000])
        except Exception:
            pathpart = pathpart[:2000]
        for tok in _URL_SPLIT.split(pathpart.lower()):
            if not tok or tok in _SKIP_TOKENS:
                continue
            if tok.isascii():
                words.extend(w for w in segment_label(tok) if len(w) > 1 and w not in _SKIP_TOKENS)
            elif not tok.isdigit():
                words.append(tok)
    return words


# ---------------------------------------------------------------------------- scripts
SCRIPTS = ("common", "latin", "cyrillic", "greek", "arabic", "hebrew", "indic", "thai",
           "sea", "hangul", "kana", "han", "other")
_S = {name: i for i, name in enumerate(SCRIPTS)}
# Writing systems that are one "block" for mismatch purposes: Japanese mixes kana and han.
SCRIPT_GROUP = {"kana": "cjk", "han": "cjk"}
# A CJK or Hangul character carries about as much text as two or three Latin letters.
SCRIPT_WEIGHT = {"han": 2.0, "kana": 2.0, "hangul": 2.0}


@lru_cache(maxsize=1)
def _script_table() -> np.ndarray:
    t = np.full(0x10000, _S["other"], dtype=np.uint8)

    def put(lo: int, hi: int, name: str) -> None:
        t[lo:hi + 1] = _S[name]

    put(0x0000, 0x02FF, "common")  # ASCII, Latin-1, Latin Extended: letters fixed below
    for lo, hi in ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x24F),
                   (0x1E00, 0x1EFF), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        put(lo, hi, "latin")
    put(0x0300, 0x036F, "common")  # combining marks
    put(0x0370, 0x03FF, "greek")
    put(0x0400, 0x052F, "cyrillic")
    put(0x0530, 0x058F, "other")  # Armenian
    put(0x0590, 0x05FF, "hebrew")
    put(0x0600, 0x06FF, "arabic")
    put(0x0750, 0x077F, "arabic")
    put(0xFB50, 0xFDFF, "arabic")
    put(0xFE70, 0xFEFF, "arabic")
    put(0x0900, 0x0DFF, "indic")
    put(0x0E00, 0x0E7F, "thai")
    put(0x0E80, 0x0EFF, "sea")  # Lao
    put(0x1000, 0x109F, "sea")  # Myanmar
    put(0x1780, 0x17FF, "sea")  # Khmer
    put(0x1100, 0x11FF, "hangul")
    put(0x3130, 0x318F, "hangul")
    put(0xAC00, 0xD7AF, "hangul")
    put(0x2000, 0x2BFF, "common")  # punctuation, symbols, arrows
    put(0x3000, 0x303F, "common")  # CJK punctuation
    put(0x3040, 0x30FF, "kana")
    put(0x30FB, 0x30FC, "common")  # middle dot; the long vowel mark goes with kana:
    put(0x30FC, 0x30FC, "kana")
    put(0x31F0, 0x31FF, "kana")
    put(0xFF66, 0xFF9F, "kana")
    put(0x3400, 0x4DBF, "han")
    put(0x4E00, 0x9FFF, "han")
    put(0xF900, 0xFAFF, "han")
    put(0xFF00, 0xFF20, "common")  # full-width digits and punctuation
    put(0xFF3B, 0xFF40, "common")
    put(0xFF5B, 0xFF65, "common")
    put(0xFE00, 0xFE0F, "common")
    put(0xD800, 0xDFFF, "common")
    return t


def char_scripts(text: str) -> np.ndarray:
    """Script id (index into ``SCRIPTS``) of every character of text, as a uint8 array.

    Vectorised: the text is viewed as UTF-32 code points and looked up in a table, so a
    50,000-character page costs well under a millisecond. Characters outside the Basic
    Multilingual Plane (emoji, rare CJK) count as ``other``, except CJK Extension B+ (han).
    """
    if not text:
        return np.zeros(0, dtype=np.uint8)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _script_table()
    out = table[np.minimum(cps, 0xFFFF)]
    big = cps > 0xFFFF
    if big.any():
        out = out.copy()
        out[big] = np.where((cps[big] >= 0x20000) & (cps[big] <= 0x3FFFF), _S["han"], _S["other"])
    return out


def script_counts(text: str) -> dict[str, int]:
    """Number of characters per script (``common``: spaces, digits, punctuation, symbols)."""
    if not text:
        return {}
    counts = np.bincount(char_scripts(text), minlength=len(SCRIPTS))
    return {SCRIPTS[i]: int(c) for i, c in enumerate(counts) if c}


def dominant_script(text: str) -> str:
    """The writing system most of the text is in: ``latin``, ``cyrillic``, ``cjk`` (han and
    kana: Chinese and Japanese), ``hangul``, ``thai``, ``arabic``... or ``common`` when the
    text has no letters. CJK and Hangul characters weigh double (one carries about as much
    text as two Latin letters)."""
    counts = script_counts(text)
    best, best_w = "common", 0.0
    grouped: dict[str, float] = {}
    for name, c in counts.items():
        if name == "common":
            continue
        g = SCRIPT_GROUP.get(name, name)
        grouped[g] = grouped.get(g, 0.0) + c * SCRIPT_WEIGHT.get(name, 1.0)
    for g, w in grouped.items():
        if w > best_w:
            best, best_w = g, w
    return best


class ScriptRun(NamedTuple):
    """A stretch of text in one script group; text[start:end] (common characters inside
    count to the run, those at its edges do not). ``chars`` counts its letters."""

    script: str
    start: int
    end: int
    chars: int


def script_runs(text: str, *, min_chars: int = 1, merge_gap: int = 0,
                exclude: str | None = None) -> list[ScriptRun]:
    """Maximal runs of one script group (``cjk`` for han+kana), in text order.

    Spaces, digits and punctuation never break a run. ``merge_gap`` > 0 also joins runs of
    the same group separated by at most that many characters of other text (a Japanese spam
    block with Latin brand names in it is one run). Runs with fewer than ``min_chars``
    letters, and runs of the ``exclude`` group, are dropped. Vectorised with numpy; only the
    kept runs become Python objects.
    """
    cls = char_scripts(text)
    if cls.size == 0:
        return []
    idx = np.flatnonzero(cls)
    if idx.size == 0:
        return []
    group_of = np.arange(len(SCRIPTS), dtype=np.uint8)
    group_of[_S["kana"]] = _S["han"]
    g = group_of[cls[idx]]
    cut = np.flatnonzero(g[1:] != g[:-1]) + 1
    starts_i = np.concatenate(([0], cut))
    ends_i = np.concatenate((cut, [idx.size]))
    rs = idx[starts_i]
    re_ = idx[ends_i - 1] + 1
    rg = g[starts_i]
    rc = ends_i - starts_i
    if merge_gap > 0:
        keep_groups = np.unique(rg)
        out_s, out_e, out_g, out_c = [], [], [], []
        for grp in keep_groups:
            if exclude is not None and _group_name(int(grp)) == exclude:
                continue
            m = np.flatnonzero(rg == grp)
            s, e, c = rs[m], re_[m], rc[m]
            if m.size > 1:
                gaps = s[1:] - e[:-1]
                brk = np.flatnonzero(gaps > merge_gap) + 1
                bs = np.concatenate(([0], brk))
                be = np.concatenate((brk, [m.size]))
                s, e = s[bs], e[be - 1]
                c = np.add.reduceat(c, bs)
            out_s.append(s)
            out_e.append(e)
            out_c.append(c)
            out_g.append(np.full(s.size, grp, dtype=np.uint8))
        if not out_s:
            return []
        rs, re_, rg, rc = (np.concatenate(x) for x in (out_s, out_e, out_g, out_c))
        order = np.argsort(rs, kind="stable")
        rs, re_, rg, rc = rs[order], re_[order], rg[order], rc[order]
    sel = rc >= min_chars
    if exclude is not None:
        sel &= rg != _group_id(exclude)
    return [ScriptRun(_group_name(int(gg)), int(s), int(e), int(c))
            for s, e, gg, c in zip(rs[sel], re_[sel], rg[sel], rc[sel])]


def _group_name(i: int) -> str:
    name = SCRIPTS[i]
    return SCRIPT_GROUP.get(name, name)


def _group_id(name: str) -> int:
    return _S["han"] if name == "cjk" else _S.get(name, -1)


def page_terms(page) -> list[TermHit]:
    """:func:`find_terms` over ``page.text``, computed once per page and shared by every
    detector that asks (the scan costs about as much as a second parse of the page)."""
    cached = page.__dict__.get("_lexicon_terms")
    if cached is None:
        cached = find_terms(page.text)
        page.__dict__["_lexicon_terms"] = cached
    return cached


@lru_cache(maxsize=1)
def _platforms() -> frozenset[str]:
    return frozenset(x.lower() for x in _read_lines("platforms.txt"))


@lru_cache(maxsize=4096)
def hosting_platform(host: str) -> tuple[str, str] | None:
    """(platform domain, account label) when host is a user subdomain of a blogging or
    site-building platform listed in ``platforms.txt`` (``auto-door16814.ttblogs.com`` ->
    ``("ttblogs.com", "auto-door16814")``); None otherwise, and for the platform itself."""
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    plats = _platforms()
    parts = host.split(".")
    for i in range(1, len(parts) - 1):
        suffix = ".".join(parts[i:])
        if suffix in plats:
            return suffix, parts[i - 1]
    return None


def warm() -> None:
    """Build every lazily built matcher now (the term automaton and character tables take a
    fraction of a second): call it before forking workers, so that each does not pay for it;
    the pattern-registry test calls it to register them."""
    _automaton()
    _compound_automaton()
    _stem_automaton()


_term_regex = warm  # the name tests/test_patterns.py calls
