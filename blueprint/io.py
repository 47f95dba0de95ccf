"""Safe file writing: atomic replace, no silent overwrite of files people edit."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from blueprint.errors import OutputError


def check_target(path: str | os.PathLike[str], *, force: bool = True) -> Path:
    """Refuse a target in a missing folder, or an existing file when ``force`` is false."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: folder '{folder}' does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    if not force and target.exists():
        raise OutputError(f"{target} already exists; use --force to overwrite it")
    return target


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, force: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    An interrupted write leaves the old file (or no file) in place, never a partial one.
    """
    target = check_target(path, force=force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if not force and target.exists():
            raise OutputError(f"{target} already exists; use --force to overwrite it")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target
