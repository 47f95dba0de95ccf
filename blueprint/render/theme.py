"""Colour themes for diagrams.

Action Priority colours form one sequential scale (light -> dark for L -> H in the light
theme) so that they still read in grey-scale print and for colour-blind readers; every
step also carries a letter badge, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_FONT = "Noto Sans CJK TC"
"""A font with Traditional Chinese glyphs; Graphviz gets it by name for PNG and PDF."""

FONT_FALLBACKS = ("PingFang TC", "Microsoft JhengHei", "sans-serif")
"""What SVG viewers try after the chosen font (macOS, Windows, anything)."""


@dataclass(frozen=True)
class Theme:
    """Every colour a diagram uses."""

    name: str
    background: str
    text: str
    muted: str
    band_fills: tuple[str, str]  # alternating lane fills
    lane_label: str
    line: str
    separator: str
    header_fill: str
    header_text: str
    node_fill: str
    node_border: str
    node_text: str
    flow_edge: str
    uses_edge: str
    evidence_fill: str
    evidence_border: str
    evidence_text: str
    ap_fill: dict[str, str]
    ap_text: dict[str, str]
    ap_border: dict[str, str]
    badge_fill: str
    badge_text: str
    wait: str
    emotion: dict[int, str]


LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#1f2933",
    muted="#52606d",
    band_fills=("#f3f5f8", "#e7ecf1"),
    lane_label="#243b53",
    line="#486581",
    separator="#9aa5b1",
    header_fill="#334e68",
    header_text="#ffffff",
    node_fill="#ffffff",
    node_border="#7b8794",
    node_text="#1f2933",
    flow_edge="#3e4c59",
    uses_edge="#829ab1",
    evidence_fill="#fffdf7",
    evidence_border="#c9c2ae",
    evidence_text="#52606d",
    # ColorBrewer YlOrRd: luminance falls steadily from L to H
    ap_fill={"H": "#bd0026", "M": "#fd8d3c", "L": "#fff3b0"},
    ap_text={"H": "#ffffff", "M": "#1f1300", "L": "#1f1f1f"},
    ap_border={"H": "#5c0013", "M": "#8c4400", "L": "#a38f3c"},
    badge_fill="#1f2933",
    badge_text="#ffffff",
    wait="#7a3e00",
    emotion={-2: "#b2182b", -1: "#d6604d", 0: "#7b8794", 1: "#4393c3", 2: "#2166ac"},
)

DARK = Theme(
    name="dark",
    background="#0d1117",
    text="#e6edf3",
    muted="#9da7b3",
    band_fills=("#161b22", "#1f2630"),
    lane_label="#c9d1d9",
    line="#8b98a5",
    separator="#484f58",
    header_fill="#2f4a66",
    header_text="#f0f6fc",
    node_fill="#2d333b",
    node_border="#768390",
    node_text="#e6edf3",
    flow_edge="#adbac7",
    uses_edge="#6e7c8a",
    evidence_fill="#22272e",
    evidence_border="#545d68",
    evidence_text="#adbac7",
    # brighter is stronger on a dark page
    ap_fill={"H": "#ff6b6b", "M": "#e3a33b", "L": "#6b6137"},
    ap_text={"H": "#1a0000", "M": "#1a1000", "L": "#f5efd5"},
    ap_border={"H": "#ffc2c2", "M": "#ffe0a6", "L": "#a89a5c"},
    badge_fill="#e6edf3",
    badge_text="#0d1117",
    wait="#f0b05a",
    emotion={-2: "#ff7b72", -1: "#ffa198", 0: "#8b949e", 1: "#79c0ff", 2: "#58a6ff"},
)

THEMES = {"light": LIGHT, "dark": DARK}


def font_stack(font: str) -> str:
    """A CSS font-family list: the chosen font, then CJK-capable fallbacks."""
    names = [font, *(f for f in FONT_FALLBACKS if f != font)]
    return ",".join(n if n == "sans-serif" else f"'{n}'" for n in names)
