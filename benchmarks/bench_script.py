"""Script conversion speed: the article per script, and a 640k-character document.

Run: ``python benchmarks/bench_script.py`` (from the repository root). Prints a table.
The 640k document is built from ``../shared/data/cpp-dev/dev.sent`` (▁ markers stripped,
sentences concatenated and repeated); that part is skipped when the file is absent.
"""

from __future__ import annotations

import random
import statistics
import time
from importlib.resources import files
from pathlib import Path

from reader.language.scripts.script import (
    ConversionCache,
    Script,
    configs_for,
    convert,
    convert_chain,
    convert_config,
    detect_script,
)

ROOT = Path(__file__).resolve().parents[1]
DEV_SENT = ROOT / ".." / "shared" / "data" / "cpp-dev" / "dev.sent"
BIG_LENGTH = 640_000


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f} ms"


def _timed(fn: object, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    t0 = time.perf_counter()
    for config in {
        c
        for s in (Script.SIMPLIFIED, Script.TRADITIONAL)
        for t in Script
        for c in configs_for(s, t)
    }:
        convert_config("", config)
    print(f"loading the OpenCC configurations used: {_ms(time.perf_counter() - t0)}")

    article = files("reader.resources").joinpath("000_ebd123fbead4c496.txt").read_text("utf-8")
    t0 = time.perf_counter()
    source = detect_script(article)
    print(
        f"article: {len(article)} chars, detect_script -> {source.value} "
        f"in {_ms(time.perf_counter() - t0)}"
    )
    print(
        f"{'article → script':<20}{'convert+map median':>20}{'min':>13}{'OpenCC only':>14}"
        f"{'segments':>10}"
    )
    for target in Script:
        times = _timed(lambda target=target: convert(article, target, source), 30)
        configs = configs_for(source, target)
        plain = _timed(lambda configs=configs: convert_chain(article, configs), 30)
        segments = len(convert(article, target, source).offsets)
        print(
            f"{target.value:<20}{_ms(statistics.median(times)):>20}{_ms(min(times)):>13}"
            f"{_ms(statistics.median(plain)):>14}{segments:>10}"
        )

    if not DEV_SENT.is_file():
        print(f"{DEV_SENT} absent: 640k benchmark skipped")
        return
    sentences = DEV_SENT.read_text(encoding="utf-8").replace("\u2581", "")
    big = (sentences * (BIG_LENGTH // len(sentences) + 1))[:BIG_LENGTH]
    print(f"\n640k document: {len(big)} chars from dev.sent")
    t0 = time.perf_counter()
    big_source = detect_script(big)
    print(f"detect_script -> {big_source.value} in {_ms(time.perf_counter() - t0)}")
    print(
        f"{'640k → script':<20}{'first (convert+map)':>20}{'OpenCC only':>14}"
        f"{'cached get':>13}{'segments':>10}"
    )
    cache = ConversionCache()
    for target in Script:
        t0 = time.perf_counter()
        conv = cache.get("big", big, target)
        first = time.perf_counter() - t0
        configs = configs_for(big_source, target)
        plain = min(_timed(lambda configs=configs: convert_chain(big, configs), 3))
        again = statistics.median(_timed(lambda target=target: cache.get("big", big, target), 50))
        print(
            f"{target.value:<20}{_ms(first):>20}{_ms(plain):>14}{_ms(again):>13}"
            f"{len(conv.offsets):>10}"
        )

    conv = cache.get("big", big, Script.TAIWAN)
    rng = random.Random(1)
    positions = [rng.randrange(len(big) + 1) for _ in range(100_000)]
    t0 = time.perf_counter()
    for pos in positions:
        conv.offsets.to_display(pos)
    per = (time.perf_counter() - t0) / len(positions)
    print(
        f"\nOffsetMap.to_display on the 640k Taiwan map: {per * 1e6:.2f} µs per call "
        f"({len(conv.offsets)} length-changing segments, {len(conv.offsets) * 32} bytes)"
    )


if __name__ == "__main__":
    main()
