"""Conversion by meaning (issue J item 5): the 640k article-repeated text per script, before and
after, against plain OpenCC called directly.

Run from the repository root::

    python benchmarks/bench_meaning.py --rounds 7 --before /tmp/reader-base/src

``--before`` is a ``src`` folder of the code before the change (``git archive <commit> src |
tar -x -C /tmp/reader-base``); without it only "after" and OpenCC are timed. Every timing runs
in its own process, the three kinds interleaved round by round: ``reader`` processes import
the given ``src`` first; the ``opencc`` process imports only the ``opencc`` package (never
the reader) and runs the same configuration chains. Each process loads the configurations
first (a short conversion per script), then times one conversion of the text per script.
Prints min / median / max per script and kind, and the one-off costs of the meaning pass.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LENGTH = 640_000
#: The bundled article's length after import: its conversion runs on the GUI thread.
ARTICLE = 2_955
SCRIPTS = ("simplified", "traditional", "taiwan", "hongkong")
#: The chains configs_for(TRADITIONAL, target) returns (the article is Traditional).
CHAINS = {
    "simplified": ("t2s",),
    "traditional": ("tw2t", "s2t"),
    "taiwan": ("s2twp",),
    "hongkong": ("tw2t", "s2hk"),
}


def _opencc_worker(path: str) -> dict[str, float]:
    import opencc

    text = Path(path).read_text(encoding="utf-8")
    converters = {c: opencc.OpenCC(c) for chain in CHAINS.values() for c in chain}
    for converter in converters.values():
        converter.convert("預熱")

    def run(script: str, piece: str) -> None:
        for config in CHAINS[script]:
            piece = converters[config].convert(piece)

    out = {}
    for script in SCRIPTS:
        t0 = time.perf_counter()
        run(script, text)
        out[script] = time.perf_counter() - t0
        out["article " + script] = _article_median(lambda s=script: run(s, text[:ARTICLE]))
    return out


def _article_median(fn: object) -> float:
    """Median of 21 runs of ``fn`` (one article-sized conversion)."""
    times = []
    for _ in range(21):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _reader_worker(path: str, src: str) -> dict[str, float]:
    sys.path.insert(0, src)
    from reader.language.scripts.script import Script, convert

    text = Path(path).read_text(encoding="utf-8")
    names: tuple[str, ...] = ()
    try:  # the code after the change protects the glossary's terms in Taiwan
        from reader.language.words.glossary import bundled_protected_terms

        names = bundled_protected_terms()
    except ImportError:
        pass
    for script in SCRIPTS:
        convert("預熱。并成功,消息", Script(script), Script.TRADITIONAL)
    def run(target: Script, piece: str) -> None:
        if names and target is Script.TAIWAN:
            convert(piece, target, Script.TRADITIONAL, names)
        else:
            convert(piece, target, Script.TRADITIONAL)

    out = {}
    for script in SCRIPTS:
        target = Script(script)
        t0 = time.perf_counter()
        run(target, text)
        out[script] = time.perf_counter() - t0
        out["article " + script] = _article_median(lambda t=target: run(t, text[:ARTICLE]))
    return out


def _readings_worker(path: str, src: str) -> dict[str, float]:
    """Context readings of the whole text (the model loaded first), and the 著 it reads."""
    sys.path.insert(0, src)
    from reader.language.readings.readings import compute_readings, preload

    text = Path(path).read_text(encoding="utf-8")
    preload()
    compute_readings("預熱。隨著時間")
    t0 = time.perf_counter()
    readings = compute_readings(text)
    seconds = time.perf_counter() - t0
    zhu = [r for ch, r in zip(text, readings, strict=True) if ch == "著"]
    return {"readings": seconds, "zhu4": zhu.count("zhu4"), "other": len(zhu) - zhu.count("zhu4")}


def _run(kind: str, path: str, src: str) -> dict[str, float]:
    args = [sys.executable, __file__, "--worker", kind, "--text", path, "--src", src]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _parts(text: str, src: str) -> None:
    """One-off costs of the meaning pass on the text (the code after the change)."""
    sys.path.insert(0, src)
    from reader.language.scripts.meaning import (
        cut_positions,
        normalise,
        protected_spans,
        zhu_positions,
    )
    from reader.language.scripts.script import _chain, _forms

    def timed(label: str, fn: object) -> None:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t0)
        print(f"  {label:<44}{min(times) * 1000:8.1f} ms (best of 3)")

    cuts = cut_positions(text)
    print(f"meaning pass on {len(text):,} characters ({len(cuts)} cuts):")
    timed("cut_positions", lambda: cut_positions(text))
    timed("zhu_positions (著 by reading class)", lambda: zhu_positions(text, cuts, _chain(("tw2s",))))
    timed(
        "normalise (standard forms, s2t)",
        lambda: normalise(text, cuts, _chain(("t2s",)), _chain(("s2t",))),
    )
    timed("protected_spans (Taiwan)", lambda: protected_spans(text, (), _forms))


#: (Simplified character, reading) → the one Traditional character that reading writes.
READING_DECIDES = {
    ("干", "gan4"): "幹", ("发", "fa1"): "發", ("发", "fa4"): "髮", ("只", "zhi1"): "隻",
    ("只", "zhi3"): "只", ("卷", "juan3"): "捲", ("卷", "juan4"): "卷", ("尽", "jin3"): "儘",
    ("尽", "jin4"): "盡", ("脏", "zang1"): "髒", ("脏", "zang4"): "臟", ("斗", "dou4"): "鬥",
    ("斗", "dou3"): "斗", ("舍", "she3"): "捨", ("舍", "she4"): "舍", ("种", "zhong3"): "種",
    ("种", "zhong4"): "種", ("种", "chong2"): "种", ("仆", "pu2"): "僕", ("仆", "pu1"): "仆",
    ("朴", "pu3"): "樸", ("朴", "piao2"): "朴", ("朴", "po4"): "朴", ("冲", "chong4"): "衝",
    ("划", "hua4"): "劃", ("几", "ji3"): "幾", ("系", "ji4"): "繫", ("了", "le5"): "了",
    ("别", "bie2"): "別", ("别", "bie4"): "彆", ("卜", "bo5"): "蔔", ("卜", "bu3"): "卜",
    ("曲", "qu3"): "曲", ("蒙", "meng3"): "蒙",
}


def _evaluate(src: str) -> None:
    """Would readings choose better than OpenCC? On the CPP dev sentences (gold readings)."""
    sys.path.insert(0, src)
    from reader.language.readings.readings import compute_readings
    from reader.language.scripts.script import Script, convert, convert_config

    path = ROOT / ".." / "shared" / "data" / "cpp-dev"
    sentences = (path / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (path / "dev.lb").read_text(encoding="utf-8").splitlines()
    items = []
    for sentence, label in zip(sentences, labels, strict=True):
        at = sentence.index("\u2581")
        if (sentence[at + 1], label) in READING_DECIDES:
            items.append((sentence.replace("\u2581", ""), at, sentence[at + 1], label))
    plain = convert_config("\n".join(t for t, _a, _c, _l in items), "s2t").split("\n")
    chars = sorted({c for _t, _a, c, _l in items})
    default = dict(zip(chars, convert_config("\n".join(chars), "s2t").split("\n"), strict=True))
    right = {"OpenCC s2t": 0, "readings always": 0, "readings at OpenCC's defaults": 0}
    for (text, at, char, label), out in zip(items, plain, strict=True):
        gold, opencc = READING_DECIDES[(char, label)], out[at]
        chosen = READING_DECIDES.get((char, compute_readings(text)[at] or ""), opencc)
        right["OpenCC s2t"] += opencc == gold
        right["readings always"] += chosen == gold
        right["readings at OpenCC's defaults"] += (chosen if opencc == default[char] else opencc) == gold
    print(f"Simplified → Traditional where the reading decides, {len(items)} CPP dev sentences:")
    for name, count in right.items():
        print(f"  {name:<34}{count}/{len(items)}")
    text = "\n".join(line.replace("\u2581", "") for line in sentences)
    simplified = "\n".join(line for line in text.splitlines() if "着" in line or "著" in line)
    taiwan = convert_config(simplified, "s2tw")  # every 着 is 著 now
    at = [i for i, ch in enumerate(taiwan) if ch == "著"]
    for name, back in (
        ("t2s", convert_config(taiwan, "t2s")),
        ("tw2s", convert_config(taiwan, "tw2s")),
        ("by reading (convert)", convert(taiwan, Script.SIMPLIFIED, Script.TRADITIONAL).text),
    ):
        found = sum(back[i] == simplified[i] for i in at)
        print(f"  著 → 着/著 back from Taiwan forms, {name:<22}{found}/{len(at)}")
    _taiwan_kept(text[:150_000])


def _taiwan_kept(simplified: str) -> None:
    """Which Taiwan phrases conversion by meaning leaves out, on Wikipedia text."""
    import difflib
    from collections import Counter

    from reader.language.scripts.script import Script, convert, convert_config

    taiwan = convert_config(simplified, "s2tw")
    for label, source, text in (
        ("Simplified", Script.SIMPLIFIED, simplified),
        ("Taiwan-form", Script.TRADITIONAL, taiwan),
    ):
        plain = convert_config(text, "s2twp")
        ours = convert(text, Script.TAIWAN, source).text
        matcher = difflib.SequenceMatcher(None, plain, ours, autojunk=False)
        changes = Counter(
            (plain[a0:a1], ours[b0:b1])
            for op, a0, a1, b0, b1 in matcher.get_opcodes()
            if op != "equal"
        )
        top = ", ".join(f"{a or '∅'}→{b or '∅'} {n}" for (a, b), n in changes.most_common(12))
        print(f"  Taiwan, {len(text):,} {label} characters: {sum(changes.values())} changes: {top}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", help="src folder of the code before the change")
    parser.add_argument(
        "--readings", type=int, default=0, metavar="N",
        help="also time compute_readings on the whole text, N rounds (slow: seconds each)",
    )
    parser.add_argument(
        "--evaluate", action="store_true",
        help="only the accuracy checks on ../shared/data/cpp-dev (readings vs OpenCC, 著)",
    )
    parser.add_argument(
        "--worker", choices=("opencc", "reader", "readings"), help=argparse.SUPPRESS
    )
    parser.add_argument("--text", help=argparse.SUPPRESS)
    parser.add_argument("--src", default=str(ROOT / "src"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "opencc":
        print(json.dumps(_opencc_worker(args.text)))
        return
    if args.worker == "reader":
        print(json.dumps(_reader_worker(args.text, args.src)))
        return
    if args.worker == "readings":
        print(json.dumps(_readings_worker(args.text, args.src)))
        return
    if args.evaluate:
        _evaluate(args.src)
        return

    sys.path.insert(0, str(ROOT / "src"))
    from reader.text.importer import bundled_article

    article = bundled_article().text
    text = (article * (LENGTH // len(article) + 1))[:LENGTH]
    kinds = [("opencc", ""), ("after", str(ROOT / "src"))]
    if args.before:
        kinds.insert(1, ("before", args.before))
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "text.txt")
        Path(path).write_text(text, encoding="utf-8")
        times: dict[str, dict[str, list[float]]] = {k: {} for k, _ in kinds}
        for _ in range(args.rounds):
            for kind, src in kinds:
                result = _run("opencc" if kind == "opencc" else "reader", path, src or args.src)
                for script, seconds in result.items():
                    times[kind].setdefault(script, []).append(seconds)
        readings: dict[str, list[dict[str, float]]] = {k: [] for k, _ in kinds if k != "opencc"}
        for _ in range(args.readings):
            for kind, src in kinds:
                if kind != "opencc":
                    readings[kind].append(_run("readings", path, src))
    print(f"{len(text):,} characters (the bundled article repeated), {args.rounds} rounds")
    print("(article rows: the article's first 2,955 characters, median of 21 per process)")
    print(f"{'script':<20}" + "".join(f"{k + ' min/med/max ms':>28}" for k, _ in kinds))
    for script in (*SCRIPTS, *(f"article {s}" for s in SCRIPTS)):
        cells = []
        for kind, _src in kinds:
            t = [x * 1000 for x in times[kind][script]]
            cells.append(f"{min(t):8.1f} /{statistics.median(t):6.1f} /{max(t):6.1f}")
        print(f"{script:<20}" + "".join(f"{c:>28}" for c in cells))
    for kind, rounds in readings.items():
        if rounds:
            t = [r["readings"] for r in rounds]
            print(
                f"compute_readings, {kind}: {min(t):.2f} / {statistics.median(t):.2f} / "
                f"{max(t):.2f} s; 著 read zhu4 {rounds[0]['zhu4']:.0f}, "
                f"otherwise {rounds[0]['other']:.0f}"
            )
    _parts(text, str(ROOT / "src"))


if __name__ == "__main__":
    main()
