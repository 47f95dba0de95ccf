"""Safe file reading and writing: bounded reads of regular files only; atomic replace, no
silent overwrite of files people edit."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from blueprint.errors import OutputError
from blueprint.i18n import msg


class NotRegularFileError(OSError):
    """The path names a FIFO, a device or a socket: reading it could wait forever or never end."""


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``: at most ``limit + 1`` of them, so that a
    caller can tell a file over its limit without reading all of it.

    The file is opened without blocking, so a FIFO nobody writes to cannot hang the read,
    and anything but a regular file (FIFO, device such as ``/dev/zero``, socket), also
    through a symbolic link, raises :class:`NotRegularFileError`; a folder raises
    :class:`IsADirectoryError`, a missing file :class:`FileNotFoundError`.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
        os.set_blocking(fd, True)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_target(path: str | os.PathLike[str], *, force: bool = True) -> Path:
    """Refuse a target in a missing folder, or an existing file when ``force`` is false."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError.worded(msg("io.no_folder", target=str(target), folder=str(folder)))
    if target.is_dir():
        raise OutputError.worded(msg("io.is_folder", target=str(target)))
    if not force and (target.exists() or target.is_symlink()):
        raise _exists(target)
    return target


def _exists(target: Path) -> OutputError:
    return OutputError.worded(msg("io.exists", target=str(target)))


def _place(tmp: str, target: Path, force: bool) -> None:
    """Move the finished temporary file to ``target`` in one step.

    Without ``force`` a hard link creates the name only if nothing holds it yet, so a
    file that appears meanwhile is never replaced; file systems without hard links fall
    back to a last check and a rename.
    """
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if target.exists() or target.is_symlink():
            raise _exists(target) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, force: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    An interrupted or failed write leaves the old file (or no file) in place, never a
    partial one, and no temporary file. A symbolic link is written through (the file it
    points to is replaced, the link stays). An operating-system failure (disk full, no
    permission) is an :class:`OutputError` naming the file. Returns ``path``.
    """
    target = check_target(path, force=force)
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if real.exists():
            os.chmod(tmp, real.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        _place(tmp, real, force)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise OutputError.worded(msg("io.cannot_write", target=str(target), reason=reason)) from None
        raise
    return target
