"""Figures for the word segmentation (issue J). Run:

    python benchmarks/bench_segmentation.py [--quick] [--runs N] [--part quality|speed|model]

* quality: the hand-segmented sentences (segmentation_gold*.txt, both scripts) through each
  candidate frequency source and setting: the share of Han characters whose hover word is
  right, tokens crossing a word boundary (和美 in 中國/和/美國), tokens cutting a word
  (繞/開 for 繞開) or joining two (意在 for 意/在), and the six hover examples of the issue.
  Candidates needing a package that is not installed (wordfreq, jieba's own segmenter) are
  skipped with a note;
* speed: the bundled article repeated to ~640,000 characters, segmented N times
  (min/median/max), then word_at and alternatives at every position of the article;
* model: building the model into an empty cache folder, and loading it from the cache, each in
  a fresh subprocess (time and RSS growth).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD_FILES = {"segmentation_gold.txt": "s2t", "segmentation_gold_article.txt": "t2s"}
#: The issue's hover examples in the article: (context, offset of the pointer in it, word).
EXAMPLES = [
    ("冷卻", 1, "冷卻"),
    ("中國和美國", 2, "和"),
    ("應對策略", 1, "應對"),
    ("前瞻性地", 2, "前瞻性"),
    ("有機會", 0, "有"),
    ("國家的", 1, "國家"),
]
Tokens = list[tuple[int, int]]


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- gold ------------------------------------------------------------------------------------
def parse_gold(line: str) -> tuple[str, set[int], set[int]]:
    """Text, mandatory boundaries (with 0 and the end) and optional boundaries of a gold line."""
    text: list[str] = []
    must: set[int] = {0}
    may: set[int] = set()
    for ch in line:
        if ch == "/":
            must.add(len(text))
        elif ch == "|":
            may.add(len(text))
        else:
            text.append(ch)
    must.add(len(text))
    return "".join(text), must, may


def gold_lines() -> list[tuple[str, set[int], set[int]]]:
    """Every gold line in its own script and converted to the other one (same length only)."""
    from reader.language.scripts.script import convert_config

    out = []
    for name, config in GOLD_FILES.items():
        for raw in (HERE / name).read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            text, must, may = parse_gold(raw)
            out.append((text, must, may))
            other = convert_config(text, config)
            if len(other) == len(text):
                out.append((other, must, may))
    return out


def score(segment: Callable[[str], Tokens], gold: list[tuple[str, set[int], set[int]]]) -> dict:
    from reader.language.readings.pinyin import is_han

    han = right = crossing = cutting = joining = tokens = 0
    for text, must, may in gold:
        allowed = must | may
        for start, end in segment(text):
            if not any(is_han(c) for c in text[start:end]):
                continue
            tokens += 1
            inside_must = any(start < b < end for b in must)
            ends_ok = start in allowed and end in allowed
            if ends_ok and not inside_must:
                right += sum(1 for c in text[start:end] if is_han(c))
            elif ends_ok:
                joining += 1
            elif inside_must:
                crossing += 1
            else:
                cutting += 1
        han += sum(1 for c in text if is_han(c))
    return {
        "hover_right_pct": round(100 * right / han, 2),
        "crossing": crossing,
        "cutting": cutting,
        "joining": joining,
        "tokens": tokens,
    }


def examples(segment: Callable[[str], Tokens]) -> str:
    from reader.text.importer import bundled_article

    text = bundled_article().text
    ok = 0
    spans = segment(text)
    for context, offset, word in EXAMPLES:
        pos = text.index(context) + offset
        token = next(t for t in spans if t[0] <= pos < t[1])
        ok += text[token[0] : token[1]] == word
    return f"{ok}/{len(EXAMPLES)}"


# --- candidates ------------------------------------------------------------------------------
def _vocabulary() -> list[str]:
    from reader.language.segmentation.sources import cedict_words, pypinyin_phrases

    return [*cedict_words(), *pypinyin_phrases()]


def _wordfreq_counts() -> dict[str, float] | None:
    """wordfreq's large Chinese list as counts (frequency x 1e9), or None when not installed."""
    try:
        import gzip
        import importlib.util

        import msgpack  # type: ignore[import-not-found]

        spec = importlib.util.find_spec("wordfreq")
    except ImportError:
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "large_zh.msgpack.gz"
    with gzip.open(path) as fh:
        buckets = msgpack.load(fh, raw=False, strict_map_key=False)
    counts: dict[str, float] = {}
    for centibels, words in enumerate(buckets[1:], 1):
        for word in words:
            counts[word] = max(1.0, 1e9 * 10 ** (-centibels / 100))
    return counts


