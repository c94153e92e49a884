"""Hover latency (issue J: ≤ 2 ms): what the window does between the pointer resting on a
character and the popup's content being ready, at every Han position of the bundled article.

    python benchmarks/bench_hover.py [--qt-sample N]

* assembly: the segmentation's word at the position and the words around it, then
  ``describe_word`` (glossary term, dictionary lookups, entries ordered by the context
  reading) and ``popup_html`` — the pure part, at every Han character of the article;
* popup: ``WordPopup.show_info`` (Qt: rich text layout, sizing, placement) for N positions
  spread over the article (offscreen platform).

Each prints min / median / p95 / max in milliseconds. The dictionary index and word model
are loaded first (from the cache; built there on a first run) and each position is asked
once after one warm-up pass, as a learner moving the pointer would.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return (
        f"| {name} | {len(ms)} | {ms[0]:.3f} | {statistics.median(ms):.3f} | {p95:.3f} | "
        f"{ms[-1]:.3f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qt-sample", type=int, default=300)
    args = parser.parse_args()

    from reader.language.readings.pinyin import is_han
    from reader.language.readings.readings import compute_readings
    from reader.language.segmentation.model import WordModel
    from reader.language.segmentation.segmenter import Segmenter
    from reader.language.words.dictionary import Dictionary
    from reader.language.words.glossary import Glossary
    from reader.language.words.word_info import TermIndex, describe_word
    from reader.paths.cache import default_cache_dir
    from reader.text.importer import bundled_article
    from reader.ui.reading.words.popup_content import Look, popup_html

    text = bundled_article().text
    dictionary = Dictionary.load(default_cache_dir())
    glossary = Glossary.load_bundled()
    segmenter = Segmenter(WordModel.load(default_cache_dir()), glossary)
    words = segmenter.segment(text)
    readings = compute_readings(text)
    terms = TermIndex(glossary.find_all(text))
    positions = [i for i, ch in enumerate(text) if is_han(ch)]

    def hover(pos: int) -> str:
        word = words.word_at(pos)
        around = [(t.start, t.end) for t in segmenter.alternatives(text, pos)] if word else []
        info = describe_word(
            text, pos, dictionary=dictionary, terms=terms, readings=readings,
            word=(word.start, word.end) if word else None, around=around,
        )
        return popup_html(info, Look()) if info else ""

    for pos in positions:  # warm-up: lru caches of the lookups, as after a minute of reading
        hover(pos)
    times = []
    for pos in positions:
        t0 = time.perf_counter()
        hover(pos)
        times.append(time.perf_counter() - t0)
    print(f"article: {len(text):,} characters, {len(positions):,} Han positions")
    print("| step | positions | min ms | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|")
    print(summary("assembly (word, around, describe_word, popup_html)", times))

    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from reader.ui.reading.words.word_popup import WordPopup

    app = QApplication.instance() or QApplication([])
    popup = WordPopup()
    step = max(1, len(positions) // args.qt_sample)
    sample = positions[::step][: args.qt_sample]
    infos = []
    for pos in sample:
        word = words.word_at(pos)
        infos.append(describe_word(
            text, pos, dictionary=dictionary, terms=terms, readings=readings,
            word=(word.start, word.end) if word else None,
        ))
    shown = []
    for info in infos:
        if info is None:
            continue
        t0 = time.perf_counter()
        popup.show_info(info, QRect(200, 200, 20, 20), Look())
        app.processEvents()
        shown.append(time.perf_counter() - t0)
    print(summary("popup.show_info + processEvents (Qt, offscreen)", shown))
    popup.close()
    dictionary.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
