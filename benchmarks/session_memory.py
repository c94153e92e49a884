"""Where a full session's memory goes, and how long each piece holds the GIL (issue O).

    PYTHONPATH=src python benchmarks/session_memory.py [--trim] [CACHE_FOLDER]

One process loads, in the order a session on the bundled article does, what the window loads
(no window: Qt's part is the import): after each step the growth of its RSS (VmRSS), its wall
time, and the longest gap of a 1-ms ticker thread meanwhile, i.e. how long the step held the
GIL: a step on a worker thread stalls the GUI thread that long. CACHE_FOLDER holds the
dictionary index, the word model and the tone-convention cache (default: the platform's cache
folder; a first run there builds them, so run twice).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_gaps: list[float] = []
_stop = threading.Event()


def _ticker() -> None:
    last = time.perf_counter()
    while not _stop.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        _gaps.append(now - last)
        last = now


def _rss() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


_last = [_rss()]


#: ``--trim``: after each step, hand freed memory back (``gc.collect`` and glibc's
#: ``malloc_trim``), so a step's growth is what it keeps, not its transient peak.
_TRIM = "--trim" in sys.argv


def _trim() -> None:
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def step(name: str, fn: Callable[[], Any]) -> Any:
    time.sleep(0.03)
    _gaps.clear()
    t0 = time.perf_counter()
    result = fn()
    wall = time.perf_counter() - t0
    time.sleep(0.005)
    held = max(_gaps, default=0.0)
    if _TRIM:
        _trim()
    now = _rss()
    print(f"  {name:<52} {now - _last[0]:+7.1f} MiB  (RSS {now:6.1f})  {wall * 1000:6.0f} ms  "
          f"GIL held up to {held * 1000:4.0f} ms", flush=True)
    _last[0] = now
    return result


def main() -> None:
    from reader.paths.cache import default_cache_dir

    args = [a for a in sys.argv[1:] if a != "--trim"]
    cache = Path(args[0]) if args else default_cache_dir()
    threading.Thread(target=_ticker, daemon=True).start()
    print(f"session memory, cache {cache}")
    step("import PySide6.QtWidgets", lambda: __import__("PySide6.QtWidgets"))
    try:  # as the window's launch does: PySide keeps no source of the modules imported next
        from reader.ui.app.import_check import check_without_keeping
    except ImportError:  # a tree before it
        pass
    else:
        check_without_keeping()
    from reader.text.importer import bundled_article

    text = step("the importer and the article", bundled_article).text
    from reader.language.scripts.script import Script, convert

    step("Simplified (OpenCC t2s, tw2s)", lambda: convert(text, Script.SIMPLIFIED))
    step("Traditional (tw2t, s2t)", lambda: convert(text, Script.TRADITIONAL))
    from reader.language.words.glossary import Glossary

    step("the glossary", Glossary.load_bundled)
    from reader.language.words.dictionary import Dictionary

    step("CC-CEDICT index (SQLite, cached)", lambda: Dictionary.load(cache))
    from reader.language.readings.lexicon import lexicon

    # what readings.preload loads, piece by piece (the lexicon, from the platform's cache
    # folder whatever CACHE_FOLDER says, replaces pypinyin's tables and CC-CEDICT's words)
    step("readings: the lexicon (phrases, CC-CEDICT words)", lexicon)
    step("readings: import numpy", lambda: __import__("numpy"))
    from reader.language.readings import readings

    step("readings: g2pM model", readings.preload)
    raw = step("readings of the article", lambda: readings.compute_readings(text))
    from reader.language.readings.tone_convention import conform_cached

    step("readings: tone convention (cached)", lambda: conform_cached(text, raw, cache))
    from reader.language.segmentation.model import WordModel

    step("hover words: the word model (shared, cached)", lambda: WordModel.shared(cache))
    from reader.services.vocabulary import default_word_list

    step("coverage: its word list", default_word_list)
    _stop.set()
    print(f"pypinyin imported: {'pypinyin' in sys.modules}")


if __name__ == "__main__":
    main()
