"""``extensions = ["blueprint.sphinx"]``: the Sphinx extension of :mod:`blueprint.docs.sphinx`."""

from __future__ import annotations

from blueprint.docs.sphinx import BlueprintDirective, setup

__all__ = ["BlueprintDirective", "setup"]
