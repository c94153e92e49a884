"""A damaged database that was moved aside is remembered until the user settles it.

When the user chooses to start afresh over a damaged database, the damaged file is renamed
(never deleted) and an incident is written next to the store, ``<database>.incident.json``.
Every start shows it until the user opens the moved file read-only, restores a backup, or
dismisses it with an explicit choice; a crash in between changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from reader.storage.files.health import fsync_dir


@dataclass(frozen=True)
class Incident:
    """A damaged database kept at ``moved_to`` since ``at`` (UTC, ISO), and what was wrong."""

    moved_to: Path
    problem: str
    at: str


def incident_path(db_path: Path) -> Path:
    """Where the incident of database ``db_path`` is recorded."""
    return db_path.with_name(db_path.name + ".incident.json")


def record_incident(db_path: Path, moved_to: Path, problem: str, at: str) -> Incident:
    """Write the incident durably (a temporary file renamed into place)."""
    moved_to = moved_to.resolve()  # found again from any working folder
    incident = Incident(moved_to, problem, at)
    target = incident_path(db_path)
    tmp = target.with_name(target.name + ".tmp")
    payload = {"moved_to": str(moved_to), "problem": problem, "at": at}
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    fsync_dir(target.parent)
    return incident


def pending_incident(db_path: Path) -> Incident | None:
    """The incident still waiting for the user's decision, if any.

    An unreadable record, or one whose moved file is gone (the user deleted it), is not
    pending: nothing would be there to open.
    """
    path = incident_path(db_path)
    try:
        raw = json.loads(path.read_text("utf-8"))
        incident = Incident(Path(raw["moved_to"]), str(raw["problem"]), str(raw["at"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not ours to interpret: never offered as a database to open
    if not incident.moved_to.is_absolute():  # written by an earlier version
        incident = Incident(db_path.parent / incident.moved_to.name, incident.problem, incident.at)
    if not incident.moved_to.exists():
        return None
    return incident


def dismiss_incident(db_path: Path) -> None:
    """The user settled the incident: forget it (the moved file itself is kept)."""
    with contextlib.suppress(FileNotFoundError):
        incident_path(db_path).unlink()
    fsync_dir(db_path.parent)
