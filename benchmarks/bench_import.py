"""Import of the bundled article: the importer runs before the window's first paint.

Two figures, min / median / max:

* cold: a fresh process that imports ``reader.text.importer`` and runs ``bundled_article()``
  once (module imports, table loads, the pipeline), timed inside that process;
* warm: ``import_document`` of the article's bytes, repeated in one process.

Run: ``PYTHONPATH=src python benchmarks/bench_import.py [runs]`` (default 7).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COLD = (
    "import time; t = time.perf_counter();"
    "from reader.text.importer import bundled_article; d = bundled_article();"
    "print(time.perf_counter() - t, len(d.readings), len(d.report.damage))"
)


def _row(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return (
        f"{name:5} min {ms[0]:7.1f} ms  median {statistics.median(ms):7.1f} ms  "
        f"max {ms[-1]:7.1f} ms  ({len(ms)} runs)"
    )


def main(runs: int = 7) -> None:
    cold: list[float] = []
    detail = ""
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD], check=True, capture_output=True, text=True
        ).stdout.split()
        cold.append(float(out[0]))
        detail = f"{out[1]} inline readings, {out[2]} damaged spots"
    from reader.text.importer import BUNDLED_ARTICLE_NAME, import_document
    from reader.text.importer import bundled_article as _bundled

    _bundled()
    import importlib.resources

    data = importlib.resources.files("reader.resources").joinpath(BUNDLED_ARTICLE_NAME).read_bytes()
    warm: list[float] = []
    for _ in range(runs * 3):
        start = time.perf_counter()
        import_document(data, BUNDLED_ARTICLE_NAME)
        warm.append(time.perf_counter() - start)
    print(f"bundled article: {detail}")
    print(_row("cold", cold))
    print(_row("warm", warm))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
