"""Make the README's report screenshot: scan the corpus, write the HTML report, screenshot it.

    .venv/bin/python scripts/report_screenshot.py                 # whole corpus -> docs/report.png
    .venv/bin/python scripts/report_screenshot.py --sample 400    # labelled pages + 400 others
    .venv/bin/python scripts/report_screenshot.py --results out/  # an existing batch output instead

The corpus pages stay in ../shared (third-party content): only the results, the report and
the PNG are written, and only the PNG is meant to be committed. The screenshot uses Debian's
headless Chromium with the same flags as the tests (never a browser a tool downloads).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync", "--mute-audio",
                  "--hide-scrollbars"]


def corpus_files(corpus: Path, sample: int | None, seed: int) -> list[str]:
    """Corpus pages relative to the corpus folder: every labelled page plus a sample of the others."""
    pages = sorted(p.relative_to(corpus).as_posix() for p in (corpus / "pages").rglob("*") if p.is_file())
    if sample is None:
        return pages
    with open(corpus / "labels.tsv", encoding="utf-8") as fh:
        labelled = [r["file"] for r in csv.DictReader(fh, delimiter="\t") if r["label"] in ("0", "1")]
    rest = sorted(set(pages) - set(labelled))
    random.Random(seed).shuffle(rest)
    return sorted(set(labelled) & set(pages)) + sorted(rest[:sample])


def scan_corpus(corpus: Path, files: list[str], out: Path) -> int:
    from detector.records import Record, mode_for_filename
    from detector.scan import scan_records

    def records():
        for f in files:
            yield Record(id=f, content=(corpus / f).read_bytes(), mode=mode_for_filename(f))

    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for v in scan_records(records()):
            fh.write(json.dumps(v.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def screenshot(html: Path, png: Path, width: int, height: int, fragment: str = "") -> None:
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).exists():
        sys.exit("chromium not found: apt-get install -y chromium")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        url = html.resolve().as_uri() + (f"#{fragment}" if fragment else "")
        proc = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                               f"--window-size={width},{height}", "--virtual-time-budget=5000", url],
                              capture_output=True, timeout=120)
    if proc.returncode != 0 or not png.exists():
        sys.exit(f"chromium failed ({proc.returncode}): {proc.stderr.decode('utf-8', 'replace')[-800:]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--sample", type=int, default=None,
                    help="labelled pages plus this many others (default: the whole corpus)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--results", nargs="+", default=None, help="existing batch results instead of scanning")
    ap.add_argument("--html", type=Path, default=None, help="keep the report here (default: a temp file)")
    ap.add_argument("--save-results", type=Path, default=None, help="keep the scan results (JSONL) here")
    ap.add_argument("-o", "--output", type=Path, default=REPO / "docs" / "report.png")
    ap.add_argument("--fragment", default="", help="view to capture, e.g. 'flagged=1'")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1000)
    args = ap.parse_args()

    from detector.report.html import ReportBuilder
    from detector.report.results import ReadStats, iter_rows

    with tempfile.TemporaryDirectory() as tmp:
        results = args.results
        if results is None:
            files = corpus_files(args.corpus, args.sample, args.seed)
            path = args.save_results or Path(tmp) / "corpus-results.jsonl"
            t0 = time.perf_counter()
            n = scan_corpus(args.corpus, files, path)
            print(f"scanned {n} corpus pages in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
            results = [str(path)]
        stats = ReadStats()
        builder = ReportBuilder().add_all(iter_rows(results, stats))
        stats.files = ["the test corpus (../shared/corpus)"] if args.results is None else stats.files
        html_path = args.html or Path(tmp) / "report.html"
        html_path.write_text(builder.render(title="SEO injection report: test corpus", stats=stats),
                             encoding="utf-8")
        screenshot(html_path, args.output, args.width, args.height, args.fragment)
    print(f"{builder.rows} rows, {builder.flagged} flagged, {builder.errors} errors -> {args.output}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
