"""Reading engine figures: model load time, speed, and accuracy on the CPP dev split.

Run: ``.venv/bin/python benchmarks/bench_readings.py [RUNS]`` (writes the figures into
notes_C.md): the article is read 2×RUNS times and the 640k text RUNS times (default 3), each
reported as min / median / max.
Accuracy is measured for pypinyin alone, g2pM alone, a naive mix (phrase dictionary first,
else g2pM) and our engine, on the dev sentences as given (Simplified) and converted to
Traditional first.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.language.polyphone.model import PolyphoneModel  # noqa: E402
from reader.language.readings import readings as engine  # noqa: E402
from reader.language.readings.phrase_readings import dictionary_readings  # noqa: E402
from reader.language.scripts.script import Script, convert  # noqa: E402
from reader.text.importer import bundled_article  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "cpp-dev"
NOTES = ROOT / "benchmarks" / "notes_C.md"

Reader = Callable[[str], list[str | None]]


def load_dev() -> tuple[list[str], list[int], list[str]]:
    texts, positions = [], []
    for line in (DATA / "dev.sent").read_text(encoding="utf-8").splitlines():
        a = line.index("\u2581")
        b = line.index("\u2581", a + 1)
        texts.append(line[:a] + line[a + 1 : b] + line[b + 1 :])
        positions.append(a)
    # CPP writes ü as CC-CEDICT does (lu:4); the project's numbered form is lv4.
    labels = [
        x.strip().replace("u:", "v")
        for x in (DATA / "dev.lb").read_text(encoding="utf-8").splitlines()
    ]
    return texts, positions, labels


def _per_char_pypinyin(text: str) -> list[str | None]:
    return list(dictionary_readings(text).readings)


_MODEL = PolyphoneModel()


def _model_readings(text: str, phrase_first: bool) -> list[str | None]:
    """g2pM per line (full softmax restricted to candidates), optionally phrases first."""
    out = _per_char_pypinyin(text)
    evidence = dictionary_readings(text)
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    lines.sort(key=lambda s: s[1] - s[0])
    for k in range(0, len(lines), 256):
        batch = lines[k : k + 256]
        guessed = _MODEL.predict([text[a:b] for a, b in batch])
        for (a, _b), guesses in zip(batch, guessed, strict=True):
            for g in guesses:
                reading = evidence.readings[a + g.position]
                use_phrase = phrase_first and evidence.lengths[a + g.position] >= 2 and reading
                out[a + g.position] = reading if use_phrase else g.best
    return out


SYSTEMS: dict[str, Reader] = {
    "pypinyin alone": lambda t: _pypinyin_lines(t),
    "g2pM alone": lambda t: _model_readings(t, phrase_first=False),
    "naive: phrase first, else g2pM": lambda t: _model_readings(t, phrase_first=True),
    "our engine (compute_readings)": engine.compute_readings,
}


def _pypinyin_lines(text: str) -> list[str | None]:
    from pypinyin import Style, pinyin

    out: list[str | None] = []
    for line in text.split("\n"):
        items = pinyin(
            line, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: [[""] for _ in s]
        )
        got = [item[0] or None for item in items]
        out.extend(got if len(got) == len(line) else [None] * len(line))
        out.append(None)
    return out[: len(text)]


def accuracy(
    read: Reader, texts: list[str], positions: list[int], labels: list[str]
) -> tuple[float, int]:
    """Share of labelled characters read right (%), and how many were read wrong."""
    joined = "\n".join(texts)
    readings = read(joined)
    start = right = 0
    for text, pos, label in zip(texts, positions, labels, strict=True):
        right += readings[start + pos] == label
        start += len(text) + 1
    return 100.0 * right / len(texts), len(texts) - right


def _timed(runs: int, work: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        out.append(time.perf_counter() - t0)
    return out


def _spread(times: list[float], scale: float, unit: str) -> str:
    low, mid, high = min(times), statistics.median(times), max(times)
    return f"{low * scale:.2f} / {mid * scale:.2f} / {high * scale:.2f} {unit}"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    lines: list[str] = ["# Issue C — reading engine: measured figures", ""]
    t0 = time.perf_counter()
    engine.preload()
    load = time.perf_counter() - t0
    article = bundled_article().text
    engine.compute_readings(article)
    per_article = _timed(2 * runs, lambda: engine.compute_readings(article))
    long_text = (article * (640_000 // len(article) + 1))[:640_000]
    long_times = _timed(runs, lambda: engine.compute_readings(long_text))
    lines += [
        f"- model + word tables load (preload, once per process): {load:.2f} s",
        f"- article ({len(article)} chars), model loaded, min / median / max of {2 * runs}: "
        + _spread(per_article, 1000, "ms"),
        f"- 640k characters (article repeated), min / median / max of {runs}: "
        + _spread(long_times, 1, "s")
        + f" = {len(long_text) / statistics.median(long_times):,.0f} chars/s (median)",
        "",
    ]
    if DATA.exists():
        texts, positions, labels = load_dev()
        trad = [convert(t, Script.TRADITIONAL, Script.SIMPLIFIED) for t in texts]
        trad_texts = [c.text for c in trad]
        trad_positions = [c.offsets.to_display(p) for c, p in zip(trad, positions, strict=True)]
        lines += [f"Accuracy on the CPP dev split ({len(texts)} sentences), % labelled chars "
                  "(wrong):", ""]
        lines += ["| system | Simplified | Traditional |", "|---|---|---|"]
        for name, read in SYSTEMS.items():
            simp, simp_wrong = accuracy(read, texts, positions, labels)
            tr, tr_wrong = accuracy(read, trad_texts, trad_positions, labels)
            lines.append(f"| {name} | {simp:.3f} ({simp_wrong}) | {tr:.3f} ({tr_wrong}) |")
        lines.append("")
        lines.append("(baselines other than our engine read the text as given: the Traditional "
                     "column shows what skipping the Simplified shadow costs)")
    report = "\n".join(lines)
    print(report)
    marker = "<!-- bench_readings -->"
    old = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    block = f"{marker}\n{report}\n{marker}"
    if old.count(marker) == 2:
        head, _, rest = old.partition(marker)
        _, _, tail = rest.partition(marker)
        NOTES.write_text(head + block + tail, encoding="utf-8")
    else:
        NOTES.write_text(block + "\n" + old, encoding="utf-8")


if __name__ == "__main__":
    main()
