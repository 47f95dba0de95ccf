"""Type sizes of a diagram: today's screen sizes, and the ones for a page (``--fit``).

On a page nothing is shrunk: ``--fit`` draws every text at 10 pt or more and splits
the journey by phase when the drawing would not fit the page at that size.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points for each kind of text."""

    title: float = 11  # a step's title
    small: float = 8.5  # actor and channel, felt mark, line names
    badge: float = 9  # the AP chip, wait mark, legend
    lane: float = 11
    header: float = 12  # phase titles
    heading: float = 18  # the diagram's title
    sub: float = 10  # scenario and facts under the title
    emotion: float = 7.5
    evidence: float = 9
    mark: float = 10  # the fail-point mark and its F-numbers
    step_width: int = 168  # points: 14 full-width characters at 11 pt, plus padding
    label_width: int = 96  # the lane-label column

    @property
    def node_width(self) -> int:
        return self.step_width + 8

    @property
    def least(self) -> float:
        """The smallest text drawn with these sizes."""
        return min(
            self.title, self.small, self.badge, self.lane, self.header, self.heading, self.sub, self.emotion
        )


SCREEN = Sizes()
PAGE = Sizes(small=10, badge=10, heading=15, emotion=10, evidence=10, step_width=140, label_width=84)

#: page name -> (width, height) in points, landscape; 16:9 is PowerPoint's widescreen slide
PAGES: dict[str, tuple[float, float]] = {
    "slide": (960.0, 540.0),
    "a4": (841.89, 595.28),
    "a3": (1190.55, 841.89),
}
MIN_TEXT = 10.0
"""The least text size in points on a fitted page."""
