"""The core of ``blueprint check``: find the files, load each, run the rules."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from blueprint.common.paths import display_path
from blueprint.errors import BlueprintError
from blueprint.findings import Finding, Severity
from blueprint.rules import Options, run_rules

PATTERN = "*.blueprint.yaml"
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


@dataclass
class FileReport:
    """The outcome for one file."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False
    language: str | None = None
    #: the shared files it includes (their findings are theirs: checked once, as files of their own)
    includes: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def collect(paths: Iterable[str], exclude: Iterable[str] = (), base: str | None = None) -> list[str]:
    """Files to check: each file named, and every ``*.blueprint.yaml`` below each folder.

    Folders are walked in sorted order; ``exclude`` holds glob patterns matched against
    the display path, each path component and, when ``base`` is given (the folder of the
    configuration file), the path relative to ``base``.
    """
    # each pattern compiled once (fnmatch caches only so many, and calls Python per match)
    matchers = [re.compile(fnmatch.translate(os.path.normcase(pat))).match for pat in exclude]

    def excluded(p: str) -> bool:
        if not matchers:
            return False
        shown = display_path(p)
        forms = [shown, *shown.split("/")]
        if base is not None:
            rel = os.path.relpath(os.path.abspath(p), os.path.abspath(base)).replace(os.sep, "/")
            if not rel.startswith(".."):
                forms.append(rel)
        forms = [os.path.normcase(form) for form in forms]
        return any(match(form) for match in matchers for form in forms)

    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs if d not in _SKIP_DIRS and not excluded(os.path.join(root, d))
                )
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if fnmatch.fnmatch(name, PATTERN) and not excluded(full):
                        found.append(full)
        elif not excluded(path):
            found.append(path)
    seen: set[str] = set()
    unique = []
    for p in found:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def unreadable_finding(exc: BlueprintError, path: str) -> Finding:
    return Finding(
        exc.path or path,
        exc.line or 1,
        exc.col or 1,
        "BP000",
        Severity.ERROR,
        exc.message,
        "unreadable",
        "unreadable",
        msg_key=exc.msg.key if exc.msg is not None else "",
        params=exc.msg.params if exc.msg is not None else (),
    )


def check_file(path: str, options: Options) -> FileReport:
    """Load one file and run every enabled rule on it."""
    from blueprint.load.loader import load_file

    shown = display_path(path)
    try:
        loaded = load_file(path, shown)
    except BlueprintError as exc:
        return FileReport(shown, [unreadable_finding(exc, shown)], unreadable=True)
    from blueprint.rules import suppress

    language = loaded.blueprint.chrome_language if loaded.blueprint else None
    findings = suppress.apply(run_rules(loaded, options), suppress.parse(loaded.source.text))
    return FileReport(shown, findings, language=language, includes=tuple(sf.path for sf in loaded.shared))


#: below this many files, starting worker processes costs more than it saves
PARALLEL_MIN_FILES = 16


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def check_files(paths: list[str], options: Options, jobs: int = 1) -> Iterator[FileReport]:
    """The report of each file, in the order of ``paths``, as soon as it is ready, then
    that of each shared file they include that ``paths`` does not name (once each).

    A shared file's findings are reported once, at its own lines, however many journeys
    include it. Files are checked in parallel worker processes when that helps; the
    order is the same with ``--jobs 1`` and ``--jobs 8``, so the output is too.
    """
    seen = {os.path.realpath(p) for p in paths}
    more: list[str] = []
    for report in _check_named(paths, options, jobs):
        yield report
        for included in report.includes:
            if os.path.realpath(included) not in seen:
                seen.add(os.path.realpath(included))
                more.append(included)
    for path in more:
        yield check_file(path, options)


def _check_named(paths: list[str], options: Options, jobs: int) -> Iterator[FileReport]:
    """The report of each file of ``paths``, in order, checked in parallel when that helps."""
    # more workers than CPUs only adds processes to start (a huge --jobs would fork thousands)
    workers = min(jobs, len(paths), default_jobs())
    if workers < 2 or len(paths) < PARALLEL_MIN_FILES:
        for path in paths:
            yield check_file(path, options)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    from multiprocessing import get_all_start_methods, get_context

    # fork starts workers with everything already imported; elsewhere use the default
    context = get_context("fork") if "fork" in get_all_start_methods() else None
    chunk = max(1, len(paths) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(partial(check_file, options=options), paths, chunksize=chunk)
