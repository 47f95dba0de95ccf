"""A journey's view of the shared systems it includes.

A journey includes every step of a shared file, but only some of those steps serve it:
a failure of an included shared step belongs to the journey's FMEA when it reaches one
of the journey's customer steps (by the propagation rule, through the journey's ``uses``
and ``next`` edges), and to that journey's money at risk then.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blueprint.model import Blueprint


def includes_shared(bp: Blueprint) -> bool:
    """Whether ``bp`` holds steps of included shared files (it names some in ``include:``)."""
    return bool(bp.includes)


def reaching(bp: Blueprint, surfaces: dict[str, tuple[str, ...]] | None = None) -> Blueprint:
    """``bp`` with each included shared step keeping only the failures felt in this journey.

    ``surfaces`` is :func:`~blueprint.analysis.graph.surfaces_at` of ``bp`` when already
    computed. The steps and their edges are unchanged, so the graph is the same.
    """
    if not includes_shared(bp):
        return bp
    if surfaces is None:
        from blueprint.analysis.graph import surfaces_at

        surfaces = surfaces_at(bp)
    steps = tuple(
        replace(s, failures=tuple(f for f in s.failures if surfaces.get(f.id)))
        if s.shared_from is not None and s.failures
        else s
        for s in bp.steps
    )
    return replace(bp, steps=steps)
