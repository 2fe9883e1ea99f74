"""Command line: thin wrappers that parse options and call the library.

Results go to stdout (or ``-o``); logs and errors go to stderr, one line each; tracebacks
only with ``--debug``. Exit codes: 0 ran and nothing reached ``--fail-on``; 1 something
did; 2 usage or input error (nothing scanned); 3 finished but some rows are errors
(1 wins over 3).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Optional

import typer

from detector import __version__
from detector.records import Record, mode_for_filename
from detector.terminal import inert, inert_json
from detector.verdict import LEVELS, Verdict, is_skip, level_rank

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find web pages that attackers tampered with, and say how sure and why.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FLAGGED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    typer.echo(f"detector: error: {inert(message)}", err=True)
    raise typer.Exit(code)


class _InertFormatter(logging.Formatter):
    """Log lines name files, shard keys and record ids (attacker-chosen text): print them inert."""

    def format(self, record: logging.LogRecord) -> str:
        return inert(super().format(record))


def _setup_logging(debug: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_InertFormatter("detector: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, handlers=[handler])
    if not debug:
        warnings.filterwarnings("ignore")


def _looks_like_url(arg: str) -> bool:
    low = arg.lower()
    return low.startswith(("http://", "https://", "ftp://", "www."))


def parse_fail_on(value: str) -> int | None:
    """--fail-on LEVEL|never -> rank threshold (None for never)."""
    v = value.strip().lower()
    if v == "never":
        return None
    if v not in LEVELS:
        raise typer.BadParameter(f"expected one of {', '.join(LEVELS)} or never, got {value!r}")
    return level_rank(v)


def exit_code_for(verdicts: list[Verdict], fail_rank: int | None) -> int:
    """1 if any verdict reaches --fail-on, else 3 if any row is an error (config skips aside), else 0."""
    if fail_rank is not None and any(level_rank(v.level) >= fail_rank for v in verdicts if v.score is not None):
        return EXIT_FLAGGED
    if any(v.error and not is_skip(v) for v in verdicts):
        return EXIT_PARTIAL
    return EXIT_OK


def load_config(config: str | None):
    """Settings for this run (see detector/config.py); a bad file is a usage error."""
    from detector.config import ConfigError, load_settings

    try:
        return load_settings(config)
    except ConfigError as exc:
        _fail(str(exc))


def _read_input(path: str, mode: str | None, url: str | None) -> Record:
    if path == "-":
        data = sys.stdin.buffer.read()
        return Record(id="-", content=data, url=url, mode=mode)
    p = Path(path)
    if not p.exists():
        if _looks_like_url(path):
            _fail(f"{path} is a web address: detector scans saved pages and never fetches anything. "
                  f"Save the page first (for example: curl -o page.html '{path}') and scan the file.")
        _fail(f"{path}: no such file")
    if p.is_dir():
        _fail(f"{path} is a directory: use 'detector batch {path} -o results.jsonl' for many pages")
    try:
        data = p.read_bytes()
    except OSError as exc:
        _fail(f"{path}: cannot read: {exc.strerror or exc}")
    return Record(id=Path(path).as_posix(), content=data, url=url, mode=mode or mode_for_filename(path))


def render_text(v: Verdict) -> str:
    """A human-readable verdict; every attacker-controlled string is made inert."""
    lines = []
    if v.error:
        lines.append(f"{inert(v.id)}: ERROR {inert(v.error)}")
        return "\n".join(lines)
    flag = "FLAGGED" if v.flagged else "not flagged"
    lines.append(f"{inert(v.id)}")
    lines.append(f"  risk {v.score:.2f}  level {v.level}  ({flag} at threshold {v.threshold:.2f})")
    lines.append(f"  mode {v.input_mode}  url {inert(v.url or '-')}"
                 + ("  [truncated]" if v.truncated else ""))
    lines.append(f"  model {v.model.get('name', '?')} {v.model.get('hash', '')}")
    if not v.findings:
        lines.append("  no findings")
    for f in v.findings:
        lines.append(f"  [{f.id}] {f.kind}  severity={f.severity} confidence={f.confidence}")
        lines.append(f"      {inert(f.message, 300)}")
        ev = f.evidence
        for key in ("snippet", "url", "domain", "hiding", "where", "offset", "count", "more_not_shown"):
            if key in ev and ev[key] not in (None, ""):
                lines.append(f"      {key}: {inert(ev[key], 320)}")
    return "\n".join(lines)


@app.command()
def scan(
    path: str = typer.Argument(..., help="A saved page (HTML or extracted text), or - for stdin."),
    html: bool = typer.Option(False, "--html", help="Treat the input as HTML."),
    text: bool = typer.Option(False, "--text", help="Treat the input as extracted text (WET-style)."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's address (never fetched)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Flag at this risk (default: the model's)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 at this level or above, or 'never' (default: high)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help="Scan the first and last half of larger pages (default 8 MB)."),
    config: Optional[str] = typer.Option(None, "--config", help="A detector.toml or pyproject.toml with [tool.detector]."),
    explain: bool = typer.Option(False, "--explain", help="Show how much each feature and finding moved the risk."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
) -> None:
    """Scan one saved page and print its risk and the evidence."""
    _setup_logging(debug)
    settings = load_config(config)
    fail_on = fail_on or settings.fail_on or "high"
    max_bytes = max_bytes if max_bytes is not None else settings.max_bytes or 8 * 1024 * 1024
    if html and text:
        _fail("--html and --text are exclusive")
    if fmt not in ("text", "json"):
        _fail(f"--format must be text or json, not {fmt!r}")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        _fail("--threshold must be between 0 and 1")
    try:
        fail_rank = parse_fail_on(fail_on)
    except typer.BadParameter as exc:
        _fail(str(exc))
    mode = "html" if html else "text" if text else None
    record = _read_input(path, mode, url)
    from detector.scan import scan_page

    try:
        verdict = scan_page(record, threshold=threshold, max_bytes=max_bytes, settings=settings,
                            keep_features=explain)
    except Exception as exc:  # a defect in the tool, not in the page
        if debug:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)")
    explanation = _explain(verdict) if explain else None
    if fmt == "json":
        row = verdict.to_dict()
        if explanation is not None:
            row["explanation"] = explanation
        sys.stdout.write(inert_json(row) + "\n")
    else:
        sys.stdout.write(render_text(verdict) + "\n")
        if explanation is not None:
            sys.stdout.write(render_explanation(explanation) + "\n")
    raise typer.Exit(exit_code_for([verdict], fail_rank))


def _explain(verdict: Verdict) -> dict | None:
    """Exact contributions of each feature (and the findings behind it) to this page's risk."""
    if verdict.features is None:
        return None
    from detector.explain import explain_verdict

    return explain_verdict(verdict)


