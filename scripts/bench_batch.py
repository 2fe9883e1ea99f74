#!/usr/bin/env python
"""Batch throughput benchmark (the ``bench`` extra: trafilatura, psutil).

One run on the shared corpus. Every measurement is a fresh process (no caching across
runs), pinned to one core with ``taskset -c 0`` unless it measures 2 workers.
Throughput = records / (wall time - wall time of the same command on no records), so
interpreter start, imports and the worker pool's start-up are not counted as scanning.

Measured:
- HTML pages/s: ``detector batch`` on the corpus pages, beside a plain selectolax
  decode + parse + links + text baseline and beside ``trafilatura.extract`` (the per-page
  cost of a FineWeb-style pipeline; on a subset, it is slow);
- WET-like text records/s and MB/s (records made with resiliparse's html2text from the
  corpus pages; the mean record size is printed);
- 1 vs 2 workers (HTML);
- peak RSS (whole process tree) at 1x and 10x the text input; the 10x run also checks the
  round trip: one row per record, ids preserved, in order.

Usage: .venv/bin/python scripts/bench_batch.py [--trafilatura-pages 300] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DETECTOR_SHARED", REPO.parent / "shared"))
PAGES = SHARED / "corpus" / "pages"
PY = sys.executable

BASELINE_SELECTOLAX = r'''
import sys, time
from pathlib import Path
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from selectolax.lexbor import LexborHTMLParser
paths = [l.strip() for l in open(sys.argv[1]) if l.strip()]
n = 0
for p in paths:
    data = Path(p).read_bytes()
    text = bytes_to_str(data, detect_encoding(data) or "utf-8")
    tree = LexborHTMLParser(text)
    links = [a.attributes.get("href") for a in tree.css("a[href]")]
    body = tree.body
    words = body.text(separator=" ") if body is not None else ""
    n += len(links) + len(words)
print(n)
'''

BASELINE_TRAFILATURA = r'''
import sys
from pathlib import Path
import trafilatura
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
paths = [l.strip() for l in open(sys.argv[1]) if l.strip()]
n = 0
for p in paths:
    data = Path(p).read_bytes()
    text = bytes_to_str(data, detect_encoding(data) or "utf-8")
    out = trafilatura.extract(text)
    n += len(out or "")
print(n)
'''


def pinned(cmd: list[str], cores: str = "0") -> list[str]:
    return ["taskset", "-c", cores, *cmd] if shutil.which("taskset") else cmd


def timed(cmd: list[str], *, rss: bool = False) -> tuple[float, int]:
    """Wall seconds of a command (and the peak RSS in bytes of its whole process tree)."""
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    if rss:
        import psutil

        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                total = ps.memory_info().rss
                for c in ps.children(recursive=True):
                    try:
                        total += c.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.05)
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return wall, peak


def batch_cmd(inputs: list[str], out: str, workers: int = 1) -> list[str]:
    return [PY, "-m", "detector", "batch", *inputs, "-o", out, "--workers", str(workers), "-q"]


def make_text_records(pages: list[Path], dest: Path, copies: int = 1) -> tuple[int, float]:
    """WET-like JSONL from the pages (resiliparse html2text); returns (records, mean bytes)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    texts = []
    for p in pages:
        data = p.read_bytes()
        text = extract_plain_text(bytes_to_str(data, detect_encoding(data) or "utf-8"), main_content=False)
        if text.strip():
            texts.append((p.relative_to(PAGES).as_posix(), text))
    n, size = 0, 0
    with open(dest, "w", encoding="utf-8") as fh:
        for k in range(copies):
            for rid, text in texts:
                fh.write(json.dumps({"id": f"{k}/{rid}", "text": text}, ensure_ascii=False) + "\n")
                n += 1
                size += len(text.encode("utf-8"))
    return n, size / max(n, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trafilatura-pages", type=int, default=300)
    ap.add_argument("--out", default=None, help="keep outputs here (default: a temporary folder)")
    args = ap.parse_args()
    work = Path(args.out or tempfile.mkdtemp(prefix="bench-batch-"))
    work.mkdir(parents=True, exist_ok=True)
    pages = sorted(p for p in PAGES.rglob("*.html"))
    n_html = len(pages)
    html_bytes = sum(p.stat().st_size for p in pages)
    empty = work / "empty"
    empty.mkdir(exist_ok=True)
    (work / "empty.jsonl").write_text("")
    (work / "none.list").write_text("")
    (work / "pages.list").write_text("\n".join(map(str, pages)) + "\n")
    (work / "traf.list").write_text("\n".join(map(str, pages[: args.trafilatura_pages])) + "\n")
    rows = []

    def rate(n: int, wall: float, base: float) -> float:
        return n / max(wall - base, 1e-9)

    # HTML, one pinned core
    base, _ = timed(pinned(batch_cmd([str(empty)], str(work / "e.jsonl"))))
    wall, _ = timed(pinned(batch_cmd([str(PAGES)], str(work / "html.jsonl"))))
    det_html = rate(n_html, wall, base)
    rows.append(("detector batch, HTML, 1 worker, 1 core", n_html, wall, base, det_html,
                 html_bytes / 1e6 / max(wall - base, 1e-9)))
    sb, _ = timed(pinned([PY, "-c", BASELINE_SELECTOLAX, str(work / "none.list")]))
    sw, _ = timed(pinned([PY, "-c", BASELINE_SELECTOLAX, str(work / "pages.list")]))
    sel = rate(n_html, sw, sb)
    rows.append(("selectolax decode+parse+links+text", n_html, sw, sb, sel, html_bytes / 1e6 / max(sw - sb, 1e-9)))
    nt = min(args.trafilatura_pages, n_html)
    try:
        import trafilatura  # noqa: F401

        tb, _ = timed(pinned([PY, "-c", BASELINE_TRAFILATURA, str(work / "none.list")]))
        tw, _ = timed(pinned([PY, "-c", BASELINE_TRAFILATURA, str(work / "traf.list")]))
        traf = rate(nt, tw, tb)
        rows.append((f"trafilatura.extract ({nt} pages)", nt, tw, tb, traf, float("nan")))
    except ImportError:
        traf = float("nan")

    # 2 workers on 2 cores
    base2, _ = timed(pinned(batch_cmd([str(empty)], str(work / "e2.jsonl"), 2), "0,1"))
    wall2, _ = timed(pinned(batch_cmd([str(PAGES)], str(work / "html2.jsonl"), 2), "0,1"))
    det_html2 = rate(n_html, wall2, base2)
    rows.append(("detector batch, HTML, 2 workers, 2 cores", n_html, wall2, base2, det_html2,
                 html_bytes / 1e6 / max(wall2 - base2, 1e-9)))

    # WET-like text records, 1x and 10x (peak RSS of the whole process tree)
    n1, mean1 = make_text_records(pages, work / "text1.jsonl", 1)
    n10, _ = make_text_records(pages, work / "text10.jsonl", 10)
    tbase, rss0 = timed(pinned(batch_cmd([str(work / "empty.jsonl")], str(work / "t0.jsonl"))), rss=True)
    twall, rss1 = timed(pinned(batch_cmd([str(work / "text1.jsonl")], str(work / "t1.jsonl"))), rss=True)
    text_rate = rate(n1, twall, tbase)
    rows.append((f"detector batch, text (mean {mean1 / 1000:.1f} KB), 1 core", n1, twall, tbase, text_rate,
                 n1 * mean1 / 1e6 / max(twall - tbase, 1e-9)))
    twall10, rss10 = timed(pinned(batch_cmd([str(work / "text10.jsonl")], str(work / "t10.jsonl"))), rss=True)
    rows.append(("detector batch, text 10x, 1 core", n10, twall10, tbase, rate(n10, twall10, tbase),
                 n10 * mean1 / 1e6 / max(twall10 - tbase, 1e-9)))

    # round trip of the 10x run: one row per record, ids in order
    with open(work / "t10.jsonl", encoding="utf-8") as fh:
        got = [json.loads(l)["id"] for l in fh]
    with open(work / "text10.jsonl", encoding="utf-8") as fh:
        want = [json.loads(l)["id"] for l in fh]
    round_trip = got == want

    print(f"\ncorpus: {n_html} HTML pages, {html_bytes / 1e6:.1f} MB; cores: {os.cpu_count()}; "
          f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'what':48} {'records':>8} {'wall s':>8} {'empty s':>8} {'rec/s':>9} {'MB/s':>7}")
    for what, n, w, b, r, mb in rows:
        print(f"{what:48} {n:>8} {w:>8.2f} {b:>8.2f} {r:>9.1f} {mb:>7.2f}")
    print(f"\nHTML: detector / selectolax baseline = {det_html / sel:.2f} (target >= 0.5); "
          f"detector / trafilatura = {det_html / traf:.1f}x (target >= 10)")
    print(f"text: {text_rate:.0f} records/s per core (target >= 3000); mean record {mean1:.0f} bytes")
    print(f"2 workers / 1 worker = {det_html2 / det_html:.2f}x (target >= 1.8)")
    print(f"peak RSS (process tree): no records {rss0 / 1e6:.0f} MB, 1x text ({n1} records) {rss1 / 1e6:.0f} MB, "
          f"10x text ({n10} records) {rss10 / 1e6:.0f} MB")
    print(f"10x round trip: {n10} records, one row each, ids in order: {round_trip}")
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
