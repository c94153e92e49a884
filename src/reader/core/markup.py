"""Markup residue: HTML documents turned into plain text, stray tags in plain text removed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote "
    "pre hr dd dt dl figcaption figure main aside nav title".split()
)
_SKIP = frozenset(("script", "style", "noscript", "template", "head", "svg", "iframe", "object"))

#: A whole tag as it appears in text: ``</p>``, ``<br/>``, ``<span class="x">``.
STRAY_TAG_RE = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]{0,15}"
    r"""(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:"[^"<>\n]{0,200}"|'[^'<>\n]{0,200}'|[^\s"'<>]{1,200}))?){0,20}"""
    r"\s*/?>"
)
#: The tail of a tag whose ``<`` was eaten by a damaged decode: ``?/p>`` leaves ``/p>``.
TAG_REMNANT_RE = re.compile(r"(?<=[?\ufffd])/[A-Za-z][A-Za-z0-9]{0,15}>")
_NAMED_HTML_TAGS = frozenset(
    "p div br span a b i u em strong li ul ol h1 h2 h3 h4 h5 h6 tr td th table tbody thead img "
    "font section article header footer blockquote pre hr sup sub small ruby rt rp rb html body "
    "head title meta link script style center label code".split()
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_rt = 0
        self.tags = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in ("rt", "rp"):
            self.in_rt += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in ("rt", "rp"):
            self.in_rt = max(0, self.in_rt - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self.skip_depth or self.in_rt:
            return
        self.parts.append(data)


def html_to_text(html: str) -> tuple[str, int, str | None]:
    """Visible text of an HTML document (ruby annotations in ``<rt>`` dropped).

    Returns the text, the number of tags removed and the document's ``<title>`` if any.
    Whitespace inside paragraphs collapses as a browser would; paragraphs become lines.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    lines = [re.sub(r"[ \t\f\v]+", " ", line.replace("\xa0", " ")).strip() for line in raw.split("\n")]
    text = "\n".join(line for line in lines if line)
    return text, parser.tags, parser.title


def looks_like_html(text: str) -> bool:
    """True when a text is an HTML document rather than prose with a stray tag or two."""
    head = text[:4096].lower()
    return "<html" in head or "<!doctype html" in head or head.count("<p>") + head.count("<div") > 3


def is_stray_tag(tag_text: str) -> bool:
    """True for a tag of HTML's own vocabulary (``</p>``), not prose like ``<b>`` in maths."""
    name = re.match(r"</?([A-Za-z][A-Za-z0-9]*)", tag_text)
    return bool(name) and name is not None and name.group(1).lower() in _NAMED_HTML_TAGS
