"""Archiving one document before removal, restoring it, and renaming documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.services.document_archive import (
    ARCHIVE_FORMAT,
    ArchiveError,
    archive_dir_for,
    archive_document,
    read_archive,
    restorable_count,
    restore_archived_document,
)
from reader.storage.changes import Change, Changed
from reader.storage.records import StoreError
from reader.storage.store import Store

TEXT = "第一句话。第二句话有一个重要的词。\n第三句话，还有𠀀字。"



def _document(store: Store) -> int:
    ops = store.operations
    doc = ops.add_document(TEXT, "课文 1/2", source="/tmp/a.txt", inline_readings={3: "hua4"})
    ops.set_reading_position(doc, 5)
    ops.add_highlight(doc, 0, 4, "yellow")
    ops.add_highlight(doc, 10, 12, "green", note="重要: important")
    return doc


def test_rename_document_notifies_and_trims(store: Store) -> None:
    doc = _document(store)
    seen: list[Change] = []
    store.operations.add_listener(seen.append)
    store.operations.rename_document(doc, "  新 \n 标题 ")
    assert store.document(doc).title == "新 标题"
    assert seen == [Change(Changed.DOCUMENTS, (doc,))]
    with pytest.raises(StoreError):
        store.operations.rename_document(doc, "  ")
    with pytest.raises(StoreError):
        store.operations.rename_document(999, "x")


def test_archive_writes_text_highlights_and_notes(store: Store, tmp_path: Path) -> None:
    doc = _document(store)
    folder = archive_dir_for(store)
    assert folder == store.backup_dir / "removed-documents"
    path = archive_document(store, doc, folder)
    assert path.parent == folder and path.suffix == ".json"
    assert "课文-1-2" in path.name
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == ARCHIVE_FORMAT
    assert data["document"]["text"] == TEXT
    assert data["document"]["inline_readings"] == {"3": "hua4"}
    assert [h["note"] for h in data["highlights"]] == [None, "重要: important"]
    assert not list(folder.glob(".*.tmp"))
    # A second archive never replaces the first.
    again = archive_document(store, doc, folder)
    assert again != path and path.exists()
    assert restorable_count(path) == ("课文 1/2", 2)


def test_restore_after_removal_brings_everything_back(store: Store) -> None:
    doc = _document(store)
    path = archive_document(store, doc, archive_dir_for(store))
    store.operations.remove_document(doc)
    assert store.documents() == [] and store.all_highlights() == []
    new_id = restore_archived_document(store, path)
    info = store.document(new_id)
    assert (info.title, info.source, info.reading_position) == ("课文 1/2", "/tmp/a.txt", 5)
    assert store.document_text(new_id) == TEXT
    assert store.inline_readings(new_id) == {3: "hua4"}
    assert [(h.start, h.end, h.colour, h.note) for h in store.highlights(new_id)] == [
        (0, 4, "yellow", None),
        (10, 12, "green", "重要: important"),
    ]


def test_restore_over_a_present_document_adds_only_missing_highlights(store: Store) -> None:
    doc = _document(store)
    path = archive_document(store, doc, archive_dir_for(store))
    first = store.highlights(doc)[0]
    store.operations.delete_highlight(first.id)
    assert restore_archived_document(store, path) == doc
    assert len(store.highlights(doc)) == 2
    assert restore_archived_document(store, path) == doc
    assert len(store.highlights(doc)) == 2


def test_unplaceable_orphans_stay_in_the_file(store: Store) -> None:
    doc = _document(store)
    path = archive_document(store, doc, archive_dir_for(store))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["highlights"].append(
        {
            "start": 1,
            "end": 1,
            "quote": "不存在的句子",
            "prefix": "",
            "suffix": "",
            "colour": "blue",
            "note": "lost",
            "anchor_method": "orphan",
        }
    )
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    store.operations.remove_document(doc)
    new_id = restore_archived_document(store, path)
    assert len(store.highlights(new_id, include_orphans=True)) == 2


def test_bad_archives_are_refused(store: Store, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(ArchiveError):
        read_archive(missing)
    other = tmp_path / "other.json"
    other.write_text('{"type": "AnnotationCollection"}', encoding="utf-8")
    with pytest.raises(ArchiveError, match="not a reader document archive"):
        restore_archived_document(store, other)
    doc = _document(store)
    path = archive_document(store, doc, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["document"]["text"] += "!"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ArchiveError, match="damaged"):
        restore_archived_document(store, path)