def candidates(quick: bool) -> dict[str, Callable[[str], Tokens]]:
    from reader.language.segmentation.folding import Folder, build_fold_map
    from reader.language.segmentation.model import WordModel, build_costs
    from reader.language.segmentation.segmenter import Segmenter
    from reader.language.segmentation.sources import jieba_dict_file, read_frequencies
    from reader.language.words.glossary import Glossary

    glossary = Glossary.load_bundled()
    vocabulary = _vocabulary()
    jieba_counts = read_frequencies(jieba_dict_file())
    folder = Folder(build_fold_map())

    def ours(counts: dict[str, float], *, extra: bool = False, default: float = 2.0, gloss=True):
        words = [*vocabulary, *counts] if extra else vocabulary
        costs, total = build_costs(words, counts, folder, default_count=default)
        seg = Segmenter(WordModel.from_costs(costs, total, folder), glossary if gloss else None)
        return lambda text: [tuple(t) for t in seg.segment(text)]

    out: dict[str, Callable[[str], Tokens]] = {}
    out["jieba counts (chosen)"] = ours(dict(jieba_counts))
    out["jieba counts, no glossary"] = ours(dict(jieba_counts), gloss=False)
    out["jieba counts + jieba's own words"] = ours(dict(jieba_counts), extra=True)
    if not quick:
        for default in (0.5, 1.0, 5.0, 20.0):
            out[f"jieba counts, default count {default:g}"] = ours(
                dict(jieba_counts), default=default
            )
    uniform = {w: 1.0 for w in _vocabulary() if len(w) == 1}
    out["no frequencies (fewest words)"] = ours(uniform, default=1.0)
    wordfreq = _wordfreq_counts()
    if wordfreq is None:
        print("wordfreq not installed: its candidate skipped", file=sys.stderr)
    else:
        out["wordfreq large_zh counts"] = ours(wordfreq)
        out["wordfreq counts + its own words"] = ours(wordfreq, extra=True)
    try:
        import jieba  # type: ignore[import-untyped]

        jieba.setLogLevel(60)
        jieba.initialize()
        out["jieba's segmenter, HMM off"] = lambda text: [
            (a, b) for _w, a, b in jieba.tokenize(text, HMM=False)
        ]
        out["jieba's segmenter, HMM on"] = lambda text: [
            (a, b) for _w, a, b in jieba.tokenize(text, HMM=True)
        ]
    except ImportError:
        print("jieba not importable: its segmenter skipped", file=sys.stderr)
    return out


def quality(quick: bool) -> None:
    gold = gold_lines()
    han = sum(1 for text, _m, _o in gold for c in text if "\u3400" <= c <= "\u9fff")
    print(f"## quality: {len(gold)} gold lines (both scripts), {han} Han characters\n")
    print("| candidate | hover right | crossing | cutting | joining | six examples |")
    print("|---|---|---|---|---|---|")
    for name, segment in candidates(quick).items():
        s = score(segment, gold)
        print(
            f"| {name} | {s['hover_right_pct']} % | {s['crossing']} | {s['cutting']} | "
            f"{s['joining']} | {examples(segment)} |"
        )
    print()


