"""The JSON Schema of a Verdict row, shipped with the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def verdict_schema() -> dict:
    return json.loads(resources.files(__name__).joinpath("verdict.schema.json").read_text("utf-8"))
