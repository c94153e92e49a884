"""HSK 3.0 levels (issue N.4): word lookups and grading a whole document.

    python benchmarks/bench_levels.py [--runs N]

* word_level: every distinct word of the bundled article's segmentation, cold (first call:
  the syllabus's tables loaded) and warm (cached), per word;
* grading: the article and the article repeated to ~640,000 characters through
  ``services.difficulty.text_words`` (longest match against the syllabus's list, glossary
  names left out) and ``hsk.profile`` — N runs each, min / median / max; peak RSS growth.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from reader.language.words import hsk
    from reader.language.words.glossary import Glossary
    from reader.services.difficulty import text_words
    from reader.text.importer import bundled_article

    article = bundled_article().text
    glossary = Glossary.load_bundled()
    before = rss_mib()
    t0 = time.perf_counter()
    hsk.word_level("模型")
    load = time.perf_counter() - t0
    words = sorted(set(text_words(article, glossary)))
    hsk.word_level.cache_clear()
    t0 = time.perf_counter()
    for w in words:
        hsk.word_level(w)
    cold = (time.perf_counter() - t0) / len(words)
    t0 = time.perf_counter()
    for _ in range(10):
        for w in words:
            hsk.word_level(w)
    warm = (time.perf_counter() - t0) / (10 * len(words))
    print(f"tables loaded in {load * 1000:.1f} ms; RSS +{rss_mib() - before:.1f} MiB")
    print(f"word_level over {len(words)} distinct words: cold {cold * 1e6:.1f} µs, "
          f"warm {warm * 1e6:.2f} µs a word")
    long_text = article * (640_000 // len(article) + 1)
    for name, text in (("article", article), ("640k", long_text)):
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            hsk.profile(text_words(text, glossary))
            times.append(time.perf_counter() - t0)
        print(f"grade {name} ({len(text):,} chars): min {min(times):.3f} s, median "
              f"{statistics.median(times):.3f} s, max {max(times):.3f} s")
    print(f"peak RSS {rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
