"""Why a page got its risk: exact contributions, tied back to the findings behind them.

For the shipped model (a plain data file we score ourselves) the contributions are exact:
linear coefficients x (value - reference), or Saabas path contributions for trees; with the
base value they sum to the page's calibrated logit (see :mod:`detector.model`). For the
transparent findings score they are each detector id's weight in the noisy-OR.
"""

from __future__ import annotations

import math

from detector.scoring import Analysis
from detector.verdict import Verdict


def _findings_for(feature: str, verdict: Verdict) -> list[str]:
    """Finding ids that a feature summarises: its detector id, or the kind it names."""
    head = feature.split(".", 1)[0]
    tail = feature.split(".", 1)[1] if "." in feature else ""
    out = []
    for f in verdict.findings:
        if f.id == head or (head == "findings" and (tail == f.kind or tail in ("noisy_or", "strong_ids_log"))):
            if f.id not in out:
                out.append(f.id)
    return out


def explain_verdict(verdict: Verdict, scorer=None) -> dict:
    """A JSON-able explanation of one scored verdict (needs ``verdict.features``)."""
    from detector.scan import default_scorer

    scorer = scorer or default_scorer()
    analysis = Analysis(verdict.findings, verdict.features or {}, verdict.input_mode or "html")
    if hasattr(scorer, "base_value"):
        contribs = scorer.explain(analysis)
        base = scorer.base_value(analysis.mode)
        method = "exact contributions to the calibrated logit"
    else:
        contribs = scorer.contributions(analysis)
        base = 0.0
        method = "noisy-OR weight of each detector id's strongest finding"
    rows = []
    for name, c in contribs:
        value = (verdict.features or {}).get(name)
        rows.append({
            "feature": name,
            "value": None if value is None or (isinstance(value, float) and math.isnan(value)) else round(value, 4),
            "contribution": round(float(c), 4),
            "findings": _findings_for(name, verdict) if "." in name else [name],
        })
    look_first = None
    for r in rows:
        if r["contribution"] > 0 and r["findings"]:
            fid = r["findings"][0]
            f = next((f for f in verdict.findings if f.id == fid), None)
            if f is not None:
                ev = f.evidence
                where = ev.get("url") or ev.get("snippet") or ""
                look_first = f"{f.id} {f.kind}: {f.message}" + (f" [{where}]" if where else "")
                break
    logit = base + sum(r["contribution"] for r in rows)
    return {"method": method, "base": round(base, 4), "logit": round(logit, 4), "score": verdict.score,
            "contributions": rows, "look_first": look_first}
