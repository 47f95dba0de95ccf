"""Render options shared by the DOT and Mermaid writers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.render.theme import DEFAULT_FONT
from blueprint.vocabulary import RENDER_FORMATS

if TYPE_CHECKING:
    from blueprint.render.layout import Diagram

FORMATS = RENDER_FORMATS
"""Every output format; the first three need the Graphviz ``dot`` program."""

GRAPHVIZ_FORMATS = ("svg", "png", "pdf")
TEXT_FORMATS = ("svg", "dot", "mermaid")
LABELS = ("ap", "rpn", "none")

SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid"}
EXTENSIONS = {"svg": ".svg", "png": ".png", "pdf": ".pdf", "dot": ".dot", "mermaid": ".mmd"}


@dataclass(frozen=True)
class RenderOptions:
    """How to draw: format, look, risk layer, filters and language."""

    fmt: str = "svg"
    theme: str = "light"
    font: str = DEFAULT_FONT
    risk: bool = True
    label: str = "ap"
    phases: tuple[str, ...] = ()
    lanes: tuple[str, ...] = ()
    lang: str = "en"
    dpi: int = 144
    mermaid: str = "flowchart"  # flowchart | swimlane (Mermaid 11.16's swimlane-beta)
    fit: str = "none"  # none | slide | a4 | a3: lay out for that page, text 10 pt or more
    callouts: bool = False  # list the numbered failures beside the title
    date: str | None = None  # the date in the title block, over the file's meta.date
    part: str = ""  # what a page of a split diagram holds ("page 1 of 2: …")


@dataclass(frozen=True)
class Drawing:
    """What a diagram format writes: the laid-out diagram and how to draw it."""

    diagram: Diagram
    options: RenderOptions
