"""The blueprint as a Mermaid flowchart, which GitHub and GitLab draw in Markdown, or swimlanes.

One subgraph per lane, in lane order; steps in phase order inside it; flow edges
``-->``, dependency edges ``-.->`` (from the step used to the step that uses it);
risk as classes (``classDef apH``...). Node ids come from step ids through
:func:`blueprint.render.text.safe_id`; every label is a quoted string whose
punctuation is written as Mermaid ``#code;`` entities, so user text cannot end a
label or start a statement.
"""

from __future__ import annotations

from blueprint.i18n import duration, t
from blueprint.model import Step
from blueprint.render.labels import ap_text, felt_text, shared_name
from blueprint.render.layout import Diagram
from blueprint.render.numbers import refs_text
from blueprint.render.options import Drawing, RenderOptions
from blueprint.render.text import balanced_wrap, mermaid, safe_id
from blueprint.render.theme import THEMES


def _label(parts: list[str], *, coloured: bool = False) -> str:
    """A quoted label; ``coloured`` (a step with a risk class) wraps it in one ``<span>``.

    Mermaid gives a ``classDef`` colour to the label's ``span`` elements, but a site's own
    styles may colour the ``<p>`` Mermaid puts inside (Material for MkDocs does), and the
    ``<b>`` and ``<small>`` in it inherit that: dark text on the H fill. The inner span
    takes the class colour again, and everything in it inherits it.
    """
    text = "<br/>".join(parts)
    return f'"<span>{text}</span>"' if coloured else f'"{text}"'


def _lines(text: str, width: float = 12.0) -> list[str]:
    return [mermaid(line) for line in balanced_wrap(text, width)]


def step_label(step: Step, diagram: Diagram, opts: RenderOptions) -> str:
    """The quoted label of a step: risk mark, title, actor, wait."""
    parts = []
    risk = diagram.risk.get(step.id)
    if opts.mermaid == "swimlane" and diagram.has_phases:
        phase = next((c.title for c in diagram.columns if c.key == step.phase), "")
        parts.append(f"<small>{mermaid(phase or t('render.no_phase', opts.lang))}</small>")
    if risk:
        refs = diagram.refs(step.id)
        mark = "⚠ " + refs_text(refs) if refs else ("⚠" if risk.failures == 1 else f"⚠ {risk.failures}")
        badge = "" if opts.label == "none" else " " + mermaid(ap_text(risk, opts.label))
        parts.append(f"<b>{mark}{badge}</b>")
    parts.extend(_lines(step.title))
    who = " · ".join(x for x in (step.actor, step.channel) if x)
    if who:
        parts.append("<small>" + " ".join(_lines(who, 30)) + "</small>")
    if step.shared_from is not None:
        # Mermaid has no legend: the mark says it in words
        shared = t("render.shared_tip", opts.lang, file=shared_name(step.shared_from))
        parts.append(f"<small>⇄ {mermaid(shared)}</small>")
    if opts.risk and step.is_wait_point and step.time is not None:
        wait = t(
            "render.wait",
            opts.lang,
            expected=duration(step.time.expected or 0, opts.lang),
            tolerance=duration(step.time.tolerance or 0, opts.lang),
        )
        parts.append(f"<b>{mermaid(wait)}</b>")
    felt = diagram.felt_at.get(step.id)
    if opts.risk and felt:
        parts.append(f"<small>{mermaid(felt_text(felt))}</small>")
    if opts.risk and step.emotion is not None and step.lane == "customer":
        parts.append(mermaid(f"{t('render.emotion', opts.lang)} {step.emotion:+d}".replace("+0", "0")))
    return _label(parts, coloured=bool(risk))


def to_mermaid(diagram: Diagram, opts: RenderOptions) -> str:
    """Mermaid text of a diagram: a ``flowchart LR`` or (``opts.mermaid``) a ``swimlane-beta``.

    Both have one subgraph per lane; Mermaid 11.16's swimlane diagram draws top-level
    subgraphs as lanes, so the phase goes into each step's label there.
    """
    theme = THEMES[opts.theme]
    out: list[str] = []
    if opts.theme == "dark":
        out.append("%%{init: {'theme': 'dark'}}%%")
    out.append("swimlane-beta LR" if opts.mermaid == "swimlane" else "flowchart LR")
    order = sorted(diagram.steps, key=lambda s: diagram.slots[s.id])
    for lane in diagram.lanes:
        steps = [s for s in order if s.lane == lane]
        if not steps:
            continue
        out.append(f'  subgraph lane_{lane}["{mermaid(t(f"lane.{lane}", opts.lang))}"]')
        for step in steps:
            out.append(f"    {safe_id(step.id)}[{step_label(step, diagram, opts)}]")
        out.append("  end")
    for a, b in diagram.flows:
        out.append(f"  {safe_id(a)} --> {safe_id(b)}")
    for a, b in diagram.uses:
        out.append(f"  {safe_id(a)} -.-> {safe_id(b)}")
    if diagram.risk:
        for ap in ("H", "M", "L"):
            out.append(
                f"  classDef ap{ap} fill:{theme.ap_fill[ap]},color:{theme.ap_text[ap]},"
                f"stroke:{theme.ap_border[ap]},stroke-width:3px"
            )
        for ap in ("H", "M", "L"):
            ids = [
                safe_id(s.id) for s in diagram.steps if s.id in diagram.risk and diagram.risk[s.id].ap == ap
            ]
            if ids:
                out.append(f"  class {','.join(ids)} ap{ap}")
    return "\n".join(out) + "\n"


def write(drawing: Drawing) -> bytes:
    """``render --format mermaid``: the Mermaid text, UTF-8."""
    return to_mermaid(drawing.diagram, drawing.options).encode("utf-8")
