"""Configuration: [tool.detector] / detector.toml / --config, allow-lists, skips, disabled ids."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from detector.config import ConfigError, Settings, load_settings, make_settings
from detector.records import Record
from detector.scan import scan_records

PAGE = ('<html><head><title>Knitting patterns for winter</title>'
        '<link rel="canonical" href="https://knitwise.example.org/winter"></head><body>'
        '<h1>Winter knitting patterns</h1><p>' + "Scarves, hats and mittens in soft wool. " * 20 + '</p>'
        '<div style="position:absolute;left:-9999px"><a href="https://partner-casino.example.com/">online casino</a>'
        '<a href="https://partner-casino.example.com/slots">best online slots</a></div></body></html>')


def test_detector_toml_and_pyproject_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.detector]\nthreshold = 0.7\nallow_domains = ["A.example.com"]\n')
    s = load_settings(cwd=tmp_path)
    assert s.threshold == 0.7 and s.allow_domains == frozenset({"a.example.com"})
    (tmp_path / "detector.toml").write_text('disable = ["SEO7"]\nskip_urls = ["*/wp-admin/*"]\n')
    s = load_settings(cwd=tmp_path)  # detector.toml wins over pyproject.toml
    assert s.disable == ("SEO7",) and s.threshold is None
    assert s.skip_pattern_for("https://x.org/wp-admin/a.php") == "*/wp-admin/*"
    assert s.skip_pattern_for("https://x.org/blog/") is None


def test_no_config_is_defaults(tmp_path):
    s = load_settings(cwd=tmp_path)
    assert s == Settings() and s.hash is None


@pytest.mark.parametrize("bad", [{"threshold": 2}, {"disable": ["casino"]}, {"allow_domains": "x", "oops": 1},
                                 {"fail_on": "sometimes"}, {"page_timeout": -1}])
def test_bad_settings_are_refused_with_the_key(bad):
    with pytest.raises(ConfigError) as e:
        make_settings(bad, "detector.toml")
    assert "detector.toml" in str(e.value)


def test_allow_domains_make_links_the_sites_own():
    plain = next(scan_records([Record(id="p", content=PAGE, mode="html")]))
    allowed = next(scan_records([Record(id="p", content=PAGE, mode="html")],
                                settings=make_settings({"allow_domains": ["example.com"]}, "t")))
    assert "offtopic_link" in plain.categories
    assert "offtopic_link" not in allowed.categories
    assert allowed.config and allowed.config != plain.config and plain.config is None


def test_disabled_detectors_give_no_findings_and_nan_features():
    s = make_settings({"disable": ["SEO2"]}, "t")
    v = next(scan_records([Record(id="p", content=PAGE, mode="html")], settings=s, keep_features=True))
    assert not any(f.id.startswith("SEO2") for f in v.findings)
    seo2 = [k for k in v.features if k.startswith("SEO2")]
    assert seo2 and all(math.isnan(v.features[k]) for k in seo2)


def test_skip_urls_give_a_skip_row_that_is_not_a_failure():
    s = make_settings({"skip_urls": ["https://knitwise.example.org/*"]}, "t")
    v = next(scan_records([Record(id="p", content=PAGE, mode="html")], settings=s))
    assert v.level == "error" and v.error.startswith("skipped_by_config")
    from detector.cli import exit_code_for

    assert exit_code_for([v], None) == 0


def test_flag_beats_config_beats_model(tmp_path):
    (tmp_path / "detector.toml").write_text("threshold = 0.99\n")
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    page = tmp_path / "p.html"
    page.write_text(PAGE)

    def thr(*extra):
        out = subprocess.run([sys.executable, "-m", "detector", "scan", "p.html", "--format", "json",
                              "--fail-on", "never", *extra], cwd=tmp_path, capture_output=True, env=env, timeout=120)
        return json.loads(out.stdout)["threshold"]

    assert thr() == 0.99
    assert thr("--threshold", "0.3") == 0.3
    (tmp_path / "detector.toml").unlink()
    assert thr() not in (0.99, 0.3)


def test_bad_config_file_is_a_usage_error(tmp_path):
    (tmp_path / "bad.toml").write_text("threshold = [\n")
    proc = subprocess.run([sys.executable, "-m", "detector", "scan", "x.html", "--config", "bad.toml"],
                          cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.returncode == 2 and b"bad.toml" in proc.stderr


def test_batch_honours_the_config_and_records_it(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(PAGE)
    (pages / "b.html").write_text(PAGE.replace("knitwise.example.org/winter", "knitwise.example.org/private/x"))
    (tmp_path / "detector.toml").write_text('allow_domains = ["example.com"]\nskip_urls = ["*/private/*"]\n')
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run([sys.executable, "-m", "detector", "batch", "pages", "-o", "out.jsonl", "--workers", "1", "-q"],
                          cwd=tmp_path, capture_output=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr  # a config skip is not a partial run
    rows = {json.loads(line)["id"]: json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()}
    a, b = rows["pages/a.html"], rows["pages/b.html"]
    assert "offtopic_link" not in a["categories"] and a["config"]
    assert b["error"].startswith("skipped_by_config")
    stats = json.loads((tmp_path / "out.stats.json").read_text())
    assert stats["manifest"]["config"]["settings"]["allow_domains"] == ["example.com"]
