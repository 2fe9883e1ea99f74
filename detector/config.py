"""Settings from ``[tool.detector]`` in pyproject.toml, a ``detector.toml``, or ``--config``.

Where a setting comes from, strongest first: a command-line flag, then the config file,
then the model card (threshold). Without ``--config``, ``detector.toml`` in the current
folder is read, else the ``[tool.detector]`` table of ``pyproject.toml`` there.

Example ``detector.toml``::

    # links and scripts to these sites never count as off-topic or unrelated
    allow_domains = ["mycdn.net", "partner-shop.example"]
    # records whose URL matches one of these (fnmatch-style globs) are not scanned
    skip_urls = ["https://intranet.example.org/*", "*/wp-admin/*"]
    # detectors (ids, or id prefixes such as "SEO3") to switch off
    disable = ["SEO703"]
    threshold = 0.6
    fail_on = "critical"

A disabled detector's features are given to the model as missing (NaN), which the shipped
model imputes; its findings are not produced. Every output records the settings it used: a
verdict carries their short hash in ``config``, batch stats carry them in full.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KNOWN_KEYS = {"allow_domains", "skip_urls", "disable", "threshold", "fail_on", "max_bytes", "page_timeout"}


class ConfigError(ValueError):
    """A config file that cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class Settings:
    allow_domains: frozenset[str] = frozenset()
    skip_urls: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    threshold: float | None = None
    fail_on: str | None = None
    max_bytes: int | None = None
    page_timeout: float | None = None
    source: str | None = None
    _skip_rx: Any = field(default=None, compare=False, repr=False)

    def is_default(self) -> bool:
        return not (self.allow_domains or self.skip_urls or self.disable or self.threshold is not None
                    or self.fail_on or self.max_bytes or self.page_timeout)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "allow_domains": sorted(self.allow_domains),
            "skip_urls": list(self.skip_urls),
            "disable": list(self.disable),
            "threshold": self.threshold,
            "fail_on": self.fail_on,
            "max_bytes": self.max_bytes,
            "page_timeout": self.page_timeout,
        }

    @property
    def hash(self) -> str | None:
        """Short hash of the effective settings (None for all defaults)."""
        if self.is_default():
            return None
        d = self.to_dict()
        d.pop("source")
        return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:12]

    def disabled(self, detector_id: str) -> bool:
        return any(detector_id.startswith(p) for p in self.disable)

    def skip_pattern_for(self, url: str | None) -> str | None:
        """The first skip pattern a URL matches, or None."""
        if not url or not self.skip_urls:
            return None
        for pat, rx in zip(self.skip_urls, self._skip_rx or ()):
            if rx.match(url):
                return pat
        return None


def _compile_skips(patterns: tuple[str, ...]) -> tuple:
    return tuple(re.compile(fnmatch.translate(p)) for p in patterns)


def make_settings(data: dict[str, Any], source: str | None = None) -> Settings:
    """Validate a config table and build Settings; unknown keys and wrong types are errors."""
    where = source or "config"
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(KNOWN_KEYS))}")

    def str_list(key: str) -> tuple[str, ...]:
        v = data.get(key, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{where}: {key} must be a list of strings")
        return tuple(x.strip() for x in v if x.strip())

    allow = frozenset(d.lower().lstrip(".").removeprefix("www.") for d in str_list("allow_domains"))
    skips = str_list("skip_urls")
    disable = tuple(d.upper() for d in str_list("disable"))
    for d in disable:
        if not re.fullmatch(r"SEO\d{1,3}", d):
            raise ConfigError(f"{where}: disable: {d!r} is not a detector id or id prefix (e.g. SEO703, SEO3)")
    thr = data.get("threshold")
    if thr is not None and (not isinstance(thr, (int, float)) or not 0.0 <= float(thr) <= 1.0):
        raise ConfigError(f"{where}: threshold must be a number between 0 and 1")
    fail_on = data.get("fail_on")
    if fail_on is not None:
        from detector.verdict import LEVELS

        if not isinstance(fail_on, str) or fail_on.lower() not in (*LEVELS, "never"):
            raise ConfigError(f"{where}: fail_on must be one of {', '.join(LEVELS)} or never")
        fail_on = fail_on.lower()
    max_bytes = data.get("max_bytes")
    if max_bytes is not None and (not isinstance(max_bytes, int) or max_bytes < 0):
        raise ConfigError(f"{where}: max_bytes must be a whole number of bytes")
    timeout = data.get("page_timeout")
    if timeout is not None and (not isinstance(timeout, (int, float)) or timeout <= 0):
        raise ConfigError(f"{where}: page_timeout must be a positive number of seconds")
    return Settings(allow, skips, disable, None if thr is None else float(thr), fail_on, max_bytes,
                    None if timeout is None else float(timeout), source, _compile_skips(skips))


def load_settings(config: str | None = None, cwd: str | Path = ".") -> Settings:
    """Settings from --config, else ./detector.toml, else ./pyproject.toml [tool.detector]."""
    if config:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"{config}: no such config file")
        candidates = [path]
    else:
        base = Path(cwd)
        candidates = [p for p in (base / "detector.toml", base / "pyproject.toml") if p.is_file()]
    for path in candidates:
        try:
            doc = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from exc
        if path.name == "pyproject.toml" or "tool" in doc:
            table = doc.get("tool", {}).get("detector")
            if table is None:
                if config:
                    raise ConfigError(f"{path}: no [tool.detector] table")
                continue
        else:
            table = doc
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: the detector settings must be a table")
        return make_settings(table, path.as_posix())
    return Settings()
