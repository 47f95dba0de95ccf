"""Helpers shared by the commands: colour, completion of ids, the profile and the project
configuration, the output file. The options themselves are declared in ``options.py``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import click

# the option decorators live in options.py; these names are kept for the commands that import them here
from blueprint.cli.commands.options import color_option as color_option
from blueprint.cli.commands.options import config_options as config_options
from blueprint.cli.commands.options import lang_option as lang_option
from blueprint.cli.commands.options import mkdir_option as mkdir_option
from blueprint.cli.commands.options import profile_option as profile_option

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from blueprint.analysis.ap import Profile
    from blueprint.cli.config import Config

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _env(name: str) -> str:
    return os.environ.get(name, "")


def use_color(color: str = "auto", no_color: bool = False, stream: Any = None) -> bool:
    """Whether to colour output written to ``stream`` (standard output by default).

    The command line wins (``--no-color``, ``--color never|always``); then ``NO_COLOR``
    (any non-empty value) turns colour off, ``FORCE_COLOR`` (any non-empty value) or
    ``CLICOLOR_FORCE`` (other than 0) turns it on, ``CLICOLOR=0`` or ``TERM=dumb`` turn
    it off; else colour is used only when ``stream`` is a terminal.
    """
    if no_color or color == "never":
        return False
    if color == "always":
        return True
    if _env("NO_COLOR"):
        return False
    if _env("FORCE_COLOR") or _env("CLICOLOR_FORCE") not in ("", "0"):
        return True
    if _env("CLICOLOR") == "0" or _env("TERM") == "dumb":
        return False
    target = stream if stream is not None else sys.stdout
    return bool(getattr(target, "isatty", lambda: False)())


# Shell completion of ids. Completion runs on every <TAB>, so it reads the file's YAML
# only (no schema validation, no model) and never fails: a file that cannot be read
# simply completes nothing.

#: how much of a title or failure mode is shown next to a completed id
_HELP_WIDTH = 60


def _file_data(ctx: click.Context) -> dict[str, Any]:
    """The YAML data of the command's FILE argument, or an empty mapping."""
    path = ctx.params.get("file")
    if path is None:
        # The option being completed has no value yet, so Click's parser stopped before
        # it assigned the positional arguments; the ones it saw are left in ctx.args.
        path = next((a for a in ctx.args if not a.startswith("-")), None)
    if not isinstance(path, str) or not os.path.isfile(path):
        return {}
    try:
        from blueprint.load.source import read_source

        data = read_source(path).data
    except Exception:  # completion must never fail, whatever the file holds
        return {}
    return data if isinstance(data, dict) else {}


