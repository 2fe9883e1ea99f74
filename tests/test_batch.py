"""`detector batch` end to end, as a user runs it (subprocess, real exit codes, real workers)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CORPUS, SEED
from detector.batch.writers import parquet_available, read_rows

WARC = CORPUS / "warc"


def run_subprocess(*args, cwd=None, stdin: bytes | None = None, env: dict | None = None, timeout: int = 240):
    e = dict(os.environ, PYTHONWARNINGS="ignore")
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "detector", "batch", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, env=e, timeout=timeout)


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes


def run(*args, cwd=None, stdin: bytes | None = None) -> Result:
    """The real command, in-process (the workers' forkserver is shared between tests: faster)."""
    from typer.testing import CliRunner

    from detector.cli import app

    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        res = CliRunner().invoke(app, ["batch", *map(str, args)], input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Result(res.exit_code, res.stdout_bytes, res.stderr_bytes)


def rows_of(path: Path) -> list[dict]:
    return read_rows(str(path))


def folder_rows(folder: Path) -> list[dict]:
    out = []
    for p in sorted(folder.rglob("*.jsonl")):
        if ".partial" in p.parts or ".state" in p.parts:
            continue
        out.extend(rows_of(p))
    return out


def corpus_subset(dest: Path, n: int = 40) -> list[str]:
    """n corpus pages copied at test time (never committed), a few per source."""
    names = []
    sources = sorted(d for d in (CORPUS / "pages").iterdir() if d.is_dir())
    per = max(1, n // len(sources) + 1)
    for src in sources:
        for f in sorted(src.glob("*.html"))[:per]:
            if len(names) >= n:
                break
            (dest / src.name).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest / src.name / f.name)
            names.append(f"{src.name}/{f.name}")
    return names


def test_shared_warc_wet_and_pages_scan_end_to_end(shared_dir, tmp_path):
    out = tmp_path / "warc.jsonl"
    proc = run(WARC, "-o", out, "--workers", "2")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = rows_of(out)
    # 1 + 1 + 16 + 1 + 1 WARC responses/conversions, 16 extracted HTML files; none from the WAT
    assert len(rows) == 36
    assert all(r["error"] is None and r["score"] is not None for r in rows)
    warc_rows = [r for r in rows if r["id"].startswith("<urn:uuid:")]
    assert len(warc_rows) == 20 and all(r["url"] and r["date"] for r in warc_rows)
    assert sum(r["input_mode"] == "text" for r in rows) == 1  # the WET conversion
    files = [r["id"] for r in rows if not r["id"].startswith("<urn")]
    assert files == sorted(files) and all(f.startswith(f"{WARC}/extracted_resiliparse_warcfile/") for f in files)
    stats = json.loads((tmp_path / "warc.stats.json").read_text())
    assert stats["records"] == stats["rows"] == 36 and stats["error_rows"] == 0
    assert stats["skipped_by_type"]["request"] == 21 and stats["skipped_by_type"]["revisit"] == 1
    assert stats["manifest"]["model"]["hash"] and stats["manifest"]["config"]["max_bytes"] == 8 * 1024 * 1024
    assert set(stats["detectors"]) == {f["id"] for r in rows for f in r["findings"]}
    for det, d in stats["detectors"].items():
        assert d["pages_with_finding"] == sum(any(f["id"] == det for f in r["findings"]) for r in rows)
        assert d["flagged_pages_with_finding"] == sum(r["flagged"] and any(f["id"] == det for f in r["findings"])
                                                      for r in rows)


def test_corpus_folder_ids_as_reached_folder_output_and_resume_noop(shared_dir, tmp_path):
    names = corpus_subset(tmp_path / "pages", 40)
    proc = run("pages", "-o", "res", "--workers", "2", "--files-per-shard", "3", cwd=tmp_path)
    assert proc.returncode in (0, 3), proc.stderr.decode()
    rows = folder_rows(tmp_path / "res")
    assert sorted(r["id"] for r in rows) == sorted(f"pages/{n}" for n in names)
    assert all(r["input_mode"] == "html" for r in rows)
    res = tmp_path / "res"
    first_src = names[0].split("/")[0]
    assert (res / first_src / "files-0.jsonl").is_file() and (res / ".state" / first_src / "files-0.json").is_file()
    assert not any(p.is_file() for p in (res / ".partial").rglob("*"))
    stats = json.loads((res / "stats.json").read_text())
    assert stats["records"] == 40
    # a second run refuses to mix results; --resume with everything done rescans nothing
    again = run("pages", "-o", "res", cwd=tmp_path)
    assert again.returncode == 2 and b"--resume" in again.stderr
    mtimes = {p: p.stat().st_mtime_ns for p in res.rglob("*.jsonl")}
    resumed = run("pages", "-o", "res", "--resume", "--files-per-shard", "3", cwd=tmp_path)
    assert resumed.returncode in (0, 3), resumed.stderr.decode()
    assert {p: p.stat().st_mtime_ns for p in res.rglob("*.jsonl")} == mtimes
    assert json.loads((res / "stats.json").read_text())["records"] == 40
    changed = run("pages", "-o", "res", "--resume", "--files-per-shard", "4", cwd=tmp_path)
    assert changed.returncode == 2 and b"files_per_shard" in changed.stderr


N_ROUND_TRIP = int(os.environ.get("DETECTOR_ROUND_TRIP_RECORDS", "2000"))  # 10000: scripts/bench_batch.py


def test_jsonl_records_round_trip(tmp_path):
    """2,000 records here (10,000 with DETECTOR_ROUND_TRIP_RECORDS=10000 or in scripts/bench_batch.py)."""
    n = N_ROUND_TRIP
    src = tmp_path / "recs.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        for i in range(n):
            rec = {"id": f"doc-{i}" if i % 3 else i, "text": f"Record {i} about gardening and soil. "
                   f"See https://garden{i % 50}.example/tips for more."}
            if i % 7 == 0:
                rec = {"meta": {"key": f"m{i}"}, "text": rec["text"], "metadata": {"url": f"https://s.example/{i}"}}
            fh.write(json.dumps(rec) + "\n")
    out = tmp_path / "out.jsonl.gz"
    proc = run(src, "-o", out, "--workers", "2")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = rows_of(out)
    # ids: the id key's value (ints stringified), else "<path as given>#<line>"
    expect = [f"{src}#{i + 1}" if i % 7 == 0 else (f"doc-{i}" if i % 3 else str(i)) for i in range(n)]
    assert [r["id"] for r in rows] == expect
    assert all(r["input_mode"] == "text" and r["score"] is not None for r in rows)
    assert rows[7]["url"] == "https://s.example/7"


def test_output_formats_carry_the_same_rows(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "text": SEED.read_text() if i == 3 else f"plain {i}"}) + "\n"
                           for i in range(12)))
    (tmp_path / "in.jsonl").touch()
    ref = None
    outs = ["o.jsonl", "o.jsonl.gz", "o.csv", "dir"] + (["o.parquet"] if parquet_available() else [])
    for name in outs:
        proc = run(src, "-o", tmp_path / name, "--workers", "1")
        assert proc.returncode == 0, (name, proc.stderr.decode())
        rows = folder_rows(tmp_path / name) if name == "dir" else rows_of(tmp_path / name)
        got = []
        for r in rows:
            findings = json.loads(r["findings"]) if isinstance(r["findings"], str) else r["findings"]
            score = None if r["score"] in (None, "") else float(r["score"])
            flagged = r["flagged"] in (True, "True")
            got.append((r["id"], score, flagged, len(findings)))
        ref = ref or got
        assert got == ref, name
        stats = tmp_path / ("dir/stats.json" if name == "dir" else name.split(".")[0] + ".stats.json")
        assert json.loads(stats.read_text())["records"] == 12
    assert ref[3][2] is True and ref[3][3] > 0  # the seed page is flagged with findings