def render_explanation(exp: dict) -> str:
    if exp.get("method", "").startswith("noisy"):
        lines = [f"  explanation ({exp['method']}): risk = 1 - prod(1 - weight)"]
    else:
        lines = [f"  explanation ({exp.get('method', '?')}): base logit for this input mode "
                 f"{exp.get('base', 0.0):+.3f} + contributions = page logit {exp.get('logit', 0.0):+.3f}"]
    if exp.get("by_finding"):
        lines.append("  by finding (its own features plus its share of the findings-derived ones):")
        for f in exp["by_finding"]:
            lines.append(f"    {f['contribution']:+.3f}  {f['id']} {f['kind']}: {inert(f['message'], 160)}")
        lines.append("  by feature (features this record cannot have are in the base):")
    for c in exp.get("contributions", [])[:12]:
        value = "" if c.get("value") is None else f" = {c['value']}"
        lines.append(f"    {c['contribution']:+.3f}  {inert(c['feature'])}{value}"
                     + (f"  <- {', '.join(c['findings'])}" if c.get("findings") else ""))
    if exp.get("look_first"):
        lines.append(f"  look first at: {inert(exp['look_first'], 300)}")
    if exp.get("capped"):
        lines.append(f"  no detector made a finding: the risk is capped at {exp['score']:.4f} (evidence first), "
                     "whatever the logit above")
    return "\n".join(lines)


@app.command("detectors")
def list_detectors(
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
) -> None:
    """List every detector id with its documentation."""
    from detector.detectors import detector_classes

    classes = detector_classes()
    if fmt == "json":
        rows = [{"id": c.id, "name": c.name, "kind": c.kind, "features": list(c.features), "doc": c.doc()}
                for c in classes]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    for c in classes:
        sys.stdout.write(f"{c.id}  {c.name}  ({c.kind})\n")
        for line in c.doc().splitlines():
            sys.stdout.write(f"    {line.strip()}\n" if line.strip() else "\n")
        sys.stdout.write("\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a verdict row (the --format json and batch output)."""
    from detector.schema import verdict_schema

    sys.stdout.write(json.dumps(verdict_schema(), indent=2) + "\n")


@app.command()
def version() -> None:
    """Print the tool version."""
    sys.stdout.write(f"detector {__version__}\n")


# Commands that live with their subsystem: each module has `register(app)`.
COMMAND_MODULES = ("detector.batch.cli", "detector.training.cli", "detector.report.cli")


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that subsystem is not part of this build yet
            raise
        mod.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app(prog_name="detector")


if __name__ == "__main__":
    main()
