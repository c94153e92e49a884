"""Adversarial input grows the import's time linearly, never quadratically.

Each case is imported at 1x and at 10x its size in a child process (so a quadratic
regression fails within a deadline instead of running for an hour): the 10x input may take
at most ``MAX_RATIO`` times as long as the 1x input (a linear pipeline gives about 10, a
quadratic one 100). Times are the minimum of a few runs, after a warm-up run.

Run ``python -m tests.reliability.test_import_growth [CASE …]`` from the repository root to
print the figures.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

#: Allowed time(10x) / time(1x). Linear is ~10, quadratic ~100.
MAX_RATIO = 30
#: A child that has not finished by then is quadratic (linear cases need a second or two).
DEADLINE = 90.0
REPEATS = 3
ROOT = Path(__file__).resolve().parents[2]

#: name → (input of size n, the name it is imported under, n for the 1x input)
CASES: dict[str, tuple[Callable[[int], str], str, int]] = {
    # damage.py: a run of ? with no !? in it (the ?!?-mojibake pattern)
    "question-marks": (lambda n: "?" * n, "t.txt", 200_000),
    "question-marks-after-han": (lambda n: "中" + "?" * n + "!", "t.txt", 200_000),
    "bangs-after-han": (lambda n: "中" + "!" * n, "t.txt", 200_000),
    # markdown_text.py: openers with no closer, a heading's closing #s searched from each space
    "md-heading-spaces": (lambda n: "# a" + " " * n + "b", "t.md", 200_000),
    "md-heading-spaces-hash": (lambda n: "# a" + " " * n + "#b", "t.md", 200_000),
    "md-strong": (lambda n: "**a " * (n // 4), "t.md", 200_000),
    "md-strong-underscores": (lambda n: "__a " * (n // 4), "t.md", 200_000),
    "md-strike": (lambda n: "~~a " * (n // 4), "t.md", 200_000),
    "md-emphasis": (lambda n: "*a " * (n // 3), "t.md", 200_000),
    "md-image": (lambda n: "![" * (n // 2), "t.md", 200_000),
    "md-image-target": (lambda n: "![a](" * (n // 5), "t.md", 200_000),
    "md-link": (lambda n: "[" * n, "t.md", 200_000),
    "md-link-target": (lambda n: "[a](" * (n // 4), "t.md", 200_000),
    "md-link-reference": (lambda n: "[a][" * (n // 4), "t.md", 200_000),
    "md-code": (lambda n: "`a" * (n // 2), "t.md", 200_000),
    "md-rule": (lambda n: "-" + " -" * (n // 2) + " x", "t.md", 200_000),
    "md-setext": (lambda n: "a\n" + "=" * n + "x", "t.md", 200_000),
    "md-link-definition": (lambda n: "[a]:" + " " * n, "t.md", 200_000),
    "md-bullet": (lambda n: " " * n + "x", "t.md", 200_000),
}


def _measure(make: Callable[[int], str], name: str, n: int) -> float:
    from reader.core.decoding import ImportRefused
    from reader.core.importer import import_document

    text = make(n)
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        with contextlib.suppress(ImportRefused):
            import_document(text, name)
        best = min(best, time.perf_counter() - start)
    return best


def child(case: str) -> None:
    """Print the 1x and 10x times of ``case`` as JSON lines (the 1x line first)."""
    make, name, n = CASES[case]
    _measure(make, name, n // 10)  # warm-up: caches, compiled patterns, lazy imports
    print(json.dumps({"size": 1, "seconds": _measure(make, name, n)}), flush=True)
    print(json.dumps({"size": 10, "seconds": _measure(make, name, n * 10)}), flush=True)


def _run_child(case: str) -> tuple[float, float | None]:
    """(1x seconds, 10x seconds or None when the child ran past the deadline)."""
    command = [sys.executable, "-m", "tests.reliability.test_import_growth", case]
    try:
        proc = subprocess.run(
            command, cwd=ROOT, capture_output=True, timeout=DEADLINE, check=True, text=True
        )
        out = proc.stdout
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
    times = {row["size"]: row["seconds"] for row in map(json.loads, out.splitlines())}
    return times.get(1, float("nan")), times.get(10)


@pytest.mark.parametrize("case", list(CASES))
def test_growth_is_linear(case: str) -> None:
    best_1x, best_10x = float("inf"), float("inf")
    for _attempt in range(3):  # a busy machine can slow one run; a quadratic case stays slow
        one, ten = _run_child(case)
        if ten is None:
            pytest.fail(f"{case}: 10x input still running after {DEADLINE:.0f} s (1x: {one:.3f} s)")
        best_1x, best_10x = min(best_1x, one), min(best_10x, ten)
        if best_10x / best_1x < MAX_RATIO:
            break
    ratio = best_10x / best_1x
    print(f"{case}: 1x {best_1x * 1000:.1f} ms, 10x {best_10x * 1000:.1f} ms, ratio {ratio:.1f}")
    assert best_1x > 0.002, f"{case}: the 1x input is too small to time ({best_1x * 1000:.2f} ms)"
    assert ratio < MAX_RATIO, f"{case}: 10x input took {ratio:.0f}x as long as 1x"


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in CASES:
        child(sys.argv[1])
    else:
        for case in sys.argv[1:] or CASES:
            one, ten = _run_child(case)
            shown = f"{ten * 1000:.1f} ms, ratio {ten / one:.1f}" if ten else f"> {DEADLINE:.0f} s"
            print(f"{case:32s} 1x {one * 1000:9.1f} ms   10x {shown}", flush=True)
