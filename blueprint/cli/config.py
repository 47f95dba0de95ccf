"""Project configuration: ``[tool.blueprint]`` in ``pyproject.toml``, or ``.blueprint.toml``.

The search starts in the working folder and goes up to the filesystem root; the nearest
folder with a configuration wins. In one folder ``.blueprint.toml`` (keys at the top
level) wins over ``pyproject.toml``; a ``pyproject.toml`` without a ``[tool.blueprint]``
table is passed over, as ruff does. Command-line flags win over the file.

Keys::

    fail-on = "M"                  # H, M, L or none
    max-rpn = 120                  # 1-1000
    profile = "profiles/ours.json" # a built-in name, or a path relative to this file
    disable = ["BP006", "isolated-step"]
    exclude = ["drafts/*", "*.wip.blueprint.yaml"]
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blueprint.common.io import NotRegularFileError, read_regular
from blueprint.errors import ConfigError
from blueprint.i18n import Msg, msg

if TYPE_CHECKING:
    from blueprint.rules import Options

PYPROJECT = "pyproject.toml"
DOTFILE = ".blueprint.toml"
FAIL_ON = ("H", "M", "L", "none")
KEYS = ("fail-on", "max-rpn", "profile", "disable", "exclude")
#: configuration files larger than this are refused unread
MAX_BYTES = 1024 * 1024
#: at most this many exclude patterns, each at most MAX_PATTERN characters long
MAX_PATTERNS = 1000
MAX_PATTERN = 1000


@dataclass(frozen=True)
class Config:
    """Settings read from a configuration file; ``None`` means "not set there"."""

    path: str | None = None
    fail_on: str | None = None
    max_rpn: int | None = None
    profile: str | None = None
    disable: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None

    @property
    def root(self) -> str | None:
        """The folder of the configuration file: exclude patterns are relative to it."""
        return os.path.dirname(self.path) if self.path else None


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest configuration file from ``start`` (the working folder) upward."""
    folder = Path(start if start is not None else os.getcwd()).resolve()
    for candidate in (folder, *folder.parents):
        dotfile = candidate / DOTFILE
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = _read(path)
    except (OSError, UnicodeDecodeError):
        return False
    except ConfigError:
        return True  # too large to look into: read_config says so
    # a cheap look before parsing: most pyproject.toml files have nothing for us
    if "blueprint" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # a broken pyproject.toml that mentions us is reported, not skipped
        return bool(re.search(r"^\s*\[\s*tool\s*\.\s*blueprint\s*\]", text, re.MULTILINE))
    tool = data.get("tool")
    return isinstance(tool, dict) and "blueprint" in tool


