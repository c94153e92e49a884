"""Saved web pages: a page from a browser ("Save page as", or HTML on the clipboard) read as
its article — the main text, without the site's navigation, sidebars, comments, forms and
footer — with the page's title (the site's name cut off) as the document's title.

The article is found by readability-lxml (Mozilla Readability's scoring, over lxml; it
fetches nothing: only its command line reads URLs). Measured on saved Chinese news pages
(``benchmarks/bench_web_page.py``): it and trafilatura both kept every paragraph and left out
all of the page's furniture, but readability keeps the article as HTML — ``<ruby>`` readings
and figure captions stay — where trafilatura drops the ``<rt>`` readings and the captions.

Only a page that looks like a whole web page is cut (:func:`looks_like_web_page`): an HTML
document without navigation, sidebars, forms or footers (an exported text, a study sheet) is
read whole as before, and so is a page where the article found would be a small part of a
long text (then readability guessed wrong: nothing is dropped).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import escape

from reader.text.markup import html_to_text

__all__ = ["Article", "extract_article", "looks_like_web_page"]

#: Larger pages are read whole: readability's scoring is not made for hostile input.
MAX_PAGE_CHARS = 8 * 1024 * 1024
_FURNITURE_RE = re.compile(
    r"<!--\s*saved from url=|<(nav|aside|footer|header|form)\b|"
    r"""\b(?:class|id)\s*=\s*["'][^"']*\b(comment|sidebar|breadcrumb|related|share)""",
    re.IGNORECASE,
)
_KIND_RE = re.compile(r"<(nav|aside|footer|form)\b", re.IGNORECASE)
_COMMENTS_RE = re.compile(
    r"""\b(?:class|id)\s*=\s*["'](?:[^"']*\s)?comments?(?:\s[^"']*)?["']""", re.IGNORECASE
)
_KIND_NAMES = {"nav": "navigation", "aside": "sidebar", "footer": "footer", "form": "form"}


@dataclass(frozen=True)
class Article:
    """A page's article: its HTML (for ``html_to_text``), title, and what was left out."""

    html: str
    title: str | None
    notes: tuple[str, ...]


def looks_like_web_page(html: str) -> bool:
    """Whether ``html`` is a whole page of a site: saved by a browser, or with navigation,
    sidebars, footers, forms, comments or share buttons around its text."""
    return _FURNITURE_RE.search(html) is not None


def _left_out(html: str) -> str:
    counts: dict[str, int] = {}
    for match in _KIND_RE.finditer(html):
        kind = _KIND_NAMES[match.group(1).lower()]
        counts[kind] = counts.get(kind, 0) + 1
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" if n > 1 else kind for kind, n in counts.items()]
    if _COMMENTS_RE.search(html):
        parts.append("comments")
    return ", ".join(parts) if parts else "the page's other blocks"


def _visible_length(html: str) -> int:
    return len(re.sub(r"\s+", "", html_to_text(html)[0]))


def extract_article(html: str) -> Article | None:
    """The article of a web page (see the module docstring); None when the page is to be
    read whole (too large, no article found, or the article a small part of its text)."""
    if len(html) > MAX_PAGE_CHARS:
        return None
    from readability import Document as Readability

    # readability logs a traceback before it raises; the raise is handled here: read it whole
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)
    try:
        page = Readability(html)
        summary = str(page.summary(html_partial=True))
        title = str(page.short_title() or "").strip() or None
    except Exception:  # lxml and readability raise many kinds on odd pages: read it whole
        return None
    whole, kept = _visible_length(html), _visible_length(summary)
    if kept == 0 or (kept < whole * 0.25 and kept < 500):
        return None
    if title and re.sub(r"\s+", "", title) not in re.sub(r"\s+", "", html_to_text(summary)[0][:400]):
        summary = f"<h1>{escape(title)}</h1>\n{summary}"  # the headline, as the page shows it
    note = (
        f"web page: its article kept ({kept:,} of {whole:,} characters of text), "
        f"{_left_out(html)} removed"
    )
    return Article(summary, title, (note,))
