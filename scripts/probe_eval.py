"""Measure the shipped model on the held-out probe set in ``datasets/probes``.

The probe set is HELD OUT. It was written by hand, independently of the training
generators, to estimate how the detector generalises to pages nobody tuned against.
It must never be used to train the model, to tune detector thresholds, word lists or
features, or to pick between models by iterating until the probes pass: once a probe has
influenced the detector it no longer measures generalisation. Use it only to measure,
and report the numbers as they come out.

Usage::

    .venv/bin/python scripts/probe_eval.py [--probes datasets/probes] [--json rows.jsonl] [--counts-only]

For every row of ``labels.tsv`` (columns file, label, mode, kind, url, note) the page is
scanned through the library with its URL when one is given. A page is "flagged" when its
score is at or above the verdict's threshold (the model's operating threshold unless a
config says otherwise). The script prints, per label and mode, the count and the number
flagged, with the false-positive rate for label 0 and the recall for label 1; then the
same per kind; then every false positive and every miss with its score, level and
findings.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

from detector.records import Record
from detector.scan import scan_records

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PROBES = ROOT / "datasets" / "probes"


def load_labels(probes: Path) -> list[dict[str, str]]:
    with open(probes / "labels.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        if r["label"] not in ("0", "1") or r["mode"] not in ("html", "text"):
            raise SystemExit(f"labels.tsv: bad row for {r.get('file')!r}")
    return rows


def scan(probes: Path, rows: list[dict[str, str]], scorer=None) -> list[dict]:
    records = [
        Record(id=r["file"], content=(probes / r["file"]).read_bytes(), url=r["url"] or None, mode=r["mode"])
        for r in rows
    ]
    out = []
    for row, v in zip(rows, scan_records(records, scorer=scorer)):
        flagged = v.score is not None and v.score >= v.threshold
        out.append({
            "file": row["file"],
            "label": int(row["label"]),
            "mode": row["mode"],
            "kind": row["kind"],
            "url": row["url"] or None,
            "note": row["note"],
            "score": None if v.score is None else round(v.score, 4),
            "threshold": v.threshold,
            "level": v.level,
            "flagged": flagged,
            "error": v.error,
            "findings": [{"id": f.id, "message": f.message} for f in v.findings],
        })
    return out


def rate(n: int, d: int) -> str:
    return f"{n / d:6.1%}" if d else "     -"


def summary_table(results: list[dict], key) -> list[str]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in results:
        groups[key(r)].append(r)
    lines = []
    for k in sorted(groups, key=lambda k: tuple(str(x) for x in k)):
        rs = groups[k]
        n, f = len(rs), sum(r["flagged"] for r in rs)
        label = k[0]
        metric = f"FPR {rate(f, n)}" if label == 0 else f"recall {rate(f, n)}"
        lines.append(f"  {' / '.join(str(x) for x in k):<34} n={n:<3} flagged={f:<3} {metric}")
    return lines


def describe(r: dict) -> list[str]:
    score = "ERROR" if r["score"] is None else f"{r['score']:.3f}"
    lines = [f"  {r['file']}  score={score} level={r['level']} kind={r['kind']}"
             + (f"  error={r['error']}" if r["error"] else "")]
    for f in r["findings"]:
        lines.append(f"      - {f['id']}: {f['message'][:120]}")
    if not r["findings"]:
        lines.append("      (no findings)")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--probes", type=Path, default=DEFAULT_PROBES, help="probe directory (with labels.tsv)")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write per-page rows as JSON lines")
    ap.add_argument("--counts-only", action="store_true",
                    help="print the counts, not the pages missed or flagged: score a held-out reserve without "
                         "reading it (a reserve whose misses were read is a development set)")
    ap.add_argument("--model", type=Path, metavar="MODEL_JSON",
                    help="score with this model file (a candidate's model.json) instead of the shipped one")
    args = ap.parse_args(argv)

    rows = load_labels(args.probes)
    scorer = None
    if args.model:
        from detector.model import load_model

        scorer = load_model(args.model)
    results = scan(args.probes, rows, scorer)
    thresholds = sorted({r["threshold"] for r in results})

    print(f"probe set: {args.probes}  pages={len(results)}  threshold(s)={', '.join(f'{t:.3f}' for t in thresholds)}")
    print("\nby label / mode")
    print("\n".join(summary_table(results, lambda r: (r["label"], r["mode"]))))
    print("\nby label (all modes)")
    print("\n".join(summary_table(results, lambda r: (r["label"],))))
    print("\nby label / kind")
    print("\n".join(summary_table(results, lambda r: (r["label"], r["kind"]))))

    if args.counts_only:
        n_err = sum(1 for r in results if r["error"])
        print(f"\nfalse positives, misses and errors: {sum(1 for r in results if r['label'] == 0 and r['flagged'])}, "
              f"{sum(1 for r in results if r['label'] == 1 and not r['flagged'])}, {n_err} (not listed: --counts-only)")
        return 0
    fps = [r for r in results if r["label"] == 0 and r["flagged"]]
    misses = [r for r in results if r["label"] == 1 and not r["flagged"]]
    errors = [r for r in results if r["error"]]
    print(f"\nfalse positives ({len(fps)})")
    for r in sorted(fps, key=lambda r: -(r["score"] or 0)):
        print("\n".join(describe(r)))
    print(f"\nmisses ({len(misses)})")
    for r in sorted(misses, key=lambda r: (r["score"] or 0)):
        print("\n".join(describe(r)))
    if errors:
        print(f"\nerrors ({len(errors)})")
        for r in errors:
            print(f"  {r['file']}: {r['error']}")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
