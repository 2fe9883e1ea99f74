"""`detector report`: the self-contained HTML report, opened in Debian's headless Chromium.

The browser tests load the written file once per URL fragment with ``--dump-dom`` after the
scripts ran, and read the DOM: the totals, the order of rows (sorting), the rows left by a
filter, and that attacker-written evidence executed nothing and shows as escaped text.
If Chromium cannot run, these tests fail with a message: they never skip.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import CORPUS, REPO, SEED
from detector.records import Record
from detector.report.assets import JS
from detector.report.html import ReportBuilder, json_for_script
from detector.report.results import normalize
from detector.scan import scan_records
from test_sites import finding, make_row, run, write_jsonl

DEMO = REPO / "datasets" / "demo_pages"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync", "--mute-audio",
                  "--hide-scrollbars"]

# Each payload, if it ever ran, would set the title or add an element with id "pwned".
PWN = "document.title='PWNED';var d=document.createElement('div');d.id='pwned';document.body.appendChild(d)"
PAYLOADS = [
    f"<script>{PWN}</script>",
    f"</script><script>{PWN}</script><!--",
    f'<img src=x onerror="{PWN}">',
    f'"><svg onload="{PWN}">',
    f"' onmouseover='{PWN}' x='",
    "\u2028\u2029<style>body{display:none}</style>",
]
JS_URL = f"javascript:{PWN}"


def chromium() -> str:
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if exe is None:
        pytest.fail("Debian's chromium is required for the report browser tests and was not found: "
                    "install it with `apt-get install -y chromium` (.ci/run does)")
    return exe


def dump_dom(html_path: Path, fragment: str, tmp_path: Path) -> LexborHTMLParser:
    """Load file:///...#fragment in headless Chromium and return the DOM after scripts ran."""
    profile = tmp_path / f"profile-{abs(hash(fragment))}"
    url = html_path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", "--virtual-time-budget=5000",
           url]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=90)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium did not finish loading {url} within 90 s")
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0 or "<html" not in out:
        tail = proc.stderr.decode("utf-8", "replace")[-1500:]
        pytest.fail(f"chromium could not load the report (exit {proc.returncode}): {tail}")
    tree = LexborHTMLParser(out)
    root = tree.css_first("html")
    assert root.attributes.get("data-ready") == "1", "the report script did not run to the end"
    return tree


# ----------------------------------------------------------------------------- results for the report


def _pages() -> list[dict]:
    """Rows made by the real scanner over pages we wrote and labelled corpus pages, plus hand-made rows."""
    recs = [
        Record("demo/casino", (DEMO / "hacked_hidden_casino_links.html").read_bytes(),
               url="https://www.bakery-example.com/news", date="2024-06-01", mode="html"),
        Record("demo/recipe", (DEMO / "clean_recipe_blog.html").read_bytes(),
               url="https://bakery-example.com/recipes", date="2024-01-03", mode="html"),
        Record("demo/php", (DEMO / "php_warning_leak.html").read_bytes(),
               url="https://club.example.org/events", date="2024-02-01", mode="html"),
        Record("demo/tutorial", (DEMO / "php_tutorial_near_miss.html").read_bytes(),
               url="https://docs.example.org/php", date="2024-02-02", mode="html"),
        Record("seed", SEED.read_bytes(), url="https://www.cfr.org/blog/five-questions", date="2023-11-20",
               mode="text"),
        Record("corpus/R457", (CORPUS / "pages/dragnet/R457.html").read_bytes(), mode="html"),
        Record("corpus/silvias", (CORPUS / "pages/trafilatura/eval__silvias.net.wahlzensur.html").read_bytes(),
               mode="html"),
        # a leaked error whose text is an XSS payload: the real scanner carries it into the evidence
        Record("scan/xss", ("Warning: include(/home/victim/public_html/" + PAYLOADS[0] + ".php): failed to open "
                            "stream: No such file or directory in /home/victim/public_html/index.php on line 3\n"
                            "Welcome to our garden club.").encode(),
               url="https://garden.example.net/", date="2024-04-01", mode="text"),
        Record("empty", b"", url="https://club.example.org/empty", date="2024-03-01"),
    ]
    rows = [v.to_dict() for v in scan_records(recs)]
    evil = [finding("SEO102", "offtopic_link", "high", "high", p, snippet=p, url=JS_URL, domain=p[:40])
            for p in PAYLOADS]
    rows.append(make_row(PAYLOADS[2], JS_URL, 0.97, "2024-05-05", evil))
    rows.append(make_row("hand/casino-low", "https://casino-news.example.com/", 0.45, "2024-05-06",
                         [finding("SEO301", "spam_text", "medium", "low", "casino words in the text",
                                  snippet="best online casino bonus")]))
    for i in range(12):  # enough minimal rows that sorting is visible
        rows.append(make_row(f"hand/clean-{i:02d}", f"https://site{i}.example.com/", round(0.01 * i, 2),
                             f"2024-07-{i + 1:02d}"))
    return rows


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    rows = _pages()
    results = write_jsonl(d / "results.jsonl", rows)
    out = d / "report.html"
    proc = run("report", str(results), "-o", str(out), "--title", "Test report")
    assert proc.returncode == 0, proc.stderr
    return out, rows


