"""10,000 highlights shown through script toggles 100 times: none moves.

Half the highlights are made by selecting in the Taiwan display (mapped to canonical spans
with ``canonical_span``), half in the Original view (any canonical span). Each round toggles
the view to a script and back: the stored canonical spans never change (viewing writes
nothing), every display span is the same each round, and a display-made highlight maps back
to exactly its stored span. Uses ``reader.language.scripts.script.convert`` and its ``OffsetMap``.
"""

from __future__ import annotations

import random
from pathlib import Path

from reader.language.scripts.script import Script, convert
from reader.storage.files.opening import open_store
from reader.text.importer import bundled_article

HIGHLIGHTS = 10_000
TOGGLES = 100


def test_script_toggles_move_no_highlight(tmp_path: Path) -> None:
    text = bundled_article().text
    views = {s: convert(text, s) for s in (Script.TAIWAN, Script.SIMPLIFIED)}
    taiwan = views[Script.TAIWAN]
    assert len(taiwan.offsets) > 0, "the article should have length-changing conversions"
    rng = random.Random(10)
    spans: list[tuple[int, int, str, str | None]] = []
    from_display: set[int] = set()
    while len(spans) < HIGHLIGHTS:
        length = rng.randrange(1, 25)
        if len(spans) % 2 == 0:
            d0 = rng.randrange(0, taiwan.offsets.display_length - length)
            start, end = taiwan.offsets.canonical_span(d0, d0 + length)
            from_display.add(len(spans))
        else:
            start = rng.randrange(0, len(text) - length)
            end = start + length
        spans.append((start, end, "yellow", None))
    store = open_store(tmp_path / "reader.sqlite3", backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document(text, "article")
    ids = store.operations.add_highlights(doc, spans)
    display_made = {ids[i] for i in from_display}
    stored = {h.id: (h.start, h.end) for h in store.highlights(doc)}
    assert len(stored) == HIGHLIGHTS

    first_display: dict[tuple[Script, int], tuple[int, int]] = {}
    moved: set[int] = set()
    for _ in range(TOGGLES):
        for script, view in views.items():
            for hid, (start, end) in stored.items():
                shown = view.offsets.display_span(start, end)
                key = (script, hid)
                if first_display.setdefault(key, shown) != shown:
                    moved.add(hid)
                back = view.offsets.canonical_span(*shown)
                if hid in display_made and script is Script.TAIWAN and back != (start, end):
                    moved.add(hid)
                if not (back[0] <= start and end <= back[1]):
                    moved.add(hid)
    after = {h.id: (h.start, h.end) for h in store.highlights(doc)}
    store.close()
    assert after == stored
    assert not moved, f"{len(moved)} highlights moved"
