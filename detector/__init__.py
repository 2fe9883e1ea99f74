"""seo-injection-detector: finds pages that attackers tampered with, and says why.

The public entry points are :func:`detector.scan.scan_records` (any engine can call it)
and :func:`detector.scan.scan_page` (one page). See README.md for the command line.
"""

__version__ = "0.1.0"
