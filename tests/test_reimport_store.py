"""``Operations.reimport_document``: placements worked out before the write transaction,
without the store's lock, and checked again inside it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import pytest

import reader.anchoring.anchors as anchors_module
from reader.anchoring.anchors import Placement, TextAnchor, reanchor_all
from reader.storage.store import Store
from reader.text.importer import bundled_article

TEXT = bundled_article().text



def _span(text: str, quote: str) -> tuple[int, int]:
    at = text.index(quote)
    return at, at + len(quote)


def _lock_is_free(store: Store) -> bool:
    """Whether another thread can take the store's lock now."""
    got: list[bool] = []

    def probe() -> None:
        if store.lock.acquire(timeout=2):
            store.lock.release()
            got.append(True)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return got == [True]


def _during_placement(
    monkeypatch: pytest.MonkeyPatch, store: Store, action: Callable[[], None]
) -> list[bool]:
    """Run ``action`` the first time the re-import places highlights; returns, per call,
    whether another thread could take the store's lock meanwhile."""
    free: list[bool] = []

    def wrapped(
        old: str, new: str, anchors: Sequence[TextAnchor], alignment: Any = None
    ) -> list[Placement]:
        first = not free
        free.append(_lock_is_free(store))
        if first:
            action()
        return reanchor_all(old, new, anchors, alignment)

    # the re-import imports it where it runs (anchoring is not loaded with the store)
    monkeypatch.setattr(anchors_module, "reanchor_all", wrapped)
    return free


def test_highlights_follow_the_edit_and_keep_their_notes(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "article")
    kept = ops.add_highlight(doc, *_span(TEXT, "全球AI競爭"), note="競爭")
    typo = ops.add_highlight(doc, *_span(TEXT, "DeepSeek小助手在官方交流群中"), note="助手")
    gone = ops.add_highlight(doc, *_span(TEXT, "歡迎用戶前往"), note="歡迎")
    edited = (
        "編者按：本文經過修訂。\n"
        + TEXT.replace("小助手在官方", "小助手在官芳").replace("歡迎用戶前往", "")
    )
    placements = ops.reimport_document(doc, edited)
    assert set(placements) == {kept, typo, gone}
    by_id = {h.id: h for h in store.highlights(doc, include_orphans=True)}
    assert by_id[kept].anchor_method == "context"
    assert edited[by_id[kept].start : by_id[kept].end] == "全球AI競爭"
    assert by_id[typo].anchor_method == "fuzzy"
    assert by_id[typo].quote == edited[by_id[typo].start : by_id[typo].end]
    assert "官芳" in by_id[typo].quote
    assert by_id[gone].anchor_method == "orphan" and by_id[gone].quote == "歡迎用戶前往"
    assert [h.note for h in (by_id[kept], by_id[typo], by_id[gone])] == ["競爭", "助手", "歡迎"]
    assert store.document_text(doc) == edited
    # The search text follows a quote that changed (and only then).
    assert [hit.highlight.id for hit in store.search("官芳")] == [typo]
    assert [hit.highlight.id for hit in store.search("全球AI競爭")] == [kept]


def test_placing_happens_without_the_lock_and_a_highlight_added_meanwhile_is_placed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "article")
    first = ops.add_highlight(doc, *_span(TEXT, "全球AI競爭"))
    added: list[int] = []

    def add_one() -> None:
        added.append(ops.add_highlight(doc, *_span(TEXT, "API接口和使用方式")))

    free = _during_placement(monkeypatch, store, add_one)
    edited = "新的第一段。\n" + TEXT
    placements = ops.reimport_document(doc, edited)
    assert free[0], "the store's lock was held while placing"
    assert set(placements) == {first, *added}
    for h in store.highlights(doc):
        assert h.anchor_method == "context"
        assert edited[h.start : h.end] == h.quote


def test_a_text_replaced_meanwhile_by_another_reimport_is_placed_from(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "article")
    hid = ops.add_highlight(doc, *_span(TEXT, "全球AI競爭"))
    middle = "插入一段。\n" + TEXT
    final = "最後的版本。\n" + middle

    def other_reimport() -> None:
        ops.reimport_document(doc, middle)

    _during_placement(monkeypatch, store, other_reimport)
    placements = ops.reimport_document(doc, final)
    assert store.document_text(doc) == final
    h = store.highlight(hid)
    assert placements[hid].method == h.anchor_method == "context"
    assert final[h.start : h.end] == "全球AI競爭"


def test_a_deleted_highlight_is_not_written_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "article")
    keep = ops.add_highlight(doc, *_span(TEXT, "全球AI競爭"))
    drop = ops.add_highlight(doc, *_span(TEXT, "API接口"))

    def delete() -> None:
        ops.delete_highlight(drop)

    _during_placement(monkeypatch, store, delete)
    placements = ops.reimport_document(doc, "前言。\n" + TEXT)
    assert set(placements) == {keep}
    assert [h.id for h in store.highlights(doc, include_orphans=True)] == [keep]


def test_an_orphan_from_an_earlier_reimport_comes_back_when_its_text_does(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "article")
    hid = ops.add_highlight(doc, *_span(TEXT, "歡迎用戶前往官方網頁"))
    ops.reimport_document(doc, TEXT.replace("歡迎用戶前往官方網頁", "請到"))
    assert store.highlight(hid).anchor_method == "orphan"
    ops.reimport_document(doc, "補充說明。\n" + TEXT)
    h = store.highlight(hid)
    assert h.anchor_method == "context"
    assert store.document_text(doc)[h.start : h.end] == "歡迎用戶前往官方網頁"
