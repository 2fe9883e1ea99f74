"""Nothing fetches from the network at run time (DESIGN.md: Offline always)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap

from conftest import REPO


def test_tldextract_never_downloads():
    from detector import domains

    ex = domains._EXTRACT
    assert tuple(ex.suffix_list_urls) == ()
    assert ex.include_psl_private_domains


def test_scanning_pages_with_remote_references_opens_no_socket():
    """A child process with every socket connect refused scans pages full of remote URLs."""
    child = textwrap.dedent(
        """
        import socket, sys
        calls = []
        def refuse(self, addr, *a, **k):
            calls.append(addr)
            raise OSError("network disabled by test")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = lambda *a, **k: refuse(None, a)
        from detector.records import Record
        from detector.scan import scan_records
        page = ('<html><head><script src="https://evil.example.com/x.js"></script>'
                '<link rel="stylesheet" href="https://cdn.example.net/a.css"></head><body>'
                '<img src="https://img.example.org/i.png"><iframe src="https://frame.example.com/"></iframe>'
                '<a href="https://link.example.com/">l</a></body></html>')
        recs = [Record(id="p", content=page, mode="html"),
                Record(id="t", content="see https://www.example.com/x", mode="text")]
        out = list(scan_records(recs))
        assert all(v.error is None for v in out), [v.error for v in out]
        print("connects", len(calls))
        """
    )
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120,
                          cwd=REPO, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "connects 0" in proc.stdout


def test_scan_does_not_import_scikit_learn():
    child = ("import sys; from detector.records import Record; from detector.scan import scan_page; "
             "scan_page(Record(id='x', content='<html><body>hi</body></html>')); "
             "print('sklearn' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
