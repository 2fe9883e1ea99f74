"""Planning: command-line inputs -> an ordered list of shards.

A shard is one container file (JSONL, WARC, WET) or up to ``files_per_shard`` loose page
files of one folder, in sorted order. Each shard has a ``key``: its output path relative to
the output folder, without the ``.jsonl`` suffix -- the input path relative to its argument,
extensions kept (``sub/a.warc.gz``), or ``<folder rel>/files-<k>`` for loose files.

Row ids use the path *as reached from the argument* (``pages/x/a.html`` when the argument
was ``pages``), POSIX separators, never made absolute. Planning reads no page bytes: only
directory listings, ``*.paths`` lists, and the first bytes of files whose extension does
not tell their kind.
"""

from __future__ import annotations

import glob
import os
import posixpath
from dataclasses import dataclass, field

from detector.batch.readers import detect_kind, read_paths_list

DEFAULT_FILES_PER_SHARD = 100
_GLOB_CHARS = set("*?[")


class InputError(Exception):
    """An input argument that cannot be used (exit code 2, nothing scanned)."""


@dataclass(slots=True)
class Shard:
    key: str  # output rel without ".jsonl" (unique within a run)
    kind: str  # "files" | "jsonl" | "warc" | "auto"
    paths: list[str]  # filesystem paths to open
    ids: list[str]  # row ids (files) or the display name (containers)
    known_records: int | None = None  # exact record count when known in advance (loose files)

    @property
    def display(self) -> str:
        return self.ids[0] if self.kind != "files" else posixpath.dirname(self.ids[0]) or "."

    def to_dict(self) -> dict:
        return {"key": self.key, "kind": self.kind, "paths": self.paths, "ids": self.ids,
                "known_records": self.known_records}

    @classmethod
    def from_dict(cls, d: dict) -> "Shard":
        return cls(d["key"], d["kind"], list(d["paths"]), list(d["ids"]), d.get("known_records"))


@dataclass(slots=True)
class _Entry:
    path: str  # filesystem path
    shown: str  # path as reached from the argument (POSIX)
    rel: str  # path relative to the argument (POSIX), used for output names


@dataclass
class Plan:
    shards: list[Shard] = field(default_factory=list)
    stdin: bool = False

    @property
    def known_total(self) -> int | None:
        if not self.shards or any(s.known_records is None for s in self.shards):
            return None if self.shards else 0
        return sum(s.known_records for s in self.shards)


def _posix(p: str) -> str:
    return p.replace(os.sep, "/") if os.sep != "/" else p


def _walk(root: str, exclude: frozenset[str] = frozenset()) -> list[_Entry]:
    """Every regular file under root, sorted; hidden files and folders and `exclude` skipped."""
    out: list[_Entry] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and os.path.realpath(os.path.join(dirpath, d)) not in exclude)
        rel_dir = os.path.relpath(dirpath, root)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = os.path.join(dirpath, name)
            if exclude and os.path.realpath(full) in exclude:
                continue
            rel = name if rel_dir == "." else os.path.join(rel_dir, name)
            out.append(_Entry(full, _posix(os.path.join(root, rel)) if root != "." else _posix(rel), _posix(rel)))
    # os.walk yields a folder's files before its subfolders; sort by path parts for a stable order
    out.sort(key=lambda e: e.rel.split("/"))
    return out


def _glob_base(pattern: str) -> str:
    parts = _posix(pattern).split("/")
    base = []
    for part in parts:
        if _GLOB_CHARS & set(part):
            break
        base.append(part)
    return "/".join(base) or "."


def safe_key(key: str) -> str:
    """An output name that stays inside the output folder (no absolute path, no '..')."""
    parts = [p for p in posixpath.normpath("/" + key).split("/") if p not in ("", ".")]
    return "/".join("__" if p == ".." else p for p in parts) or "_"


