"""Figures for the dictionary and glossary (issue D). Run:

    python benchmarks/bench_dictionary.py [--quick]

Each dictionary phase runs in a fresh subprocess so that times and memory (RSS delta, from
/proc/self/status) are not flattered by warm module caches:

* build: parse CC-CEDICT and write the SQLite index into an empty cache folder;
* load: open the existing cache (fingerprint check included);
* first lookup after load, then lookups/s of ``lookup_at`` over every position of the
  bundled article in Traditional and in Simplified;
* glossary: load the bundled TOML, and ``find_all`` over ~640,000 characters.
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


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _phase(name: str, cache_dir: str) -> dict[str, float]:
    """Run in the child process: one measured phase, figures returned as JSON."""
    from reader.language.scripts.script import Script, convert
    from reader.language.words.dictionary import Dictionary
    from reader.language.words.word_lookup import lookup_at
    from reader.text.importer import bundled_article

    trad = bundled_article().text
    out: dict[str, float] = {}
    rss0 = _rss_kib()
    t0 = time.perf_counter()
    d = Dictionary.load(Path(cache_dir))
    out["load_s"] = time.perf_counter() - t0
    out["rss_delta_mib"] = (_rss_kib() - rss0) / 1024
    out["rebuilt"] = float(d.rebuilt)
    if name == "load":
        t0 = time.perf_counter()
        lookup_at(trad, trad.index("注意力"), d)
        out["first_lookup_ms"] = (time.perf_counter() - t0) * 1000  # OpenCC t2s still cold
        t0 = time.perf_counter()
        for pos in range(len(trad)):
            lookup_at(trad, pos, d)
        out["lookups_per_s_trad"] = len(trad) / (time.perf_counter() - t0)
        # Includes OpenCC's t2s converter, which lookup_at loads on first use.
        out["rss_after_lookups_mib"] = (_rss_kib() - rss0) / 1024
        simp = convert(trad, Script.SIMPLIFIED).text
        t0 = time.perf_counter()
        for pos in range(len(simp)):
            lookup_at(simp, pos, d)
        out["lookups_per_s_simp"] = len(simp) / (time.perf_counter() - t0)
    d.close()
    return out


def _glossary(quick: bool) -> dict[str, float]:
    from reader.language.words.glossary import Glossary
    from reader.text.importer import bundled_article

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    g = Glossary.load_bundled()
    out["glossary_load_ms"] = (time.perf_counter() - t0) * 1000
    out["glossary_entries"] = len(g)
    text = bundled_article().text * 217
    out["chars"] = len(text)
    times = []
    for _ in range(1 if quick else 5):
        t0 = time.perf_counter()
        matches = g.find_all(text)
        times.append(time.perf_counter() - t0)
    out["find_all_ms"] = statistics.median(times) * 1000
    out["matches"] = len(matches)
    t0 = time.perf_counter()
    for pos in range(0, len(text), 7):
        Glossary.match_at(matches, pos)
    out["match_at_us"] = (time.perf_counter() - t0) / (len(text) / 7) * 1e6
    return out


def _child(name: str, cache_dir: str) -> dict[str, float]:
    here = str(Path(__file__).parent)
    code = (
        f"import json, sys; sys.path.insert(0, {here!r}); import bench_dictionary as b; "
        f"print(json.dumps(b._phase({name!r}, {cache_dir!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run of each phase")
    args = parser.parse_args()
    runs = 1 if args.quick else 3
    builds, loads = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            builds.append(_child("build", cache))
            loads.extend(_child("load", cache) for _ in range(2))
    med = statistics.median
    print(f"build (parse + index), s       median {med(b['load_s'] for b in builds):.3f}")
    print(f"build RSS delta, MiB            median {med(b['rss_delta_mib'] for b in builds):.1f}")
    print(f"cache load, ms                  median {med(ld['load_s'] for ld in loads) * 1000:.2f}")
    print(f"cache load RSS delta, MiB       median {med(ld['rss_delta_mib'] for ld in loads):.1f}")
    print(
        f"first lookup after load, ms     median {med(ld['first_lookup_ms'] for ld in loads):.2f}"
    )
    print(
        f"lookup_at/s, Traditional text   median {med(ld['lookups_per_s_trad'] for ld in loads):,.0f}"
    )
    print(
        f"lookup_at/s, Simplified text    median {med(ld['lookups_per_s_simp'] for ld in loads):,.0f}"
    )
    print(
        f"RSS delta after lookups, MiB    median {med(ld['rss_after_lookups_mib'] for ld in loads):.1f}"
    )
    assert all(not ld["rebuilt"] for ld in loads) and all(b["rebuilt"] for b in builds)
    g = _glossary(args.quick)
    print(
        f"glossary load_bundled, ms       {g['glossary_load_ms']:.1f} ({g['glossary_entries']:.0f} entries)"
    )
    print(
        f"glossary find_all, ms           {g['find_all_ms']:.1f} over {g['chars']:,.0f} chars"
        f" ({g['matches']:,.0f} matches)"
    )
    print(f"glossary match_at, µs           {g['match_at_us']:.2f}")


if __name__ == "__main__":
    main()
