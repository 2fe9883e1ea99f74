"""The HTML-or-text rule (DESIGN.md: Page) and decoding."""

from __future__ import annotations

import codecs
import re

import pytest

from conftest import CORPUS
from detector.records import Record, decode, mode_for_filename, sniff_mode


@pytest.mark.parametrize("name,mode", [
    ("a.html", "html"), ("A.HTM", "html"), ("x.xhtml", "html"), ("x.shtml", "html"), ("index.php", "html"),
    ("page.txt", "text"), ("page", None), ("data.json", None),
])
def test_mode_for_filename(name, mode):
    assert mode_for_filename(name) == mode


@pytest.mark.parametrize("head", ["<!DOCTYPE html>", "<!doctype HTML>", "<HTML>", "<head>", "<Body>",
                                  '<text id="http://x.org/">'])
def test_markers_make_html(head):
    assert sniff_mode(head + "<p>x</p>") == "html"
    assert sniff_mode(("junk " * 100 + head).encode()) == "html"


def test_php_warning_before_doctype_is_still_html():
    page = b"<br />\n<b>Warning</b>:  include(x.php): failed in <b>/var/www/a.php</b> on line <b>3</b><br />\n<!DOCTYPE html><html>"
    assert sniff_mode(page) == "html"


def test_marker_past_4kb_is_text():
    assert sniff_mode("word " * 1000 + "<html>") == "text"


def test_plain_text_with_angle_brackets_is_text():
    assert sniff_mode("if a < b and c > d then <b> is bold") == "text"


def test_corpus_pages_opening_with_php_warning_are_html():
    """Real pages whose first bytes are a PHP warning, before any doctype."""
    found = []
    for path in sorted((CORPUS / "pages").rglob("*.html")):
        head = path.open("rb").read(4096)
        m = re.search(rb"<!doctype|<html", head, re.I)
        if m and re.search(rb"(Warning|Notice|Deprecated|Fatal error)</b>:", head[: m.start()]):
            found.append(path)
            assert sniff_mode(path.read_bytes()) == "html", path
    assert len(found) >= 3, found


@pytest.mark.parametrize("enc", ["utf-8", "windows-1251", "shift_jis", "gbk"])
def test_decode_with_declared_meta(enc):
    text = {"utf-8": "Grüße", "windows-1251": "Привет мир, это страница", "shift_jis": "こんにちは世界",
            "gbk": "你好世界，这是一个页面"}[enc]
    html = f'<html><head><meta charset="{enc}"></head><body><p>{text}</p></body></html>'
    out, used = decode(html.encode(enc))
    assert text in out


def test_decode_bom_wins_over_meta():
    html = '<html><head><meta charset="windows-1252"></head><body>ünïcödé</body></html>'
    out, used = decode(codecs.BOM_UTF8 + html.encode("utf-8"))
    assert "ünïcödé" in out and used == "utf-8"


def test_decode_utf16_with_bom():
    html = "<html><body>Hello UTF-16 ☃</body></html>"
    out, used = decode(codecs.BOM_UTF16_LE + html.encode("utf-16-le"))
    assert "☃" in out


def test_decode_http_charset_wins_over_meta():
    html = '<html><head><meta charset="utf-8"></head><body>Привет</body></html>'.encode("koi8-r")
    out, used = decode(html, http_charset="koi8-r")
    assert "Привет" in out


def test_decode_never_raises_on_garbage():
    out, used = decode(bytes(range(256)) * 10)
    assert isinstance(out, str)


def test_record_defaults():
    r = Record(id="x", content=b"abc")
    assert r.url is None and r.mode is None
