"""Detector plugins: one module per family, discovered automatically.

A detector is a subclass of :class:`Detector` with a stable ``id`` (``SEO101``), a primary
``kind``, the names of the numeric ``features`` it returns, and a docstring that is its
user documentation (``detector detectors`` prints it). Registering one means adding a
module to this package: there is no central list.

``detect(page)`` returns ``(findings, features)``. Features are named ``<ID>.<name>`` in the
model's vector; prefer densities and flags to raw counts. Features listed in
``html_only`` are NaN for text records (a WET record cannot have hidden CSS); the framework
fills them in, so detectors need not special-case it.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from typing import ClassVar

from detector.findings import KINDS, Finding
from detector.page import Page

_REGISTRY: dict[str, type["Detector"]] = {}


class Detector:
    """Base class of every detector. Subclasses set the class attributes below."""

    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    kind: ClassVar[str] = ""
    features: ClassVar[tuple[str, ...]] = ()
    html_only: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kw) -> None:
        super().__init_subclass__(**kw)
        if not cls.id:
            return  # an abstract helper base
        if cls.id in _REGISTRY and _REGISTRY[cls.id] is not cls:
            raise ValueError(f"detector id {cls.id} is used twice")
        if cls.kind not in KINDS:
            raise ValueError(f"{cls.id}: unknown kind {cls.kind!r}")
        if not (cls.__doc__ or "").strip():
            raise ValueError(f"{cls.id}: a detector's docstring is its documentation")
        unknown = set(cls.html_only) - set(cls.features)
        if unknown:
            raise ValueError(f"{cls.id}: html_only names undeclared features {sorted(unknown)}")
        _REGISTRY[cls.id] = cls

    def detect(self, page: Page) -> tuple[list[Finding], dict[str, float]]:
        raise NotImplementedError

    def run(self, page: Page) -> tuple[list[Finding], dict[str, float]]:
        """detect() plus the contract: every declared feature present, NaN where not applicable."""
        findings, feats = self.detect(page)
        cls = type(self)
        tables = cls.__dict__.get("_tables")
        if tables is None:
            tables = cls._build_tables()
        keys, html_zero, text_zero = tables
        text_mode = not page.is_html
        out = dict(text_zero if text_mode else html_zero)
        for name, v in feats.items():
            key = keys.get(name)
            if key is None:
                extra = sorted(set(feats) - set(keys))
                raise ValueError(f"{self.id} returned undeclared features {extra}")
            if not (text_mode and name in cls.html_only):
                out[key] = float(v)
        return findings, out

    @classmethod
    def _build_tables(cls) -> tuple[dict[str, str], dict[str, float], dict[str, float]]:
        """Per class, once: full feature names, and the all-zero vectors of an HTML and of a
        text record (html_only features NaN), which run() copies and fills."""
        keys = {n: f"{cls.id}.{n}" for n in cls.features}
        html_zero = {k: 0.0 for k in keys.values()}
        text_zero = {k: (math.nan if n in cls.html_only else 0.0) for n, k in keys.items()}
        cls._tables = (keys, html_zero, text_zero)
        return cls._tables

    @classmethod
    def doc(cls) -> str:
        return (cls.__doc__ or "").strip()


_loaded = False


def load_all() -> None:
    """Import every module of this package, so that their detectors register."""
    global _loaded
    if _loaded:
        return
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}")
    _loaded = True


def all_detectors(disabled: frozenset[str] | set[str] = frozenset()) -> list[Detector]:
    """One instance of every registered detector, sorted by id, minus the disabled ids."""
    load_all()
    return [_REGISTRY[i]() for i in sorted(_REGISTRY) if i not in disabled]


def detector_classes() -> list[type[Detector]]:
    load_all()
    return [_REGISTRY[i] for i in sorted(_REGISTRY)]


def feature_names() -> list[str]:
    """The full, ordered feature vector every page yields (model input names)."""
    return [f"{cls.id}.{n}" for cls in detector_classes() for n in cls.features]
