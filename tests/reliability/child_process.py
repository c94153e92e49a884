"""For tests that run the reader in a process of its own: an environment with every folder
of its own under the test's, and waiting for a condition with a deadline."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


def child_env(tmp_path: Path) -> dict[str, str]:
    """This process's environment, offscreen, with the settings, data, cache and runtime
    folders under ``tmp_path`` (no user's database named)."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    env.pop("READER_DB", None)
    return env


def wait_until(condition: Callable[[], object], seconds: float = 60.0) -> bool:
    """Whether ``condition`` became true within ``seconds`` (asked every 50 ms)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
