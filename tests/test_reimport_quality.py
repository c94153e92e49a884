"""Re-anchoring all highlights at once places them at least as well as one by one.

A long text of varied copies of the article (phrases repeat, as in a book) is edited:
insertions, deletions, typos, changed punctuation, a deleted section and two paragraphs moved.
Every edit is applied as pieces of the old text, which gives each old character's true new
offset. Each highlight is placed by :func:`reanchor` (one by one, the way a re-import worked
before) and by :func:`reanchor_all` (aligned first), and both are judged against the truth:

* an intact quote must land exactly on its true span (listing it as an orphan is allowed but
  counted);
* a partly edited quote may land overlapping what is left of it, or be orphaned;
* a deleted quote must be orphaned.

``reanchor_all`` must never place wrongly a highlight that ``reanchor`` placed right or
orphaned.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from reader.anchoring.anchors import Placement, anchor_span, reanchor, reanchor_all
from reader.text.importer import bundled_article

Piece = tuple[int, int] | str


def varied_copies(length: int, rng: random.Random) -> str:
    """Copies of the article, sentences shuffled, a heading each, ~1% of Han varied."""
    article = bundled_article().text
    paragraphs = [p for p in article.split("\n") if p.strip()]
    han = sorted({ch for ch in article if "\u4e00" <= ch <= "\u9fff"})
    parts: list[str] = []
    chapter = 0
    while sum(map(len, parts)) < length:
        chapter += 1
        copy = [f"第{chapter}章"]
        for paragraph in paragraphs:
            sentences = [s + "。" for s in paragraph.split("。") if s]
            rng.shuffle(sentences)
            chars = [
                rng.choice(han) if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.01 else ch
                for ch in "".join(sentences)
            ]
            copy.append("".join(chars))
        parts.append("\n".join(copy) + "\n")
    return "".join(parts)[:length]


def edited_pieces(text: str, rng: random.Random, count: int) -> list[Piece]:
    """Small edits at ``count`` places, a section deleted, two paragraphs moved down."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    n = len(breaks)
    moves = [
        ((breaks[i] + 1, breaks[i + 1] + 1), breaks[t] + 1)
        for i, t in ((n // 10, n * 7 // 10), (n // 4, n * 9 // 10))
    ]
    cut = (breaks[n // 2] + 1, breaks[n // 2] + 1 + len(text) // 60)
    spans = sorted([m for m, _ in moves] + [cut])
    targets = {t: m for m, t in moves}
    pieces: list[Piece] = []
    pos = 0

    def keep(upto: int) -> None:
        nonlocal pos
        for at in sorted(set(targets) | {a for a, _ in spans}):
            if pos <= at < upto:
                if at > pos:
                    pieces.append((pos, at))
                    pos = at
                if at in targets:
                    pieces.append(targets[at])
                for a, b in spans:
                    if a == pos:
                        pos = b
        if upto > pos:
            pieces.append((pos, upto))
            pos = upto

    def near_span(at: int) -> bool:
        return any(a - 150 <= at < b + 40 for a, b in spans) or any(
            -150 < at - t < 40 for t in targets
        )

    for at in sorted(rng.sample(range(1, len(text) - 60), count)):
        if at < pos or near_span(at):
            continue
        keep(at)
        kind = rng.random()
        if kind < 0.3:
            pieces.append(rng.choice(["然而", "據報道，", "值得注意的是，", "模型", "（編者註）"]))
        elif kind < 0.55:
            pos += rng.randrange(1, 30)
        elif kind < 0.8:
            pieces.append("錯" if text[pos] != "錯" else "誤")
            pieces.append((pos + 1, pos + 1))  # marks a one-character substitution
            pos += 1
        else:
            end = text.find("。", pos)
            if 0 <= end < pos + 120:
                pos = end + 1
    keep(len(text))
    return pieces


def apply_pieces(text: str, pieces: list[Piece]) -> tuple[str, list[int | None]]:
    """The edited text and each old character's new offset (None: deleted; ``-offset - 1``:
    replaced in place)."""
    mapping: list[int | None] = [None] * len(text)
    out: list[str] = []
    new_pos = 0
    for i, piece in enumerate(pieces):
        if isinstance(piece, str):
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            if isinstance(nxt, tuple) and nxt[0] == nxt[1]:  # a substitution of old nxt-1
                mapping[nxt[0] - 1] = -new_pos - 1
            out.append(piece)
            new_pos += len(piece)
            continue
        start, end = piece
        for k in range(start, end):
            mapping[k] = new_pos + k - start
        out.append(text[start:end])
        new_pos += end - start
    return "".join(out), mapping


def judge(mapping: list[int | None], start: int, end: int, placed: Placement) -> str:
    mapped = mapping[start:end]
    kept = [m if m >= 0 else -m - 1 for m in mapped if m is not None]
    if not kept:
        return "right" if placed.method == "orphan" else "wrong"
    intact = all(m is not None and m >= 0 for m in mapped) and kept[-1] - kept[0] == len(kept) - 1
    if intact:
        if placed.method == "orphan":
            return "orphaned-intact"
        return "right" if (placed.start, placed.end) == (kept[0], kept[-1] + 1) else "wrong"
    if placed.method == "orphan":
        return "right"
    return "right" if placed.start <= kept[-1] and placed.end > kept[0] else "wrong"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_all_at_once_is_never_worse_than_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    text = varied_copies(40_000, rng)
    edited, mapping = apply_pieces(text, edited_pieces(text, rng, 150))
    assert mapping.count(None) > len(text) // 60  # the section and the small deletions
    spans: list[tuple[int, int]] = []
    while len(spans) < 400:
        length = rng.choice((1, 1, 2, 2, 2, 3, 4, 4, 6, 8, 12, 20, 40))
        start = rng.randrange(0, len(text) - length)
        if text[start : start + length].strip():
            spans.append((start, start + length))
    anchors = [anchor_span(text, s, e) for s, e in spans]
    one_by_one = [reanchor(edited, a) for a in anchors]
    all_at_once = reanchor_all(text, edited, anchors)
    assert len(all_at_once) == len(anchors)
    old_verdicts: Counter[str] = Counter()
    new_verdicts: Counter[str] = Counter()
    worse: list[str] = []
    for (start, end), old, new in zip(spans, one_by_one, all_at_once, strict=True):
        before, after = judge(mapping, start, end, old), judge(mapping, start, end, new)
        old_verdicts[before] += 1
        new_verdicts[after] += 1
        if after == "wrong" and before != "wrong":
            worse.append(f"{text[start:end]!r}@{start}: {old} -> {new}")
        if new.method in ("exact", "context"):
            assert edited[new.start : new.end] == text[start:end]
        assert 0 <= new.start <= new.end <= len(edited)
    print(f"\nseed {seed}: one by one {dict(old_verdicts)}; all at once {dict(new_verdicts)}")
    assert not worse, worse
    assert new_verdicts["wrong"] <= old_verdicts["wrong"]
    assert new_verdicts["orphaned-intact"] <= old_verdicts["orphaned-intact"]
    assert new_verdicts["right"] >= 0.98 * len(spans)


def test_the_edited_article_of_the_reliability_suite() -> None:
    from tests.reliability.test_reliability_reimport import apply_edits, article_edits
    from tests.reliability.test_reliability_reimport import judge as judge_tuple

    text = bundled_article().text
    for seed in range(1, 7):
        rng = random.Random(seed)
        edited, mapping = apply_edits(text, article_edits(text, rng))
        spans = []
        for _ in range(300):
            length = rng.choice((1, 1, 2, 2, 2, 3, 4, 4, 6, 8, 12, 20, 40))
            start = rng.randrange(0, len(text) - length)
            if text[start : start + length].strip():
                spans.append((start, start + length))
        anchors = [anchor_span(text, s, e) for s, e in spans]
        placed = reanchor_all(text, edited, anchors)
        for (start, end), a, new in zip(spans, anchors, placed, strict=True):
            old = reanchor(edited, a)
            before = judge_tuple(mapping, start, end, (old.method, old.start, old.end))
            after = judge_tuple(mapping, start, end, (new.method, new.start, new.end))
            assert not (after == "wrong" and before != "wrong"), (text[start:end], old, new)
            assert after != "wrong"


def test_an_unchanged_text_keeps_every_highlight_exactly() -> None:
    text = varied_copies(20_000, random.Random(9))
    rng = random.Random(9)
    anchors = []
    for _ in range(200):
        start = rng.randrange(0, len(text) - 5)
        anchors.append(anchor_span(text, start, start + rng.randrange(1, 5)))
    for a, placed in zip(anchors, reanchor_all(text, text, anchors), strict=True):
        assert (placed.method, placed.start, placed.end) == ("exact", a.start, a.end)


def test_an_anchor_stored_from_an_older_text_is_searched_for() -> None:
    old = "第一段講全球競爭。\n第二段說的是發展的問題，發展很快。\n第三段：模型的發展前景。"
    stale = anchor_span("前言。" + old, 3 + old.index("發展很快"), 3 + old.index("發展很快") + 4)
    new = "新的開頭。" + old
    [placed] = reanchor_all(old, new, [stale])
    assert placed.method == "context"
    assert new[placed.start : placed.end] == "發展很快"


def test_a_quote_at_the_very_start_and_end() -> None:
    old = "開頭的句子。中間的內容很長很長。結尾的句子"
    new = "新增：" + old + "。"
    anchors = [anchor_span(old, 0, 2), anchor_span(old, len(old) - 2, len(old))]
    first, last = reanchor_all(old, new, anchors)
    assert (first.start, first.end) == (3, 5)
    assert new[last.start : last.end] == "句子" and last.start == len(new) - 3
