"""The grid of a diagram as DOT rows: its cells, node names and labels, before any text.

A :class:`Grid` knows every row of the picture (phase headers, evidence, emotion, each lane
and each line between lanes), the node in each cell, each label and each row's height;
:mod:`blueprint.render.dot` writes it out as DOT text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from blueprint.i18n import t
from blueprint.model import Step
from blueprint.render import chrome, labels
from blueprint.render.dotattr import Band, step_node
from blueprint.render.labels import Label
from blueprint.render.layout import BAND, Diagram
from blueprint.render.options import RenderOptions
from blueprint.render.sizes import PAGES
from blueprint.render.theme import THEMES, Theme
from blueprint.vocabulary import LANES

LANE_LINES = {"customer": "line.interaction", "frontstage": "line.visibility", "backstage": "line.internal"}
NODESEP = 0.22  # inches between nodes of a row
PAGE_NODESEP = 0.12  # on a page (--fit): closer, a page is narrow


@dataclass
class Row:
    key: str
    kind: str  # "head", "band" (a lane, evidence or emotion) or "line"
    label: str
    cells: dict[str, str] = field(default_factory=dict)  # column key -> node id
    height: float = 0.0  # points


class Grid:
    """The rows of the picture, their cells (column key -> node), labels and heights."""

    def __init__(self, diagram: Diagram, opts: RenderOptions) -> None:
        self.d = diagram
        self.o = opts
        self.th: Theme = THEMES[opts.theme]
        self.out: list[str] = []
        self.at: dict[tuple[str, str], Step] = {}  # (lane, column key) -> step
        band = set(diagram.band)
        for step in diagram.steps:
            index, slot = diagram.slots[step.id]
            self.at[(BAND if step.id in band else step.lane, f"c{index}_{slot}")] = step
        self.columns = ["lpad", "lbl"]
        for i, column in enumerate(diagram.columns):
            self.columns.append(f"sep{i}")
            self.columns.extend(f"c{i}_{k}" for k in range(column.width))
        self.sz = labels.sizes(opts)
        self.nodesep = NODESEP if opts.fit == "none" else PAGE_NODESEP
        emotions = [s.emotion for s in diagram.steps if s.lane == "customer" and s.emotion is not None]
        self.emotion_range = (min(emotions, default=0), max(emotions, default=0))
        room = self._grid_width() if opts.fit == "none" else (PAGES[opts.fit][0] - 0.3 * 72) * 0.88
        self.title = chrome.graph_label(diagram, opts, self.th, room)
        # a grid narrower than its title gets an empty column after its end, so the drawing
        # is not centred below the title; the lanes still end where the steps end
        self.fill = self.title.height - self._grid_width()
        self.columns.append("rpad")
        if self.fill > 0:
            self.columns.append("fill")
        self.rows = self._rows()
        self.labels: dict[tuple[str, str], Label] = {}
        for row in self.rows:
            for key in row.cells:
                label = self._label(row, key)
                if label is not None:
                    self.labels[(row.key, key)] = label
                    row.height = max(row.height, label.height)

    def _rows(self) -> list[Row]:
        lang = self.o.lang
        rows: list[Row] = []
        if self.d.has_phases:
            rows.append(Row("head", "head", ""))
        if self.d.show_evidence:
            rows.append(Row("evidence", "band", t("lane.evidence", lang)))
        if self.d.show_emotion:
            rows.append(Row("emotion", "band", t("render.emotion", lang)))
        lanes = self.d.lanes
        for i, lane in enumerate(lanes):
            if lane != "support" or not self.d.band or any(key[0] == "support" for key in self.at):
                rows.append(Row(lane, "band", t(f"lane.{lane}", lang)))
            if lane == "support" and self.d.band:
                rows.append(Row(BAND, "band", t("render.lane.support_all", lang)))
            if i + 1 < len(lanes):
                # a hidden lane leaves its lines in place: customer | backstage has two
                for above in LANES[LANES.index(lane) : LANES.index(lanes[i + 1])]:
                    rows.append(Row(f"line_{above}", "line", t(LANE_LINES[above], lang)))
        for row in rows:
            for col in self.columns:
                if row.kind == "head" and col.startswith("c") and not col.endswith("_0"):
                    continue  # the phase header spans its columns
                step = self._step_in(row.key, col)
                is_step = step and (row.key in LANES or row.key == BAND)
                row.cells[col] = step_node(step.id) if step and is_step else f"{row.key}__{col}"
        return rows

    def _step_in(self, row_key: str, col: str) -> Step | None:
        lane = "customer" if row_key in ("evidence", "emotion") else row_key
        step = self.at.get((lane, col))
        if step is None:
            return None
        if (row_key == "evidence" and not step.evidence) or (row_key == "emotion" and step.emotion is None):
            return None
        return step

    def _span(self, column_index: int) -> float:
        """Width in points of a phase header over its columns."""
        width = self.d.columns[column_index].width
        return width * self.sz.node_width + (width - 1) * self.nodesep * 72

    def _grid_width(self) -> float:
        """Width in points from the lane labels to the last column."""
        slots = sum(c.width for c in self.d.columns)
        nodes = 1 + len(self.d.columns) + slots  # lbl, separators, slots
        return (
            self.sz.label_width
            + slots * self.sz.node_width
            + len(self.d.columns) * 2
            + nodes * self.nodesep * 72
        )

    def _label(self, row: Row, col: str) -> Label | None:
        th = self.th
        sz = self.sz
        if col == "lbl":
            if row.kind == "band":
                return labels.lane_label(row.label, th, sz)
            return labels.line_label(row.label, th, sz) if row.kind == "line" else None
        if row.kind == "head" and col.startswith("c"):
            index = int(col[1:].split("_")[0])
            title = self.d.columns[index].title or t("render.no_phase", self.o.lang)
            return labels.header_label(title, th, self._span(index) - 2, sz)
        step = self._step_in(row.key, col)
        if step is None:
            return None
        if row.key == "evidence":
            return labels.evidence_label(step, th, sz)
        if row.key == "emotion":
            assert step.emotion is not None
            return labels.emotion_label(step.emotion, th, *self.emotion_range, sz)
        felt = self.d.felt_at.get(step.id, ())
        label = labels.step_label(step, self.d.risk.get(step.id), self.o, th, felt, self.d.refs(step.id))
        if step.shared_from is not None:
            risk = self.d.risk.get(step.id)
            color = th.ap_text[risk.ap] if risk else th.node_text
            label = labels.with_shared(label, step.shared_from, self.o, color)
        users = self.d.used_by.get(step.id)
        return labels.with_users(label, len(users), self.o, th) if users else label

    # -- output -------------------------------------------------------------------------

    def emotion_points(self) -> tuple[tuple[str, float, str], ...]:
        """The emotion nodes in column order, for the curve through them."""
        row = next((r for r in self.rows if r.key == "emotion"), None)
        if row is None:
            return ()
        points = []
        for col, node in row.cells.items():
            step = self._step_in("emotion", col)
            if step is not None and step.emotion is not None:
                offset = labels.emotion_offset(step.emotion, *self.emotion_range, self.sz)
                points.append((node, offset, self.th.emotion[step.emotion]))
        return tuple(points)

    def bands(self) -> tuple[Band, ...]:
        """The lane bands to paint under the drawing, alternating fills."""
        out = []
        for i, row in enumerate(r for r in self.rows if r.kind == "band"):
            nodes = tuple(n for c, n in row.cells.items() if c != "fill")
            out.append(Band(self.th.band_fills[i % 2], nodes[0], nodes[-1], nodes))
        return tuple(out)
