"""Which article extractor keeps a saved Chinese news page's article whole (issue N.3).

Run:
    .venv/bin/python benchmarks/bench_web_page.py [--runs 20]

The page is tests/web_page_maker.saved_news_page in three shapes (``p``: a <p> a paragraph;
``br``: one <div>, paragraphs between <br><br>; ``sections``: subheadings, a blockquote, long
comments), the bundled article as its body, a ruby pair put into its third paragraph from the end. For
readability-lxml (the reader's choice) and trafilatura (when installed; not a dependency):
paragraphs kept whole, page furniture leaked (navigation, headlines, comments, footer, forms),
whether the ruby reading and the figure caption survive, and the time per page.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.web_page_maker import CAPTION, saved_news_page  # noqa: E402

from reader.text.markup import html_to_text  # noqa: E402


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _readability(html: str) -> str:
    from readability import Document

    return str(Document(html).summary(html_partial=True))


def _trafilatura(html: str) -> str:
    import trafilatura

    return str(trafilatura.extract(
        html, include_comments=False, include_images=True, output_format="html"
    ) or "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    extractors: dict[str, Callable[[str], str]] = {"readability-lxml": _readability}
    try:
        import trafilatura  # noqa: F401

        extractors["trafilatura"] = _trafilatura
    except ImportError:
        print("trafilatura is not installed: only readability-lxml is measured")
    print("| extractor | page | paragraphs whole | furniture leaked | ruby reading | caption | "
          "ms a page (min / median / max) |")
    print("|---|---|---|---|---|---|---|")
    for shape in ("p", "br", "sections"):
        page = saved_news_page(shape)
        start = page.paragraphs[-3][:12]  # in the article, not in the page's description
        at = page.html.index(start, page.html.index("<article"))
        html = page.html[:at] + "<ruby>漢<rt>hàn</rt></ruby>" + page.html[at:]
        for name, extract in extractors.items():
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                out = extract(html)
                times.append((time.perf_counter() - start) * 1000)
            text = _bare(html_to_text(out)[0])
            whole = sum(1 for p in page.paragraphs if _bare(p) in text)
            leaked = sum(1 for b in page.boilerplate if _bare(b) in text)
            ruby = "<rt>hàn</rt>" in out
            print(
                f"| {name} | {shape} | {whole}/{len(page.paragraphs)} | {leaked}/"
                f"{len(page.boilerplate)} | {'kept' if ruby else 'lost'} | "
                f"{'kept' if _bare(CAPTION) in text else 'lost'} | "
                f"{min(times):.1f} / {statistics.median(times):.1f} / {max(times):.1f} |"
            )


if __name__ == "__main__":
    main()
