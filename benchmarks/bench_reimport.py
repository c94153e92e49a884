"""Re-importing an edited long document: how long ``Operations.reimport_document`` takes.

Run (from the repository root)::

    python benchmarks/bench_reimport.py [--chars 130000 520000] [--highlights 1000] [--runs 3]

For each size: a text built from the bundled article (copies with their sentences shuffled,
a chapter heading each and about 1% of the Han characters varied, so phrases repeat as they
do in a long book), stored in a temporary database with ``--highlights`` highlights at random
spots (1–40 characters, mostly 1–4). The text is then edited — ~300 insertions, deletions,
typos and punctuation changes, a section of about 1% of the text deleted and one paragraph
moved far down — and the re-import is timed
(a fresh database per run). Prints min/median/max and, for the last run, the placements by
method and judged against the edit's ground truth (each old character's new offset):
``right``; ``wrong`` (an intact quote not on its true span, or a deleted one placed);
``orphaned-intact`` (an intact quote only listed, not placed).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from reader.storage.files.opening import open_store
from reader.text.importer import bundled_article

PHRASES = [
    "然而",
    "據報道，",
    "值得注意的是，",
    "業內人士表示",
    "這一點非常重要。",
    "另有分析認為，這次升級的意義不容低估。",
    "（編者註）",
    "模型",
    "但是",
    "根據最新公布的數據，",
]
PUNCTUATION = {",": "，", "。": "．", "、": "，", "(": "（", ")": "）", "，": ","}

#: A piece of the edited text: a run of the old text ``(start, end)`` or new text.
Piece = tuple[int, int] | str


def build_text(length: int, rng: random.Random) -> str:
    """About ``length`` characters of article copies, each varied."""
    article = bundled_article().text
    paragraphs = [p for p in article.split("\n") if p.strip()]
    han = sorted({ch for ch in article if "\u4e00" <= ch <= "\u9fff"})
    parts: list[str] = []
    total = chapter = 0
    while total < length:
        chapter += 1
        copy = [f"第{chapter}章"]
        for paragraph in paragraphs:
            sentences = [s + "。" for s in paragraph.split("。") if s]
            rng.shuffle(sentences)
            chars = list("".join(sentences))
            for i, ch in enumerate(chars):
                if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.01:
                    chars[i] = rng.choice(han)
            copy.append("".join(chars))
        block = "\n".join(copy) + "\n"
        parts.append(block)
        total += len(block)
    return "".join(parts)[:length]


def edit_pieces(text: str, rng: random.Random, count: int = 300) -> list[Piece]:
    """The edited text as pieces: ``count`` small edits, a section deleted (~1% of the
    text) and one paragraph moved."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    cut_at = breaks[rng.randrange(len(breaks) * 2 // 5, len(breaks) * 3 // 5)] + 1
    cut = (cut_at, cut_at + len(text) // 100)
    moved_at = rng.randrange(len(breaks) // 10, len(breaks) // 5)
    moved = (breaks[moved_at] + 1, breaks[moved_at + 1] + 1)
    target = breaks[rng.randrange(len(breaks) * 4 // 5, len(breaks) - 1)] + 1
    spots = sorted(set(rng.sample(range(1, len(text) - 60), count)) | {cut[0]})
    pieces: list[Piece] = []
    pos = 0

    def keep(upto: int) -> None:
        nonlocal pos
        if upto <= pos:
            return
        # The moved paragraph is cut out here and put back at ``target``.
        if pos < moved[1] and upto > moved[0]:
            if pos < moved[0]:
                pieces.append((pos, moved[0]))
            pos = max(pos, moved[1])
            if upto > pos:
                keep(upto)
            return
        if pos < target <= upto:
            pieces.append((pos, target))
            pieces.append(moved)
            pos = target
        if upto > pos:
            pieces.append((pos, upto))
        pos = upto

    for at in spots:
        if at < pos or moved[0] - 150 <= at <= moved[1] + 40 or -150 < at - target < 40:
            continue
        if cut[0] - 150 <= at < cut[1]:
            if pos <= cut[0]:
                keep(cut[0])
                pos = cut[1]
            continue
        keep(at)
        kind = rng.random()
        if kind < 0.3:
            pieces.append(rng.choice(PHRASES))
        elif kind < 0.55:
            pos += rng.randrange(1, 30)
        elif kind < 0.75:
            ch = text[pos]
            pieces.append(PUNCTUATION.get(ch, "錯" if ch != "錯" else "誤"))
            pos += 1
        elif kind < 0.9:
            end = text.find("。", pos)
            if 0 <= end < pos + 120:
                pos = end + 1
        else:
            pieces.append("這是一個新插入的句子，內容是第" + str(at) + "處的修改。")
    keep(len(text))
    return pieces


def apply_pieces(text: str, pieces: list[Piece]) -> tuple[str, list[int | None]]:
    """The edited text and each old character's new offset (None: deleted; ``-offset - 1``:
    replaced in place, i.e. a one-character substitution)."""
    mapping: list[int | None] = [None] * len(text)
    out: list[str] = []
    new_pos = 0
    for i, piece in enumerate(pieces):
        if isinstance(piece, str):
            out.append(piece)
            new_pos += len(piece)
            continue
        start, end = piece
        for k in range(start, end):
            mapping[k] = new_pos + k - start
        # A one-character substitution: a single new character between two kept runs.
        out.append(text[start:end])
        new_pos += end - start
        if i + 2 < len(pieces) and isinstance(pieces[i + 1], str):
            nxt = pieces[i + 2]
            sub = pieces[i + 1]
            if isinstance(nxt, tuple) and len(sub) == 1 and nxt[0] == end + 1:
                mapping[end] = -new_pos - 1
    return "".join(out), mapping


def judge(mapping: list[int | None], start: int, end: int, placed: tuple[str, int, int]) -> str:
    """``right``, ``wrong`` or ``orphaned-intact`` for one placement (as the reliability test)."""
    method, new_start, new_end = placed
    mapped = [mapping[i] for i in range(start, end)]
    kept = [m if m >= 0 else -m - 1 for m in mapped if m is not None]
    if not kept:
        return "right" if method == "orphan" else "wrong"
    intact = all(m is not None and m >= 0 for m in mapped) and kept[-1] - kept[0] == len(kept) - 1
    if intact:
        if method == "orphan":
            return "orphaned-intact"
        return "right" if (new_start, new_end) == (kept[0], kept[-1] + 1) else "wrong"
    if method == "orphan":
        return "right"
    return "right" if new_start <= kept[-1] and new_end > kept[0] else "wrong"


def spans_for(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    while len(spans) < count:
        length = rng.choice((1, 1, 2, 2, 2, 3, 4, 4, 6, 8, 12, 20, 40))
        start = rng.randrange(0, len(text) - length)
        if text[start : start + length].strip():
            spans.append((start, start + length))
    return spans


def run_once(
    folder: Path, text: str, edited: str, spans: list[tuple[int, int]]
) -> tuple[float, dict[int, tuple[str, int, int]], dict[int, tuple[int, int]]]:
    """Seconds the re-import took, each highlight's placement and its old span."""
    store = open_store(folder / "reader.sqlite3", backup_on_open=False).store
    assert store is not None
    ops = store.operations
    doc = ops.add_document(text, "long")
    ids = ops.add_highlights(doc, [(s, e, "yellow", f"note {s}") for s, e in spans])
    t0 = time.perf_counter()
    placements = ops.reimport_document(doc, edited)
    took = time.perf_counter() - t0
    store.close()
    placed = {hid: (p.method, p.start, p.end) for hid, p in placements.items()}
    return took, placed, dict(zip(ids, spans, strict=True))


def bench(length: int, highlights: int, runs: int) -> None:
    rng = random.Random(length)
    text = build_text(length, rng)
    edited, mapping = apply_pieces(text, edit_pieces(text, rng))
    spans = spans_for(text, highlights, rng)
    times: list[float] = []
    placed: dict[int, tuple[str, int, int]] = {}
    old: dict[int, tuple[int, int]] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-reimport-") as tmp:
            took, placed, old = run_once(Path(tmp), text, edited, spans)
        times.append(took)
    methods = Counter(method for method, _, _ in placed.values())
    verdicts = Counter(judge(mapping, *old[hid], placed[hid]) for hid in placed)
    print(
        f"re-import {len(text):,} → {len(edited):,} chars, {highlights:,} highlights: "
        f"min {min(times):6.2f} s   median {statistics.median(times):6.2f} s   "
        f"max {max(times):6.2f} s   (n={runs})"
    )
    print(f"    methods {dict(sorted(methods.items()))}   verdicts {dict(sorted(verdicts.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, nargs="+", default=[130_000, 520_000])
    parser.add_argument("--highlights", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("command: python " + " ".join(sys.argv))
    for length in args.chars:
        bench(length, args.highlights, args.runs)


if __name__ == "__main__":
    main()
