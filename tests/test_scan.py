"""scan_records: one verdict per record, in order, errors as rows, truncation, schema."""

from __future__ import annotations

import json

import jsonschema

from conftest import REPO, SEED
from detector.detectors import Detector
from detector.records import Record
from detector.scan import scan_page, scan_records, truncate
from detector.schema import verdict_schema

DEMO = REPO / "datasets" / "demo_pages"


def test_one_verdict_per_record_in_order_and_errors_are_rows():
    recs = [Record(id=str(i), content=(b"" if i % 5 == 0 else f"<html><body><p>page {i}</p></body></html>".encode()))
            for i in range(23)]
    out = list(scan_records(recs, chunk_size=4))
    assert [v.id for v in out] == [r.id for r in recs]
    for v in out:
        if int(v.id) % 5 == 0:
            assert v.level == "error" and v.score is None and not v.flagged and v.error.startswith("empty_record")
        else:
            assert v.error is None and 0.0 <= v.score <= 1.0


def test_verdicts_match_the_shipped_schema():
    schema = verdict_schema()
    recs = [Record(id=p.name, content=p.read_bytes(), mode="text" if p.suffix == ".txt" else "html")
            for p in sorted(DEMO.iterdir())]
    recs.append(Record(id="seed", content=SEED.read_bytes(), mode="text"))
    recs.append(Record(id="empty", content=b""))
    for v in scan_records(recs):
        jsonschema.validate(json.loads(json.dumps(v.to_dict())), schema)


def test_truncation_keeps_head_and_tail():
    content = b"A" * 100 + b"B" * 1000 + b"C" * 100
    out, cut = truncate(content, 200)
    assert cut and out.startswith(b"A" * 100) and out.endswith(b"C" * 100) and b"B" not in out
    assert truncate(b"short", 200) == (b"short", False)


def test_injection_at_the_end_of_a_padded_page_is_still_seen():
    padding = "<p>" + "Gardening notes and seasonal planting advice. " * 4000 + "</p>"
    tail = ('<div style="position:absolute;left:-9000px"><a href="https://casino-slots-bonus.example.com/">'
            'online casino</a><a href="https://replica-rolex-watches.example.net/">replica watches</a></div>')
    page = f"<html><head><title>Garden notes</title></head><body>{padding}{tail}</body></html>".encode()
    v = scan_page(Record(id="big", content=page, mode="html"), max_bytes=20000)
    assert v.truncated
    assert "hidden_content" in v.categories or "offtopic_link" in v.categories


def test_a_detector_that_raises_makes_an_error_row_not_a_crash():
    class Exploding(Detector):
        """Test-only detector that always fails."""

        def detect(self, page):
            raise RuntimeError("boom")

    Exploding.id = "TEST999"
    out = list(scan_records([Record(id="a", content="<html><body>x</body></html>")], detectors=[Exploding()]))
    assert out[0].level == "error" and "detector_error" in out[0].error and "boom" in out[0].error


def test_clean_demo_page_is_minimal_and_leaks_are_found():
    v = scan_page(Record(id="c", content=(DEMO / "clean_recipe_blog.html").read_bytes(), mode="html"))
    assert v.level in ("minimal", "low") and not v.flagged, [f.to_dict() for f in v.findings]
    v = scan_page(Record(id="w", content=(DEMO / "php_warning_leak.html").read_bytes(), mode="html"))
    assert {"server_error", "path_disclosure"} <= set(v.categories)
    v = scan_page(Record(id="t", content=(DEMO / "php_tutorial_near_miss.html").read_bytes(), mode="html"))
    assert not v.flagged


def test_a_page_without_findings_is_never_high():
    """Evidence first: the model alone cannot push a page with no finding to high or flagged."""
    from detector.scan import NO_EVIDENCE_CAP
    from detector.scoring import FindingsScorer

    class Eager(FindingsScorer):
        def score(self, analyses):
            return [0.99 for _ in analyses]

    scorer = Eager()
    scorer.threshold = 0.5
    v = next(scan_records([Record(id="x", content="<html><body><p>plain page</p></body></html>")], scorer=scorer))
    assert not v.findings and v.score == NO_EVIDENCE_CAP and v.level == "medium"
    assert v.flagged is (NO_EVIDENCE_CAP >= 0.5)
