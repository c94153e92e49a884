"""The cache folder (CC-CEDICT index …), computed without Qt but where Qt puts it.

Matches ``QStandardPaths.writableLocation(CacheLocation)`` for organisation "reader" and
application "reader": ``$XDG_CACHE_HOME/reader/reader`` on Linux (``~/.cache/reader/reader``
when the variable is unset or not absolute), ``~/Library/Caches/reader/reader`` on macOS and
``%LOCALAPPDATA%\\reader\\reader\\cache`` on Windows. The GUI and ``reader define`` share it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from reader.paths.data import APPLICATION, ORGANISATION


def default_cache_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The folder Qt's CacheLocation names for this application on ``platform``."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    home = Path(env.get("HOME") or Path.home())
    if platform.startswith("win"):
        base = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / ORGANISATION / APPLICATION / "cache"
    if platform == "darwin":
        return home / "Library" / "Caches" / ORGANISATION / APPLICATION
    xdg = env.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache"
    return base / ORGANISATION / APPLICATION
