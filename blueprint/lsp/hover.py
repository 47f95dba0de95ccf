"""Hover: a failure's scores, residuals, where it is felt and money at risk; a step's risk."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types

from blueprint.i18n import t

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Chain, Scored
    from blueprint.lsp.state import Snapshot
    from blueprint.model import Failure, Ratings, Step

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~])")


def inert(text: str) -> str:
    """Text from the file as Markdown that renders as exactly that text: no markup, no HTML."""
    from blueprint.common.plain import one_line

    return _MARKDOWN.sub(r"\\\1", one_line(text))


def hover(snap: Snapshot, line: int) -> types.Hover | None:
    """The hover at 1-based ``line``: the failure whose lines hold it, else the step."""
    step = snap.step_at(line)
    if step is None:
        return None
    failure = _failure_at(step, line)
    lang = snap.language
    body = _failure(snap, failure, lang, line) if failure is not None else _step(snap, step, lang)
    if not body:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(body)))


def _failure_at(step: Step, line: int) -> Failure | None:
    found = None
    for failure in step.failures:
        if failure.line <= line:
            found = failure
    return found


def _scores(r: Ratings, ap: str | None, lang: str) -> str:
    return t("lsp.scores", lang, s=r.severity, o=r.occurrence, d=r.detection, rpn=r.rpn, ap=ap or "-")


def _money(amount: float, currency: str) -> str:
    from blueprint.analysis.economics import format_number

    text = format_number(round(amount, 2))
    return f"{text} {inert(currency)}" if currency else text


def _failure(snap: Snapshot, failure: Failure, lang: str, line: int = 0) -> list[str]:
    """A failure's hover; on the lines of one of its causes (``causes:``), that chain's."""
    s = snap.scored.get(failure.id)
    if s is None:
        return []
    head = f"**{inert(t('lsp.failure', lang, id=failure.id, step=failure.step))}**: {inert(failure.mode)}"
    chain = _chain_at(s, line)
    if chain is not None:
        return [
            head,
            f"**{inert(t('lsp.chain', lang, id=chain.id))}**: {inert(chain.cause.cause)}",
            *_ratings_lines(chain, lang),
            _felt(snap, chain.surfaces_at, lang),
        ]
    out = [head, *_ratings_lines(s, lang), _felt(snap, s.surfaces_at, lang)]
    money = _money_line(snap, s, lang)
    if money:
        out.append(money)
    return out


def _chain_at(s: Scored, line: int) -> Chain | None:
    """The failure chain whose cause entry holds ``line`` (None: the mode's own lines)."""
    found = None
    for chain in s.chains:
        if chain.cause.listed and 0 < chain.cause.line <= line:
            found = chain
    return found


def _ratings_lines(s: Scored | Chain, lang: str) -> list[str]:
    """Scores, the residual after done actions and the planned residual of a failure or a chain
    (as :mod:`blueprint.analysis.fmea` scores them: one definition for every output)."""
    out = [f"**{_scores(s.ratings, s.ap, lang)}**"]
    if s.residual is not None:
        out.append(t("lsp.residual", lang, scores=_scores(s.residual, s.residual_ap, lang)))
    else:
        out.append(t("lsp.no_residual", lang))
    if s.planned is not None:
        out.append(t("lsp.planned", lang, scores=_scores(s.planned, s.planned_ap, lang)))
    return out


def _felt(snap: Snapshot, surfaces_at: tuple[str, ...], lang: str) -> str:
    bp = snap.blueprint
    if not surfaces_at or bp is None:
        return t("lsp.not_felt", lang)
    index = bp.step_index()
    names = [
        f"{inert(index[sid].title)} ({inert(sid)})" if sid in index else inert(sid) for sid in surfaces_at
    ]
    return t("lsp.felt", lang, steps=t("list.sep", lang).join(names))


def _money_line(snap: Snapshot, s: Scored, lang: str) -> str | None:
    bp = snap.blueprint
    if s.at_risk is None or bp is None or bp.economics is None:
        return None
    currency = bp.economics.currency
    if s.residual_at_risk is not None:
        return t(
            "lsp.money_residual",
            lang,
            amount=_money(s.at_risk, currency),
            residual=_money(s.residual_at_risk, currency),
        )
    return t("lsp.money", lang, amount=_money(s.at_risk, currency))


def _step(snap: Snapshot, step: Step, lang: str) -> list[str]:
    from blueprint.analysis.ap import AP_ORDER

    if step.phase:
        head = t("lsp.step_phase", lang, id=step.id, lane=step.lane, phase=step.phase)
    else:
        head = t("lsp.step", lang, id=step.id, lane=step.lane)
    out = [f"**{inert(head)}**: {inert(step.title)}"]
    felt = snap.felt_at.get(step.id, [])
    if felt:
        worst = min((s.ap for s in felt), key=lambda ap: AP_ORDER.get(ap, 9))
        out.append(t("lsp.felt_here", lang, n=len(felt), ap=worst))
        ranked = sorted(felt, key=lambda s: (AP_ORDER.get(s.ap, 9), -s.rpn, s.step.index, s.failure.index))
        out.append("\n".join(f"- {inert(s.id)} ({inert(s.step.id)}): AP {s.ap}, RPN {s.rpn}" for s in ranked))
    elif step.lane == "customer":
        out.append(t("lsp.felt_none", lang))
    if step.failures:
        out.append(t("lsp.own", lang, n=len(step.failures)))
    return out
