"""The words of the format and of the command line, in one import-free place.

The model validates against these, the schema says the same, and the Click options offer
them as choices: a lane, a status, a language or an output format is named here once.
"""

from __future__ import annotations

from typing import Final

#: Bitner's four rows, from the customer inwards
LANES: Final[tuple[str, ...]] = ("customer", "frontstage", "backstage", "support")
#: an action's life
STATUSES: Final[tuple[str, ...]] = ("open", "in-progress", "done", "dropped")
#: Action Priority levels, highest first
AP_LEVELS: Final[tuple[str, ...]] = ("H", "M", "L")
#: ``--fail-on``: an AP level, or no risk gate
FAIL_ON: Final[tuple[str, ...]] = (*AP_LEVELS, "none")
#: languages of the output for people
LANGS: Final[tuple[str, ...]] = ("en", "zh-TW")
#: the AP tables shipped with the tool
BUILTIN_PROFILES: Final[tuple[str, ...]] = ("aiag-vda-2019", "sae-rm13004")
DEFAULT_PROFILE: Final[str] = "aiag-vda-2019"

#: ``--color``
COLOR_MODES: Final[tuple[str, ...]] = ("auto", "always", "never")
#: diagram themes; ``auto`` (the report's) follows the reader's system
THEMES: Final[tuple[str, ...]] = ("light", "dark")

#: output formats per command family
FINDING_FORMATS: Final[tuple[str, ...]] = ("github", "json", "sarif", "text")
FMEA_FORMATS: Final[tuple[str, ...]] = ("table", "markdown", "csv", "json", "html")
FMEA_SORTS: Final[tuple[str, ...]] = ("ap", "rpn", "severity", "risk")
MATRIX_FORMATS: Final[tuple[str, ...]] = ("table", "markdown", "csv", "json", "html")
DIFF_FORMATS: Final[tuple[str, ...]] = ("table", "markdown", "json")
GRAPH_FORMATS: Final[tuple[str, ...]] = ("text", "json")
GRAPH_EXPORTS: Final[tuple[str, ...]] = ("graphml", "json")
RENDER_FORMATS: Final[tuple[str, ...]] = ("svg", "png", "pdf", "dot", "mermaid")
RENDER_LABELS: Final[tuple[str, ...]] = ("ap", "rpn", "none")
#: ``render --fit``: the page a diagram is laid out for
RENDER_FITS: Final[tuple[str, ...]] = ("none", "slide", "a4", "a3")
#: ``render --mermaid``: Mermaid's flowchart, or its swimlane diagram
MERMAID_FORMS: Final[tuple[str, ...]] = ("flowchart", "swimlane")
PORTFOLIO_FORMATS: Final[tuple[str, ...]] = ("table", "markdown", "csv", "json", "html")
PLAN_FORMATS: Final[tuple[str, ...]] = ("table", "markdown", "json")
PLAN_OBJECTIVES: Final[tuple[str, ...]] = ("money", "rpn")
REPORT_FORMATS: Final[tuple[str, ...]] = ("html", "markdown")
REPORT_DIAGRAMS: Final[tuple[str, ...]] = ("mermaid", "svg")
