"""No network: a batch over pages that reference remote scripts, images, iframes, styles and
links opens no socket (issue 5).

The CLI runs in a subprocess whose ``sitecustomize`` (on PYTHONPATH, so it loads in the
parent, in the forkserver and hence in every worker) makes every non-loopback
``socket.connect``/``connect_ex``/``sendto`` and every DNS lookup raise, and records the
attempt in a log file. The batch must score every page and the log must stay empty. A
control test shows the trap does catch a connection attempt, so the main test can fail.

CI runs the whole suite in a network namespace with only loopback up; this test also
holds on a machine that has a network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO

SITECUSTOMIZE = textwrap.dedent(
    '''
    import ipaddress
    import os
    import socket

    _LOG = os.environ["DETECTOR_NET_LOG"]
    with open(os.environ["DETECTOR_NET_LOADED"], "a") as _fh:
        _fh.write(f"{os.getpid()}\\n")


    def _record(what):
        with open(_LOG, "a") as fh:
            fh.write(f"{os.getpid()} {what}\\n")


    def _loopback(host):
        if host in ("localhost", "", None):
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False


    def _allowed(sock, addr):
        if sock.family == getattr(socket, "AF_UNIX", None):
            return True
        host = addr[0] if isinstance(addr, tuple) else addr
        return _loopback(host)


    def _guard(name, orig):
        def wrapper(self, *args):
            addr = args[-1] if name == "sendto" else args[0]
            if not _allowed(self, addr):
                _record(f"{name} {addr!r}")
                raise OSError(101, "network blocked by test")
            return orig(self, *args)
        return wrapper


    for _name in ("connect", "connect_ex", "sendto"):
        setattr(socket.socket, _name, _guard(_name, getattr(socket.socket, _name)))

    _orig_gai = socket.getaddrinfo


    def _literal(host):
        try:
            ipaddress.ip_address(str(host).split("%")[0])
            return True
        except ValueError:
            return False


    def _getaddrinfo(host, *a, **k):
        if not _loopback(host) and not _literal(host):  # a numeric address needs no lookup: connect decides
            _record(f"getaddrinfo {host!r}")
            raise socket.gaierror(-3, "name lookups blocked by test")
        return _orig_gai(host, *a, **k)


    socket.getaddrinfo = _getaddrinfo
    '''
)

REMOTE_PAGE = """<!doctype html><html><head>
<base href="https://base.example.net/">
<meta http-equiv="refresh" content="30;url=https://refresh.example.org/">
<link rel="stylesheet" href="https://cdn.example.net/site.css">
<link rel="preload" href="https://cdn.example.net/font.woff2" as="font">
<link rel="canonical" href="https://www.garden.example/club">
<style>@import url("https://fonts.example.com/css?family=Roboto"); .hero{background:url(https://img.example.org/bg.jpg)}</style>
<script src="https://evil.example.com/x.js"></script>
<script>fetch("https://beacon.example.com/c?u=" + location.href); new Image().src="https://px.example.com/p.gif";</script>
<title>Garden club</title></head><body>
<img src="https://img.example.org/i.png" srcset="https://img.example.org/i2.png 2x">
<iframe src="https://frame.example.com/embed"></iframe>
<video poster="https://img.example.org/v.jpg"><source src="https://media.example.org/v.mp4"></video>
<object data="https://obj.example.com/a.swf"></object><embed src="https://obj.example.com/b.swf">
<form action="https://form.example.com/post"><input name="q"></form>
<p>Our garden club meets on Mondays. See <a href="https://link.example.com/tips">tips</a> and
<a href="//protocol-relative.example.com/">more</a>.</p>
<div style="display:none"><a href="http://casino.example.ru/">online casino</a></div>
</body></html>"""


def _env(tmp_path: Path) -> dict:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = dict(os.environ, PYTHONWARNINGS="ignore", DETECTOR_NET_LOG=str(tmp_path / "net.log"),
               DETECTOR_NET_LOADED=str(tmp_path / "loaded.log"))
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("DETECTOR_TEST_HOOKS", None)
    return env


def test_the_trap_catches_connections_and_lookups(tmp_path):
    env = _env(tmp_path)
    code = ("import socket\n"
            "for f in (lambda: socket.create_connection(('203.0.113.7', 80), timeout=1),\n"
            "          lambda: socket.getaddrinfo('example.com', 443)):\n"
            "    try:\n        f()\n    except OSError:\n        pass\n    else:\n        raise SystemExit('not blocked')\n"
            "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); c = socket.create_connection(s.getsockname())\n"
            "print('loopback ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "loopback ok" in proc.stdout
    log = (tmp_path / "net.log").read_text()
    assert "connect ('203.0.113.7', 80)" in log and "getaddrinfo 'example.com'" in log


def test_batch_over_pages_with_remote_references_opens_no_socket(tmp_path):
    env = _env(tmp_path)
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"page{i}.html").write_text(REMOTE_PAGE.replace("Mondays", f"Mondays ({i})"))
    (d / "recs.jsonl").write_text(
        json.dumps({"id": "h", "html": REMOTE_PAGE, "url": "https://www.garden.example/club"}) + "\n"
        + json.dumps({"id": "t", "text": "Read https://remote.example.com/x and http://198.51.100.4/y",
                      "url": "https://www.garden.example/t"}) + "\n")
    out = tmp_path / "o.jsonl"
    proc = subprocess.run([sys.executable, "-m", "detector", "batch", str(d), "-o", str(out), "--workers", "2",
                           "--files-per-shard", "2", "-q"],
                          capture_output=True, text=True, env=env, timeout=240, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 5 and all(r["error"] is None and r["score"] is not None for r in rows)
    # the trap was live in the parent, the forkserver and the workers
    loaded = set((tmp_path / "loaded.log").read_text().split())
    assert len(loaded) >= 2, loaded
    net = tmp_path / "net.log"
    assert not net.exists() or net.read_text() == "", net.read_text()
