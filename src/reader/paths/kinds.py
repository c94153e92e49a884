"""What a file system entry is, in words, when it is not a regular file.

One answer for the importer (File › Open, ``reader clean``), the store (``--db``) and the
exports (``-o``): each refuses folders, pipes, sockets and devices with the same words.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def kind_of_mode(mode: int) -> str | None:
    """"a folder", "a named pipe (FIFO)", … for ``st_mode``; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def special_kind(path: Path) -> str | None:
    """What ``path`` is when it exists and is not a regular file, else None (symlinks followed)."""
    try:
        return kind_of_mode(os.stat(path).st_mode)
    except OSError:
        return None
