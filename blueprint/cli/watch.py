"""``--watch``: build again whenever the blueprint file changes, one line per build.

Shared by ``blueprint render`` and ``blueprint report``: the command hands :func:`watch` a
``rebuild`` function that writes its outputs and returns what it wrote; the loop times
it and prints ``rebuilt out.html in 0.21 s``, or the error line when the file is broken
at that moment (half-way through an edit), and keeps watching. Ctrl-C ends it normally.

The folder holding the file is watched, not the file itself: editors that save by
writing a new file and renaming it over the old one would otherwise end the watch.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from blueprint.errors import BlueprintError

if TYPE_CHECKING:
    import threading

__all__ = ["build_once", "watch"]


def _stderr(line: str) -> None:
    import click

    click.echo(line, err=True)


def build_once(rebuild: Callable[[], str], lang: str = "en") -> str:
    """Run ``rebuild`` and give the line to print: what it built and how long it took, or the error."""
    import gc

    from blueprint.i18n import t

    start = time.perf_counter()
    try:
        what = rebuild()
    except BlueprintError as exc:
        return f"blueprint: {exc}"
    except OSError as exc:  # the output folder went away, a disk filled up: say so, keep watching
        return f"blueprint: {exc}"
    finally:
        gc.collect()  # the command runs with the cyclic collector off (cli.main): a long watch collects
    return t("watch.rebuilt", lang, what=what, seconds=time.perf_counter() - start)


def watch(
    path: str | os.PathLike[str],
    rebuild: Callable[[], str],
    *,
    lang: str = "en",
    echo: Callable[[str], None] = _stderr,
    stop_event: threading.Event | None = None,
) -> None:
    """Build once, then again after every change to ``path``, until Ctrl-C (or ``stop_event``).

    Each build prints one line through ``echo`` (standard error by default). A change
    that leaves the file missing (an editor between delete and rename) waits for the
    file to come back rather than reporting it gone.
    """
    import watchfiles

    from blueprint.i18n import t

    target = Path(path).resolve()

    def only_target(change: object, changed: str) -> bool:
        return Path(changed).resolve() == target

    try:
        built = _stamp(target)
        echo(build_once(rebuild, lang))
        ready = False
        for changes in watchfiles.watch(
            target.parent,
            watch_filter=only_target,
            recursive=False,
            stop_event=stop_event,
            debounce=400,
            step=50,
            rust_timeout=250,
            yield_on_timeout=True,  # an empty batch first says the watcher is in place
        ):
            changed = bool(changes)
            if not ready:
                ready = True
                echo(t("watch.watching", lang, path=os.fspath(path)))
                # an edit saved before the watcher was in place would otherwise be missed
                changed = changed or _stamp(target) != built
            if changed and target.exists():
                built = _stamp(target)
                echo(build_once(rebuild, lang))
    except KeyboardInterrupt:
        return


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from the next: inode, size, modification time."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)
