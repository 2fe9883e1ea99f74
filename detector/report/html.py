"""The self-contained HTML report over batch results.

One file, no remote assets: inline CSS, a small vanilla script, an inline SVG histogram. The
totals, the level bands, the histogram and the per-detector table are rendered here, in
Python, with every string escaped. The sites and pages tables are rendered in the browser
from data embedded as JSON in a ``<script type="application/json">`` element, with ``<``,
``>``, ``&`` and U+2028/U+2029 escaped so that no evidence can close the element, and the
script puts data into the page only through ``textContent``/``createTextNode``: evidence is
attacker-written text and nothing in it may run. A Content-Security-Policy allows only the
report's own script (by hash) and no network at all, as a second line of defence.

The report embeds at most ``max_flagged`` flagged pages (the riskiest first) plus the
riskiest unflagged pages up to ``max_pages`` rows, plus a sample of error rows, and says so.
Totals, the histogram and the detector table always cover every row read.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape
from typing import Any, Iterable

from detector import __version__
from detector.report.assets import CSS, JS
from detector.report.results import (
    ReadStats,
    Row,
    evidence_brief,
    format_date,
    parse_date,
    top_findings,
)
from detector.report.sites import NO_URL, SCOPE_NOTE, SiteStats, select_sites, site_key
from detector.verdict import LEVEL_FLOORS, LEVELS

ALL_LEVELS = (*LEVELS, "error")
DEFAULT_MAX_PAGES = 5000
DEFAULT_MAX_FLAGGED = 20000
DEFAULT_MAX_SITES = 2000
DEFAULT_MAX_ERRORS = 200
FINDINGS_PER_PAGE = 8
HIST_BINS = 20

LEVEL_COLORS = {
    "minimal": "#94a3b8",
    "low": "#3b82f6",
    "medium": "#f59e0b",
    "high": "#f97316",
    "critical": "#dc2626",
    "error": "#8b5cf6",
}


def json_for_script(data: Any) -> str:
    """JSON that is safe inside a <script type="application/json"> element.

    ``<``, ``>`` and ``&`` become \\u escapes (so no ``</script>`` or ``<!--`` can appear),
    and so do U+2028/U+2029 (line terminators in older JavaScript parsers).
    """
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _num(n: int) -> str:
    return f"{n:,}"


def _pct(part: int, whole: int) -> str:
    if not whole:
        return "–"
    p = 100.0 * part / whole
    return f"{p:.1f}%" if p >= 0.1 or p == 0 else "<0.1%"


def _detector_names() -> dict[str, str]:
    """Detector id -> name from the installed detectors (empty if they cannot be loaded)."""
    try:
        from detector.detectors import detector_classes

        return {c.id: c.name for c in detector_classes()}
    except Exception:  # a report must not depend on every detector module importing
        return {}


@dataclass
class _DetStats:
    pages: int = 0
    flagged: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


class ReportBuilder:
    """Reads rows once (streaming) and keeps totals plus the rows the report will embed."""

    def __init__(self, *, max_pages: int = DEFAULT_MAX_PAGES, max_flagged: int = DEFAULT_MAX_FLAGGED,
                 max_sites: int = DEFAULT_MAX_SITES, max_errors: int = DEFAULT_MAX_ERRORS,
                 by: str = "domain") -> None:
        self.max_pages = max(0, max_pages)
        self.max_flagged = max(0, max_flagged)
        self.max_sites = max(0, max_sites)
        self.max_errors = max(0, max_errors)
        self.by = by
        self.rows = 0
        self.scored = 0
        self.flagged = 0
        self.errors = 0
        self.truncated = 0
        self.levels = {lv: 0 for lv in ALL_LEVELS}
        self.hist = [0] * HIST_BINS
        self.hist_flagged = [0] * HIST_BINS
        self.detectors: dict[str, _DetStats] = {}
        self.categories: dict[str, int] = {}
        self.error_kinds: dict[str, int] = {}
        self.models: dict[tuple[str, str], int] = {}
        self.thresholds: dict[float, int] = {}
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.undated = 0
        self.sites: dict[str, SiteStats] = {}
        self._flagged_heap: list[tuple[float, int, dict]] = []
        self._other_heap: list[tuple[float, int, dict]] = []
        self._errors: list[dict] = []
        self._seq = 0

    # -- reading

    def add(self, row: Row) -> None:
        self.rows += 1
        self._seq += 1
        self.levels[row.level] = self.levels.get(row.level, 0) + 1
        key = site_key(row, self.by)
        st = self.sites.get(key)
        if st is None:
            st = self.sites[key] = SiteStats(site=key, by=self.by)
        st.add(row)
        dt = parse_date(row.date)
        if dt is None:
            self.undated += 1
        else:
            self.first = dt if self.first is None or dt < self.first else self.first
            self.last = dt if self.last is None or dt > self.last else self.last
        if row.model:
            mk = (row.model.get("name", "?"), row.model.get("hash", ""))
            self.models[mk] = self.models.get(mk, 0) + 1
        if row.is_error:
            self.errors += 1
            kind = (row.error or "error").split(":", 1)[0].strip()[:60] or "error"
            self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1
            if len(self._errors) < self.max_errors:
                self._errors.append(self._slim(row, key))
            return
        self.scored += 1
        score = row.score or 0.0
        if row.truncated:
            self.truncated += 1
        if row.threshold is not None:
            self.thresholds[row.threshold] = self.thresholds.get(row.threshold, 0) + 1
        b = min(HIST_BINS - 1, int(score * HIST_BINS))
        self.hist[b] += 1
        if row.flagged:
            self.flagged += 1
            self.hist_flagged[b] += 1
        for c in set(row.categories):
            self.categories[c] = self.categories.get(c, 0) + 1
        kinds_by_id: dict[str, set[str]] = {}
        for f in row.findings:
            kinds_by_id.setdefault(f["id"], set()).add(f["kind"])
        for did, kinds in kinds_by_id.items():
            ds = self.detectors.get(did)
            if ds is None:
                ds = self.detectors[did] = _DetStats()
            ds.pages += 1
            ds.flagged += int(row.flagged)
            for k in kinds:
                ds.kinds[k] = ds.kinds.get(k, 0) + 1
        heap, cap = (self._flagged_heap, self.max_flagged) if row.flagged else (self._other_heap, self.max_pages)
        if cap <= 0:
            return
        item_key = (score, -self._seq)  # among equal scores keep the earliest rows
        if len(heap) < cap:
            heapq.heappush(heap, (*item_key, self._slim(row, key)))
        elif item_key > heap[0][:2]:
            heapq.heapreplace(heap, (*item_key, self._slim(row, key)))

    def add_all(self, rows: Iterable[Row]) -> "ReportBuilder":
        for r in rows:
            self.add(r)
        return self

    @staticmethod
    def _slim(row: Row, site: str) -> dict[str, Any]:
        top = top_findings(row.findings, FINDINGS_PER_PAGE)
        return {
            "id": row.id,
            "url": row.url,
            "site": site,
            "date": row.date,
            "dk": format_date(parse_date(row.date)),  # sortable (ISO 8601, UTC) whatever the input format
            "score": None if row.score is None else round(row.score, 4),
            "level": row.level,
            "flagged": row.flagged,
            "cats": list(row.categories),
            "dets": sorted(row.detector_ids()),
            "f": [evidence_brief(f) for f in top],
            "nf": len(row.findings),
            "trunc": row.truncated,
            "error": row.error,
        }

    # -- output

    def embedded_pages(self) -> list[dict[str, Any]]:
        flagged = [it[2] for it in sorted(self._flagged_heap, reverse=True)]
        room = max(0, self.max_pages - len(flagged))
        others = [it[2] for it in sorted(self._other_heap, reverse=True)[:room]]
        return flagged + others + self._errors

    def site_entries(self) -> list[dict[str, Any]]:
        out = []
        for s in select_sites(self.sites, sort="flagged", top=self.max_sites):
            d = s.to_dict()
            out.append({
                "site": d["site"], "pages": d["pages"], "flagged": d["flagged"], "errors": d["errors"],
                "max": d["max_score"], "max_level": d["max_level"], "mean": d["mean_score"],
                "first": d["first_date"], "last": d["last_date"], "undated": d["undated"],
                "hosts": d["hosts"], "cats": list(d["categories"]), "dets": list(d["detectors"]),
                "url": (d["riskiest"] or {}).get("url"), "ev": d["evidence"],
            })
        return out

    def cap_note(self, pages: list[dict[str, Any]]) -> str:
        n_flagged = sum(1 for p in pages if p["flagged"])
        n_other = sum(1 for p in pages if not p["flagged"] and p["level"] != "error")
        n_err = sum(1 for p in pages if p["level"] == "error")
        unflagged_total = self.scored - self.flagged
        parts = []
        if n_flagged == self.flagged:
            parts.append(f"all {_num(self.flagged)} flagged pages")
        else:
            parts.append(f"the {_num(n_flagged)} riskiest of {_num(self.flagged)} flagged pages")
        if n_other == unflagged_total:
            parts.append(f"all {_num(unflagged_total)} unflagged pages")
        else:
            parts.append(f"the {_num(n_other)} riskiest of {_num(unflagged_total)} unflagged pages")
        if self.errors == 0:
            parts.append("no error rows (there are none)")
        elif n_err == self.errors:
            parts.append(f"all {_num(self.errors)} error rows")
        else:
            parts.append(f"the first {_num(n_err)} of {_num(self.errors)} error rows")
        shown_sites = min(len(self.sites), self.max_sites)
        site_part = (f"all {_num(len(self.sites))} sites" if shown_sites == len(self.sites)
                     else f"the {_num(shown_sites)} sites with the most flagged pages, of {_num(len(self.sites))}")
        return (f"The tables below embed {', '.join(parts)}; and {site_part}. "
                f"Totals, levels, the histogram and the detector table count every row read.")

    def data(self, title: str, stats: ReadStats | None) -> dict[str, Any]:
        pages = self.embedded_pages()
        names = _detector_names()
        dets = [{"id": k, "name": names.get(k, ""), "pages": v.pages, "flagged": v.flagged,
                 "kinds": sorted(v.kinds, key=lambda kk: -v.kinds[kk])}
                for k, v in sorted(self.detectors.items())]
        return {
            "title": title,
            "levels": list(ALL_LEVELS),
            "no_url": NO_URL,
            "categories": sorted(self.categories),
            "detectors": [{"id": d["id"], "name": d["name"]} for d in dets],
            "totals": {"rows": self.rows, "scored": self.scored, "flagged": self.flagged,
                       "errors": self.errors, "levels": self.levels, "sites": len(self.sites)},
            "embedded": {"pages": len(pages), "sites": min(len(self.sites), self.max_sites)},
            "sites": self.site_entries(),
            "pages": pages,
            "_dets": dets,
            "_cap_note": self.cap_note(pages),
            "_stats": stats,
        }

    def render(self, title: str = "SEO injection report", stats: ReadStats | None = None,
               generated: datetime | None = None) -> str:
        data = self.data(title, stats)
        return render_html(self, data, generated or datetime.now(timezone.utc))


# ----------------------------------------------------------------------------- static parts


def _histogram_svg(b: ReportBuilder) -> str:
    w, h, left, bottom, top = 560, 220, 44, 34, 14
    plot_w, plot_h = w - left - 10, h - bottom - top
    bw = plot_w / HIST_BINS
    peak = max(b.hist) if b.scored else 0
    scale = math.log1p(peak) if peak else 1.0
    parts = [f'<svg class="hist" viewBox="0 0 {w} {h}" role="img" '
             f'aria-label="Histogram of risk scores, {HIST_BINS} bins, log scale">']
    # grid lines at powers of ten
    tick = 1
    while peak and tick <= peak:
        y = top + plot_h - plot_h * math.log1p(tick) / scale
        parts.append(f'<line x1="{left}" x2="{w - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{_num(tick)}</text>')
        tick *= 10
    for i, n in enumerate(b.hist):
        lo = i / HIST_BINS
        level = "minimal"
        for name in LEVELS:
            if lo + 1e-9 >= LEVEL_FLOORS[name]:
                level = name
        bh = plot_h * math.log1p(n) / scale if n else 0.0
        x = left + i * bw
        y = top + plot_h - bh
        title = f"{lo:.2f}–{lo + 1 / HIST_BINS:.2f}: {_num(n)} pages ({_num(b.hist_flagged[i])} flagged)"
        parts.append(f'<g class="bar" data-bin="{i}" data-count="{n}"><title>{escape(title)}</title>'
                     f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bw - 2:.1f}" height="{bh:.1f}" '
                     f'fill="{LEVEL_COLORS[level]}" rx="2"/></g>')
        if n:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{y - 3:.1f}" class="count" '
                         f'text-anchor="middle">{_num(n) if n < 10000 else f"{n / 1000:.0f}k"}</text>')
    base = top + plot_h
    if not b.scored:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" class="axis" '
                     f'text-anchor="middle">no scored pages</text>')
    parts.append(f'<line x1="{left}" x2="{w - 10}" y1="{base}" y2="{base}" class="base"/>')
    for t in (0.0, 0.2, 0.4, 0.6, 0.85, 1.0):
        x = left + t * plot_w
        parts.append(f'<text x="{x:.1f}" y="{base + 16}" class="axis" text-anchor="middle">{t:g}</text>')
    if len(b.thresholds) == 1:
        thr = next(iter(b.thresholds))
        x = left + thr * plot_w
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{base}" class="thr"/>'
                     f'<text x="{x + 4:.1f}" y="{top + 6}" class="thr-label">threshold {thr:g}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{h - 2}" class="axis" text-anchor="middle">'
                 f'risk score (bar height: log scale)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _levels_html(b: ReportBuilder) -> str:
    total = b.rows or 1
    bar = []
    for lv in ALL_LEVELS:
        n = b.levels.get(lv, 0)
        if n:
            bar.append(f'<span class="seg level-bg-{lv}" style="flex-grow:{n}" '
                       f'title="{lv}: {_num(n)}"></span>')
    items = []
    for lv in ALL_LEVELS:
        n = b.levels.get(lv, 0)
        band = ("no score" if lv == "error" else
                f"{LEVEL_FLOORS[lv]:.2f}–{(LEVEL_FLOORS[LEVELS[LEVELS.index(lv) + 1]] if lv != 'critical' else 1.0):.2f}")
        items.append(f'<div class="lvitem" title="{lv}: risk {band}"><span class="chip level-{lv}">{lv}</span>'
                     f'<span class="num lvcount" id="level-count-{lv}" data-value="{n}">{_num(n)}</span>'
                     f'<span class="muted lvpct">{_pct(n, total)}</span></div>')
    return (f'<div class="stack">{"".join(bar) or "<span class=seg></span>"}</div>'
            f'<div class="lvlegend">{"".join(items)}</div>')


def _detectors_html(dets: list[dict[str, Any]]) -> str:
    if not dets:
        return '<p class="muted">No findings in these results.</p>'
    rows = []
    for d in sorted(dets, key=lambda d: (-d["flagged"], -d["pages"], d["id"])):
        share = d["flagged"] / d["pages"] if d["pages"] else 0.0
        name = escape(d["name"]) if d["name"] else ""
        kinds = escape(", ".join(d["kinds"][:3]))
        rows.append(
            f'<tr class="det-row" data-det="{escape(d["id"], quote=True)}" tabindex="0" '
            f'title="Show the pages with a finding of this detector">'
            f'<td><span class="fid">{escape(d["id"])}</span> <span class="dname">{name}</span>'
            f'<div class="sub">{kinds}</div></td>'
            f'<td class="num" data-value="{d["pages"]}">{_num(d["pages"])}</td>'
            f'<td class="num" data-value="{d["flagged"]}">{_num(d["flagged"])}</td>'
            f'<td class="sharecell"><div class="share"><span style="width:{100 * share:.1f}%"></span></div>'
            f'<span class="num">{100 * share:.0f}%</span></td></tr>')
    return ('<table class="dets"><thead><tr><th>detector</th><th class="num" title="pages with at least one '
            'finding of this detector">pages</th><th class="num">flagged</th><th>flagged share</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _card(label: str, value: str, ident: str, raw: int | None, sub: str = "", cls: str = "") -> str:
    dv = f' data-value="{raw}"' if raw is not None else ""
    return (f'<div class="card {cls}"><div class="label">{label}</div>'
            f'<div class="value" id="{ident}"{dv}>{value}</div><div class="sub">{sub}</div></div>')


def render_html(b: ReportBuilder, data: dict[str, Any], generated: datetime) -> str:
    stats: ReadStats | None = data.pop("_stats")
    dets = data.pop("_dets")
    cap_note = data.pop("_cap_note")
    title = escape(data["title"])
    js_hash = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
    csp = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src 'sha256-{js_hash}'; base-uri 'none'; form-action 'none'")

    if b.first or b.last:
        span = f"{escape((format_date(b.first) or '')[:10])} – {escape((format_date(b.last) or '')[:10])}"
        span_sub = f"{_num(b.undated)} rows without a date" if b.undated else "every row dated"
    else:
        span, span_sub = "no dates", f"{_num(b.undated)} rows without a capture date"
    models = ", ".join(f"{escape(n)} {escape(h[:12])}" for (n, h), _ in
                       sorted(b.models.items(), key=lambda kv: -kv[1])[:3]) or "unknown model"
    if len(b.thresholds) == 1:
        thr = f"threshold {next(iter(b.thresholds)):g}"
    elif b.thresholds:
        thr = f"thresholds {min(b.thresholds):g}–{max(b.thresholds):g}"
    else:
        thr = "no threshold recorded"
    files = stats.files if stats else []
    inputs = escape(", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")) \
        if files else "–"
    notes = [escape(cap_note)]
    if stats and stats.unreadable:
        notes.append(f"{_num(stats.unreadable)} input lines could not be read and are not counted "
                     f"(first: {escape(stats.first_unreadable or '')}).")
    if b.truncated:
        notes.append(f"{_num(b.truncated)} pages exceeded the size limit and were scanned on their "
                     f"first and last halves.")
    if b.error_kinds:
        ek = ", ".join(f"{escape(k)} {_num(v)}" for k, v in sorted(b.error_kinds.items(), key=lambda kv: -kv[1])[:6])
        notes.append(f"Error rows by kind: {ek}.")
    flagged_sites = sum(1 for s in b.sites.values() if s.flagged)

    cards = "".join([
        _card("pages", _num(b.rows), "total-pages", b.rows, f"{_num(b.scored)} scored"),
        _card("flagged", _num(b.flagged), "total-flagged", b.flagged,
              f"{_pct(b.flagged, b.scored)} of scored pages", "accent"),
        _card("errors", _num(b.errors), "total-errors", b.errors, f"{_pct(b.errors, b.rows)} of rows"),
        _card("sites", _num(len(b.sites)), "total-sites", len(b.sites),
              f"{_num(flagged_sites)} with a flagged page ({'hosts' if b.by == 'host' else 'registered domains'})"),
        _card("captures", span, "total-dates", None, span_sub, "dates"),
    ])

    level_opts = "".join(
        f'<label class="lvl"><input type="checkbox" name="level" value="{lv}">'
        f'<span class="chip level-{lv}">{lv}</span></label>' for lv in ALL_LEVELS)

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="seo-injection-detector {escape(__version__)}">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
<header class="top"><div class="wrap">
<h1>{title}</h1>
<div class="meta">generated {generated.strftime("%Y-%m-%d %H:%M UTC")} by detector {escape(__version__)}
 · {models} · {thr} · input: {inputs}</div>
</div></header>
<main class="wrap">
<p class="scope">{escape(SCOPE_NOTE)} Evidence below is text written by whoever controls the pages:
it is shown as plain text, and links are never made clickable.</p>
<section class="cards">{cards}</section>
<section class="row2">
<div class="panel"><h2>Risk</h2>{_histogram_svg(b)}{_levels_html(b)}</div>
<div class="panel"><h2>Flagged share per detector</h2><div class="detscroll">{_detectors_html(dets)}</div></div>
</section>
<section class="panel filters" id="filters">
<div class="frow">
<input type="search" id="f-q" placeholder="Filter: text in URL, site or evidence" aria-label="text filter">
<select id="f-cat" aria-label="category"><option value="">any category</option></select>
<select id="f-det" aria-label="detector"><option value="">any detector</option></select>
<label class="chk"><input type="checkbox" id="f-flagged"> flagged only</label>
<button type="button" id="f-reset">reset</button>
</div>
<div class="frow levels-filter">{level_opts}</div>
<p class="muted small">The view (sort and filters) is kept in the address after <code>#</code>: copy the address to share it.</p>
</section>
<section class="panel">
<h2>Riskiest sites</h2>
<p class="count" id="sites-count"></p>
<div class="tablewrap"><table class="data" id="sites-table"><thead><tr>
<th data-sort="site">site</th><th data-sort="pages" class="num">pages</th><th data-sort="flagged" class="num">flagged</th>
<th data-sort="errors" class="num">errors</th><th data-sort="max" class="num">max</th><th data-sort="mean" class="num">mean</th>
<th data-sort="first">first capture</th><th data-sort="last">last capture</th><th>strongest evidence</th>
</tr></thead><tbody></tbody></table></div>
<button type="button" class="more" id="sites-more" hidden>show more sites</button>
</section>
<section class="panel">
<h2>Riskiest pages</h2>
<p class="count" id="pages-count"></p>
<div class="tablewrap"><table class="data" id="pages-table"><thead><tr>
<th data-sort="score" class="num">risk</th><th data-sort="url">page</th><th data-sort="date">capture</th>
<th data-sort="findings">evidence</th>
</tr></thead><tbody></tbody></table></div>
<button type="button" class="more" id="pages-more" hidden>show more pages</button>
</section>
<footer class="notes">
{"".join(f"<p>{n}</p>" for n in notes)}
<p>Levels are fixed score bands (minimal &lt;0.20, low &lt;0.40, medium &lt;0.60, high &lt;0.85, critical ≥0.85);
a page is flagged when its risk reaches the threshold. Sites are grouped by {"host" if b.by == "host" else "registered domain"}.</p>
</footer>
</main>
<noscript><p class="wrap">The sites and pages tables need JavaScript; the totals above do not.</p></noscript>
<script type="application/json" id="report-data">{json_for_script(data)}</script>
<script>{JS}</script>
</body>
</html>
"""
