"""Adversarial input grows the import's time linearly, never quadratically.

Each case is imported at 1x and at 10x its size: the 10x input may take at most
``MAX_RATIO`` times as long as the 1x input (a linear pipeline gives about 10, a quadratic
one 100). Times are the minimum of ``REPEATS`` runs after a warm-up run, measured in a child
process that is stopped when one case has used ``DEADLINE`` seconds of CPU time (a quadratic
regression fails in seconds instead of running for an hour, and a busy machine, which slows
the child's wall clock, does not fail it); a case over the ratio is measured again in a
fresh child, up to ``ATTEMPTS`` times, so one slow moment of a busy machine does not fail it.

From the repository root, ``python -m tests.reliability.test_import_growth [CASE …]`` prints
the figures.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

#: Allowed time(10x) / time(1x). Linear is ~10, quadratic ~100.
MAX_RATIO = 30
#: CPU seconds one case may use in all (linear cases need well under one).
DEADLINE = 30.0
#: How often the parent looks at the child's CPU time while it waits for a row.
POLL = 0.5
REPEATS = 3
ATTEMPTS = 3
ROOT = Path(__file__).resolve().parents[2]

Case = tuple[Callable[[int], str], str, int]
#: name → (input of about n characters, the name it is imported under, n for the 1x input).
#: Sizes make the 1x input take a few milliseconds or more.
CASES: dict[str, Case] = {
    # damage.py: a run of ? with no !? in it (the ?!?-mojibake pattern: 6 s for 80,000)
    "question-marks": (lambda n: "?" * n, "t.txt", 500_000),
    "question-marks-after-han": (lambda n: "中" + "?" * n + "!", "t.txt", 300_000),
    "bangs-after-han": (lambda n: "中" + "!" * n, "t.txt", 500_000),
    "replacement-characters": (lambda n: "\ufffd中" * (n // 2), "t.txt", 100_000),
    # markdown_text.py: openers with no closer, a heading's closing #s searched from each space
    "md-heading-spaces": (lambda n: "# a" + " " * n + "b", "t.md", 200_000),
    "md-heading-spaces-hash": (lambda n: "# a" + " " * n + "#b", "t.md", 200_000),
    "md-strong": (lambda n: "**a " * (n // 4), "t.md", 100_000),
    "md-strong-underscores": (lambda n: "__a " * (n // 4), "t.md", 100_000),
    "md-strike": (lambda n: "~~a " * (n // 4), "t.md", 100_000),
    "md-emphasis": (lambda n: "*a " * (n // 3), "t.md", 100_000),
    "md-image": (lambda n: "![" * (n // 2), "t.md", 100_000),
    "md-image-target": (lambda n: "![a](" * (n // 5), "t.md", 100_000),
    "md-link": (lambda n: "[" * n, "t.md", 100_000),
    "md-link-target": (lambda n: "[a](" * (n // 4), "t.md", 100_000),
    "md-link-reference": (lambda n: "[a][" * (n // 4), "t.md", 100_000),
    "md-code": (lambda n: "`a" * (n // 2), "t.md", 100_000),
    "md-rule": (lambda n: "-" + " -" * (n // 2) + " x", "t.md", 200_000),
    "md-setext": (lambda n: "a\n" + "=" * n + "x", "t.md", 200_000),
    "md-link-definition": (lambda n: "[a]:" + " " * n, "t.md", 200_000),
    "md-bullet": (lambda n: " " * n + "x", "t.md", 200_000),
    # markup.py: constructs left open at the end of an HTML page (html.parser rescanned them)
    "html-start-tags": (lambda n: "<html>" + "<a " * (n // 3), "t.html", 500_000),
    "html-quoted-values": (lambda n: "<html><p>" + "<a href='" * (n // 9), "t.html", 1_000_000),
    "html-end-tags": (lambda n: "<html>" + "</a " * (n // 4), "t.html", 500_000),
    "html-comments": (lambda n: "<html>" + "<!--" * (n // 4), "t.html", 2_000_000),
    "html-declarations": (lambda n: "<html>" + "<!" * (n // 2), "t.html", 4_000_000),
    "html-instructions": (lambda n: "<html>" + "<?" * (n // 2), "t.html", 4_000_000),
    "html-cdata": (lambda n: "<html>" + "<![CDATA[" * (n // 9), "t.html", 4_000_000),
    "html-script": (lambda n: "<html><script>" + "</scrip" * (n // 7), "t.html", 2_000_000),
    "html-lone-brackets": (lambda n: "<html>" + "< " * (n // 2), "t.html", 50_000),
    "html-entities": (lambda n: "<html>a" + "&amp" * (n // 4), "t.html", 100_000),
    "html-many-tags": (lambda n: "<html>" + "<p>會</p>" * (n // 8), "t.html", 50_000),
    # importer.py and inline_readings.py: stray tags, their remnants, inline readings
    "stray-tag-attributes": (lambda n: "<p" + " a=b" * (n // 4), "t.txt", 200_000),
    "stray-tags": (lambda n: "</p>" * (n // 4), "t.txt", 50_000),
    "tag-remnants": (lambda n: "?/p>" * (n // 4), "t.txt", 50_000),
    "inline-readings": (lambda n: "會(huì)" * (n // 6), "t.txt", 50_000),
    "open-parentheses": (lambda n: "會(" * (n // 2), "t.txt", 200_000),
    # ruby_markup.py: ruby pairs, one long annotation, rubies never closed, nested <rt>
    "ruby-pairs": (lambda n: "<ruby>好<rt>hǎo</rt></ruby>" * (n // 26), "t.html", 20_000),
    "ruby-long-annotation": (lambda n: "<ruby>好<rt>" + "a" * n + "</rt></ruby>", "t.html", 100_000),
    "ruby-long-base": (lambda n: "<ruby>" + "好" * n + "<rt>" + "hao" * n + "</rt></ruby>", "t.html", 10_000),
    "ruby-unclosed": (lambda n: "<ruby>" * (n // 6) + "好", "t.html", 20_000),
    "ruby-nested-rt": (lambda n: "<ruby>好" + "<rt>" * (n // 4) + "hǎo", "t.html", 20_000),
    # document.py: a title looked for in a text with no sentence end
    "title-without-sentence-end": (lambda n: "字 " * (n // 2), "t.txt", 200_000),
}


def _seconds(make: Callable[[int], str], name: str, n: int) -> float:
    from reader.text.decoding import ImportRefused
    from reader.text.importer import import_document

    text = make(n)
    best = float("inf")
    for _ in range(REPEATS):
        gc.collect()
        start = time.thread_time()
        with contextlib.suppress(ImportRefused):
            import_document(text, name)
        best = min(best, time.thread_time() - start)
    return best


def child(cases: Iterable[str]) -> None:
    """For each case, print ``{"case", "size", "seconds"}`` lines: 1x first, then 10x."""
    for case in cases:
        make, name, n = CASES[case]
        _seconds(make, name, max(1, n // 10))  # warm-up: caches, compiled patterns, imports
        # The dictionaries loaded by then (pypinyin's, ~10^6 objects) would be walked by every
        # full garbage collection: a cost per collection that has nothing to do with the input.
        gc.collect()
        gc.freeze()
        for size in (1, 10):
            seconds = _seconds(make, name, n * size)
            print(json.dumps({"case": case, "size": size, "seconds": seconds}), flush=True)


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) the process ``pid`` has used, or None where /proc is absent."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _next_row(lines: queue.Queue[str], proc: subprocess.Popen[str]) -> str:
    """The child's next line; queue.Empty once it has used ``DEADLINE`` CPU seconds (wall
    seconds where its CPU time cannot be read) since this call began without printing one,
    or once it has ended without printing one."""
    start_cpu, start_wall = _cpu_seconds(proc.pid), time.monotonic()
    while True:
        try:
            return lines.get(timeout=POLL)
        except queue.Empty:
            if proc.poll() is not None:
                return lines.get(timeout=5 * POLL)  # what it printed last, or Empty
            cpu = _cpu_seconds(proc.pid)
            used = (
                cpu - start_cpu
                if cpu is not None and start_cpu is not None
                else time.monotonic() - start_wall
            )
            if used > DEADLINE:
                raise


def _pump(stream: Iterable[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def measure(cases: list[str]) -> dict[str, tuple[float, float | None]]:
    """case → (1x seconds, 10x seconds, or None when the case ran past ``DEADLINE``)."""
    times: dict[str, dict[int, float]] = {}
    todo = list(cases)
    while todo:
        command = [sys.executable, "-m", "tests.reliability.test_import_growth", "--child", *todo]
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
        hung = None
        for case in list(todo):
            try:
                while len(times.setdefault(case, {})) < 2:
                    row = json.loads(_next_row(lines, proc))
                    times[row["case"]][row["size"]] = row["seconds"]
            except queue.Empty:
                hung = case
                break
            todo.remove(case)
        proc.kill()
        proc.wait()
        if hung is not None:
            todo.remove(hung)
    return {case: (t.get(1, float("nan")), t.get(10)) for case, t in times.items()}


@pytest.fixture(scope="module")
def growth() -> dict[str, tuple[float, float | None]]:
    results = measure(list(CASES))
    for _attempt in range(ATTEMPTS - 1):
        again = [c for c, (one, ten) in results.items() if ten is not None and ten / one >= MAX_RATIO]
        if not again:
            break
        for case, (one, ten) in measure(again).items():
            old_one, old_ten = results[case]
            results[case] = (min(one, old_one), min(x for x in (ten, old_ten) if x is not None))
    return results


@pytest.mark.parametrize("case", list(CASES))
def test_growth_is_linear(case: str, growth: dict[str, tuple[float, float | None]]) -> None:
    one, ten = growth[case]
    if ten is None:
        pytest.fail(f"{case}: still running after {DEADLINE:.0f} s of CPU time (1x took {one:.3f} s)")
    ratio = ten / one
    assert ratio < MAX_RATIO, (
        f"{case}: 10x input took {ratio:.0f} times as long as 1x "
        f"({one * 1000:.1f} ms → {ten * 1000:.1f} ms)"
    )
    assert one > 0.001, f"{case}: the 1x input is too small to time ({one * 1000:.2f} ms)"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        for case, (one, ten) in measure(sys.argv[1:] or list(CASES)).items():
            shown = f"{ten * 1000:9.1f} ms   ratio {ten / one:5.1f}" if ten else f"> {DEADLINE:.0f} s"
            print(f"{case:28s} 1x {one * 1000:9.1f} ms   10x {shown}", flush=True)