def _items(data: Any) -> list[dict[str, Any]]:
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def _short(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= _HELP_WIDTH else flat[: _HELP_WIDTH - 1] + "…"


def _complete(pairs: list[tuple[str, Any]], incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    seen: set[str] = set()
    out = []
    for value, help_text in pairs:
        if value.startswith(incomplete) and value not in seen:
            seen.add(value)
            out.append(CompletionItem(value, help=_short(help_text)))
    return out


def failure_id_pairs(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(failure id, mode) in file order; a failure without ``id:`` is ``<step-id>.<n>``."""
    pairs = []
    for step in _items(data.get("steps")):
        for n, failure in enumerate(_items(step.get("failures")), start=1):
            fid = failure.get("id") or f"{step.get('id')}.{n}"
            pairs.append((str(fid), failure.get("mode")))
    return pairs


def phase_id_pairs(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(phase id, title) in file order."""
    return [(str(p["id"]), p.get("title")) for p in _items(data.get("phases")) if "id" in p]


def complete_failure_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """``shell_complete`` callback: the failure ids of the FILE argument."""
    return _complete(failure_id_pairs(_file_data(ctx)), incomplete)


def complete_phase_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """``shell_complete`` callback: the phase ids of the FILE argument."""
    return _complete(phase_id_pairs(_file_data(ctx)), incomplete)


def resolve_profile(profile: str | None) -> Profile:
    """The profile to use: the flag, else the project configuration's, else the default.

    Loaded here, once per run, so that a bad profile is a one-line usage error before any
    file is read; the table itself is passed on to the :class:`~blueprint.analysis.core.Analysis`.
    """
    from blueprint.analysis.ap import DEFAULT_PROFILE, load_profile

    return load_profile(profile or project_config().profile or DEFAULT_PROFILE)


# -- the project configuration and the one precedence rule -----------------------------

_CONFIG_KEY = "blueprint.config"


def project_config() -> Config:
    """The configuration of this run: none with ``--isolated``, the ``--config`` file, else the
    nearest ``.blueprint.toml`` or ``pyproject.toml`` (read once per run)."""
    from blueprint.cli.config import Config, load_config, read_config

    ctx = click.get_current_context(silent=True)
    meta: dict[str, Any] = ctx.meta if ctx is not None else {}
    if _CONFIG_KEY not in meta:
        if meta.get("blueprint.isolated"):
            meta[_CONFIG_KEY] = Config()
        elif meta.get("blueprint.config_file"):
            meta[_CONFIG_KEY] = read_config(meta["blueprint.config_file"])
        else:
            meta[_CONFIG_KEY] = load_config()
    config: Config = meta[_CONFIG_KEY]
    return config


def setting(name: str, value: T, configured: T | None) -> T:
    """The one precedence rule: a flag given on the command line, else the configuration's
    value, else the flag's default."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    given = ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)
    return value if given or configured is None else configured


def say(key: str, /, **values: Any) -> str:
    """The catalogue message ``key`` for a usage error, in the language of the command's
    ``--lang`` when it is already parsed, else the environment's."""
    from blueprint.i18n import resolve_lang, t

    ctx = click.get_current_context(silent=True)
    asked = ctx.params.get("lang") if ctx is not None else None
    return t(key, resolve_lang(asked if isinstance(asked, str) else None), **values)


def inputs(*paths: str | None) -> tuple[str, ...]:
    """The files a command reads (the blueprint, a profile file): never to be written by ``-o``.

    A built-in profile name is not a file, even where a file of that name exists.
    """
    from blueprint.analysis.ap import BUILTIN_PROFILES

    return tuple(p for p in paths if p and p != "-" and p not in BUILTIN_PROFILES and os.path.exists(p))


def output_format(fmt: str | None, output: str | None, suffixes: dict[str, str], default: str) -> str:
    """The format asked for, else the one the output's suffix names, else ``default``."""
    if fmt:
        return fmt
    if output and output != "-":
        from pathlib import Path

        suffix = Path(output).suffix.lower()
        if suffix in suffixes:
            return suffixes[suffix]
        names = ", ".join(sorted(set(suffixes)))
        raise click.BadParameter(
            say("cli.format_unknown", suffix=suffix or output, names=names), param_hint="-o/--output"
        )
    return default


def beside(source: str, extension: str) -> str:
    """The output beside the input: ``x.blueprint.yaml`` -> ``x.blueprint`` + ``extension``."""
    from pathlib import Path

    path = Path(source)
    stem = path.name[: -len(path.suffix)] if path.suffix.lower() in (".yaml", ".yml") else path.name
    return str(path.with_name(stem + extension))


def prepare_folder(output: str, mkdir: bool) -> None:
    """Create ``output``'s folder under ``--mkdir``; without it, a missing folder names the flag."""
    from pathlib import Path

    from blueprint.errors import OutputError
    from blueprint.i18n import msg

    if output == "-":
        return
    folder = Path(output).parent
    if folder.is_dir():
        return
    if not mkdir:
        raise OutputError.worded(msg("io.no_folder.mkdir", target=output, folder=str(folder)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError.worded(msg("io.cannot_write", target=output, reason=reason)) from None


def prepare_output(
    output: str | None, read: tuple[str, ...], *, mkdir: bool = False, force: bool = True
) -> str | None:
    """The file ``-o`` names, checked before any work, or None for standard output (no
    ``-o``, or ``-``): its folder made under ``--mkdir``, and refused when it is a folder, an
    input of the run (``read``) or, without ``force``, an existing file."""
    if output is None or output == "-":
        return None
    from blueprint.common.io import check_target

    prepare_folder(output, mkdir)
    check_target(output, force=force, inputs=read)
    return output


def need_dot(needed: bool) -> None:
    """When the output needs Graphviz, say so before any work if ``dot`` is missing."""
    if needed:
        from blueprint.render.graphviz import find_dot

        find_dot()


class Job(Protocol):
    """A command's work that ``--watch`` repeats: ``build`` returns what it wrote; ``lang`` is
    the language of its messages (the blueprint's own once it is read)."""

    lang: str

    def build(self) -> str: ...


def build_or_watch(job: Job, file: str, *, watch: bool, wrote: str | None, color: bool) -> None:
    """Build once and print the message ``wrote`` naming the files written (None: nothing, the
    output went to standard output); under ``--watch``, build again on every change of ``file``."""
    if watch:
        from blueprint.cli.watch import watch as watch_loop

        watch_loop(file, job.build, lang=job.lang)
        return
    written = job.build()
    if wrote is not None:
        from blueprint.i18n import t

        click.echo(t(wrote, job.lang, path=written), err=True, color=color)
