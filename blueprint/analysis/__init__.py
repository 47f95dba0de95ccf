"""What the tool computes from a loaded blueprint: AP profiles, FMEA scoring, propagation, graph
analyses, money at risk and the risk change between two versions.

:class:`Analysis` (in :mod:`blueprint.analysis.core`) gathers them for one blueprint, once.
"""
