"""Attacker-written text prints inert on a terminal (issue 5).

Evidence, URLs, titles and file names may carry ANSI/VT escape sequences (clear screen
``ESC[2J``, window title ``ESC]0;...BEL``, OSC 8 hyperlinks), other C0/C1 control
characters (``\\x9b`` is a one-byte CSI), bidi overrides (U+202E) and rich markup
(``[bold red]``, ``[link=...]``). Whatever ``detector scan`` (text), ``detector sites``
(the rich table, with colour forced on), batch progress and summary lines, log lines and
error messages print, no such sequence may reach the terminal as a control sequence: it is
shown escaped (``\\x1b``) and rich markup is shown literally.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli import app
from detector.records import Record
from detector.scan import scan_page
from detector.terminal import inert

ESC = "\x1b"
PAYLOAD = ("\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
           "\u202eTXT.exe\x9b31m\x85\x7f\x00[bold red]RED[/bold red][link=http://evil.example/]L[/link]")


def evil_page(payload: str = PAYLOAD) -> str:
    return f"""<html><head><title>Garden {payload}</title></head><body>
<b>Warning</b>:  include(/home/bob/public_html/{payload}.php): failed to open stream: No such file or directory in
<b>/home/bob/public_html/index.php</b> on line <b>12</b><br />
<p>Our garden club meets on Mondays to talk about tomatoes and compost.</p>
<div style="display:none">cheap viagra casino {payload}
<a href="http://casino-{payload}.example.ru/">buy cheap viagra online {payload}</a>
<a href="http://pills.example.ru/">replica rolex</a></div>
</body></html>"""


def dangerous(text: str, allow_sgr: bool = False) -> list[str]:
    """Control and format characters that a terminal would act on (newline and tab allowed).

    With allow_sgr, rich's own colour codes (ESC [ digits m) are allowed: they are not ours to
    forbid, attacker text must still not add any other sequence.
    """
    if allow_sgr:
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return sorted({f"U+{ord(c):04X}" for c in text
                   if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")})


def test_inert_escapes_every_control_and_format_character():
    out = inert(PAYLOAD + "\u2028\u2029\u200b\ufeff\U000e0001\ud800")
    assert dangerous(out) == []
    assert "\\x1b[2J" in out and "\\u202e" in out and "\\x9b" in out and "\\x07" in out and "\\x00" in out
    assert "[bold red]" in out  # markup stays literal text; rich prints it with markup off
    assert inert("x" * 50, 10) == "x" * 9 + "\u2026"
    assert inert("tabs\tand\nnewlines") == "tabs\tand\nnewlines"


def test_scan_text_output_is_inert(tmp_path):
    name = f"garden{ESC}[2J{ESC}]0;title\x07\u202e.html"
    p = tmp_path / name
    p.write_text(evil_page(), encoding="utf-8")
    res = CliRunner().invoke(app, ["scan", str(p), "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    v = scan_page(Record(id="x", content=evil_page(), mode="html"))
    assert any(ESC in f.message or any(ESC in str(x) for x in f.evidence.values()) for f in v.findings)
    assert dangerous(out) == [], out
    assert "\\x1b[2J" in out and "\\u202e" in out  # shown, escaped, not dropped
    assert "[bold red]RED[/bold red]" in out and "[link=http://evil.example/]" in out
    assert "garden\\x1b[2J\\x1b]0;title\\x07\\u202e.html" in out  # the file name on the id line
    assert res.stderr == ""


def test_scan_json_output_is_inert_and_the_same_json(tmp_path):
    import json

    p = tmp_path / "evil\u202e.html"
    p.write_text(evil_page(), encoding="utf-8")
    res = CliRunner().invoke(app, ["scan", str(p), "--format", "json", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    assert dangerous(res.stdout) == [], res.stdout
    row = json.loads(res.stdout)
    assert row["id"].endswith("evil\u202e.html")  # the value is intact once parsed
    v = scan_page(Record(id="x", content=evil_page(), mode="html"))
    assert len(row["findings"]) == len(v.findings)


def test_scan_error_messages_are_inert(tmp_path):
    res = CliRunner().invoke(app, ["scan", str(tmp_path / f"missing{ESC}[2J\u202e.html")])
    assert res.exit_code == 2
    assert dangerous(res.stderr) == [] and "missing\\x1b[2J\\u202e.html" in res.stderr
    bad = tmp_path / f"dir{ESC}]0;t\x07"
    bad.mkdir()
    res = CliRunner().invoke(app, ["scan", str(bad)])
    assert res.exit_code == 2 and dangerous(res.stderr) == [] and len(res.stderr.strip().splitlines()) == 1


def _results(tmp_path: Path) -> Path:
    v = scan_page(Record(id=f"page{ESC}[2J", content=evil_page(), url=f"http://garden.example/{PAYLOAD}",
                         date="2024-05-01", mode="html"))
    rows = [v.to_dict()]
    rows[0]["flagged"] = True
    err = scan_page(Record(id=f"empty{ESC}]0;x\x07", content="", url="http://garden.example/e"))
    rows.append(err.to_dict())
    p = tmp_path / "results.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p


@pytest.mark.parametrize("force_colour", [False, True])
def test_sites_table_is_inert(tmp_path, monkeypatch, force_colour):
    p = _results(tmp_path)
    if force_colour:  # rich then writes for a terminal: its own colour codes, nothing of the attacker's
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    res = CliRunner().invoke(app, ["sites", str(p)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "garden.example" in out
    assert dangerous(out, allow_sgr=force_colour) == [], repr(out)
    assert "\x1b]8;" not in out  # no hyperlink: [link=...] markup was not interpreted
    assert "[bold red]" in out.replace("\n", "").replace(" ", "") or "[bold" in out


def test_batch_progress_summary_and_errors_are_inert(tmp_path, monkeypatch):
    from test_batch import run

    d = tmp_path / f"in{ESC}[2J"
    d.mkdir()
    (d / f"page{ESC}]0;t\x07\u202e.html").write_text(evil_page(), encoding="utf-8")
    (d / "empty.html").write_bytes(b"")
    out = tmp_path / f"out{ESC}[31m.jsonl"
    proc = run(d, "-o", out, "--workers", "1")
    assert proc.returncode == 3, proc.stderr
    err = proc.stderr.decode()
    assert "detector: batch:" in err and dangerous(err) == [], repr(err)
    assert "out\\x1b[31m.jsonl" in err
    missing = run(tmp_path / f"nope{ESC}[2J\u202e.warc", "-o", tmp_path / "o2.jsonl")
    assert missing.returncode == 2
    assert dangerous(missing.stderr.decode()) == [] and "nope\\x1b[2J\\u202e.warc" in missing.stderr.decode()


def test_log_lines_are_inert(tmp_path):
    """With --debug, a worker crash logs the shard key (a folder name the attacker may choose).

    A subprocess: in this process pytest's own log handlers would take the log lines."""
    from test_batch import run_subprocess

    d = tmp_path / "in" / f"ev{ESC}[2Jil"
    d.mkdir(parents=True)
    (d / "a.html").write_text("@@DETECTOR-TEST-CRASH@@ <html><body>x</body></html>")
    (d / "b.html").write_text("<html><body>ok</body></html>")
    proc = run_subprocess(tmp_path / "in", "-o", tmp_path / "o.jsonl", "--workers", "1", "--debug",
                          env={"DETECTOR_TEST_HOOKS": "1"})
    err = proc.stderr.decode()
    assert proc.returncode == 3, err[-2000:]
    assert "rerunning the rest of the shard" in err, err[-2000:]
    assert dangerous(err) == [], [line for line in err.splitlines() if ESC in line][:3]
