"""Making attacker-written text inert on a terminal.

Evidence is written by attackers: it may carry ANSI escape sequences, other control
characters or rich markup. Everything printed for humans goes through :func:`inert`, and
rich output is printed with markup and highlighting off.
"""

from __future__ import annotations

import unicodedata


def inert(text: object, limit: int | None = None) -> str:
    """Text with every control or format character shown as an escape (\\x1b, \\u202e, ...)."""
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "\u2026"
    out = []
    for ch in s:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") and ch not in ("\n", "\t"):
            o = ord(ch)
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _json_escape(ch: str) -> str:
    o = ord(ch)
    if o > 0xFFFF:  # a JSON escape is UTF-16: a surrogate pair
        o -= 0x10000
        return f"\\u{0xD800 + (o >> 10):04x}\\u{0xDC00 + (o & 0x3FF):04x}"
    return f"\\u{o:04x}"


def inert_json(obj, **kw) -> str:
    """``json.dumps(obj, ensure_ascii=False)`` with every control or format character (C1
    controls, bidi overrides, line separators...) written as a \\u escape: the same JSON
    value, but nothing an attacker wrote can steer the terminal it is printed on."""
    import json

    s = json.dumps(obj, ensure_ascii=False, **kw)
    if s.isascii() and "\x7f" not in s:
        return s
    out = []
    for ch in s:
        if ch >= "\x7f" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            out.append(_json_escape(ch))
        else:
            out.append(ch)
    return "".join(out)