def _expand(arg: str, exclude: frozenset[str] = frozenset()) -> tuple[list[_Entry], bool]:
    """Entries of one argument (files, folders, globs, *.paths lists); (entries, is_directory)."""
    if os.path.isdir(arg):
        return _walk(arg, exclude), True
    if os.path.exists(arg):
        if detect_kind(arg) == "paths":
            return _expand_list(arg), True
        return [_Entry(arg, _posix(arg), posixpath.basename(_posix(arg)))], False
    if _GLOB_CHARS & set(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            raise InputError(f"{arg}: no file matches this pattern")
        base = _glob_base(arg)
        out = []
        for m in matches:
            if os.path.isdir(m):
                continue
            rel = posixpath.relpath(_posix(m), base) if base != "." else _posix(m)
            out.append(_Entry(m, _posix(m), rel))
        return out, True
    raise InputError(f"{arg}: no such file or directory")


def _expand_list(list_path: str) -> list[_Entry]:
    base = os.path.dirname(list_path)
    out = []
    for line in read_paths_list(list_path):
        if "://" in line:
            raise InputError(f"{list_path}: {line} is a remote address: detector never fetches anything; "
                             "download the files and list local paths")
        path = line if os.path.isabs(line) else os.path.join(base, line)
        rel = line.lstrip("/")
        out.append(_Entry(path, _posix(path), _posix(rel)))
    return out


def plan_inputs(args: list[str], *, files_per_shard: int = DEFAULT_FILES_PER_SHARD,
                stdin_path: str | None = None, exclude: list[str] | None = None) -> Plan:
    """Expand arguments into shards, in argument order; raises InputError for a missing path.

    `exclude`: paths never read from a folder argument (the output itself, --write-flagged).
    """
    plan = Plan()
    used: set[str] = set()
    files_per_shard = max(1, files_per_shard)
    skip = frozenset(os.path.realpath(p) for p in exclude or ())

    def unique(key: str) -> str:
        key = safe_key(key)
        k, n = key, 1
        while k in used:
            n += 1
            k = f"{key}~{n}"
        used.add(k)
        return k

    loose_args: list[_Entry] = []  # loose files given directly on the command line
    loose_k = [0]

    def flush_loose_args() -> None:
        for i in range(0, len(loose_args), files_per_shard):
            group = loose_args[i : i + files_per_shard]
            plan.shards.append(Shard(unique(f"files-{loose_k[0]}"), "files", [e.path for e in group],
                                     [e.shown for e in group], len(group)))
            loose_k[0] += 1
        loose_args.clear()

    for arg in args:
        if arg == "-":
            if stdin_path is None:
                raise InputError("- (stdin) given but no stdin spool")
            flush_loose_args()
            plan.stdin = True
            plan.shards.append(Shard(unique("stdin"), "auto", [stdin_path], ["-"], None))
            continue
        entries, is_dir = _expand(arg, skip)
        if not is_dir:
            e = entries[0]
            kind = detect_kind(e.path)
            if kind in ("page",):
                loose_args.append(e)
                continue
            flush_loose_args()
            plan.shards.append(Shard(unique(e.rel), kind, [e.path], [e.shown], None))
            continue
        flush_loose_args()
        groups: dict[str, list[_Entry]] = {}
        order: list[tuple[str, object]] = []
        for e in entries:
            kind = detect_kind(e.path)
            if kind == "paths":
                continue  # a list inside a folder is not followed (only lists given as arguments)
            if kind == "page":
                folder = posixpath.dirname(e.rel)
                if folder not in groups:
                    groups[folder] = []
                    order.append(("files", folder))
                groups[folder].append(e)
            else:
                order.append((kind, e))
        for kind, what in order:
            if kind == "files":
                files = groups[what]
                for k, i in enumerate(range(0, len(files), files_per_shard)):
                    group = files[i : i + files_per_shard]
                    key = posixpath.join(what, f"files-{k}") if what else f"files-{k}"
                    plan.shards.append(Shard(unique(key), "files", [g.path for g in group],
                                             [g.shown for g in group], len(group)))
            else:
                plan.shards.append(Shard(unique(what.rel), kind, [what.path], [what.shown], None))
    flush_loose_args()
    return plan
