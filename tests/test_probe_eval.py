"""scripts/probe_eval.py: counts per label and mode, and --counts-only keeps a reserve unread."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import REPO


def _probe_eval():
    spec = importlib.util.spec_from_file_location("probe_eval", REPO / "scripts" / "probe_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _probe_set(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a_leak.txt").write_text(
        "Fresh flowers delivered in Zwolle\nWarning: include(/home/bloemen/public_html/inc/menu.php): failed to open "
        "stream: No such file or directory in /home/bloemen/public_html/index.php on line 12\nOrder before 2 pm.\n",
        encoding="utf-8")
    (pages / "b_recipe.txt").write_text("Lemon cake\nBeat the butter and sugar, add the eggs one by one.\n",
                                        encoding="utf-8")
    (tmp_path / "labels.tsv").write_text(
        "file\tlabel\tmode\tkind\turl\tnote\n"
        "pages/a_leak.txt\t1\ttext\tserver_error\t\ta florist's page printing a PHP warning\n"
        "pages/b_recipe.txt\t0\ttext\tspam_text\t\ta recipe\n", encoding="utf-8")
    return tmp_path


def test_counts_only_lists_no_page(tmp_path, capsys):
    probes = _probe_set(tmp_path)
    assert _probe_eval().main(["--probes", str(probes), "--counts-only"]) == 0
    out = capsys.readouterr().out
    assert "1 / text" in out and "0 / text" in out
    assert "a_leak" not in out and "b_recipe" not in out  # nothing that names a page


def test_full_report_lists_the_misses_and_false_positives(tmp_path, capsys):
    probes = _probe_set(tmp_path)
    assert _probe_eval().main(["--probes", str(probes)]) == 0
    out = capsys.readouterr().out
    assert "false positives (" in out and "misses (" in out
    assert "recall 100.0%" in out  # the leak is found
