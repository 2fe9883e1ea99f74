"""Every regular expression in the registry, fed its worst case (DESIGN.md: Detectors).

Each pattern runs over ~100 KB made of its declared ``worst_case`` repeated, and over a few
generic adversarial strings. A pattern that backtracks catastrophically takes minutes or
hours there; the child process is given a generous budget, so this checks linearity, not
speed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from detector.patterns import REGISTRY

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from detector.detectors import load_all
    from detector import lexicons, page  # noqa: F401  (registers their patterns)
    load_all()
    try:
        lexicons._term_regex()
    except Exception:
        pass
    # patterns some modules compile lazily, on first use: scanning one page builds them all
    from detector.records import Record
    from detector.scan import scan_page
    scan_page(Record(id="warm", content="<html><body><p>casino https://a.example.com/x</p></body></html>"))
    scan_page(Record(id="warm2", content="replica watches https://b.example.com/ online casino", mode="text"))
    from detector import topic
    if hasattr(topic, "_glued_regex"):
        topic._glued_regex()
    from detector.patterns import REGISTRY
    generic = ["a" * 100_000, " " * 100_000, "<" * 100_000, "1" * 100_000, "{" * 100_000,
               "a-" * 50_000, "\\n" * 100_000, "/*" * 50_000, "http://" * 15_000]
    worst = {}
    for name, rp in sorted(REGISTRY.items()):
        sample = (rp.worst_case * (100_000 // max(1, len(rp.worst_case)) + 1))[:100_000]
        t0 = time.perf_counter()
        for s in [sample] + generic:
            for _ in rp.regex.finditer(s):
                pass
        worst[name] = time.perf_counter() - t0
        print(json.dumps({"name": name, "seconds": worst[name]}), flush=True)
    """
)

BUDGET_PER_PATTERN = 20.0


def test_registry_is_populated_by_all_modules():
    from detector.detectors import load_all

    load_all()
    assert any(n.startswith("page.") for n in REGISTRY)
    assert any(n.startswith("visibility.") for n in REGISTRY)


def test_every_pattern_survives_its_worst_case():
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(rows) >= 10
    slow = [(r["name"], round(r["seconds"], 2)) for r in rows if r["seconds"] > BUDGET_PER_PATTERN]
    assert not slow, f"patterns that backtrack on their worst case: {slow}"


def test_rx_requires_worst_case_and_unique_names():
    import pytest

    from detector.patterns import rx

    with pytest.raises(ValueError):
        rx("test.no_worst_case", r"a+", worst_case="")
    rx("test.same", r"abc", worst_case="ab")
    with pytest.raises(ValueError):
        rx("test.same", r"abd", worst_case="ab")
