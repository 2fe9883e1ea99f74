"""HTML -> WET-like text records, as Common Crawl's WET files and C4-style corpora carry them.

resiliparse's ``extract_plain_text`` without main-content extraction: anchor text is kept
and hrefs are dropped (so a text record's links are only the bare URLs printed in the text),
hidden elements are kept (a WET converter does not evaluate CSS), scripts and styles are
gone. Records are cut to windows of every length, from a few lines to the whole page, the
way a text corpus holds pages that were split, truncated or deduplicated.
"""

from __future__ import annotations

import random

from resiliparse.extract.html2text import extract_plain_text

# window sizes in lines, with their probabilities: a few lines .. the whole page
LENGTHS = ((0.2, (3, 8)), (0.25, (8, 30)), (0.25, (30, 120)), (0.3, None))


def html_to_text(html: str) -> str:
    """WET-style text of an HTML page (hidden text kept, link targets dropped)."""
    try:
        text = extract_plain_text(html, preserve_formatting=True, main_content=False, list_bullets=False,
                                  alt_texts=False, links=False, form_fields=False, noscript=False, comments=True)
    except Exception:  # a page resiliparse cannot parse yields no text record
        return ""
    lines = [ln.strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


def new_lines(base_text: str, text: str) -> list[int]:
    """Indices of the lines of `text` that are not lines of `base_text` (what an injection added)."""
    seen = set(base_text.splitlines())
    return [i for i, ln in enumerate(text.splitlines()) if ln not in seen]


def _run_around(must: list[int], anchor: int) -> tuple[int, int]:
    """The run of consecutive indices of `must` that contains `anchor`: (first, last)."""
    have = set(must)
    first = last = anchor
    while first - 1 in have:
        first -= 1
    while last + 1 in have:
        last += 1
    return first, last


def window(text: str, rng: random.Random, must: list[int] | None = None, *, whole_block: bool = False) -> str:
    """A random window of lines of `text`; with `must`, one that contains one of those lines.

    With `whole_block` (a compromised record), the window holds the whole block of consecutive
    `must` lines around the chosen one when it fits, and otherwise lies inside that block: a
    positive cut to the last line of a five-line error ("Line Number: 151") shows no evidence,
    and its label would be a lie. A negative may be cut anywhere.
    """
    lines = text.splitlines()
    n = len(lines)
    if n == 0:
        return ""
    r = rng.random()
    size = None
    acc = 0.0
    for p, rng_size in LENGTHS:
        acc += p
        if r < acc:
            size = rng_size
            break
    if size is None:
        k = n
    else:
        k = min(n, rng.randint(*size))
    if k >= n:
        return "\n".join(lines)
    if must:
        anchor = rng.choice(must)
        first, last = _run_around(must, anchor) if whole_block else (anchor, anchor)
        if last - first + 1 <= k:
            lo = max(0, last - k + 1)
            hi = min(first, n - k)
        else:  # a block longer than the window: any k of its lines
            lo, hi = first, last - k + 1
        start = rng.randint(lo, max(lo, hi))
    else:
        start = rng.randint(0, n - k)
    return "\n".join(lines[start:start + k])
