"""Backdoors (SEO801 webshell, SEO802 defacement) and generator output (SEO803).

Example files under tests/examples/backdoors/ are written by us: ``bad_*`` a WSO-like shell,
a Mini Shell file manager, a defacement, an article with a chatbot's preamble; ``okay_*`` their
look-alikes (a Linux tutorial with ``uname -a`` and ``ls -l`` output, a news story about a
company "hacked by" a group, a news story quoting chatbot phrases).
"""

from __future__ import annotations

import math

import pytest

from conftest import EXAMPLES, assert_at_least, assert_only_weak, run_detectors, weight
from detector.detectors.backdoors import Defacement, GeneratorOutput, Webshell
from detector.page import page_from_file, page_from_text

DETECTORS = (Webshell(), Defacement(), GeneratorOutput())
DIR = EXAMPLES / "backdoors"


def run(page):
    return run_detectors(DETECTORS, page)


EXPECT = {
    "bad_wso_shell.html": [("SEO801", "critical", "high")],
    "bad_mini_shell.html": [("SEO801", "critical", "high")],
    "bad_defacement.html": [("SEO802", "critical", "high")],
    "bad_ai_article.html": [("SEO803", "medium", "high")],
    "bad_console_shell.html": [("SEO801", "high", "high")],
    "okay_linux_tutorial.html": None,
    "okay_news_hacked.html": None,
    "okay_ai_news.html": None,
    "okay_password_page.html": None,
    "okay_site_menu_brackets.html": None,
}


def test_every_example_has_an_expectation():
    assert {p.name for p in DIR.iterdir()} == set(EXPECT)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_examples(name):
    findings, _ = run(page_from_file(str(DIR / name)))
    exp = EXPECT[name]
    if exp is None:
        assert_only_weak(findings)
        return
    for fid, sev, conf in exp:
        fs = [f for f in findings if f.id == fid]
        assert fs, f"{name}: no {fid}; got {[(f.id, f.message) for f in findings]}"
        f = fs[0]
        assert_at_least(f, sev, conf)
        assert f.message and f.evidence.get("snippet")


def test_webshell_features_show_agreement():
    _, feats = run(page_from_file(str(DIR / "bad_wso_shell.html")))
    assert feats["SEO801.shell_name"] == 1.0 and feats["SEO801.upload_form"] == 1.0
    assert feats["SEO801.categories"] >= 0.75 and feats["SEO801.strong"] == 1.0
    findings, feats = run(page_from_file(str(DIR / "okay_linux_tutorial.html")))
    assert feats["SEO801.strong"] == 0.0 and feats["SEO801.code_frac"] > 0.5


def test_one_kind_of_marker_is_not_a_webshell():
    text = "Server status\nUname: Linux host 5.4\nSafe mode: OFF\nDisable functions: none\nAll good today."
    findings, feats = run(page_from_text(text))
    assert not [f for f in findings if f.id == "SEO801"]
    assert feats["SEO801.sysinfo_log1p"] > 0 and math.isnan(feats["SEO801.upload_form"])


def test_defacement_in_text_record():
    text = "HACKED BY Gh0st_Cr3w\nYour security is low\nGreetz: all Cyber Army members\nWe are Anonymous. Expect us."
    findings, feats = run(page_from_text(text))
    f = next(f for f in findings if f.id == "SEO802")
    assert f.severity == "critical" and f.kind == "backdoor"
    assert feats["SEO802.claim_near_top"] == 1.0 and math.isnan(feats["SEO802.claim_in_title"])


@pytest.mark.parametrize("text", [
    "The museum's collection is owned by the city and was here long before the new wing opened.",
    "Police said the bank's website was hacked by a criminal group; customers should change passwords. " * 40,
    "Thanks to all our volunteers! Special thanks to the bakery for the cakes.",
    "Greetings from the lake: the water was warm and the cyber cafe was open.",
])
def test_defacement_near_misses(text):
    findings, _ = run(page_from_text(text))
    assert not [f for f in findings if f.id == "SEO802" and weight(f) > 0.16], [f.message for f in findings]


def test_generator_output_is_spam_text_and_about_ai_is_quoted():
    findings, feats = run(page_from_file(str(DIR / "bad_ai_article.html")))
    f = next(f for f in findings if f.id == "SEO803")
    assert f.kind == "spam_text" and feats["SEO803.near_top"] == 1.0 and feats["SEO803.about_ai"] == 0.0
    findings, feats = run(page_from_file(str(DIR / "okay_ai_news.html")))
    assert feats["SEO803.about_ai"] == 1.0


