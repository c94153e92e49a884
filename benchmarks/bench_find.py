"""Find speed over a 640k-character document: literal (script/case-folded) and pinyin.

Run: ``python benchmarks/bench_find.py`` (from the repository root). Prints a table.
The document is built from ``../shared/data/cpp-dev/dev.sent`` (▁ markers stripped, sentences
concatenated and repeated) when present, else from the bundled article, repeated to 640k
characters; half of it is converted to Traditional so both scripts occur.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reader.language.scripts.script import convert_config
from reader.language.text_search import SearchIndex, fold
from reader.text.importer import bundled_article

ROOT = Path(__file__).resolve().parents[1]
DEV_SENT = ROOT / ".." / "shared" / "data" / "cpp-dev" / "dev.sent"
BIG_LENGTH = 640_000

LITERAL_QUERIES = ["的", "发展", "發展", "中华人民共和国", "deepseek", "不存在的词语"]
PINYIN_QUERIES = ["de", "fazhan", "fa zhan", "fa1zhan3", "fāzhǎn", "shi", "zhongguo", "xian",
                  "zhonghuarenmin", "zhonghuarenmingongheguo", "lv", "zh", "a"]


def build_text() -> tuple[str, str]:
    if DEV_SENT.exists():
        lines = DEV_SENT.read_text("utf-8").splitlines()
        base = "\n".join(line.replace("▁", "") for line in lines)
        source = "dev.sent"
    else:
        base = bundled_article().text
        source = "bundled article"
    text = base
    while len(text) < BIG_LENGTH:
        text += "\n" + base
    text = text[:BIG_LENGTH]
    half = BIG_LENGTH // 2
    # Traditional second half (paragraph-wise t2… conversion keeps it roughly the same length).
    text = text[:half] + convert_config(text[half:], "s2t")
    return text, source


def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    text, source = build_text()
    print(f"document: {len(text):,} characters from {source}, {len(set(text)):,} distinct")
    fold("發展", script_insensitive=True)  # load OpenCC t2s
    t0 = time.perf_counter()
    index = SearchIndex(text)
    index.folded()
    print(f"one-off fold (script + case) : {ms(time.perf_counter() - t0)}")
    t0 = time.perf_counter()
    index._prepare_readings()
    print(f"one-off pinyin reading table : {ms(time.perf_counter() - t0)}")
    print("\n| query | mode | matches | median |\n|---|---|---|---|")
    for query in LITERAL_QUERIES:
        seconds, spans = timed(lambda q=query: index.find(q))  # type: ignore[misc]
        print(f"| `{query}` | literal | {len(spans):,} | {ms(seconds)} |")  # type: ignore[arg-type]
    for query in PINYIN_QUERIES:
        index._pattern_cache.clear()
        index._class_cache.clear()
        first, spans = timed(lambda q=query: index.find(q, pinyin=True), repeat=1)  # type: ignore[misc]
        seconds, spans = timed(lambda q=query: index.find(q, pinyin=True))  # type: ignore[misc]
        print(
            f"| `{query}` | pinyin | {len(spans):,} | {ms(seconds)} "  # type: ignore[arg-type]
            f"(first {ms(first).strip()}) |"
        )
    for query in ("zhongg", "fazh", "x"):
        index._pattern_cache.clear()
        index._class_cache.clear()
        seconds, spans = timed(
            lambda q=query: index.find(q, pinyin=True, pinyin_prefix=True),  # type: ignore[misc]
            repeat=1,
        )
        print(f"| `{query}` | pinyin prefix | {len(spans):,} | {ms(seconds)} |")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