def _page_ids(tree) -> list[str]:
    return [tr.attributes.get("data-id") for tr in tree.css("#pages-table tbody tr.page-row")]


# ----------------------------------------------------------------------------- static checks (no browser)


def test_embedded_json_cannot_break_out_of_its_element():
    data = {"s": "</script><script>alert(1)</script><!-- & \u2028\u2029 >"}
    s = json_for_script(data)
    assert not re.search(r"[<>&\u2028\u2029]", s)
    assert json.loads(s) == data


def test_report_is_self_contained_and_allows_only_its_own_script(report):
    out, _ = report
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.I), "no remote assets"
    assert "@import" not in html and "url(http" not in html
    digest = base64.b64encode(hashlib.sha256(JS.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html and f"<script>{JS}</script>" in html
    data = html.split('<script type="application/json" id="report-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data
    assert any(p["id"] == PAYLOADS[2] for p in json.loads(data)["pages"]), "payload embedded verbatim"


def test_caps_keep_flagged_first_and_say_so():
    rows = [normalize(make_row(f"f{i}", f"https://f{i}.example.com/", 0.6 + i / 100), "t") for i in range(8)]
    rows += [normalize(make_row(f"u{i}", f"https://u{i}.example.com/", i / 100), "t") for i in range(30)]
    rows += [normalize(make_row(f"e{i}", None, error="timeout: too slow"), "t") for i in range(5)]
    b = ReportBuilder(max_pages=10, max_flagged=6, max_errors=2).add_all(rows)
    pages = b.embedded_pages()
    ids = [p["id"] for p in pages]
    assert ids[:6] == [f"f{i}" for i in range(7, 1, -1)]  # the 6 riskiest flagged pages
    assert ids[6:10] == ["u29", "u28", "u27", "u26"]  # then the riskiest others up to 10 rows
    assert ids[10:] == ["e0", "e1"]
    note = b.cap_note(pages)
    assert "the 6 riskiest of 8 flagged pages" in note and "the 4 riskiest of 30 unflagged" in note
    assert "the first 2 of 5 error rows" in note
    assert (b.rows, b.scored, b.flagged, b.errors) == (43, 38, 8, 5)
    assert sum(b.hist) == 38 and b.levels["error"] == 5


def test_report_reads_a_batch_folder_and_csv(tmp_path):
    rows = [make_row("a", "https://a.example.com/", 0.9), make_row("b", None, error="decode_error: x")]
    write_jsonl(tmp_path / "out" / "x.jsonl", rows)
    write_jsonl(tmp_path / "out" / ".partial" / "y.jsonl", rows)
    proc = run("report", str(tmp_path / "out"), "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "r.html").read_text()
    assert re.search(r'id="total-pages" data-value="2"', html) and re.search(r'id="total-errors" data-value="1"',
                                                                             html)
    assert run("report", str(tmp_path / "missing"), "-o", str(tmp_path / "r2.html")).returncode == 2
    assert not (tmp_path / "r2.html").exists()


# ----------------------------------------------------------------------------- in the browser


def test_totals_default_sort_and_inert_evidence(report, tmp_path):
    out, rows = report
    tree = dump_dom(out, "", tmp_path)
    scored = [r for r in rows if r["score"] is not None]

    def total(name):
        return int(tree.css_first(f"#total-{name}").attributes["data-value"])

    assert total("pages") == len(rows)
    assert total("flagged") == sum(r["flagged"] for r in rows) >= 4
    assert total("errors") == 1
    for level in ("minimal", "low", "medium", "high", "critical", "error"):
        n = int(tree.css_first(f"#level-count-{level}").attributes["data-value"])
        assert n == sum(r["level"] == level for r in rows), level
    assert sum(int(g.attributes["data-count"]) for g in tree.css("svg.hist g.bar")) == len(scored)
    # every row embedded and rendered, riskiest first (default view: sort=score, dir=desc)
    ids = _page_ids(tree)
    assert len(ids) == len(rows)
    score_of = {r["id"]: (r["score"] if r["score"] is not None else -1) for r in rows}
    assert [score_of[i] for i in ids] == sorted(score_of.values(), reverse=True)
    assert PAYLOADS[2] in ids
    # nothing from the evidence ran ...
    assert tree.css_first("title").text() == "Test report"
    assert tree.css_first("#pwned") is None
    assert len(tree.css("script")) == 2 and not tree.css("img") and not tree.css("svg[onload]")
    assert not tree.css("a"), "evidence URLs are never made into links"
    assert not any(k.startswith("on") for n in tree.css("*") for k in n.attributes)
    assert tree.css_first("style") is not None and len(tree.css("style")) == 1
    # ... and it shows as text, escaped in the serialized DOM
    dom = tree.html
    assert "&lt;script&gt;document.title='PWNED'" in dom
    assert "&lt;img src=x onerror=" in dom and "link: javascript:document.title" in dom
    texts = [n.text() for n in tree.css("#pages-table .snippet")]
    assert PAYLOADS[0] in texts and PAYLOADS[2] in texts
    # the scanned XSS error page carries the payload in its own evidence, as text
    xss_row = next(tr for tr in tree.css("tr.page-row") if tr.attributes.get("data-id") == "scan/xss")
    assert "<script>document.title" in xss_row.text()
    # the sites table: the riskiest site first (default ssort=flagged)
    sites = [tr.attributes.get("data-site") for tr in tree.css("#sites-table tbody tr.site-row")]
    assert sites and "bakery-example.com" in sites and "cfr.org" in sites


def test_sort_from_fragment(report, tmp_path):
    out, rows = report
    tree = dump_dom(out, "sort=score&dir=asc", tmp_path)
    ids = _page_ids(tree)
    # the report holds scores to 4 decimals (0.019989 and 0.02 are one value there, in either order)
    scores = {r["id"]: None if r["score"] is None else round(r["score"], 4) for r in rows}
    got = [scores[i] for i in ids]
    assert got[-1] is None, "rows without a score (errors) stay last"
    assert got[:-1] == sorted(s for s in scores.values() if s is not None)
    assert tree.css_first("#pages-table th[data-sort=score]").attributes.get("aria-sort") == "ascending"
    tree = dump_dom(out, "sort=date&dir=desc&ssort=pages&sdir=desc", tmp_path)
    dates = [next(r["date"] for r in rows if r["id"] == i) for i in _page_ids(tree)]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated, "undated rows last"
    pages = [int(tr.css("td")[1].text()) for tr in tree.css("#sites-table tbody tr.site-row")]
    assert pages == sorted(pages, reverse=True) and pages[0] >= 2


def test_filters_from_fragment_and_fragment_is_normalised(report, tmp_path):
    out, rows = report
    tree = dump_dom(out, "q=CASINO&level=medium,critical,bogus&sort=nope", tmp_path)
    assert tree.css_first("html").attributes.get("data-view") == "q=CASINO&level=medium,critical"
    ids = set(_page_ids(tree))
    want = {r["id"] for r in rows if r["level"] in ("medium", "critical")
            and "casino" in json.dumps([r["id"], r["url"], r["findings"]]).lower()}
    assert "hand/casino-low" in want and ids == want
    assert tree.css_first("#pages-count").attributes["data-matching"] == str(len(want))
    # flagged only, one detector: every page left is flagged and has a finding of that detector
    det = next(f["id"] for r in rows if r["flagged"] for f in r["findings"] if f["kind"] == "server_error")
    tree = dump_dom(out, f"flagged=1&det={det}", tmp_path)
    ids = set(_page_ids(tree))
    want = {r["id"] for r in rows if r["flagged"] and any(f["id"] == det for f in r["findings"])}
    assert ids == want and "seed" in ids
    sites = [tr.attributes.get("data-site") for tr in tree.css("#sites-table tbody tr.site-row")]
    assert "cfr.org" in sites and "site1.example.com" not in sites


def test_user_changes_are_written_to_the_fragment(report, tmp_path):
    """Clicks and typing (driven by a harness script allowed by the CSP) update the view and the address."""
    out, rows = report
    level = next(r["level"] for r in rows if r["id"] == "demo/casino")  # the hacked demo page we wrote
    harness = """
document.querySelector('#pages-table th[data-sort=url]').click();
document.getElementById('f-flagged').click();
document.querySelector('input[name=level][value=LEVEL]').click();
var q = document.getElementById('f-q'); q.value = 'bakery'; q.dispatchEvent(new Event('input'));
setTimeout(function () {
  var o = document.createElement('output'); o.id = 'harness'; o.textContent = location.hash;
  document.body.appendChild(o);
}, 500);
""".replace("LEVEL", level)
    digest = base64.b64encode(hashlib.sha256(harness.encode()).digest()).decode()
    html = out.read_text(encoding="utf-8")
    html = html.replace("script-src 'sha256-", f"script-src 'sha256-{digest}' 'sha256-", 1)
    html = html.replace("</body>", f"<script>{harness}</script></body>", 1)
    page = tmp_path / "harness.html"
    page.write_text(html, encoding="utf-8")
    tree = dump_dom(page, "", tmp_path)
    assert tree.css_first("#harness").text() == f"#sort=url&dir=asc&q=bakery&level={level}&flagged=1"
    ids = _page_ids(tree)
    want = sorted((r for r in rows if r["flagged"] and r["level"] == level
                   and "bakery" in json.dumps([r["id"], r["url"], r["findings"]]).lower()),
                  key=lambda r: (r["url"] or r["id"]).lower())
    assert want and ids == [r["id"] for r in want]
