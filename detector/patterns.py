"""The one registry of every regular expression the detectors use.

Patterns are declared next to the code that uses them, but always through :func:`rx`, so
that one test (tests/test_patterns.py) can feed each its worst case and check that it stays
linear. Each pattern names a ``worst_case``: a short string that, repeated many times, is the
input most likely to make that pattern backtrack. Use atomic groups ``(?>...)`` and
possessive quantifiers (``*+``, ``++``) where a pattern could otherwise backtrack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RegisteredPattern:
    name: str
    regex: re.Pattern
    worst_case: str


REGISTRY: dict[str, RegisteredPattern] = {}


def rx(name: str, pattern: str, flags: int = 0, *, worst_case: str) -> re.Pattern:
    """Compile and register `pattern` under a unique, dotted `name` (e.g. ``SEO601.php_line``)."""
    compiled = re.compile(pattern, flags)
    existing = REGISTRY.get(name)
    if existing is not None and existing.regex.pattern != pattern:
        raise ValueError(f"pattern name {name!r} registered twice with different patterns")
    if not worst_case:
        raise ValueError(f"pattern {name!r} needs a worst_case sample")
    REGISTRY[name] = RegisteredPattern(name, compiled, worst_case)
    return compiled


def alternation(words, *, boundary: bool = True) -> str:
    """A regex alternation of literal words, longest first, optionally word-bounded.

    Word boundaries are only added around words that start/end with a word character, so
    that CJK terms (no spaces between words) still match inside running text.
    """
    parts = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        e = re.escape(w)
        if boundary:
            if w[:1].isascii() and (w[:1].isalnum() or w[:1] == "_"):
                e = r"\b" + e
            if w[-1:].isascii() and (w[-1:].isalnum() or w[-1:] == "_"):
                e = e + r"\b"
        parts.append(e)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"
