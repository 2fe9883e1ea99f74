"""The pure scanning function every engine calls: records in, verdicts out.

``scan_records`` holds no state between calls beyond the detectors and the scorer, never
raises for a bad page (the page becomes an error row), and yields exactly one verdict per
record, in input order. Engines (our batch runner, a PySpark ``mapPartitions``, a datatrove
step) call it on chunks; it scores each chunk with one model call.
"""

from __future__ import annotations

import logging
import math
from typing import Iterable, Iterator, Sequence

from detector.config import Settings
from detector.detectors import Detector, all_detectors, detector_classes
from detector.findings import cap_findings
from detector.model import NO_EVIDENCE_CAP
from detector.page import Page
from detector.records import Record
from detector.scoring import Analysis, FindingsScorer
from detector.verdict import SKIPPED, Verdict, error_verdict, level_for

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_CHUNK = 64
# Evidence first: any scorer's risk for a page without a finding is capped at NO_EVIDENCE_CAP
# (trained models apply the same cap themselves, so that their metrics are measured on the
# scores users get; see detector/model.py).


class ScanError(Exception):
    """A page that could not be scanned; `kind` becomes the error row's prefix."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind


def truncate(content: bytes | str, max_bytes: int) -> tuple[bytes | str, bool]:
    """Keep the first and last max_bytes/2 of an oversized page (padding must not hide an injection)."""
    if max_bytes <= 0 or len(content) <= max_bytes:
        return content, False
    half = max_bytes // 2
    sep = b"\n" if isinstance(content, bytes) else "\n"
    return content[:half] + sep + content[-half:], True


def default_scorer():
    """The shipped model when one is installed, else the transparent findings score."""
    try:
        from detector.model import load_default_model
    except ImportError:
        return FindingsScorer()
    return load_default_model()


def analyze(page: Page, detectors: Sequence[Detector], missing: dict[str, float] | None = None) -> Analysis:
    """Run every detector on one page. A detector that raises makes the page an error row.

    `missing` holds the NaN features of disabled detectors (the model imputes them).
    """
    findings = []
    features: dict[str, float] = dict(missing) if missing else {}
    for det in detectors:
        try:
            f, feats = det.run(page)
        except Exception as exc:  # a detector bug must not stop a batch
            log.debug("detector %s failed on %s", det.id, page.id, exc_info=True)
            raise ScanError("detector_error", f"{det.id} failed: {type(exc).__name__}: {exc}") from exc
        findings.extend(f)
        features.update(feats)
    return Analysis(cap_findings(findings), features, page.mode)


def _prepare(record: Record, max_bytes: int, settings: Settings = Settings()) -> Page:
    content = record.content
    if content is None or len(content) == 0 or (isinstance(content, str) and not content.strip()):
        raise ScanError("empty_record", "the page has no content")
    content, truncated = truncate(content, max_bytes)
    if truncated:
        record = Record(record.id, content, record.url, record.date, record.mode, record.charset)
    try:
        page = Page(record, truncated=truncated, allowed_domains=settings.allow_domains)
    except Exception as exc:
        raise ScanError("decode_error", f"{type(exc).__name__}: {exc}") from exc
    if not page.source.strip():
        raise ScanError("empty_record", "the page has only whitespace or a byte-order mark")
    return page


def _page_url(page: Page | None, rec: Record) -> str | None:
    try:
        return (page.url if page is not None else rec.url) or None
    except Exception:
        return rec.url or None


def scan_records(
    records: Iterable[Record],
    *,
    scorer=None,
    detectors: Sequence[Detector] | None = None,
    threshold: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk_size: int = DEFAULT_CHUNK,
    keep_features: bool = False,
    settings: Settings | None = None,
) -> Iterator[Verdict]:
    """Scan records lazily, one verdict per record, in order, scoring chunk by chunk.

    `threshold` (a command-line flag) beats ``settings.threshold`` (the config file), which
    beats the model's own operating threshold.
    """
    settings = settings or Settings()
    scorer = scorer or default_scorer()
    if detectors is None:
        detectors = [d for d in all_detectors() if not settings.disabled(d.id)]
    else:
        detectors = [d for d in detectors if not settings.disabled(d.id)]
    missing = {f"{c.id}.{n}": math.nan for c in detector_classes() if settings.disabled(c.id) for n in c.features}
    thr = threshold if threshold is not None else settings.threshold if settings.threshold is not None \
        else scorer.threshold
    model = scorer.info
    config = settings.hash
    pending: list[tuple[Record, Page | None, Analysis | None, str | None]] = []

    def flush() -> Iterator[Verdict]:
        ok = [(i, p[2]) for i, p in enumerate(pending) if p[2] is not None]
        scores: dict[int, float] = {}
        if ok:
            try:
                for (i, _), s in zip(ok, scorer.score([a for _, a in ok])):
                    scores[i] = s
            except Exception as exc:  # the model refused the chunk: every row says why
                for i, _ in ok:
                    rec, page, _, _ = pending[i]
                    pending[i] = (rec, page, None, f"model_error: {type(exc).__name__}: {exc}")
        for i, (rec, page, analysis, err) in enumerate(pending):
            mode = page.mode if page is not None else rec.mode
            url = _page_url(page, rec) if err is None else rec.url
            truncated = bool(page is not None and page.truncated)
            if err is not None or i not in scores:
                yield error_verdict(rec.id, err or "model_error: no score", url=url, date=rec.date,
                                    input_mode=mode, threshold=thr, model=model, truncated=truncated,
                                    config=config)
                continue
            score = min(1.0, max(0.0, float(scores[i])))
            if not analysis.findings:
                score = min(score, NO_EVIDENCE_CAP)
            yield Verdict(
                id=rec.id, url=url, date=rec.date, input_mode=mode, score=score,
                level=level_for(score), flagged=score >= thr, threshold=thr,
                categories=sorted({f.kind for f in analysis.findings}),
                findings=analysis.findings, error=None, truncated=truncated, model=model, config=config,
                features=analysis.features if keep_features else None,
            )
        pending.clear()

    for rec in records:
        page = None
        try:
            skip = settings.skip_pattern_for(rec.url)
            if skip is None:
                page = _prepare(rec, max_bytes, settings)
                skip = settings.skip_pattern_for(_page_url(page, rec)) if settings.skip_urls else None
            if skip is not None:
                raise ScanError(SKIPPED, f"the url matches the skip pattern {skip!r}")
            analysis = analyze(page, detectors, missing)
            pending.append((rec, page, analysis, None))
        except ScanError as exc:
            pending.append((rec, page, None, str(exc)))
        except Exception as exc:  # anything else a hostile page provokes
            log.debug("scan failed on %s", rec.id, exc_info=True)
            pending.append((rec, page, None, f"scan_error: {type(exc).__name__}: {exc}"))
        if len(pending) >= chunk_size:
            yield from flush()
    if pending:
        yield from flush()


def scan_page(record: Record, **kw) -> Verdict:
    """Scan one record (convenience around :func:`scan_records`)."""
    return next(iter(scan_records([record], **kw)))
