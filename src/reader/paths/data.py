"""Where the notes database lives: ``--db``, then ``READER_DB``, then the app-data folder.

The default matches what Qt's ``QStandardPaths.writableLocation(AppDataLocation)`` returns for
organisation "reader" and application "reader" (checked with PySide6 6.12 on Linux:
``$XDG_DATA_HOME/reader/reader``, ``~/.local/share/reader/reader`` when the variable is unset
or not absolute), computed here without importing Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

#: Organisation and application names the UI registers with Qt.
ORGANISATION = "reader"
APPLICATION = "reader"
#: The database's file name inside the app-data folder.
DB_FILENAME = "reader.sqlite3"
#: The environment variable that overrides the default location.
ENV_VAR = "READER_DB"


def app_data_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The folder Qt's AppDataLocation names for this application on ``platform``."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    home = Path(env.get("HOME") or Path.home())
    if platform.startswith("win"):
        base = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = env.get("XDG_DATA_HOME", "")
        base = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".local" / "share"
    return base / ORGANISATION / APPLICATION


def default_db_path(env: Mapping[str, str] | None = None) -> Path:
    """The database path when neither ``--db`` nor ``READER_DB`` is given."""
    return app_data_dir(env) / DB_FILENAME


def resolve_db_path(
    cli_value: str | os.PathLike[str] | None,
    env: Mapping[str, str] | None = None,
    default: Path | None = None,
) -> Path:
    """The database path: ``cli_value`` if given, else ``env["READER_DB"]``, else ``default``
    (the app-data path when ``default`` is None). ``~`` is expanded."""
    env = os.environ if env is None else env
    if cli_value:
        return Path(cli_value).expanduser()
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR]).expanduser()
    return default if default is not None else default_db_path(env)
