"""`detector sites`: reading batch results and rolling them up per registered domain or host."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, SEED
from detector.records import Record
from detector.report.results import ReadStats, ResultsError, iter_rows, normalize, parse_date
from detector.report.sites import roll_up, select_sites, to_csv
from detector.scan import scan_records

DEMO = REPO / "datasets" / "demo_pages"


# ----------------------------------------------------------------------------- helpers (also used by test_report)


def finding(fid="SEO101", kind="offtopic_link", severity="high", confidence="high", message="off-topic link",
            **evidence):
    return {"id": fid, "kind": kind, "severity": severity, "confidence": confidence, "message": message,
            "evidence": evidence}


def make_row(rid, url=None, score=0.1, date=None, findings=(), threshold=0.5, error=None, **extra):
    """A verdict row as batch writes it (the level follows the fixed score bands)."""
    from detector.verdict import level_for

    findings = list(findings)
    row = {
        "id": rid, "url": url, "date": date, "input_mode": "html",
        "score": None if error else score,
        "level": "error" if error else level_for(score),
        "flagged": False if error else score >= threshold,
        "threshold": threshold,
        "categories": sorted({f["kind"] for f in findings}),
        "findings": findings, "error": error, "truncated": False,
        "model": {"name": "findings-v0", "hash": "0123456789abcdef"},
    }
    row.update(extra)
    return row


def write_jsonl(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for r in rows:
            fh.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path


def run(*args, cwd=None, stdin: bytes | None = None):
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "detector", *args], capture_output=True, cwd=cwd, env=env,
                          input=stdin, timeout=120)


SYNTHETIC = [
    make_row("a1", "https://www.example.com/a", 0.92, "2024-03-01T10:00:00Z",
             [finding("SEO101", "offtopic_link", "high", "medium", "weaker", snippet="x", url="http://spam.test/"),
              finding("SEO601", "server_error", "critical", "high", "PHP warning leaked", snippet="Warning: x")]),
    make_row("a2", "https://shop.example.com/b", 0.30, "2024-01-15"),
    make_row("a3", "http://example.com/c", 0.05, None),
    make_row("a4", "https://example.com/d", None, "2024-05-02T00:00:00Z", error="decode_error: bad bytes"),
    make_row("b1", "https://alice.blogspot.com/p", 0.70, "20240202120000",
             [finding(snippet="buy cheap pills", url="http://pills.test/")]),
    make_row("c1", "https://bob.blogspot.com/q", 0.10, "Fri, 01 Mar 2024 12:00:00 GMT"),
    make_row("n1", None, 0.65, None, [finding("SEO201", "hidden_content")]),
]


# ----------------------------------------------------------------------------- roll-up


def rows_of(objs):
    return [normalize(o, f"t#{i}") for i, o in enumerate(objs, 1)]


def test_roll_up_by_registered_domain_keeps_blogs_apart():
    sites = roll_up(rows_of(SYNTHETIC), by="domain")
    assert set(sites) == {"example.com", "alice.blogspot.com", "bob.blogspot.com", "(no url)"}
    ex = sites["example.com"].to_dict()
    assert (ex["pages"], ex["scored"], ex["flagged"], ex["errors"], ex["hosts"]) == (4, 3, 1, 1, 3)
    assert ex["max_score"] == pytest.approx(0.92) and ex["max_level"] == "critical"
    assert ex["mean_score"] == pytest.approx((0.92 + 0.30 + 0.05) / 3)
    # the error row's date counts (the capture was made), the undated row gives no date
    assert (ex["first_date"], ex["last_date"], ex["undated"]) == ("2024-01-15", "2024-05-02", 1)
    assert ex["riskiest"]["id"] == "a1"
    # strongest evidence first: the critical finding, then the high one
    assert [e["id"] for e in ex["evidence"]] == ["SEO601", "SEO101"]
    assert ex["evidence"][0]["snippet"] == "Warning: x" and ex["evidence"][1]["url"] == "http://spam.test/"
    assert ex["levels"] == {"minimal": 1, "low": 1, "critical": 1, "error": 1}
    assert ex["categories"] == {"offtopic_link": 1, "server_error": 1}
    blog = sites["alice.blogspot.com"].to_dict()
    assert blog["first_date"] == blog["last_date"] == "2024-02-02T12:00:00Z"
    assert sites["bob.blogspot.com"].to_dict()["first_date"] == "2024-03-01T12:00:00Z"
    assert sites["(no url)"].to_dict()["flagged"] == 1


def test_roll_up_by_host():
    sites = roll_up(rows_of(SYNTHETIC), by="host")
    assert {"www.example.com", "shop.example.com", "example.com", "alice.blogspot.com"} <= set(sites)
    assert sites["example.com"].pages == 2 and sites["example.com"].errors == 1


def test_sorting_min_flagged_and_top():
    sites = roll_up(rows_of(SYNTHETIC))
    assert [s.site for s in select_sites(sites, "max")][:3] == ["example.com", "alice.blogspot.com", "bob.blogspot.com"]
    assert [s.site for s in select_sites(sites, "pages")][0] == "example.com"
    assert [s.site for s in select_sites(sites, "mean")][0] == "alice.blogspot.com"
    flagged = select_sites(sites, "flagged", min_flagged=1)
    assert {s.site for s in flagged} == {"example.com", "alice.blogspot.com", "(no url)"}
    assert len(select_sites(sites, "flagged", top=2)) == 2
    # rows without a URL are a bucket, not a site: last whatever their risk
    more = roll_up(rows_of([*SYNTHETIC, make_row("n2", None, 0.99, findings=[finding()])]))
    for key in ("flagged", "max", "mean", "pages"):
        assert select_sites(more, key)[-1].site == "(no url)", key


def test_dates_in_the_formats_batch_inputs_carry():
    assert parse_date("2024-03-01").isoformat() == "2024-03-01T00:00:00+00:00"
    assert parse_date("2024-03-01T12:30:00+02:00").isoformat() == "2024-03-01T10:30:00+00:00"
    assert parse_date("20240301123000").isoformat() == "2024-03-01T12:30:00+00:00"
    assert parse_date("Fri, 01 Mar 2024 12:00:00 GMT").isoformat() == "2024-03-01T12:00:00+00:00"
    assert parse_date("yesterday") is None and parse_date(None) is None


# ----------------------------------------------------------------------------- readers


def test_readers_tolerate_missing_fields_error_rows_and_bad_lines(tmp_path):
    minimal = {"id": "m", "url": "https://min.example.org/", "score": 0.9}  # no level, flagged, findings...
    err = {"id": "e", "url": "https://min.example.org/x", "score": None, "level": "error",
           "error": "timeout: page took too long"}
    path = write_jsonl(tmp_path / "r.jsonl", [minimal, "not json", "[1, 2]", "", err])
    stats = ReadStats()
    rows = list(iter_rows([str(path)], stats))
    assert [r.id for r in rows] == ["m", "e"]
    assert rows[0].level == "critical" and rows[0].flagged is False and rows[0].findings == []
    assert rows[1].is_error and rows[1].level == "error" and not rows[1].flagged
    assert stats.unreadable == 2 and stats.first_unreadable.endswith("r.jsonl:2: not JSON")
    # a .jsonl.gz cut short by an interrupted run: the rows before the cut, and one unreadable mark
    gz = write_jsonl(tmp_path / "cut.jsonl.gz", SYNTHETIC * 50)
    gz.write_bytes(gz.read_bytes()[: len(gz.read_bytes()) // 2])
    stats = ReadStats()
    rows = list(iter_rows([str(gz)], stats))
    assert 0 < len(rows) < len(SYNTHETIC) * 50 and stats.unreadable >= 1


def test_batch_folder_skips_state_and_partial(tmp_path):
    out = tmp_path / "out"
    write_jsonl(out / "a" / "x.jsonl", [SYNTHETIC[0]])
    write_jsonl(out / "b.jsonl.gz", [SYNTHETIC[1]])
    write_jsonl(out / ".partial" / "c.jsonl", [SYNTHETIC[2]])  # a shard still running
    write_jsonl(out / ".state" / "d.jsonl", [SYNTHETIC[3]])
    (out / "stats.json").write_text("{}")
    assert sorted(r.id for r in iter_rows([str(out)])) == ["a1", "a2"]


def test_csv_with_json_string_columns(tmp_path):
    buf = io.StringIO()
    cols = ["id", "url", "date", "input_mode", "score", "level", "flagged", "threshold", "categories", "findings",
            "error", "truncated", "model"]
    w = csv.DictWriter(buf, fieldnames=cols)
    w.writeheader()
    for r in SYNTHETIC[:4]:
        w.writerow({k: (json.dumps(r[k]) if isinstance(r[k], (list, dict)) else
                        "" if r[k] is None else str(r[k])) for k in cols})
    path = tmp_path / "r.csv"
    path.write_text(buf.getvalue())
    rows = list(iter_rows([str(path)]))
    assert [r.id for r in rows] == ["a1", "a2", "a3", "a4"]
    assert rows[0].flagged and rows[0].score == pytest.approx(0.92) and len(rows[0].findings) == 2
    assert rows[0].model["name"] == "findings-v0"
    assert rows[3].is_error and rows[3].error.startswith("decode_error")


def test_parquet_with_json_string_columns(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="the parquet extra is not installed")  # CI installs it
    import pyarrow.parquet as pq

    cols = {k: [json.dumps(r[k]) if k in ("categories", "findings", "model") else r[k] for r in SYNTHETIC]
            for k in SYNTHETIC[0]}
    pq.write_table(pa.table(cols), tmp_path / "r.parquet")
    rows = list(iter_rows([str(tmp_path / "r.parquet")]))
    assert [r.id for r in rows] == [r["id"] for r in SYNTHETIC]
    assert rows[0].findings[0]["id"] == "SEO101" and rows[3].is_error
    assert roll_up(rows)["example.com"].pages == 4


def test_stdin_jsonl():
    data = "".join(json.dumps(r) + "\n" for r in SYNTHETIC).encode()
    proc = run("sites", "-", "-o", "-", "--min-flagged", "1", stdin=data)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["site"] for x in proc.stdout.decode().splitlines()] == [
        "example.com", "alice.blogspot.com", "(no url)"]


def test_not_a_results_file_is_a_usage_error(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html></html>")
    with pytest.raises(ResultsError, match="not a results file"):
        list(iter_rows([str(page)]))
    with pytest.raises(ResultsError, match="no such file"):
        list(iter_rows([str(tmp_path / "missing.jsonl")]))


# ----------------------------------------------------------------------------- real verdicts, through the CLI


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """Results made by the real scanner: our demo pages, the seed and labelled corpus pages."""
    recs = [
        Record("demo/casino", (DEMO / "hacked_hidden_casino_links.html").read_bytes(),
               url="https://www.bakery-example.com/news", date="2024-06-01T08:00:00Z", mode="html"),
        Record("demo/recipe", (DEMO / "clean_recipe_blog.html").read_bytes(),
               url="https://bakery-example.com/recipes", date="2024-01-03T08:00:00Z", mode="html"),
        Record("demo/php", (DEMO / "php_warning_leak.html").read_bytes(),
               url="https://club.example.org/events", date="2024-02-01", mode="html"),
        Record("seed", SEED.read_bytes(), url="https://www.cfr.org/blog/five-questions", date="2023-11-20",
               mode="text"),
        Record("corpus/R457", (CORPUS / "pages/dragnet/R457.html").read_bytes(), mode="html"),
        Record("empty", b"", url="https://club.example.org/empty", date="2024-03-01"),
    ]
    rows = [v.to_dict() for v in scan_records(recs)]
    path = write_jsonl(tmp_path_factory.mktemp("scan") / "results.jsonl", rows)
    return path, {r["id"]: r for r in rows}


def test_sites_jsonl_from_real_scan(scanned):
    path, by_id = scanned
    proc = run("sites", str(path), "-o", "-")
    assert proc.returncode == 0, proc.stderr
    sites = {s["site"]: s for s in map(json.loads, proc.stdout.decode().splitlines())}
    assert by_id["demo/casino"]["flagged"] and not by_id["demo/recipe"]["flagged"]
    bakery = sites["bakery-example.com"]
    assert (bakery["pages"], bakery["flagged"], bakery["hosts"]) == (2, 1, 2)
    assert (bakery["first_date"], bakery["last_date"]) == ("2024-01-03T08:00:00Z", "2024-06-01T08:00:00Z")
    assert bakery["riskiest"]["id"] == "demo/casino"
    assert bakery["evidence"] and bakery["evidence"][0]["kind"] in {"offtopic_link", "hidden_content", "spam_text"}
    club = sites["example.org"]
    assert club["errors"] == 1 and club["pages"] == 2
    cfr = sites["cfr.org"]
    assert cfr["flagged"] == 1 and {e["kind"] for e in cfr["evidence"]} & {"offtopic_link", "server_error",
                                                                           "path_disclosure"}
    # the corpus page carries its own URL (canonical/og:url), so it has a site of its own
    assert by_id["corpus/R457"]["url"] and by_id["corpus/R457"]["flagged"]


def test_sites_options_and_csv(scanned, tmp_path):
    path, _ = scanned
    out = tmp_path / "sites.csv"
    proc = run("sites", str(path), "--sort", "max", "--min-flagged", "1", "--top", "2", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2 and all(int(r["flagged"]) >= 1 for r in rows)
    assert float(rows[0]["max_score"]) >= float(rows[1]["max_score"])
    assert isinstance(json.loads(rows[0]["evidence"]), list)
    assert run("sites", str(path), "--by", "host", "-o", str(tmp_path / "h.jsonl")).returncode == 0
    hosts = {json.loads(line)["site"] for line in (tmp_path / "h.jsonl").read_text().splitlines()}
    assert {"www.bakery-example.com", "bakery-example.com"} <= hosts


def test_sites_table_is_inert_and_says_what_a_verdict_means(tmp_path):
    evil = "\x1b[31mRED\x1b[0m [bold red]markup[/bold red] :smile: \u202eevil"
    rows = [make_row("x", "https://evil.example.net/", 0.95, "2024-04-04",
                     [finding(message=evil, snippet=evil, url="http://spam.test/\x1b]8;;http://x\x07")])]
    path = write_jsonl(tmp_path / "r.jsonl", rows)
    proc = run("sites", str(path))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[31mRED" in out and "[bold red]markup[/bold red]" in out and ":smile:" in out
    assert "\\u202eevil" in out
    assert "evil.example.net" in out and "capture" in out
    assert "capture dates" in run("sites", "--help").stdout.decode()


def test_sites_usage_errors(tmp_path):
    p = write_jsonl(tmp_path / "r.jsonl", SYNTHETIC)
    for args in (["sites", str(tmp_path / "nope.jsonl")], ["sites", str(p), "--sort", "weird"],
                 ["sites", str(p), "--by", "tld"], ["sites", str(p), "-o", str(tmp_path / "x.txt")]):
        proc = run(*args)
        assert proc.returncode == 2, args
        err = proc.stderr.decode().strip()
        assert err.startswith("detector: error:") and "\n" not in err and "Traceback" not in err


def test_csv_output_never_starts_a_formula():
    sites = roll_up(rows_of([make_row("f", "http://=cmd|calc/x", 0.9)]), by="host")
    text = to_csv([s.to_dict() for s in sites.values()])
    site = next(csv.DictReader(io.StringIO(text)))["site"]
    assert not site.startswith(("=", "+", "-", "@"))


def test_documentation_domains_split_like_real_ones():
    from detector.domains import registered_domain, split_host

    # RFC 2606 names stand for real sites in examples and tests: foo.example is a site
    assert split_host("www.cdn-stats.example") == ("www", "cdn-stats", "example")
    assert registered_domain("a.shop.test") == "shop.test"
    # real suffixes and intranet names are untouched
    assert registered_domain("x.example.com") == "example.com"
    assert registered_domain("localhost") == "localhost" and split_host("example") == ("", "example", "")
