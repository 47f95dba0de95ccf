"""The views the formats of :mod:`blueprint.output.formats` take (besides :class:`FmeaView`).

A view holds what an output shows and how (language, colour, width), so that every format
of a family has the same one-argument signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blueprint.analysis.diff import Diff
    from blueprint.output.graph_text import GraphReport
    from blueprint.rules.checker import FileReport


@dataclass(frozen=True)
class FindingsView:
    """The findings of a ``check`` run."""

    reports: Sequence[FileReport]
    lang: str = "en"
    color: bool = False


@dataclass(frozen=True)
class DiffView:
    """The risk change between two versions."""

    diff: Diff
    lang: str = "en"
    color: bool = False
    width: int = 100


@dataclass(frozen=True)
class GraphView:
    """The graph analyses of one blueprint, for ``blueprint graph``."""

    report: GraphReport
    file: str
    lang: str = "en"
    color: bool = False
