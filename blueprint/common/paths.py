"""How paths are shown to people."""

from __future__ import annotations

import os


def display_path(path: str) -> str:
    """A path as findings show it: relative to the working folder when inside it."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:
        return path
    return absolute if rel.startswith("..") else rel.replace(os.sep, "/")
