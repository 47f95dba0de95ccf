"""Read a blueprint file: parse, check the format version, validate, build the model."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from blueprint.common.gcpause import paused_gc
from blueprint.errors import LoadError, ValidationError
from blueprint.i18n import msg
from blueprint.load import schema
from blueprint.load.build import build
from blueprint.load.source import Source, parse_bytes, read_source
from blueprint.model import Blueprint

if TYPE_CHECKING:
    from blueprint.load.include import SharedFile

FORMAT_VERSION = 1


@dataclass
class Loaded:
    """A parsed file with its schema problems and, when it has none, its model."""

    source: Source
    problems: list[schema.Problem] = field(default_factory=list)
    blueprint: Blueprint | None = None
    #: the shared files it includes, in order
    shared: tuple[SharedFile, ...] = ()


def check_version(src: Source) -> None:
    """Refuse what is not a version-1 blueprint, before any validation."""
    data = src.data
    if data is None:
        raise LoadError.worded(msg("load.empty"), src.path, 1, 1)
    if not isinstance(data, dict):
        key = "load.top_list" if isinstance(data, list) else "load.top_value"
        raise LoadError.worded(msg(key), src.path, 1, 1)
    if "blueprint" not in data:
        raise LoadError.worded(msg("load.no_version"), src.path, 1, 1)
    version = data["blueprint"]
    line, col = src.pos(("blueprint",))
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise LoadError.worded(
            msg("load.newer", version=version, supported=FORMAT_VERSION), src.path, line, col
        )
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise LoadError.worded(msg("load.unsupported", version=repr(version)), src.path, line, col)


def analyse(src: Source, base: str | None = None) -> Loaded:
    """Validate a parsed source and build its model when it is valid.

    The shared files it includes are read relative to ``base`` (default: the folder of
    ``src.path``); a bad ``include:`` entry raises :class:`LoadError` at its position.
    """
    check_version(src)
    with paused_gc():  # building the model allocates like parsing does
        loaded = Loaded(source=src, problems=schema.validate(src.data))
        if not loaded.problems:
            from blueprint.load.include import resolve

            loaded.shared = resolve(src, base)
            loaded.blueprint = build(src.data, src.path, src.pos, loaded.shared)
    return loaded


def load_file(path: str, display: str | None = None) -> Loaded:
    """Read and analyse one file; raises :class:`LoadError` when it cannot be parsed."""
    return analyse(read_source(path, display), os.path.dirname(path))


def load_bytes(raw: bytes, display: str, base: str | None = None) -> Loaded:
    """Analyse file contents obtained elsewhere (git, standard input); included shared
    files are read relative to ``base`` (default: the folder of ``display``)."""
    return analyse(parse_bytes(raw, display), base)


def require_valid(loaded: Loaded, lang: str | None = None) -> Blueprint:
    """The model of a file that must be usable: schema-valid and referentially intact.

    Raises :class:`ValidationError` naming the first problem (``check`` lists them all),
    worded in ``lang`` (the ``--lang`` option), else in the file's own ``language:``
    (else Chinese when its titles mostly are, once it is schema-valid).
    """
    from blueprint.i18n import resolve_lang, t

    src = loaded.source
    declared = src.data.get("language") if isinstance(src.data, dict) else None
    if loaded.blueprint is not None:
        declared = loaded.blueprint.chrome_language
    out = resolve_lang(lang, declared if isinstance(declared, str) else None)

    def tail(more: int) -> str:
        return t("load.more", out, n=more) if more else ""

    if loaded.problems:
        first = loaded.problems[0]
        line, col = src.pos(first.path, key=first.at_key)
        text = first.msg.text(out) if first.msg is not None else first.message
        message = f"{schema.dotted(first.path)}: {text}{tail(len(loaded.problems) - 1)}"
        raise ValidationError(message, src.path, line, col)
    assert loaded.blueprint is not None
    from blueprint.load.integrity import breaches

    # a shared file's own problems are its own, at its own lines; they make the journey unusable too
    for where, bp in ((src, loaded.blueprint), *((sf.source, sf.blueprint) for sf in loaded.shared)):
        found = sorted((*where.pos(b.where), b.code, b.message.text(out)) for b in breaches(bp))
        if found:
            line, col, code, text = found[0]
            raise ValidationError(f"{code} {text}{tail(len(found) - 1)}", where.path, line, col)
    return loaded.blueprint


def load_blueprint(path: str, display: str | None = None, lang: str | None = None) -> Blueprint:
    """Read a file that must be a usable blueprint (for every command but ``check``)."""
    return require_valid(load_file(path, display), lang)
