"""The funded plan in a deck (``blueprint deck --budget N``): what the budget should pay for.

The same plan as ``blueprint plan --budget N`` (:meth:`Analysis.plan`), told in slides: a
summary (budget, method, objective, totals), the chosen actions ranked by what they remove
per cost (each with its failure's F-number, cost, what it removes and the AP before and
after), and the open actions left out with the reason. Table rows go on to further slides
rather than shrink below 12 pt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from blueprint.i18n import t

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.deck import DeckOptions
    from blueprint.model import Action, Failure


def chain_ref(analysis: Analysis, failure: Failure, action: Action) -> str:
    """The F-number of the failure chain an action belongs to (the failure's own for one cause)."""
    for s in analysis.scored:
        if s.failure is not failure and s.failure.id != failure.id:
            continue
        for c in s.chains:
            if any(a is action for a in c.cause.actions):
                return c.ref
        return s.ref
    return ""


def funded_slides(deck: Any, analysis: Analysis, opts: DeckOptions) -> None:
    """The funded plan's slides, when the deck was asked for a budget."""
    if opts.budget is None:
        return
    from blueprint.output.plan import plan_view

    view = plan_view(analysis, opts.budget, opts.objective, opts.must, opts.lang)
    _summary_slide(deck, view, opts)
    _chosen_slides(deck, analysis, view, opts)
    _left_out_slides(deck, analysis, view, opts)


def _summary_slide(deck: Any, view: Any, opts: DeckOptions) -> None:
    from blueprint.deck.pages import blank
    from blueprint.deck.slides import INK, MARGIN, MUTED, SLIDE_W, text_box, title
    from blueprint.output.plan import head_lines, total_lines

    lang = opts.lang
    plan = view.plan
    from blueprint.analysis.economics import format_number

    head = head_lines(view)
    slide = blank(deck)
    title(slide, t("deck.funded", lang, budget=format_number(plan.budget), cur=view.cur), opts.font)
    lines = [(line, 16.0, False, MUTED) for line in head[1:]]
    if not plan.chosen:
        key = "plan.none" if plan.candidates else "plan.no_candidates"
        lines.append((t(key, lang), 20.0, True, INK))
    totals = total_lines(view)
    lines += [(line, 20.0 if i == 0 else 16.0, i == 0, INK) for i, line in enumerate(totals)]
    text_box(slide, MARGIN, 1300000, SLIDE_W - 2 * MARGIN, 4800000, lines, opts.font)


def _chosen_slides(deck: Any, analysis: Analysis, view: Any, opts: DeckOptions) -> None:
    from blueprint.deck.pages import table_slides
    from blueprint.output.fmea_view import money

    lang = opts.lang
    plan = view.plan
    if not plan.chosen:
        return
    cur = f" ({view.currency})" if view.currency else ""
    removed = t("plan.col.removed" if view.money else "plan.col.removed.rpn", lang)
    headers = [
        t("deck.col.ref", lang),
        t("deck.col.action", lang),
        t("deck.col.failure", lang),
        t("plan.col.cost", lang) + cur,
        removed + (cur if view.money else ""),
        t("deck.col.ap_change", lang),
    ]
    rows = []
    for c in plan.chosen:
        amount = money(c.removed) if view.money else f"{round(c.removed):,}"
        rows.append(
            [
                chain_ref(analysis, c.failure, c.action),
                c.action.title + (" *" if c.must else ""),
                c.failure.mode,
                money(c.cost),
                amount,
                f"{c.ap_before}→{c.ap_after}",
            ]
        )
    widths = [0.7, 4.2, 3.2, 1.4, 1.6, 1.6]
    fills = [(5, c.ap_after) for c in plan.chosen]
    titles = (t("deck.funded.chosen", lang), "deck.funded.chosen.part")
    table_slides(deck, opts, titles, headers, rows, widths, fills)


def _left_out_slides(deck: Any, analysis: Analysis, view: Any, opts: DeckOptions) -> None:
    from blueprint.deck.pages import table_slides

    lang = opts.lang
    plan = view.plan
    if not plan.not_chosen:
        return
    headers = [t(f"deck.col.{k}", lang) for k in ("ref", "action", "failure")] + [t("plan.col.reason", lang)]
    rows = [
        [
            chain_ref(analysis, n.failure, n.action),
            n.action.title,
            n.failure.mode,
            t(f"plan.reason.{n.reason}", lang),
        ]
        for n in plan.not_chosen
    ]
    widths = [0.7, 5.0, 4.2, 2.2]
    titles = (t("deck.funded.left", lang), "deck.funded.left.part")
    table_slides(deck, opts, titles, headers, rows, widths, [None] * len(rows))
