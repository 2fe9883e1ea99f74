"""Finding: one piece of evidence, built for human review.

Severity (how bad it would be if true) and confidence (how sure the detector is) are
separate axes, as in bandit. Evidence says *where*: a capped snippet, a character offset
into a named view of the page, the link and its domain, the hiding rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = (
    "offtopic_link",
    "hidden_content",
    "spam_text",
    "server_error",
    "path_disclosure",
    "template_debris",
    "script_injection",
    "parasite_page",
    "backdoor",
)

SEVERITIES = ("low", "medium", "high", "critical")
CONFIDENCES = ("low", "medium", "high")

SNIPPET_MAX = 300
MAX_FINDINGS_PER_ID = 20


def snippet(text: str, start: int = 0, end: int | None = None, pad: int = 60) -> str:
    """Cut a readable window around text[start:end], capped at SNIPPET_MAX characters."""
    if end is None:
        end = start
    lo = max(0, start - pad)
    hi = min(len(text), max(end, start) + pad)
    s = " ".join(text[lo:hi].split())
    if len(s) > SNIPPET_MAX:
        s = s[: SNIPPET_MAX - 1] + "\u2026"
    return s


@dataclass(slots=True)
class Finding:
    """What a detector saw, where, and why it matters."""

    id: str
    kind: str
    severity: str
    confidence: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown finding kind {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.confidence not in CONFIDENCES:
            raise ValueError(f"unknown confidence {self.confidence!r}")
        snip = self.evidence.get("snippet")
        if isinstance(snip, str) and len(snip) > SNIPPET_MAX:
            self.evidence["snippet"] = snip[: SNIPPET_MAX - 1] + "\u2026"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity,
            "confidence": self.confidence,
            "message": self.message,
            "evidence": self.evidence,
        }


def cap_findings(findings: list[Finding], limit: int = MAX_FINDINGS_PER_ID) -> list[Finding]:
    """Keep at most `limit` findings per id; the last kept one says how many were dropped.

    A page with 100,000 spam links gives a count, not 100,000 findings.
    """
    seen: dict[str, int] = {}
    kept: list[Finding] = []
    last_kept: dict[str, Finding] = {}
    for f in findings:
        n = seen.get(f.id, 0) + 1
        seen[f.id] = n
        if n <= limit:
            kept.append(f)
            last_kept[f.id] = f
    for fid, n in seen.items():
        if n > limit:
            last_kept[fid].evidence["more_not_shown"] = n - limit
    return kept