def test_broken_inputs_become_error_rows_and_exit_3(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_text('{"id": "ok1", "text": "fine"}\n{"id": "x", "text": \n{"id": "nk"}\n'
                               '{"id": "wt", "text": 5}\n{"id": "ok2", "text": "also fine"}\n')
    good = gzip.compress(b"".join(b'{"id": "g%d", "text": "%s"}\n' % (i, os.urandom(40).hex().encode())
                                  for i in range(3000)))
    (d / "b.jsonl.gz").write_bytes(good[: len(good) // 2])
    (d / "empty.html").write_bytes(b"")
    (d / "empty.jsonl").write_bytes(b"")
    (d / "page.html").write_text("<html><body>ok</body></html>")
    out = tmp_path / "o.jsonl"
    proc = run(d, "-o", out)
    assert proc.returncode == 3, proc.stderr.decode()
    rows = rows_of(out)
    by_id = {r["id"]: r for r in rows}
    assert len(by_id) == len(rows)
    assert by_id[f"{d}/a.jsonl#2"]["error"].startswith("json_error")
    assert by_id["nk"]["error"].startswith("missing_key") and by_id["wt"]["error"].startswith("wrong_type")
    assert by_id[f"{d}/b.jsonl.gz"]["error"].startswith("read_error")
    assert by_id[f"{d}/empty.html"]["error"].startswith("empty_record")
    for r in rows:
        if r["error"]:
            assert r["score"] is None and r["level"] == "error" and r["flagged"] is False
    assert by_id["ok1"]["score"] is not None and by_id[f"{d}/page.html"]["score"] is not None
    stats = json.loads((tmp_path / "o.stats.json").read_text())
    assert stats["errors"]["json_error"] == 1 and stats["errors"]["empty_record"] == 1


def test_exit_codes_and_usage_errors(tmp_path):
    seed = tmp_path / "seed.txt"
    shutil.copyfile(SEED, seed)
    assert run(seed, "-o", tmp_path / "a.jsonl").returncode == 0  # --fail-on never by default
    assert run(seed, "-o", tmp_path / "b.jsonl", "--fail-on", "high").returncode == 1
    missing = run(tmp_path / "nope.warc.gz", "-o", tmp_path / "c.jsonl")
    assert missing.returncode == 2 and b"no such file" in missing.stderr
    assert not (tmp_path / "c.jsonl").exists()
    assert b"Traceback" not in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    bad = run(seed, "-o", tmp_path / "d.jsonl", "--resume")
    assert bad.returncode == 2 and b"folder" in bad.stderr
    assert run(seed, "-o", tmp_path / "e.jsonl", "--max-bytes", "lots").returncode == 2
    # an empty input is a normal run: output created empty, records 0
    (tmp_path / "none").mkdir()
    empty = run(tmp_path / "none", "-o", tmp_path / "empty.csv")
    assert empty.returncode == 0, empty.stderr.decode()
    assert (tmp_path / "empty.csv").read_text().startswith("id,url,")
    assert json.loads((tmp_path / "empty.stats.json").read_text())["records"] == 0
    folder = run(tmp_path / "none", "-o", tmp_path / "emptydir")
    assert folder.returncode == 0 and json.loads((tmp_path / "emptydir" / "stats.json").read_text())["records"] == 0


def test_stdin_limit_truncation_and_write_flagged(tmp_path):
    lines = b"".join(b'{"id": "s%d", "text": "stdin record %d"}\n' % (i, i) for i in range(30))
    proc = run("-", "-o", tmp_path / "s.jsonl", stdin=lines)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [r["id"] for r in rows_of(tmp_path / "s.jsonl")] == [f"s{i}" for i in range(30)]
    page = run_subprocess("-", stdin=b"<html><body>one page on stdin</body></html>")  # no -o: rows on stdout
    assert page.returncode == 0 and json.loads(page.stdout)["id"] == "-"
    assert b"detector: batch:" in page.stderr  # plain progress/summary lines when stderr is not a terminal

    d = tmp_path / "in"
    d.mkdir()
    for i in range(5):
        (d / f"p{i}.html").write_text(f"<html><body>page {i}</body></html>")
    (d / "big.html").write_bytes(b"<html><body>" + b"<p>padding</p>" * 200_000 + b"</body></html>")
    (d / "recs.jsonl").write_text("".join(json.dumps({"id": f"j{i}", "text": f"t {i}"}) + "\n" for i in range(10)))
    out = tmp_path / "lim.jsonl"
    proc = run(d, "-o", out, "--limit", "8", "--max-bytes", "1MB", "--threshold", "0", "--write-flagged",
               tmp_path / "flagged")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = rows_of(out)
    assert [r["id"] for r in rows] == [f"{d}/{n}" for n in ("big.html", "p0.html", "p1.html", "p2.html",
                                                              "p3.html", "p4.html")] + ["j0", "j1"]
    assert rows[0]["truncated"] is True and all(not r["truncated"] for r in rows[1:])
    assert all(r["flagged"] for r in rows)  # threshold 0: every scored row is flagged
    assert (tmp_path / "flagged" / "p3.html").read_text() == "<html><body>page 3</body></html>"
    copied = rows_of(tmp_path / "flagged" / "recs.jsonl.flagged.jsonl")
    assert [(c["id"], c["text"]) for c in copied] == [("j0", "t 0"), ("j1", "t 1")]


def test_size_and_duration_options():
    import typer

    from detector.batch.cli import parse_duration, parse_size

    assert parse_size("8MB") == 8 * 1024 * 1024 and parse_size("512kb") == 512 * 1024 and parse_size("0") == 0
    assert parse_duration("15s") == 15 and parse_duration("500ms") == 0.5 and parse_duration("2") == 2
    for bad in ("lots", "-1MB", "8 parsecs"):
        with pytest.raises(typer.BadParameter):
            parse_size(bad)
    with pytest.raises(typer.BadParameter):
        parse_duration("0s")