# --- speed -----------------------------------------------------------------------------------
def _stats(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def speed(runs: int) -> None:
    from reader.language.segmentation.model import WordModel
    from reader.language.segmentation.segmenter import Segmenter
    from reader.language.words.glossary import Glossary
    from reader.paths.cache import default_cache_dir
    from reader.text.importer import bundled_article

    model = WordModel.load(default_cache_dir())
    t0 = time.perf_counter()
    segmenter = Segmenter(model, Glossary.load_bundled())
    make_ms = (time.perf_counter() - t0) * 1000
    article = bundled_article().text
    big = article * math.ceil(640_000 / len(article))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        seg = segmenter.segment(big)
        times.append(time.perf_counter() - t0)
    print(f"## speed: {len(big):,} characters, {len(seg):,} tokens, {runs} runs\n")
    print(f"- Segmenter with the bundled glossary's terms: {make_ms:.0f} ms")
    print(f"- segment, min / median / max: {_stats(times)} s")
    print(f"- {len(big) / statistics.median(times):,.0f} characters/s")
    small = segmenter.segment(article)
    for name, call in (
        ("word_at", lambda p: small.word_at(p)),
        ("word_at (640k text)", lambda p: seg.word_at(p * 200)),
        ("alternatives", lambda p: segmenter.alternatives(article, p)),
        ("next_word_start", lambda p: seg.next_word_start(p * 200)),
    ):
        lat = []
        for pos in range(len(article)):
            t0 = time.perf_counter()
            call(pos)
            lat.append((time.perf_counter() - t0) * 1000)
        lat.sort()
        p99 = lat[int(0.99 * (len(lat) - 1))]
        print(
            f"- {name}, every position of the article: median {statistics.median(lat):.4f} ms, "
            f"p99 {p99:.4f} ms, max {max(lat):.3f} ms"
        )
    print()


# --- model build and load --------------------------------------------------------------------
def _phase(cache_dir: str) -> dict[str, float]:
    """Child process: load the model (building it when the cache is empty)."""
    from reader.language.segmentation.model import WordModel
    from reader.language.segmentation.segmenter import Segmenter
    from reader.language.words.glossary import Glossary
    from reader.text.importer import bundled_article

    glossary = Glossary.load_bundled()
    rss0 = _rss_kib()
    t0 = time.perf_counter()
    model = WordModel.load(Path(cache_dir))
    seconds = time.perf_counter() - t0
    rss1 = _rss_kib()
    model.fold(bundled_article().text)
    rss2 = _rss_kib()
    segmenter = Segmenter(model, glossary)  # the terms in a small table beside the model's
    assert segmenter.model is not model
    return {
        "seconds": seconds,
        "rss_delta_mib": (rss1 - rss0) / 1024,
        "fold_rss_mib": (rss2 - rss1) / 1024,
        "segmenter_rss_mib": (_rss_kib() - rss2) / 1024,
        "rebuilt": float(model.rebuilt),
        "words": float(len(model)),
        "cache_mib": (Path(cache_dir) / "segmentation.bin").stat().st_size / 2**20,
    }


def _child(cache_dir: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", cache_dir],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def model(runs: int) -> None:
    builds, loads = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            builds.append(_child(tmp))
            loads.append(_child(tmp))
    assert all(b["rebuilt"] for b in builds) and not any(x["rebuilt"] for x in loads)
    print(f"## model: {int(builds[0]['words']):,} words, cache {builds[0]['cache_mib']:.1f} MiB\n")
    for name, rows in (("build (empty cache)", builds), ("load (cached)", loads)):
        print(
            f"- {name}, min / median / max of {runs}: {_stats([r['seconds'] for r in rows])} s, "
            f"RSS growth {statistics.median([r['rss_delta_mib'] for r in rows]):.0f} MiB; "
            f"then folding the article "
            f"{statistics.median([r['fold_rss_mib'] for r in rows]):.0f} MiB, and a Segmenter "
            f"{statistics.median([r['segmenter_rss_mib'] for r in rows]):.0f} MiB"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--part", choices=("quality", "speed", "model"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_phase(args.child)))
        return
    runs = 1 if args.quick else args.runs
    if args.part in (None, "quality"):
        quality(args.quick)
    if args.part in (None, "speed"):
        speed(runs)
    if args.part in (None, "model"):
        model(min(runs, 3))


if __name__ == "__main__":
    main()
