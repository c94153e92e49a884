"""Vocabulary speed: save-word latency, export of 5,000 words, segmentation and coverage.

Run: ``python benchmarks/bench_vocab.py`` (from the repository root). Prints a table.
The 640k document is built from ``../shared/data/cpp-dev/dev.sent`` like bench_script.py
(falls back to the repeated test article when that file is absent). Save latency is measured
on a database in a temporary folder: WAL with ``synchronous=FULL``, so each save fsyncs.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from reader.language.scripts.script import Script, convert
from reader.services.study_export import MODEL_ID, export_vocabulary
from reader.services.vocabulary import (
    build_saved_word,
    coverage,
    default_word_list,
    segment,
    sentence_around,
)
from reader.storage.files.opening import open_store
from reader.storage.records import VocabularyItem

ROOT = Path(__file__).resolve().parents[1]
DEV_SENT = ROOT / ".." / "shared" / "data" / "cpp-dev" / "dev.sent"
BIG_LENGTH = 640_000
ARTICLE = "他說：「DeepSeek會在全球AI競爭中沉淪嗎？」大家都在問。\n新版R1在性能和體驗上都有提升。"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f} ms"


def _big_text() -> str:
    if DEV_SENT.is_file():
        source = DEV_SENT.read_text(encoding="utf-8").replace("\u2581", "")
    else:
        source = ARTICLE
    return (source * (BIG_LENGTH // len(source) + 1))[:BIG_LENGTH]


def bench_save(folder: Path, n: int = 300) -> None:
    store = open_store(folder / "bench.sqlite3", backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document(ARTICLE, "bench")
    words = [ARTICLE[s:e] for s, e in segment(ARTICLE)]
    build_times, save_times = [], []
    for i in range(n):
        word = words[i % len(words)] + str(i)  # distinct words: every save inserts
        t0 = time.perf_counter()
        start = ARTICLE.index(words[i % len(words)])
        s, e = sentence_around(ARTICLE, start, start + 2)
        record = build_saved_word(
            word,
            reading="jing4 zheng1",
            senses=["competition", "to compete"],
            sentence=ARTICLE[s:e],
            script=Script.TRADITIONAL,
            document_id=doc,
            source_title="bench",
        )
        t1 = time.perf_counter()
        store.operations.save_word(record)
        t2 = time.perf_counter()
        build_times.append(t1 - t0)
        save_times.append(t2 - t1)
    resave = []
    for _ in range(50):
        t0 = time.perf_counter()
        store.operations.save_word(record)
        resave.append(time.perf_counter() - t0)
    store.close()
    for label, times in (
        ("build record", build_times),
        ("save_word (insert)", save_times),
        ("save_word (update)", resave),
    ):
        times = sorted(times)
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{label:<22}{_ms(statistics.median(times))}{_ms(p95)}   n={len(times)}")


def _items(n: int) -> list[VocabularyItem]:
    return [
        VocabularyItem(
            i,
            f"竞争{i}",
            f"競爭{i}",
            "jing4 zheng1",
            "competition; to compete; rivalry",
            "a note",
            "DeepSeek會在全球AI競爭中沉淪嗎？",
            None,
            "learning",
            "2026-03-01T00:00:00.000Z",
            "DeepSeek会在全球AI竞争中沉沦吗？",
            "",
            "DeepSeek 文章",
        )
        for i in range(n)
    ]


def bench_export(folder: Path, n: int = 5000) -> None:
    items = _items(n)
    for fmt in ("apkg", "pleco", "tsv"):
        out = folder / f"words.{fmt}"
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            count = export_vocabulary(items, out, fmt)
            times.append(time.perf_counter() - t0)
        size = out.stat().st_size
        print(
            f"export {fmt:<6}{count:>6} words  median {_ms(statistics.median(times))}  "
            f"{size / 1024:8.0f} KiB"
        )
    with zipfile.ZipFile(folder / "words.apkg") as package:
        (folder / "c.anki2").write_bytes(package.read("collection.anki2"))
    conn = sqlite3.connect(folder / "c.anki2")
    notes = conn.execute("SELECT count(*), count(DISTINCT guid) FROM notes").fetchone()
    cards = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    templates = [t["name"] for t in models[str(MODEL_ID)]["tmpls"]]
    conn.close()
    print(
        f"apkg check: {notes[0]} notes, {notes[1]} distinct GUIDs, {cards} cards, "
        f"templates {templates}"
    )


def bench_segmentation() -> None:
    default_word_list.cache_clear()
    t0 = time.perf_counter()
    words = default_word_list()
    print(f"word list load        {_ms(time.perf_counter() - t0)}   {len(words.words)} words")
    big = _big_text()
    trad = convert(big, Script.TRADITIONAL).text
    statuses = {big[s:e]: "known" for s, e in segment(big[:20000])}
    for label, text in (("640k Simplified", big), ("640k Traditional", trad)):
        t0 = time.perf_counter()
        shadow = convert(text, Script.SIMPLIFIED)
        conv = time.perf_counter() - t0
        t0 = time.perf_counter()
        spans = segment(text)
        seg = time.perf_counter() - t0
        t0 = time.perf_counter()
        share = coverage(text, statuses)
        cov = time.perf_counter() - t0
        seg_given = min(_timed(lambda t=text, sh=shadow: segment(t, shadow=sh), 3))
        cov_given = min(_timed(lambda t=text, sh=shadow: coverage(t, statuses, shadow=sh), 3))
        print(
            f"{label}: {len(spans)} tokens, coverage {share:.3f}\n"
            f"  Simplified shadow {_ms(conv)}\n"
            f"  segment  {_ms(seg)}   (shadow given {_ms(seg_given)})\n"
            f"  coverage {_ms(cov)}   (shadow given {_ms(cov_given)})"
        )


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'save path':<22}{'median':>12}{'p95':>12}")
        bench_save(folder)
        print()
        bench_export(folder)
    print()
    bench_segmentation()


if __name__ == "__main__":
    main()
