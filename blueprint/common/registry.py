"""One way to name the formats of an output family and find the code that writes each.

Every family (findings, FMEA tables, diffs, graph reports, diagrams, reports) keeps a
:class:`Registry`: format name -> ``"module:function"``. The function takes the family's
view (one typed object holding what the output shows) and returns the output. Modules are
imported only when their format is asked for, so ``blueprint --help`` stays instant; a test
checks that every name the command line offers (:mod:`blueprint.vocabulary`) is registered.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Generic, Protocol, TypeVar, cast

V = TypeVar("V", contravariant=True)
R = TypeVar("R", covariant=True)


class Writer(Protocol[V, R]):
    """What a format provides: its family's view in, the output out."""

    def __call__(self, view: V, /) -> R: ...


class Registry(Generic[V, R]):
    """The formats of one output family, each a lazily imported :class:`Writer`."""

    def __init__(self, family: str, entries: Mapping[str, str]) -> None:
        self.family = family
        self._entries = dict(entries)

    def names(self) -> tuple[str, ...]:
        """The format names, in the order registered."""
        return tuple(self._entries)

    def get(self, name: str) -> Writer[V, R]:
        """The writer of format ``name``; KeyError names the family and the formats it has."""
        try:
            target = self._entries[name]
        except KeyError:
            known = ", ".join(self._entries)
            raise KeyError(f"no {self.family} format '{name}' (formats: {known})") from None
        module, _, attr = target.partition(":")
        return cast("Writer[V, R]", getattr(importlib.import_module(module), attr))
