"""Which literal strings occur in a page's text: one Aho-Corasick pass for every detector.

Detectors gate their regexes on cheap substring tests ("Warning" in text, "Traceback" in
text...). Forty such tests are forty passes over a 13 KB record; here every family registers
its literals once, at import, and a page's text is searched for all of them in a single
C-level pass (:func:`page_literals`, cached on the page). ``lit in page_literals(page)`` is
then exactly ``lit in page.text`` (case-sensitive), for any registered literal.

    TRIGGERS = literals.register("Traceback", "Fatal error")
    if literals.any_in(page, TRIGGERS): ...
"""

from __future__ import annotations

_REGISTERED: dict[str, None] = {}
_BUILT: tuple[int, object, list[str]] | None = None


def register(*literals: str) -> tuple[str, ...]:
    """Add literals to the shared search (call at import time); returns them as a tuple."""
    global _BUILT
    for lit in literals:
        if not isinstance(lit, str) or not lit:
            raise ValueError(f"a literal must be a non-empty string: {lit!r}")
        if lit not in _REGISTERED:
            _REGISTERED[lit] = None
            _BUILT = None
    return tuple(literals)


def _automaton():
    global _BUILT
    if _BUILT is None or _BUILT[0] != len(_REGISTERED):
        import ahocorasick_rs

        pats = list(_REGISTERED)
        ac = ahocorasick_rs.BytesAhoCorasick([p.encode("utf-8", "surrogatepass") for p in pats],
                                             matchkind=ahocorasick_rs.MatchKind.Standard,
                                             implementation=ahocorasick_rs.Implementation.DFA) if pats else None
        _BUILT = (len(_REGISTERED), ac, pats)
    return _BUILT[1], _BUILT[2]


def present_in(text: str) -> frozenset[str]:
    """The registered literals that occur in text (case-sensitive substrings)."""
    if not text:
        return frozenset()
    ac, pats = _automaton()
    if ac is None:
        return frozenset()
    data = text.encode("utf-8", "surrogatepass")
    return frozenset(pats[i] for i in {m[0] for m in ac.find_matches_as_indexes(data, overlapping=True)})


def page_literals(page) -> frozenset[str]:
    """:func:`present_in` over ``page.text``, computed once per page."""
    got = page.__dict__.get("_literals")
    if got is None:
        got = present_in(page.text)
        page.__dict__["_literals"] = got
    return got


def any_in(page, literals) -> bool:
    """Whether any of the (registered) literals occurs in ``page.text``."""
    found = page_literals(page)
    return any(lit in found for lit in literals)


def warm() -> None:
    """Build the automaton now (before forking workers)."""
    _automaton()
