"""Imported by the workers' forkserver: build the scanner and run it once on small pages.

Detectors and helpers initialise lazily (lexicons, suffix lists, caches). Doing that here,
once, in the forkserver means every worker forked from it starts warm, and first-use cost
never counts against a page's time limit.
"""

from __future__ import annotations

from detector.batch.runner import engine
from detector.records import Record

_HTML = (b"<!doctype html><html><head><title>Warm up</title><meta name='description' content='x'>"
         b"<script src='https://cdn.example.com/a.js'></script><style>.h{display:none}</style></head>"
         b"<body><nav><a href='/'>Home</a></nav><p>Gardening tips <a href='https://other.example/p'>link</a></p>"
         b"<div class='h'><a href='http://cheap-pills.example/'>buy cheap pills</a></div>"
         b"<!-- comment --><footer>Warning: include(/home/u/public_html/x.php) failed</footer></body></html>")
_TEXT = "Warm up text record about gardening. See https://example.org/tips and http://spam.example/buy now."


def warm() -> None:
    from detector.scan import scan_records

    scorer, detectors = engine()
    recs = [Record("warm-html", _HTML, url="https://warm.example/", mode="html"),
            Record("warm-text", _TEXT, mode="text")]
    try:
        list(scan_records(recs, scorer=scorer, detectors=detectors))
    except (Exception, KeyboardInterrupt):  # best effort; a Ctrl-C is the parent's to handle
        pass


warm()
