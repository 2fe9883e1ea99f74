"""`detector scan` and `detector detectors` as a user runs them (subprocess, real exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEED

DEMO = REPO / "datasets" / "demo_pages"


def run(*args, stdin: bytes | None = None, cwd=None):
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "detector", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=env, timeout=120)


def test_seed_json_reports_offtopic_link_error_and_path_at_high():
    proc = run("scan", str(SEED), "--format", "json", "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b"", "a successful scan --format json writes nothing to stderr"
    v = json.loads(proc.stdout)
    kinds = {f["kind"] for f in v["findings"]}
    assert {"offtopic_link", "server_error", "path_disclosure"} <= kinds, kinds
    assert any("high-endrolex.com" in json.dumps(f["evidence"]) for f in v["findings"] if f["kind"] == "offtopic_link")
    assert any("/home/lisamzyy/public_html" in json.dumps(f["evidence"]) for f in v["findings"]
               if f["kind"] == "path_disclosure")
    assert v["level"] in ("high", "critical") and v["flagged"]
    assert v["input_mode"] == "text"


def test_scan_exit_code_follows_fail_on():
    assert run("scan", str(SEED)).returncode == 1  # default --fail-on high
    assert run("scan", str(SEED), "--fail-on", "never").returncode == 0
    assert run("scan", str(DEMO / "clean_recipe_blog.html")).returncode == 0


def test_scan_text_output_lists_evidence():
    proc = run("scan", str(SEED), "--fail-on", "never")
    out = proc.stdout.decode()
    assert "risk" in out and "high-endrolex.com" in out and "SEO" in out


def test_stdin_and_forced_modes():
    html = (DEMO / "php_warning_leak.html").read_bytes()
    v = json.loads(run("scan", "-", "--format", "json", "--fail-on", "never", stdin=html).stdout)
    assert v["id"] == "-" and v["input_mode"] == "html"
    v = json.loads(run("scan", "-", "--text", "--format", "json", "--fail-on", "never", stdin=html).stdout)
    assert v["input_mode"] == "text"


def test_url_option_sets_page_url():
    v = json.loads(run("scan", str(SEED), "--url", "https://www.cfr.org/blog/five-questions", "--format", "json",
                       "--fail-on", "never").stdout)
    assert v["url"] == "https://www.cfr.org/blog/five-questions"


def test_url_argument_is_refused_clearly():
    proc = run("scan", "https://example.com/page")
    assert proc.returncode == 2
    msg = proc.stderr.decode()
    assert "never fetches" in msg and "Traceback" not in msg and msg.count("\n") == 1


def test_missing_file_and_directory_are_usage_errors():
    proc = run("scan", "does/not/exist.html")
    assert proc.returncode == 2 and b"no such file" in proc.stderr and b"Traceback" not in proc.stderr
    proc = run("scan", str(DEMO))
    assert proc.returncode == 2 and b"batch" in proc.stderr


def test_empty_file_is_an_error_row_exit_3(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    proc = run("scan", str(empty), "--format", "json")
    assert proc.returncode == 3
    v = json.loads(proc.stdout)
    assert v["level"] == "error" and v["score"] is None and v["error"].startswith("empty_record")


def test_relative_path_is_the_row_id(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.html").write_bytes((DEMO / "clean_recipe_blog.html").read_bytes())
    v = json.loads(run("scan", "sub/p.html", "--format", "json", cwd=tmp_path).stdout)
    assert v["id"] == "sub/p.html"


def test_terminal_output_is_inert(tmp_path):
    page = tmp_path / "evil.html"
    page.write_text('<html><body><div style="display:none"><a href="https://casino-bonus.example.com/">'
                    'online casino \x1b[31mRED\x1b[0m [bold]markup[/bold]</a></div><p>Knitting patterns for beginners and more text here.</p></body></html>')
    out = run("scan", str(page), "--fail-on", "never").stdout.decode()
    assert "\x1b" not in out


def test_detectors_command_lists_ids_with_docs():
    out = run("detectors").stdout.decode()
    assert "SEO" in out
    rows = json.loads(run("detectors", "--format", "json").stdout)
    assert rows and all(r["doc"] and r["id"].startswith("SEO") for r in rows)
    kinds = {r["kind"] for r in rows}
    assert {"offtopic_link", "hidden_content", "server_error", "template_debris", "script_injection",
            "spam_text", "parasite_page", "backdoor"} <= kinds


def test_bad_options_are_usage_errors():
    assert run("scan", str(SEED), "--format", "xml").returncode == 2
    assert run("scan", str(SEED), "--fail-on", "sometimes").returncode == 2
    assert run("scan", str(SEED), "--html", "--text").returncode == 2
