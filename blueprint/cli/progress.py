"""A progress line on standard error, for work long enough to wonder about.

::

    from blueprint.cli.progress import progress

    with progress(len(files), t("progress.check", lang)) as bar:
        for path in files:
            ...
            bar.advance()

The line appears only when standard error is a terminal and only once the work has
taken about a second (short runs stay silent); it is one line, redrawn in place, and
erased when the work ends, whether it ends well or not. Nothing is ever written to
standard output, so machine formats and pipes are unaffected.

The line is redrawn when the work advances. Work that waits in one long call (``dot``
laying out a large diagram) passes ``background=True``: a thread then redraws the line
with the seconds elapsed while the call runs. Leave it off around worker processes
started by fork.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

#: seconds of work before the line appears
DELAY = 1.0
#: the least time between two redraws, so a fast loop does not spend its time drawing
INTERVAL = 0.1


class Progress:
    """The state of one progress line; ``advance`` as work gets done."""

    def __init__(
        self,
        total: int | None,
        label: str,
        stream: TextIO | None,
        clock: Callable[[], float] = time.monotonic,
        delay: float = DELAY,
    ) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self._stream = stream
        self._clock = clock
        self._start = clock()
        self._delay = delay
        self._drawn_at: float | None = None
        self._width = 0
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        """Whether a line can be drawn at all (standard error is a terminal)."""
        return self._stream is not None

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more units of work done, and redraw when it is time."""
        self.done += n
        self._maybe_draw()

    def set_label(self, label: str) -> None:
        """Say what is being done now (a stage of the work), and redraw when it is time."""
        self.label = label
        self._maybe_draw()

    def _maybe_draw(self) -> None:
        if self._stream is None:
            return
        with self._lock:
            now = self._clock()
            if now - self._start < self._delay:
                return
            if self._drawn_at is not None and now - self._drawn_at < INTERVAL:
                return
            self._drawn_at = now
            self._draw(self.line(now))

    def line(self, now: float | None = None) -> str:
        """The text of the line: ``label 120/5000 (2%)``, or ``label 12s`` without a total."""
        if not self.total:
            elapsed = int((self._clock() if now is None else now) - self._start)
            return f"{self.label} {elapsed}s"
        pct = min(100, self.done * 100 // self.total)
        return f"{self.label} {self.done}/{self.total} ({pct}%)"

    def _draw(self, text: str) -> None:
        assert self._stream is not None
        import shutil

        # one column short of the width: a full-width line wraps on some terminals
        room = max(10, shutil.get_terminal_size((80, 24)).columns - 1)
        from blueprint.output.columns import clip, display_width

        if display_width(text) > room:
            text = clip(text, room)
        width = display_width(text)
        pad = " " * max(0, self._width - width)
        self._stream.write("\r" + text + pad)
        self._stream.flush()
        self._width = width

    def clear(self) -> None:
        """Erase the line, if one was drawn."""
        with self._lock:
            if self._stream is not None and self._width:
                self._stream.write("\r" + " " * self._width + "\r")
                self._stream.flush()
                self._width = 0

    def _redraw_until(self, stop: threading.Event) -> None:
        while not stop.wait(INTERVAL):
            self._maybe_draw()


def _terminal_stderr() -> TextIO | None:
    stream = sys.stderr
    isatty = getattr(stream, "isatty", None)
    return stream if isatty is not None and isatty() else None


@contextmanager
def progress(
    total: int | None,
    label: str,
    *,
    stream: TextIO | None = None,
    clock: Callable[[], float] = time.monotonic,
    delay: float = DELAY,
    background: bool = False,
) -> Iterator[Progress]:
    """A progress line for ``total`` units of work (None: unknown) labelled ``label``.

    ``stream`` defaults to standard error when it is a terminal, else nothing is drawn.
    ``background`` redraws the line from a thread, for work that waits in long calls.
    """
    bar = Progress(total, label, stream if stream is not None else _terminal_stderr(), clock, delay)
    stop = threading.Event()
    thread = None
    if background and bar.active:
        thread = threading.Thread(target=bar._redraw_until, args=(stop,), daemon=True)
        thread.start()
    try:
        yield bar
    finally:
        stop.set()
        if thread is not None:
            thread.join()
        bar.clear()