def _read(path: Path) -> str:
    """The text of a configuration file (at most a little over :data:`MAX_BYTES`); a
    byte-order mark, as some Windows editors write, is dropped."""
    raw = read_regular(path, MAX_BYTES)
    if len(raw) > MAX_BYTES:
        raise ConfigError.worded(msg("config.too_large", kb=MAX_BYTES // 1024), _shown(path))
    return raw.decode("utf-8-sig")


def load_config(start: str | os.PathLike[str] | None = None) -> Config:
    """The configuration that applies in ``start`` (an empty one when there is none)."""
    path = find_config(start)
    return read_config(path) if path is not None else Config()


def read_config(path: str | os.PathLike[str]) -> Config:
    """Read and check one configuration file; raises :class:`ConfigError` on any problem."""
    file = Path(path)
    shown = _shown(file)
    try:
        text = _read(file)
    except FileNotFoundError:
        raise ConfigError.worded(msg("config.no_file"), shown) from None
    except UnicodeDecodeError:
        raise ConfigError.worded(msg("config.not_utf8"), shown) from None
    except NotRegularFileError:
        raise ConfigError.worded(msg("config.not_regular"), shown) from None
    except OSError as exc:
        raise ConfigError.worded(msg("config.cannot_read", reason=exc.strerror or str(exc)), shown) from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError.worded(msg("config.too_deep"), shown) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        if found:
            message = message[: found.start()].rstrip()
            where = (int(found.group(1)), int(found.group(2)))
            raise ConfigError.worded(msg("config.toml", reason=message), shown, *where) from None
        raise ConfigError.worded(msg("config.toml", reason=message), shown) from None
    except ValueError:  # a number of thousands of digits: Python refuses to convert it
        raise ConfigError.worded(msg("config.long_number"), shown) from None
    is_pyproject = file.name == PYPROJECT
    table: Any = data.get("tool", {}).get("blueprint", {}) if is_pyproject else data
    section = "[tool.blueprint]" if is_pyproject else None
    if not isinstance(table, dict):
        raise ConfigError.worded(msg("config.not_table"), shown)
    return _parse(table, file, text, section)


def _shown(file: Path) -> str:
    from blueprint.common.paths import display_path

    return display_path(str(file))


def _key_line(text: str, key: str, section: str | None) -> int | None:
    """The line where ``key`` is set, in ``section`` or at the top level (best effort)."""
    in_section = section is None
    pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = re.sub(r"\s+", "", stripped.split("#", 1)[0])
            in_section = section is not None and header == section
            if section is None:
                return None  # top-level keys end at the first table
            continue
        if in_section and pattern.match(line):
            return number
    return None


def _parse(table: dict[str, Any], file: Path, text: str, section: str | None) -> Config:
    from blueprint.common.suggest import nearest

    shown = _shown(file)
    where: str | Msg = section or msg("config.the_configuration")

    def fail(key: str, message: Msg) -> ConfigError:
        return ConfigError.worded(message, shown, _key_line(text, key, section))

    for key in table:
        if key not in KEYS:
            hint = nearest(key, list(KEYS))
            if hint:
                raise fail(key, msg("config.unknown_key.hint", key=key, where=where, hint=hint))
            raise fail(key, msg("config.unknown_key", key=key, where=where, keys=", ".join(KEYS)))

    fail_on = table.get("fail-on")
    if fail_on is not None:
        choices = {c.lower(): c for c in FAIL_ON}
        if not isinstance(fail_on, str) or fail_on.lower() not in choices:
            raise fail("fail-on", msg("config.fail_on", choices=", ".join(FAIL_ON), value=repr(fail_on)))
        fail_on = choices[fail_on.lower()]

    max_rpn = table.get("max-rpn")
    if max_rpn is not None and (
        not isinstance(max_rpn, int) or isinstance(max_rpn, bool) or not 1 <= max_rpn <= 1000
    ):
        raise fail("max-rpn", msg("config.max_rpn", value=repr(max_rpn)))

    profile = table.get("profile")
    if profile is not None:
        if not isinstance(profile, str) or not profile:
            raise fail("profile", msg("config.profile", value=repr(profile)))
        profile = _resolve_profile(profile, file)

    disable = _string_list(table, "disable", fail)
    if disable is not None:
        disable = tuple(_rule_code(code, lambda m: fail("disable", m)) for code in disable)
    exclude = _string_list(table, "exclude", fail)
    if exclude is not None and (len(exclude) > MAX_PATTERNS or any(len(p) > MAX_PATTERN for p in exclude)):
        raise fail("exclude", msg("config.exclude", n=MAX_PATTERNS, chars=MAX_PATTERN))
    return Config(
        path=str(file),
        fail_on=fail_on,
        max_rpn=max_rpn,
        profile=profile,
        disable=disable,
        exclude=exclude,
    )


def _string_list(table: dict[str, Any], key: str, fail: Any) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, msg("config.text_list", key=key, value=repr(value)))
    return tuple(value)


def _resolve_profile(profile: str, file: Path) -> str:
    """A built-in profile name as it is; a file path relative to the configuration file."""
    from blueprint.analysis.ap import BUILTIN_PROFILES

    if profile in BUILTIN_PROFILES or os.path.isabs(profile):
        return profile
    return str(file.parent / profile)


def _rule_code(code: str, fail: Any) -> str:
    """The code of the rule named by code or name; a clear error for an unknown one."""
    from blueprint.common.suggest import nearest
    from blueprint.rules import all_rules, rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        choices = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        hint = nearest(code, choices)
        raise fail(
            msg("config.no_rule.hint", code=code, hint=hint) if hint else msg("config.no_rule", code=code)
        )
    return rule.code


def rule_options(config: Config) -> Options:
    """The rule options a configuration sets, the defaults where it sets nothing."""
    from blueprint.rules import Options, rule_by_code

    fail_on = config.fail_on or "H"
    disabled = set()
    for code in config.disable or ():
        rule = rule_by_code(code)
        if rule is not None:
            disabled.add(rule.code)
    return Options(
        fail_on=fail_on.upper() if fail_on.lower() != "none" else "NONE",
        max_rpn=config.max_rpn,
        profile=config.profile or Options().profile,
        disabled=frozenset(disabled),
    )
