"""Run the detectors over the shared corpus and summarise what they find.

    python scripts/corpus_findings.py [--ids SEO6] [--show 20] [--level high]

Prints, per detector id, how many labelled-positive and unlabelled pages it fires on, and
lists the unlabelled pages that reach the given level (default: high) with their findings,
so a developer can read them and decide: a real find, or a false alarm to fix.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus"


def _scan(path: str):
    from detector.records import Record
    from detector.scan import scan_page

    data = Path(path).read_bytes()
    rel = str(Path(path).relative_to(CORPUS))
    v = scan_page(Record(id=rel, content=data, mode="html"))
    return rel, v.score, v.level, [(f.id, f.kind, f.severity, f.confidence, f.message[:120],
                                    str(f.evidence.get("snippet", ""))[:160]) for f in v.findings], v.error


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", default="", help="only report detector ids with this prefix")
    ap.add_argument("--show", type=int, default=30)
    ap.add_argument("--level", default="high")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    labels = {r["file"]: r for r in csv.DictReader(open(CORPUS / "labels.tsv"), delimiter="\t")}
    files = sorted(str(p) for p in (CORPUS / "pages").rglob("*.html"))
    files += sorted(str(p) for p in (CORPUS / "warc" / "extracted_resiliparse_warcfile").glob("*.html"))
    if args.limit:
        files = files[: args.limit]
    t0 = time.time()
    with ProcessPoolExecutor(args.workers) as ex:
        results = list(ex.map(_scan, files, chunksize=16))
    dt = time.time() - t0
    from detector.verdict import LEVELS
    rank = LEVELS.index(args.level)
    per_id = defaultdict(Counter)
    high_unlabelled = []
    errors = []
    n_unl = 0
    for rel, score, level, findings, err in results:
        lab = labels.get(rel, {}).get("label")
        group = {"1": "positive", "0": "hard_negative", "-": "out_of_scope"}.get(lab, "unlabelled")
        if group == "unlabelled":
            n_unl += 1
        if err:
            errors.append((rel, err))
            continue
        for fid in {f[0] for f in findings}:
            if fid.startswith(args.ids):
                per_id[fid][group] += 1
        if group == "unlabelled" and level in LEVELS and LEVELS.index(level) >= rank:
            high_unlabelled.append((rel, score, findings))
    print(f"{len(results)} pages in {dt:.1f}s; errors: {len(errors)}")
    for rel, err in errors[:10]:
        print("  ERROR", rel, err)
    print("\nid        positive  hard_neg  out_of_scope  unlabelled")
    for fid in sorted(per_id):
        c = per_id[fid]
        print(f"{fid:9} {c['positive']:8} {c['hard_negative']:9} {c['out_of_scope']:13} {c['unlabelled']:11}")
    print(f"\npositives (labels 1):")
    for rel, score, level, findings, err in results:
        if labels.get(rel, {}).get("label") == "1":
            kinds = sorted({f[1] for f in findings})
            print(f"  {score if score is None else round(score, 2)} {level:8} {rel}  want={labels[rel]['kinds']} got={kinds}")
    print(f"\nunlabelled pages at level >= {args.level}: {len(high_unlabelled)} of {n_unl} "
          f"({100 * len(high_unlabelled) / max(1, n_unl):.2f}%)")
    for rel, score, findings in sorted(high_unlabelled, key=lambda r: -r[1])[: args.show]:
        print(f"  {score:.2f} {rel}")
        for f in findings[:6]:
            if f[0].startswith(args.ids):
                print(f"      {f[0]} {f[1]} {f[2]}/{f[3]}: {f[4]} | {f[5]}")


if __name__ == "__main__":
    main()
