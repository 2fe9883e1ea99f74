"""Benchmark: scanning the shared corpus on one pinned core, beside a plain parse baseline.

    python scripts/bench_scan.py [--passes 3] [--core 0] [--limit N]

Each measurement is a fresh process pinned with ``taskset -c CORE`` that reads every page
from disk and processes it (no caching across runs: every pass is its own process). The
same command on an empty page list is timed too, and subtracted, so that interpreter start
and imports do not count: throughput = pages / (wall - wall on no pages).

* ``detector``: ``scan_records`` on every page (decode, parse, all detectors, score);
* ``baseline``: resiliparse decode + selectolax parse + ``a[href]`` links + body text.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "pages"

DETECTOR = """
import sys
from detector.records import Record
from detector.scan import scan_records
paths = open(sys.argv[1]).read().split()
def records():
    for p in paths:
        with open(p, "rb") as fh:
            yield Record(id=p, content=fh.read(), mode="html")
n = 0
for v in scan_records(records()):
    n += 1
print(n)
"""

BASELINE = """
import sys
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from selectolax.lexbor import LexborHTMLParser
paths = open(sys.argv[1]).read().split()
n = 0
for p in paths:
    with open(p, "rb") as fh:
        data = fh.read()
    tree = LexborHTMLParser(bytes_to_str(data, detect_encoding(data)))
    links = [a.attributes.get("href") for a in tree.css("a[href]")]
    body = tree.body
    text = body.text(separator=" ") if body is not None else ""
    n += 1
print(n)
"""


def timed(code: str, listfile: str, core: int) -> float:
    cmd = ["taskset", "-c", str(core), sys.executable, "-c", code, listfile]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--core", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    pages = sorted(str(p) for p in CORPUS.rglob("*.html"))
    if args.limit:
        pages = pages[: args.limit]
    mb = sum(os.path.getsize(p) for p in pages) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        full, empty = Path(tmp, "pages.txt"), Path(tmp, "none.txt")
        full.write_text("\n".join(pages))
        empty.write_text("")
        results = {}
        for name, code in (("baseline", BASELINE), ("detector", DETECTOR)):
            net = 0.0
            for _ in range(args.passes):
                net += timed(code, str(full), args.core) - timed(code, str(empty), args.core)
            results[name] = {"pages": len(pages) * args.passes, "seconds": net,
                             "pages_per_s": len(pages) * args.passes / net}
    ratio = results["detector"]["pages_per_s"] / results["baseline"]["pages_per_s"]
    print(f"corpus: {len(pages)} pages, {mb:.1f} MB, {args.passes} passes, core {args.core}")
    print(f"{'':10} {'pages/s':>10} {'ms/page':>10}")
    for name, r in results.items():
        print(f"{name:10} {r['pages_per_s']:10.1f} {1000 / r['pages_per_s']:10.2f}")
    print(f"ratio detector/baseline: {ratio:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "ratio": ratio}, indent=2))


if __name__ == "__main__":
    main()
