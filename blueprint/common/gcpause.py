"""Pausing the cyclic garbage collector around work that allocates a large acyclic heap."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (and restore it after, however we leave).

    Loading a blueprint allocates millions of small containers and no cycles: the
    collector would rescan them again and again, about half of the time on large files,
    and free nothing that reference counting does not.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
