"""Reading a file's bytes for import, within the size the reader opens.

``read_file`` opens only regular files (a FIFO, device, socket or folder is refused without
being read) and reads at most ``MAX_BYTES + 1`` bytes; ``read_limited`` reads a stream
(stdin) the same way. Both raise :class:`~reader.text.decoding.ImportRefused` naming the input.
Kept apart from :mod:`reader.text.importer` so a command that only reads and converts a file
(``reader convert``) does not load the import pipeline.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from reader.text.decoding import ImportRefused, replace_lone_surrogates

#: Larger inputs are refused: far beyond any article, and kept out of memory trouble.
MAX_BYTES = 256 * 1024 * 1024


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size // (1024 * 1024)} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def too_large(name: str, size: int | None, limit: int) -> ImportRefused:
    held = f" is {_size_text(size)}:" if size is not None else " is"
    return ImportRefused(f"{name}{held} larger than the {_size_text(limit)} the reader opens.")


#: Open without blocking (a FIFO with no writer would block ``open`` forever), in binary mode
#: on Windows, and never as the controlling terminal.
_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = (
    os.O_RDONLY
    | _NONBLOCK
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CHUNK = 1024 * 1024


def read_limited(read: Callable[[int], bytes], name: str, size_hint: int = 0) -> bytes:
    """At most ``MAX_BYTES`` bytes from ``read`` (``os.read`` on a descriptor, a stream's
    ``read``); ImportRefused, naming ``name``, as soon as more than that comes.

    Never asks for more than ``MAX_BYTES + 1`` bytes in all. ``size_hint`` (the size the file
    claims) lets a regular file be read in one call.
    """
    limit = MAX_BYTES
    chunks: list[bytes] = []
    got = 0
    while got <= limit:
        chunk = read(min(limit + 1 - got, max(_CHUNK, size_hint + 1 - got)))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    if got > limit:
        raise too_large(name, None, limit)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file; ImportRefused with a message naming it when it cannot be
    read, is not a regular file (a folder, a FIFO, a device …) or is larger than ``MAX_BYTES``.

    A FIFO is opened without blocking and refused; at most ``MAX_BYTES + 1`` bytes are read.
    """
    name = replace_lone_surrogates(os.fspath(path))[0]  # as shown: undecodable bytes as U+FFFD
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise ImportRefused(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ImportRefused(f"{name} is a folder, not a file.") from None
    except PermissionError:
        raise ImportRefused(f"{name}: permission denied") from None
    except OSError as exc:
        # A socket cannot be opened at all (ENXIO): say what it is when stat can tell.
        from reader.paths.kinds import kind_of_mode

        try:
            what = kind_of_mode(os.stat(path).st_mode)
        except OSError:
            what = None
        if what is not None:
            raise ImportRefused(f"{name} is {what}, not a file.") from None
        raise ImportRefused(f"{name}: cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # (the words for what it is: imported only here)
            from reader.paths.kinds import kind_of_mode

            raise ImportRefused(f"{name} is {kind_of_mode(info.st_mode)}, not a file.")
        if info.st_size > MAX_BYTES:
            raise too_large(name, info.st_size, MAX_BYTES)
        if _NONBLOCK:  # a regular file: reads block as usual (matters on network file systems)
            os.set_blocking(fd, True)
        return read_limited(lambda n: os.read(fd, n), name, info.st_size)
    except MemoryError:
        raise ImportRefused(f"{name}: too large to open") from None
    except OSError as exc:
        raise ImportRefused(f"{name}: cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
