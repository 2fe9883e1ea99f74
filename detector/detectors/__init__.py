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
        out: dict[str, float] = {}
        text_mode = not page.is_html
        for name in self.features:
            if text_mode and name in self.html_only:
                out[f"{self.id}.{name}"] = math.nan
            else:
                v = feats.get(name, 0.0)
                out[f"{self.id}.{name}"] = float(v)
        extra = set(feats) - set(self.features)
        if extra:
            raise ValueError(f"{self.id} returned undeclared features {sorted(extra)}")
        return findings, out

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