@pytest.mark.parametrize("text", [
    "Sure! Here is the schedule for the summer camp: Monday swimming, Tuesday hiking.",
    "I'm sorry, but we are closed on Sundays. As a family business we value our weekends.",
    "As an AI researcher, she studies protein folding at the university.",
])
def test_generator_near_misses(text):
    findings, _ = run(page_from_text(text))
    assert all(weight(f) <= 0.16 for f in findings), [(f.id, f.severity, f.confidence, f.message) for f in findings]


def test_features_declared_and_zero_on_clean_page():
    _, feats = run(page_from_text("<html><body><p>Quiet page.</p></body></html>", mode="html"))
    assert set(feats) == {f"{d.id}.{n}" for d in DETECTORS for n in d.features}
    assert all(v == 0.0 for v in feats.values())


# --- generic webshell evidence: each positive next to its near-miss --------------------------

BANNER = ("Server IP: 203.0.113.20 | Your IP: 198.51.100.7\nDisable functions: NONE | cURL: ON | MySQL: ON | Perl: ON\n"
          "Open basedir: NONE")


def _shell(findings):
    return max((f for f in findings if f.id == "SEO801"), key=weight, default=None)


def test_server_banner_text_served_from_an_uploads_directory():
    page = page_from_text(BANNER, url="https://bakery.example.com/wp-content/uploads/2021/03/x.php")
    f = _shell(run(page)[0])
    assert f and weight(f) >= 0.6 and f.evidence.get("url", "").endswith("x.php")
    # the same lines in a long article about server hardening are quoted, not a shell
    article = ("How to harden PHP on a shared server\n" + "Check what your host allows before you deploy. " * 60
               + "\n" + BANNER + "\n" + "Then turn off the functions you do not need. " * 40)
    f = _shell(run(page_from_text(article, url="https://blog.example.com/php-hardening"))[0])
    assert f is None or weight(f) <= 0.16


def test_id_and_uname_output_count_in_pre_only_on_a_short_non_technical_page():
    out = "uid=33(www-data) gid=33(www-data)\nLinux web4 5.4.0-150-generic #1 SMP x86_64"
    page = page_from_text(f"<html><head><title>x</title></head><body><pre>{out}</pre></body></html>",
                          url="https://shop.example.com/images/up.php", mode="html")
    f = _shell(run(page)[0])
    assert f and weight(f) >= 0.6
    tutorial = page_from_text(
        "<html><head><title>Linux tutorial: check your kernel version with uname</title></head><body>"
        "<h1>How to check the kernel version</h1><p>Run these commands in a terminal:</p>"
        f"<pre>$ id\n{out}</pre><p>The second line shows the kernel release.</p></body></html>",
        url="https://docs.example.org/linux/uname", mode="html")
    f = _shell(run(tutorial)[0])
    assert f is None or weight(f) <= 0.16


def test_shell_panel_menu_versus_a_site_menu():
    menu = "[ Home ] [ Sec. Info ] [ Files ] [ Console ] [ Sql ] [ Php ] [ String tools ] [ Self remove ]"
    f = _shell(run(page_from_text(menu, url="https://news.example.com/tmp/about.php"))[0])
    assert f and weight(f) >= 0.6
    _, feats = run(page_from_text(menu))
    assert feats["SEO801.menu"] > 0.5
    site = "[ Home ] [ News ] [ Files ] [ Calendar ] [ Upload photos ] [ Logout ]"
    findings, feats = run(page_from_text(site, url="https://club.example.com/images/gallery.php"))
    assert _shell(findings) is None and feats["SEO801.menu"] == 0.0


def test_lone_password_box_on_an_empty_page():
    gate = '<html><head><title></title></head><body><form method="post"><input type="password" name="p"></form></body></html>'
    f = _shell(run(page_from_text(gate, url="https://example.com/wp-content/uploads/wp-info.php", mode="html"))[0])
    assert f and weight(f) >= 0.6
    _, feats = run(page_from_text(gate, url="https://example.com/members/", mode="html"))
    assert feats["SEO801.login_gate"] == 1.0 and feats["SEO801.drop_url"] == 0.0
    login = ('<html><head><title>Sign in</title></head><body><form method="post"><input type="text" name="user">'
             '<input type="password" name="p"></form></body></html>')
    findings, feats = run(page_from_text(login, url="https://example.com/wp-content/uploads/login.php", mode="html"))
    assert _shell(findings) is None and feats["SEO801.login_gate"] == 0.0


def test_drop_url_alone_is_not_a_shell():
    page = page_from_text("Photo gallery of the 2019 summer fair. Thanks to everyone who came along.",
                          url="https://club.example.com/images/gallery.php")
    findings, feats = run(page)
    # the address is recorded for the model, but on its own it is no finding
    assert _shell(findings) is None and feats["SEO801.drop_url"] == 1.0 and feats["SEO801.score"] == 0.0
