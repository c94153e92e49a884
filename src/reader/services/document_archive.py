"""One document, its text, highlights and notes, archived as a JSON file before it is removed.

The library removes a document only after writing :func:`archive_document`'s file into the
archive folder (``removed-documents/`` in the backup folder), so a removal can be undone even
after it was confirmed: :func:`restore_archived_document` puts the document back (or finds it
again, when the same text is stored) and re-adds its highlights.

File format (``"format": "reader-document-archive"``, ``"version": 1``)::

    {"format": ..., "version": 1, "archived_at": "2026-11-28T19:57:00.123Z",
     "document": {"title", "source", "sha256", "created_at", "opened_at",
                  "reading_position", "preferred_script", "inline_readings": {"12": "hang2"},
                  "text": "…"},
     "highlights": [{"start", "end", "quote", "prefix", "suffix", "colour", "note",
                     "anchor_method", "created_at", "updated_at"}, …]}

Offsets are code points of the canonical text. Orphaned highlights are archived too, but
restoring re-adds only those that can be placed on the text (found by their quote); the file
keeps the others.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.anchoring.anchors import TextAnchor, reanchor
from reader.services.notes_export import write_atomically
from reader.storage.records import StoreError
from reader.text.document import text_sha256

if TYPE_CHECKING:
    from reader.storage.store import Store

ARCHIVE_FORMAT = "reader-document-archive"
ARCHIVE_VERSION = 1
#: The archive folder's name inside the store's backup folder.
ARCHIVE_FOLDER = "removed-documents"

_HIGHLIGHT_FIELDS = (
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "colour",
    "note",
    "anchor_method",
    "created_at",
    "updated_at",
)


class ArchiveError(StoreError):
    """An archive file could not be read: missing, not JSON, or not a document archive."""


def archive_dir_for(store: Store) -> Path:
    """Where the library archives removed documents: ``removed-documents/`` among the backups."""
    return Path(store.backup_dir) / ARCHIVE_FOLDER


def _slug(title: str, limit: int = 40) -> str:
    """A file-name-safe form of a title (letters of any script kept)."""
    slug = re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-_")
    return slug[:limit].rstrip("-_") or "document"


def archive_payload(store: Store, document_id: int, now: datetime | None = None) -> dict[str, Any]:
    """The archive of one document as a JSON-ready dictionary (see the module docstring)."""
    info = store.document(document_id)
    text = store.document_text(document_id)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    document = asdict(info)
    for key in ("id", "length"):
        document.pop(key)
    document["inline_readings"] = {
        str(k): v for k, v in sorted(store.inline_readings(document_id).items())
    }
    document["text"] = text
    highlights = [
        {name: getattr(h, name) for name in _HIGHLIGHT_FIELDS}
        for h in store.highlights(document_id, include_orphans=True)
    ]
    return {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "archived_at": stamp.isoformat(timespec="milliseconds")[:-6] + "Z",
        "document": document,
        "highlights": highlights,
    }


def archive_document(
    store: Store, document_id: int, folder: Path | str, now: datetime | None = None
) -> Path:
    """Write one document (text, highlights, notes) to a new JSON file in ``folder``.

    The file is written atomically (temporary file, fsync, rename) and never replaces an
    earlier archive; returns its path. StoreError for an unknown document, OSError when the
    folder cannot be written.
    """
    payload = archive_payload(store, document_id, now)
    directory = Path(folder)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = payload["archived_at"].replace("-", "").replace(":", "").replace(".", "")
    base = f"{stamp}-{_slug(payload['document']['title'])}"
    path = directory / f"{base}.json"
    counter = 2
    while path.exists():
        path = directory / f"{base}-{counter}.json"
        counter += 1
    write_atomically(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return path


def read_archive(path: Path | str) -> dict[str, Any]:
    """The checked contents of an archive file; ArchiveError when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != ARCHIVE_FORMAT:
        raise ArchiveError(f"{Path(path).name} is not a reader document archive")
    if not isinstance(data.get("version"), int) or data["version"] > ARCHIVE_VERSION:
        raise ArchiveError(f"{Path(path).name} was written by a newer reader")
    document = data.get("document")
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("text"), str)
        or not isinstance(document.get("title"), str)
        or not isinstance(data.get("highlights"), list)
    ):
        raise ArchiveError(f"{Path(path).name} is incomplete")
    return data


def _placeable(text: str, item: dict[str, Any]) -> tuple[int, int] | None:
    """Where an archived highlight goes on ``text``: its own offsets when the quote is still
    there, else wherever its quote and context are found; None when nowhere."""
    try:
        anchor = TextAnchor(
            int(item["start"]),
            int(item["end"]),
            str(item["quote"]),
            str(item.get("prefix", "")),
            str(item.get("suffix", "")),
        )
    except (KeyError, TypeError, ValueError):
        return None
    placed = reanchor(text, anchor)
    if placed.method == "orphan" or not 0 <= placed.start < placed.end <= len(text):
        return None
    return placed.start, placed.end


def restore_archived_document(store: Store, path: Path | str) -> int:
    """Put an archived document back and re-add its highlights; returns the document's id.

    When the same text is already stored the existing document is kept and only the
    highlights it lacks (same span, colour and note) are added. Orphaned highlights whose
    quote is not in the text are left in the file. ArchiveError for a file that is not an
    archive or whose text does not match its recorded hash.
    """
    data = read_archive(path)
    document = data["document"]
    text: str = document["text"]
    if document.get("sha256") and document["sha256"] != text_sha256(text):
        raise ArchiveError(f"{Path(path).name} is damaged: its text does not match its hash")
    operations = store.operations
    readings = {int(k): str(v) for k, v in dict(document.get("inline_readings") or {}).items()}
    existing = store.document_id_by_sha256(text_sha256(text))
    document_id = operations.add_document(
        text,
        document["title"],
        source=str(document.get("source", "")),
        inline_readings=readings,
        preferred_script=str(document.get("preferred_script", "original")),
    )
    if existing is None:
        position = int(document.get("reading_position") or 0)
        if 0 < position <= len(text):
            operations.set_reading_position(document_id, position)
    present = {
        (h.start, h.end, h.colour, h.note)
        for h in store.highlights(document_id, include_orphans=True)
    }
    spans: list[tuple[int, int, str, str | None]] = []
    for item in data["highlights"]:
        if not isinstance(item, dict):
            continue
        span = _placeable(text, item)
        if span is None:
            continue
        note = item.get("note") or None
        key = (span[0], span[1], str(item.get("colour", "yellow")), note)
        if key not in present:
            present.add(key)
            spans.append(key)
    if spans:
        operations.add_highlights(document_id, spans)
    return document_id


def restorable_count(path: Path | str) -> tuple[str, int]:
    """An archive's document title and number of highlights (for a confirmation prompt)."""
    data = read_archive(path)
    return str(data["document"]["title"]), len(data["highlights"])
