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
