"""EPUB open time and memory (issue N.1): a generated 5 MB novel opened in the window.

Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_epub.py [--runs 5] [--mb 5]

The book is generated once (tests/epub_maker.novel: ~2.5M characters of words drawn by
frequency from jieba's dictionary, ~620 chapters with ruby and images, kept in
``$READER_BENCH_CACHE``, default /tmp/reader-bench-cache). Each run is a fresh process with a
fresh notes database: ``MainWindow.open_path`` → the viewport's first paint (the book's first
part), → the whole book shown and stored (read on the runner), and the process's peak RSS.
Runs alternate with the same canonical text saved as a .txt file (the baseline: what a text
file of that size costs the window), so a busy machine weighs on both alike. Also printed:
the importer alone on the whole book (in this process).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("READER_BENCH_CACHE", "/tmp/reader-bench-cache"))

CHILD = r"""
import json, os, resource, sys, tempfile, time
from pathlib import Path
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.storage.files.opening import open_store
from reader.ui.common.settings import Settings
from reader.ui.window.main_window import MainWindow
tmp = Path(tempfile.mkdtemp(prefix="bench-epub-"))
settings = Settings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
store = open_store(tmp / "notes.sqlite3", backup_on_open=False).store
window = MainWindow(settings, store)
window.resize(1000, 760)
window.show()
app.processEvents()

class FirstPaint(QObject):
    at = None
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False

watcher = FirstPaint()
window.view.viewport().installEventFilter(watcher)
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
assert window.open_path(sys.argv[1])
while watcher.at is None:
    app.processEvents()
first_paint = watcher.at - start
part = len(window.document.text)
while not (window.document.complete and window.document_id is not None):
    app.processEvents()
    time.sleep(0.002)
whole = time.perf_counter() - start
print(json.dumps({
    "first_paint_s": round(first_paint, 3), "whole_s": round(whole, 3),
    "first_part_chars": part, "chars": len(window.document.text),
    "chapters": len(window.document.chapters),
    "rss_before_mib": round(rss_before / 1024),
    "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
window.close()
store.close()
"""


def _book(megabytes: float) -> tuple[Path, Path]:
    CACHE.mkdir(parents=True, exist_ok=True)
    epub = CACHE / f"novel-{megabytes:g}mb.epub"
    text = CACHE / f"novel-{megabytes:g}mb.txt"
    if not epub.exists() or not text.exists():
        sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
        from tests.epub_maker import novel

        from reader.text.importer import import_document

        data = novel(int(megabytes * 1024 * 1024))
        epub.write_bytes(data)
        text.write_text(import_document(data, epub.name).text, encoding="utf-8")
    return epub, text


def _run(path: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True,
        check=True, timeout=600,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _figures(runs: list[dict[str, float]], key: str) -> str:
    values = [r[key] for r in runs]
    return f"{min(values):g} / {statistics.median(values):g} / {max(values):g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=float, default=5)
    args = parser.parse_args()
    epub, text = _book(args.mb)
    print(f"book: {epub} ({epub.stat().st_size / 1e6:.2f} MB), text {text.stat().st_size / 1e6:.2f} MB")
    sys.path[:0] = [str(ROOT / "src")]
    from reader.text.importer import import_document, read_file

    timings = []
    for _ in range(args.runs):
        t = time.perf_counter()
        document = import_document(read_file(epub), str(epub))
        timings.append(time.perf_counter() - t)
    print(
        f"importer alone, whole book: {min(timings):.3f} / {statistics.median(timings):.3f} / "
        f"{max(timings):.3f} s (min / median / max); {len(document.text):,} characters, "
        f"{len(document.chapters)} chapters; this process's peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    book_runs: list[dict[str, float]] = []
    text_runs: list[dict[str, float]] = []
    for _ in range(args.runs):  # interleaved
        book_runs.append(_run(epub))
        text_runs.append(_run(text))
    print(f"window, {args.runs} runs each, alternated (min / median / max):")
    print("| | first paint (s) | whole book shown and stored (s) | peak RSS (MiB) |")
    print("|---|---|---|---|")
    for label, runs in (("EPUB", book_runs), (".txt of the same text", text_runs)):
        print(
            f"| {label} | {_figures(runs, 'first_paint_s')} | {_figures(runs, 'whole_s')} | "
            f"{_figures(runs, 'peak_rss_mib')} |"
        )
    print(f"first part: {book_runs[0]['first_part_chars']:,} characters; "
          f"whole: {book_runs[0]['chars']:,}, {book_runs[0]['chapters']:g} chapters; "
          f"RSS before opening: {book_runs[0]['rss_before_mib']:g} MiB")


if __name__ == "__main__":
    main()
