"""Safe file reading and writing: bounded reads of regular files only; atomic replace, no
silent overwrite of files people edit."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Sequence
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


def check_target(
    path: str | os.PathLike[str], *, force: bool = True, inputs: Sequence[str | os.PathLike[str]] = ()
) -> Path:
    """Refuse a target in a missing folder, an input of the same run (even with ``force``),
    or an existing file when ``force`` is false.

    A special file (``/dev/null``, a FIFO, ``/dev/stdout``) is written in place, so it is
    never refused for existing. A block device is refused. A name the system refuses to
    look at (too long, a loop of links) is an :class:`OutputError` naming the file.
    """
    try:
        return _check_target(Path(path), force, inputs)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError.worded(msg("io.cannot_write", target=str(path), reason=reason)) from None


def _check_target(target: Path, force: bool, inputs: Sequence[str | os.PathLike[str]]) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError.worded(msg("io.no_folder", target=str(target), folder=str(folder)))
    if target.is_dir():
        raise OutputError.worded(msg("io.is_folder", target=str(target)))
    if _in_place(target):
        return target
    mode = _mode(target)
    for source in inputs:
        if mode is not None and _same_file(target, source):
            raise OutputError.worded(msg("io.is_input", target=str(target), source=str(source)))
    if mode is not None and stat.S_ISBLK(mode):
        raise OutputError.worded(msg("io.special", target=str(target)))
    if not force and (target.exists() or target.is_symlink()):
        raise _exists(target)
    return target


def _mode(path: Path) -> int | None:
    """The file type and mode of what ``path`` names (through links), or None if nothing."""
    try:
        return os.stat(path).st_mode
    except (OSError, ValueError):
        return None


def _in_place(target: Path) -> bool:
    """Whether ``target`` is written as it is: a character device, FIFO or socket, or
    the file standard output or error goes to."""
    mode = _mode(target)
    if mode is None:
        return False
    special = stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
    return special or _standard_stream(target) is not None


def _same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _standard_stream(target: Path) -> int | None:
    """1 or 2 when ``target`` is the file standard output or error already goes to
    (``/dev/stdout``, ``/dev/fd/1``, or the file a shell redirected them to), else None."""
    try:
        st = os.stat(target)
    except (OSError, ValueError):
        return None
    for fd in (1, 2):
        try:
            if os.path.samestat(st, os.fstat(fd)):
                return fd
        except OSError:
            continue
    return None


def _write_in_place(target: Path, payload: bytes) -> None:
    """Write to a standard stream, a device or a FIFO as it is: renaming a file over it
    would replace ``/dev/null`` with a file, truncate what ``>>`` appends to, or fail on a pipe.
    """
    import sys

    fd = _standard_stream(target)
    if fd is not None:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        _write_all(fd, payload)
        return
    out = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(out, payload)
    finally:
        os.close(out)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


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


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    force: bool = True,
    inputs: Sequence[str | os.PathLike[str]] = (),
) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    An interrupted or failed write (also Ctrl-C, or SIGTERM once the command line has
    installed its handler) leaves the old file (or no file) in place, never a partial
    one, and no temporary file. A symbolic link is written through (the file it points to
    is replaced, the link stays). ``path`` naming one of ``inputs`` is refused, whatever
    ``force`` says. A character device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a
    pipe) is written as it is, not replaced. An operating-system failure (disk full, no
    permission) is an :class:`OutputError` naming the file. Returns ``path``.
    """
    target = check_target(path, force=force, inputs=inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if _in_place(target):
        try:
            _write_in_place(target, payload)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise OutputError.worded(msg("io.cannot_write", target=str(target), reason=reason)) from None
        return target
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
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
