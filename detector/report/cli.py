"""`detector sites` and `detector report`: views over batch results for people."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from detector.report.results import ReadStats, ResultsError, iter_rows
from detector.report.sites import BY_CHOICES, SCOPE_NOTE, SORT_CHOICES

RESULTS_HELP = ("Batch results: .jsonl, .jsonl.gz, .csv or .parquet files, or a batch output folder "
                "(its **/*.jsonl, without .state/ and .partial/); - reads JSONL from stdin.")


def _cli():
    from detector import cli  # imported lazily: detector.cli imports this module while it loads

    return cli


def _read_warning(stats: ReadStats) -> None:
    if stats.unreadable:
        from detector.terminal import inert

        typer.echo(f"detector: warning: {stats.unreadable} input line(s) could not be read and were skipped "
                   f"(first: {inert(stats.first_unreadable or '', 300)})", err=True)


def _write_output(path: str, text: str) -> None:
    if path == "-":
        sys.stdout.write(text)
        return
    out = Path(path)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)


def _short(text: object, limit: int) -> str:
    from detector.terminal import inert

    return inert(" ".join(str(text).split()), limit)


def _print_sites_table(rows: list[dict], by: str, total_sites: int, stats: ReadStats) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(markup=False, highlight=False, emoji=False, soft_wrap=False,
                      width=None if sys.stdout.isatty() else 160)
    head = (f"{len(rows)} of {total_sites} sites by {'host' if by == 'host' else 'registered domain'}, "
            f"from {stats.rows} rows in {len(stats.files)} file(s). {SCOPE_NOTE}")
    console.print(Text(head))
    if not rows:
        console.print(Text("no sites to show"))
        return
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, header_style="bold", pad_edge=False, expand=False)
    for name, kw in (("site", {"overflow": "fold", "max_width": 40}), ("pages", {"justify": "right"}),
                     ("flagged", {"justify": "right"}), ("errors", {"justify": "right"}),
                     ("max", {"justify": "right"}), ("mean", {"justify": "right"}),
                     ("first", {"no_wrap": True}), ("last", {"no_wrap": True}),
                     ("strongest evidence (riskiest capture)", {"overflow": "fold", "min_width": 30})):
        table.add_column(name, **kw)

    def score(v):
        return "-" if v is None else f"{v:.2f}"

    for r in rows:
        ev_lines = []
        for f in r["evidence"][:1]:
            ev_lines.append(f"{f['id']} {f['kind']}: {_short(f['message'], 110)}")
            if f.get("snippet"):
                ev_lines.append(f"  \u201c{_short(f['snippet'], 90)}\u201d")
            if f.get("url"):
                ev_lines.append(f"  link {_short(f['url'], 90)}")
        if r["riskiest"] and ev_lines:
            ev_lines.append(f"  on {_short(r['riskiest']['url'] or r['riskiest']['id'], 90)}")
        ev_lines.append("")
        table.add_row(
            Text(_short(r["site"], 200)), Text(str(r["pages"])), Text(str(r["flagged"])), Text(str(r["errors"])),
            Text(score(r["max_score"]) + (f" {r['max_level']}" if r["max_score"] is not None else "")),
            Text(score(r["mean_score"])),
            Text((r["first_date"] or "-")[:10]), Text((r["last_date"] or "-")[:10]),
            Text("\n".join(ev_lines) or ("errors only" if r["errors"] == r["pages"] else "no findings")),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("sites")
    def sites_cmd(
        results: List[str] = typer.Argument(..., help=RESULTS_HELP),
        by: str = typer.Option("domain", "--by", help="Group by registered 'domain' (private suffixes on: "
                                                       "blogspot/github.io blogs are separate sites) or by 'host'."),
        sort: str = typer.Option("flagged", "--sort", help="flagged, max, mean or pages (descending)."),
        min_flagged: int = typer.Option(0, "--min-flagged", help="Only sites with at least this many flagged pages."),
        top: Optional[int] = typer.Option(None, "--top", help="Only the first N sites after sorting."),
        output: Optional[str] = typer.Option(None, "--output", "-o",
                                             help="Write JSONL (.jsonl) or CSV (.csv) instead of a table; - for "
                                                  "JSONL on stdout."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
    ) -> None:
        """Roll batch results up per site: pages, flagged, errors, highest and mean risk, capture dates, evidence.

        A verdict is about the captures scanned, on their capture dates (first and last shown),
        never about a domain for ever.
        """
        cli = _cli()
        cli._setup_logging(debug)
        from detector.report.sites import roll_up, select_sites, to_csv, to_jsonl

        if by not in BY_CHOICES:
            cli._fail(f"--by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
        if sort not in SORT_CHOICES:
            cli._fail(f"--sort must be one of {', '.join(SORT_CHOICES)}, not {sort!r}")
        if top is not None and top < 0:
            cli._fail("--top must be 0 or more")
        if output not in (None, "-") and not output.lower().endswith((".jsonl", ".csv")):
            cli._fail(f"-o {output}: the file name must end in .jsonl or .csv")
        stats = ReadStats()
        try:
            sites = roll_up(iter_rows(results, stats), by=by)
        except ResultsError as exc:
            cli._fail(str(exc))
        except Exception as exc:
            if debug:
                raise
            cli._fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)")
        chosen = select_sites(sites, sort=sort, min_flagged=min_flagged, top=top)
        rows = [s.to_dict() for s in chosen]
        _read_warning(stats)
        if output is None:
            _print_sites_table(rows, by, len(sites), stats)
        elif output.lower().endswith(".csv"):
            _write_output(output, to_csv(rows))
        else:
            _write_output(output, to_jsonl(rows))

    @app.command("report")
    def report_cmd(
        results: List[str] = typer.Argument(..., help=RESULTS_HELP),
        output: str = typer.Option(..., "--output", "-o", help="The HTML file to write (- for stdout)."),
        title: str = typer.Option("SEO injection report", "--title", help="Title of the report."),
        by: str = typer.Option("domain", "--by", help="Group sites by registered 'domain' or by 'host'."),
        max_pages: int = typer.Option(5000, "--max-pages",
                                      help="Embed at most this many page rows (flagged first, then the riskiest)."),
        max_flagged: int = typer.Option(20000, "--max-flagged",
                                        help="Embed at most this many flagged pages (the riskiest), even beyond "
                                             "--max-pages."),
        max_sites: int = typer.Option(2000, "--max-sites", help="Embed at most this many sites."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
    ) -> None:
        """Write one self-contained HTML report (no remote assets) over batch results.

        Totals, a risk histogram, the flagged share per detector, and the riskiest sites and pages
        with their evidence, sortable and filterable; the view is kept in the URL fragment
        (#sort=score&dir=desc&level=high,critical&q=casino&cat=...&det=...&flagged=1) so that
        it can be shared. Evidence is shown as inert text.
        """
        cli = _cli()
        cli._setup_logging(debug)
        from detector.report.html import ReportBuilder

        if by not in BY_CHOICES:
            cli._fail(f"--by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
        if min(max_pages, max_flagged, max_sites) < 0:
            cli._fail("--max-pages, --max-flagged and --max-sites must be 0 or more")
        if output != "-" and Path(output).is_dir():
            cli._fail(f"-o {output} is a folder: give the HTML file to write")
        stats = ReadStats()
        builder = ReportBuilder(max_pages=max_pages, max_flagged=max_flagged, max_sites=max_sites, by=by)
        try:
            builder.add_all(iter_rows(results, stats))
            html = builder.render(title=title, stats=stats)
        except ResultsError as exc:
            cli._fail(str(exc))
        except Exception as exc:
            if debug:
                raise
            cli._fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)")
        from detector.terminal import inert

        _read_warning(stats)
        _write_output(output, html)
        if output != "-":
            typer.echo(f"detector: wrote {inert(output)}: {builder.rows} rows, {builder.flagged} flagged, "
                       f"{builder.errors} errors", err=True)
