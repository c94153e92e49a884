"""Re-importing an edited article re-anchors its highlights: none lost, none misplaced.

The article gets inserted and deleted paragraphs, an inserted sentence, changed punctuation
and typos. Every edit is applied with a character map (old offset → new offset, None where a
character was deleted or replaced), which gives each highlight's true new place:

* untouched quote — must land exactly on its mapped span;
* quote partly edited — may land (fuzzy) overlapping what is left of it, or be orphaned;
* quote deleted — must be orphaned.

Anything else counts as wrongly placed. The counts by method go into benchmarks/notes_E.md.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from reader.anchoring.anchors import anchor_span, reanchor
from reader.storage.files.opening import open_store
from reader.text.importer import bundled_article

Edit = tuple[int, int, str]  # (old position, characters deleted, text inserted)


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[int | None]]:
    """The edited text and, for each old character, its new offset: None when deleted,
    ``-(offset) - 1`` when replaced in place by another character."""
    mapping: list[int | None] = [None] * len(text)
    out: list[str] = []
    pos = new_pos = 0
    for at, deleted, inserted in sorted(edits):
        assert at >= pos, "edits overlap"
        for i in range(pos, at):
            mapping[i] = new_pos
            new_pos += 1
        if deleted == len(inserted):  # a substitution: characters replaced in place
            for k in range(deleted):
                mapping[at + k] = -(new_pos + k) - 1
        out.append(text[pos:at])
        out.append(inserted)
        new_pos += len(inserted)
        pos = at + deleted
    for i in range(pos, len(text)):
        mapping[i] = new_pos
        new_pos += 1
    out.append(text[pos:])
    return "".join(out), mapping


def article_edits(text: str, rng: random.Random) -> list[Edit]:
    """Paragraphs inserted and deleted, a sentence inserted, punctuation changed, typos."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    assert len(breaks) >= 6
    edits: list[Edit] = [
        (breaks[0] + 1, 0, "編者按：本文經過修訂，增加了新的背景資料和分析。\n"),
        (breaks[2] + 1, breaks[3] - breaks[2], ""),  # a whole paragraph deleted
        (breaks[-2] + 1, 0, "另外，有分析師認為這次升級意義重大。\n新段落第二行。\n"),
    ]
    sentence_at = text.index("。", breaks[4]) + 1
    edits.append((sentence_at, 0, "這是一個插入的句子。"))
    taken = {e[0] for e in edits} | set(range(breaks[2], breaks[3] + 2))
    punctuation = {",": "，", "。": "．", "、": "，", "(": "（", ")": "）"}
    candidates = [i for i, ch in enumerate(text) if ch in punctuation and i not in taken]
    for i in rng.sample(candidates, min(25, len(candidates))):
        edits.append((i, 1, punctuation[text[i]]))
        taken.add(i)
    han = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff" and i not in taken]
    for i in rng.sample(han, 12):
        edits.append((i, 1, "錯"))
    edits.sort()
    cleaned: list[Edit] = []
    for edit in edits:
        if cleaned and edit[0] < cleaned[-1][0] + max(cleaned[-1][1], 1):
            continue
        cleaned.append(edit)
    return cleaned


def judge(mapping: list[int | None], start: int, end: int, placed: tuple[str, int, int]) -> str:
    """ "right" or "wrong" for one placement against the edit's ground truth."""
    method, new_start, new_end = placed
    mapped = [mapping[i] for i in range(start, end)]
    kept = [m if m >= 0 else -m - 1 for m in mapped if m is not None]
    if not kept:
        return "right" if method == "orphan" else "wrong"
    unchanged = all(m is not None and m >= 0 for m in mapped)
    intact = unchanged and kept[-1] - kept[0] == len(kept) - 1
    if intact:
        if method == "orphan":
            return "orphaned-intact"
        return "right" if (new_start, new_end) == (kept[0], kept[-1] + 1) else "wrong"
    if method == "orphan":
        return "right"
    overlaps = new_start <= kept[-1] and new_end > kept[0]
    return "right" if overlaps else "wrong"


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_edited_reimport_of_the_article(seed: int, tmp_path: Path) -> None:
    text = bundled_article().text
    rng = random.Random(seed)
    edited, mapping = apply_edits(text, article_edits(text, rng))
    store = open_store(tmp_path / "reader.sqlite3", backup_on_open=False).store
    assert store is not None
    ops = store.operations
    doc = ops.add_document(text, "article")
    spans: dict[int, tuple[int, int]] = {}
    for _ in range(400):
        length = rng.choice((1, 1, 2, 2, 2, 3, 4, 4, 6, 8, 12, 20, 40))
        start = rng.randrange(0, len(text) - length)
        if not text[start : start + length].strip():
            continue
        spans[ops.add_highlight(doc, start, start + length, note=f"n{start}")] = (
            start,
            start + length,
        )
    placements = ops.reimport_document(doc, edited)
    after = {h.id: h for h in store.highlights(doc, include_orphans=True)}
    assert set(after) == set(spans), "highlights lost"
    methods: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    wrong: list[str] = []
    for hid, (start, end) in spans.items():
        h = after[hid]
        methods[h.anchor_method] += 1
        verdict = judge(mapping, start, end, (h.anchor_method, h.start, h.end))
        verdicts[verdict] += 1
        if verdict == "wrong":
            wrong.append(
                f"{text[start:end]!r}@{start} -> {h.anchor_method} {edited[h.start : h.end]!r}@{h.start}"
            )
        assert placements[hid].method == h.anchor_method
        if h.anchor_method != "orphan":
            assert edited[h.start : h.end] == h.quote
        assert h.note == f"n{start}"
    print(
        f"\nseed {seed}: {len(spans)} highlights, methods {dict(methods)}, verdicts {dict(verdicts)}"
    )
    store.close()
    assert not wrong, wrong[:10]
    assert verdicts["orphaned-intact"] <= len(spans) // 50


def test_unchanged_text_places_everything_exactly() -> None:
    text = bundled_article().text
    rng = random.Random(5)
    for _ in range(200):
        length = rng.choice((1, 2, 3, 8))
        start = rng.randrange(0, len(text) - length)
        assert reanchor(text, anchor_span(text, start, start + length)).method == "exact"
