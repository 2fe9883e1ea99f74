"""The PySpark mapPartitions function and the duck-typed datatrove step (no pyspark/datatrove needed)."""

from __future__ import annotations

from conftest import CORPUS, SEED
from detector.batch.integrations import DatatroveScanStep, flat_row, scan_paths
from detector.batch.readers import ReadOptions, iter_warc_file
from detector.records import Record
from detector.scan import scan_records

WARC = CORPUS / "warc"


class Document:
    """What datatrove hands a step: text, id, metadata (duck-typed stand-in)."""

    def __init__(self, text, id, metadata=None):
        self.text, self.id, self.metadata = text, id, metadata if metadata is not None else {}


def test_datatrove_step_annotates_and_filters_documents():
    seed = SEED.read_text(encoding="utf-8")
    docs = [Document("A clean note about soil and compost.", "d0", {"url": "https://garden.example/a"}),
            Document(seed, "d1"),
            {"text": "a plain dict document", "id": 2, "metadata": {}},
            Document("", "d3"),
            {"text": seed, "id": "d4"}]
    step = DatatroveScanStep(chunk_size=2)
    out = list(step(iter(docs), rank=0, world_size=1))
    assert out == docs  # everything passes through, annotated, in order
    meta = [(d.metadata if isinstance(d, Document) else d["metadata"])["seo_injection"] for d in out]
    assert meta[1]["flagged"] and meta[4]["flagged"] and "SEO" in meta[1]["finding_ids"][0]
    assert not meta[0]["flagged"] and meta[0]["error"] is None
    assert meta[3]["error"].startswith("empty_record") and meta[3]["score"] is None
    expected = next(iter(scan_records([Record("d1", seed, mode="text")])))
    assert meta[1]["score"] == expected.score and meta[1]["categories"] == expected.categories
    dropped = list(DatatroveScanStep(drop_flagged=True).run(iter(docs)))
    assert [getattr(d, "id", None) or d["id"] for d in dropped] == ["d0", 2, "d3"]


def test_scan_paths_matches_the_batch_reader(shared_dir):
    name = "resiliparse_warcfile.warc.gz"
    rows = list(scan_paths([name, "\n"], base=str(WARC) + "/"))
    records = list(iter_warc_file(str(WARC / name), name, ReadOptions()))
    assert [r["id"] for r in rows] == [r.id for r in records] and len(rows) == 16
    direct = [v.to_dict() for v in scan_records(records)]
    assert [(r["id"], r["score"]) for r in rows] == [(r["id"], r["score"]) for r in direct]
    opened = list(scan_paths([name], opener=lambda p: open(WARC / p, "rb")))
    assert [r["id"] for r in opened] == [r["id"] for r in rows]
    flat = flat_row(rows[0])
    assert isinstance(flat["findings"], str) and isinstance(flat["model"], str)
    missing = list(scan_paths([str(WARC / "nope.html")]))
    assert len(missing) == 1 and missing[0]["error"].startswith("read_error")
