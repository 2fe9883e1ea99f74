"""Spam vocabulary, brands and domain-label segmentation, shared by several detector families.

The vocabulary lives in data files (``detector/data/lexicons/<category>.txt``, one term per
line, any language, ``#`` comments) so that it can be reviewed and extended without code.
Categories: counterfeit, pharma, gambling, loans, essay, adult, crypto_scam, outlet.
``brands.txt`` maps brand names to the category whose spam abuses them (rolex -> counterfeit).

Words alone are weak evidence (a watch blog says "rolex"); detectors combine these hits with
off-topic, hidden, foreign-script or site-identity signals before they count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detector.patterns import alternation, rx

CATEGORIES = ("counterfeit", "pharma", "gambling", "loans", "essay", "adult", "crypto_scam", "outlet")


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


@lru_cache(maxsize=1)
def terms_by_category() -> dict[str, tuple[str, ...]]:
    """Every category's spam terms, lower-cased."""
    return {c: tuple(sorted({t.lower() for t in _read_lines(f"{c}.txt")})) for c in CATEGORIES}


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
    category: str
    term: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _term_regex() -> tuple[re.Pattern, dict[str, str]]:
    owner: dict[str, str] = {}
    for cat, terms in terms_by_category().items():
        for t in terms:
            owner.setdefault(t, cat)
    pattern = alternation(owner.keys()) if owner else r"(?!x)x"
    return rx("lexicons.spam_terms", pattern, re.IGNORECASE, worst_case="casino onlin"), owner


def find_terms(text: str, limit: int = 10000) -> list[TermHit]:
    """Spam-term occurrences in text (case-insensitive, word-bounded for Latin words)."""
    regex, owner = _term_regex()
    hits = []
    for m in regex.finditer(text):
        term = m.group(0).lower()
        hits.append(TermHit(owner.get(term, "?"), term, m.start(), m.end()))
        if len(hits) >= limit:
            break
    return hits


@lru_cache(maxsize=1)
def _segment_vocab() -> frozenset[str]:
    words = set(brands())
    for terms in terms_by_category().values():
        for t in terms:
            for w in re.split(r"[\s-]+", t):
                if w.isascii() and len(w) >= 3:
                    words.add(w)
    words.update(_read_lines("common_words.txt"))
    return frozenset(w.lower() for w in words)


@lru_cache(maxsize=65536)
def segment_label(label: str) -> tuple[str, ...]:
    """Split a domain label into known words: ``high-endrolex`` -> (high, end, rolex).

    Hyphens and digits split first; each piece is then segmented by dynamic programming
    over the bundled vocabulary, preferring fewer, longer words; unknown stretches stay whole.
    """
    vocab = _segment_vocab()
    out: list[str] = []
    for piece in re.split(r"[^a-z]+", label.lower()):
        if not piece:
            continue
        n = len(piece)
        if n > 63:
            out.append(piece)
            continue
        # best[i] = (cost, words) for piece[:i]; unknown characters cost more than words
        best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
        best[0] = (0.0, [])
        for i in range(n):
            if best[i] is None:
                continue
            cost, words = best[i]
            for j in range(i + 1, min(n, i + 20) + 1):
                w = piece[i:j]
                if w in vocab:
                    c = cost + 1.0
                elif j == i + 1:
                    c = cost + 2.0  # one unknown character
                else:
                    continue
                if best[j] is None or c < best[j][0]:
                    if words and w not in vocab and words[-1] not in vocab:
                        nw = words[:-1] + [words[-1] + w]
                    elif words and w not in vocab and not words[-1] in vocab:
                        nw = words[:-1] + [words[-1] + w]
                    else:
                        nw = words + [w]
                    best[j] = (c, nw)
        out.extend(best[n][1] if best[n] else [piece])
    return tuple(out)


def brands_in_label(label: str) -> list[tuple[str, str]]:
    """(brand, category) pairs named inside a domain label, found by segmentation."""
    b = brands()
    return [(w, b[w]) for w in segment_label(label) if w in b]
