"""Figures for the notes store (issue E). Run:

    python benchmarks/bench_store.py [--quick]

Prints: durable add-highlight latency, loading 10,000 highlights of a document, search
latency over 10,000 notes (1–4+ character queries), opening a 10,000-highlight database
(check on a copy + backup), and re-anchoring after an edited re-import. Everything runs in a
temporary folder on the same file system as the system temp dir.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from reader.storage.files.opening import open_store
from reader.storage.store import Store
from reader.text.importer import bundled_article


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _summary(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"{label:<52} median {statistics.median(times):8.2f} ms   p95 {p95:8.2f} ms   n={len(times)}"
    )


def bench(folder: Path, quick: bool) -> None:
    article = bundled_article().text
    rng = random.Random(1)
    result = open_store(folder / "reader.sqlite3")
    store = result.store
    assert store is not None
    ops = store.operations
    doc = ops.add_document(article, "article")

    def add_one() -> None:
        start = rng.randrange(0, len(article) - 10)
        ops.add_highlight(doc, start, start + rng.randrange(1, 10), note="發展 note")

    _summary(
        "add highlight (one durable transaction, FULL sync)", _timed(add_one, 50 if quick else 300)
    )

    words = ["發展", "全球", "競爭", "模型", "升級", "推理", "用戶", "版本", "性能", "DeepSeek"]
    spans = []
    for i in range(10_000):
        start = rng.randrange(0, len(article) - 12)
        note = f"{rng.choice(words)} 筆記 {i} {rng.choice(words)}"
        spans.append((start, start + rng.randrange(1, 12), "yellow", note))
    t0 = time.perf_counter()
    ops.add_highlights(doc, spans)
    print(
        f"{'bulk add 10,000 highlights (one transaction)':<52} {1000 * (time.perf_counter() - t0):8.1f} ms"
    )

    _summary(
        f"load {len(store.highlights(doc))} highlights of a document",
        _timed(lambda: store.highlights(doc), 20),
    )
    for query in ("發", "发展", "發展筆", "筆記 1234", "deepseek"):
        hits = len(store.search(query, limit=100_000))
        _summary(
            f"search {query!r} ({hits} hits)",
            _timed(lambda q=query: store.search(q, limit=100_000), 20),
        )
    store.close()

    reopen = _timed(lambda: _open_close(folder / "reader.sqlite3"), 5)
    _summary("open_store of that database (check + backup)", reopen)
    reopen_nb = _timed(lambda: _open_close(folder / "reader.sqlite3", backup=False), 5)
    _summary("open_store without backup (check on a copy only)", reopen_nb)

    # A long text without repeats: the article's sentences shuffled, each tagged uniquely.
    sentences = [s + "。" for s in article.split("。") if s.strip()]
    parts: list[str] = []
    while sum(map(len, parts)) < (60_000 if quick else 600_000):
        rng.shuffle(sentences)
        parts += [f"{s}（{rng.randrange(10**6)}）" for s in sentences]
    big = "".join(parts)
    store2 = open_store(folder / "big.sqlite3", backup_on_open=False).store
    assert store2 is not None
    big_doc = store2.operations.add_document(big, "big")
    for _ in range(200):
        length = rng.choice((1, 2, 2, 3, 4, 8, 20))
        start = rng.randrange(0, len(big) - length)
        store2.operations.add_highlight(big_doc, start, start + length)
    edited = "插入的新段落，內容與原文無關。\n" + big.replace("，", ",", 50)
    t0 = time.perf_counter()
    placements = store2.operations.reimport_document(big_doc, edited)
    took = 1000 * (time.perf_counter() - t0)
    methods = Counter(p.method for p in placements.values())
    print(f"{f're-import {len(big):,} chars, 200 highlights':<52} {took:8.1f} ms   {dict(methods)}")
    store2.close()


def _open_close(path: Path, backup: bool = True) -> None:
    result = open_store(path, backup_on_open=backup)
    assert isinstance(result.store, Store)
    result.store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller texts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        bench(Path(tmp), args.quick)


if __name__ == "__main__":
    main()
