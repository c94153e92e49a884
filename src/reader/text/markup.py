"""Markup residue: HTML documents turned into plain text, stray tags in plain text removed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.text.ruby_markup import ruby_pair, strip_markers

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


# HTML is read by a small tokenizer rather than html.parser: the HTMLParser of Python 3.11.7
# rescans the rest of the input from every unclosed ``<a``, ``<!--``, ``<?`` or ``<![`` when it
# is closed, so ``<a `` repeated 20,000 times took 35 s (python/cpython#135462, fixed in later
# patch releases; which Python a user runs is not ours to choose).
# Here every construct is found with one forward scan, as an HTML5 tokenizer reads it: a
# comment ends at ``-->``, ``<!…>`` and ``<?…>`` at the first ``>``, a tag at the ``>`` outside
# quoted attribute values; a construct still open at the end of the input runs to the end.
_SPACE = "\t\n\f\r "
_ATTRIBUTES = (
    rf"(?:[{_SPACE}/]++"
    rf"|[^{_SPACE}/>][^{_SPACE}/>=]*+"
    rf"(?:[{_SPACE}]*+=[{_SPACE}]*+(?:\"[^\"]*+\"?|'[^']*+'?|[^{_SPACE}>]*+))?+"
    r")*+"
)
#: A start or end tag up to (not including) its ``>``; possessive, so it never backtracks.
_TAG = re.compile(rf"</?([A-Za-z][^{_SPACE}/>]*+){_ATTRIBUTES}")
_COMMENT_END = re.compile(r"--!?>")
_RAW_TEXT = frozenset(("script", "style"))
_RAW_TEXT_END = {
    name: re.compile(rf"</{name}(?=[{_SPACE}/>])", re.IGNORECASE) for name in _RAW_TEXT
}

#: (kind, value, self-closing): ("data", text, False), ("start", name, …), ("end", name, False)
_Token = tuple[str, str, bool]


def _is_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _tokens(html: str) -> Iterator[_Token]:
    """Data (character references not yet decoded), start tags and end tags of ``html``."""
    n = len(html)
    pos = 0
    while pos < n:
        lt = html.find("<", pos)
        if lt == -1:
            yield ("data", html[pos:], False)
            return
        if lt > pos:
            yield ("data", html[pos:lt], False)
        pos = lt
        nxt = html[lt + 1 : lt + 2]
        if _is_letter(nxt) or (nxt == "/" and _is_letter(html[lt + 2 : lt + 3])):
            tag = _TAG.match(html, lt)
            assert tag is not None  # "<" or "</" and a letter always match
            if tag.end() >= n:  # still open at the end of the input: dropped
                return
            pos = tag.end() + 1  # past its ">"
            name = tag.group(1).lower()
            if nxt == "/":
                yield ("end", name, False)
                continue
            closed = html[tag.end() - 1] == "/"
            yield ("start", name, closed)
            if name in _RAW_TEXT and not closed:  # script and style: text up to their end tag
                end = _RAW_TEXT_END[name].search(html, pos)
                stop = end.start() if end else n
                if stop > pos:
                    yield ("data", html[pos:stop], False)
                pos = stop
            continue
        if html.startswith("<!--", lt):
            if html.startswith(("<!-->", "<!--->"), lt):
                pos = html.index(">", lt + 4) + 1
            else:
                end = _COMMENT_END.search(html, lt + 4)
                pos = end.end() if end else n
        elif nxt in ("!", "?", "/"):
            # <!DOCTYPE …>, <![CDATA[…]]> (a bogus comment outside SVG and MathML), <?…>, </…>
            close = html.find(">", lt + 2)
            pos = close + 1 if close != -1 else n
        else:
            yield ("data", "<", False)
            pos = lt + 1


class _TextExtractor:
    """Visible text, tag count and title from a stream of tokens."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_rt = 0
        self.tags = 0
        #: The page's title: the text of its first <title> outside SVG, as written (the
        #: importer makes it one line); None when there is none.
        self.title: str | None = None
        self._in_title = False
        self._title_parts: list[str] | None = None
        self._svg_depth = 0
        #: Inside <ruby>: the base text since the last annotation, and the annotation being
        #: read (None outside <rt>); a pair is written when its <rt> ends.
        self._ruby_depth = 0
        self._base: list[str] = []
        self._annotation: list[str] | None = None
        self._in_rp = 0
        self._break_after = False
        self._rt_depth = 0
        self.ruby_pairs = 0

    def feed(self, html: str) -> None:
        from html import unescape  # its entity table: only for a text that is HTML

        for kind, value, closed in _tokens(html):
            if kind == "data":
                self.handle_data(unescape(value))
            elif kind == "end":
                self.handle_endtag(value)
            elif closed:
                self.handle_startendtag(value)
            else:
                self.handle_starttag(value)
        if self.title is None and self._title_parts is not None:  # a <title> never closed
            self.title = "".join(self._title_parts)
        if self._ruby_depth:  # a <ruby> never closed: its text is text all the same
            self._ruby_depth = self._rt_depth = 0
            self._end_pair()
            self.parts.append("".join(self._base))
            self._base = []

    def handle_starttag(self, tag: str) -> None:
        self.tags += 1
        if tag == "svg":
            self._svg_depth += 1
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag == "ruby":
            if not self._ruby_depth:
                self._base, self._annotation = [], None
            self._ruby_depth += 1
        elif tag == "rt" and self._ruby_depth:
            if not self._rt_depth:
                self._annotation = []
            self._rt_depth += 1
        elif tag == "rp" and self._ruby_depth:
            self._in_rp += 1
        elif tag in ("rt", "rp"):
            self.in_rt += 1
        elif tag == "title":
            self._in_title = True
            if self._title_parts is None and not self._svg_depth:
                self._title_parts = []
        elif tag in _BLOCK:
            self._newline()

    def handle_startendtag(self, tag: str) -> None:
        self.tags += 1
        if tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg_depth = max(0, self._svg_depth - 1)
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "ruby" and self._ruby_depth:
            self._ruby_depth -= 1
            if not self._ruby_depth:
                self._rt_depth = 0
                self._end_pair()
                self.parts.append("".join(self._base))  # base text with no annotation
                self._base = []
        elif tag == "rt" and self._ruby_depth:
            self._rt_depth = max(0, self._rt_depth - 1)
            if not self._rt_depth:
                self._end_pair()
        elif tag == "rp" and self._ruby_depth:
            self._in_rp = max(0, self._in_rp - 1)
        elif tag in ("rt", "rp"):
            self.in_rt = max(0, self.in_rt - 1)
        elif tag == "title":
            self._in_title = False
            if self._title_parts is not None and self.title is None:
                self.title = "".join(self._title_parts)
        elif tag in _BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            if self._title_parts is not None and self.title is None and not self._svg_depth:
                self._title_parts.append(data)
            return
        if self.skip_depth or self.in_rt:
            return
        data = strip_markers(data)  # the ruby markers are the reader's own
        if self._ruby_depth:
            if self._in_rp:
                return
            if self._annotation is not None:
                self._annotation.append(data)
            else:
                self._base.append(data)
            return
        self.parts.append(data)

    def _newline(self) -> None:
        """A block boundary: in a ruby base it stays in order with the base's text; in an
        annotation it comes after the pair."""
        if self._ruby_depth and self._annotation is None:
            self._base.append("\n")
        elif self._ruby_depth:
            self._break_after = True
        else:
            self.parts.append("\n")

    def _end_pair(self) -> None:
        """An annotation ended: write the pair (a second annotation of the same base, as in
        pinyin and zhuyin together, has no base left and is dropped)."""
        if self._annotation is None:
            return
        base, annotation = "".join(self._base), " ".join("".join(self._annotation).split())
        self._base, self._annotation = [], None
        if self._break_after:
            self._break_after = False
            self._base.append("\n")  # after this pair, before the next base
        core = base.strip()
        if core and annotation and "\n" not in core:
            # white space and block boundaries around the base (<ruby><p>漢 </p><rt>…) stay
            # outside the pair, where lines are trimmed and runs collapsed as anywhere else
            lead = base[: len(base) - len(base.lstrip())]
            trail = base[len(base.rstrip()) :]
            self.parts.append(lead + ruby_pair(core, annotation) + trail)
            self.ruby_pairs += 1
        else:
            self.parts.append(base)


def html_to_text(html: str) -> tuple[str, int, str | None]:
    """Visible text of an HTML document; each ``<ruby>`` pair (base, ``<rt>`` annotation)
    written between the markers of :mod:`reader.text.ruby_markup` for the importer to take
    out as readings (``<rp>`` dropped; an ``<rt>`` outside ``<ruby>`` dropped).

    Returns the text, the number of tags removed and the text of the document's ``<title>``
    as written (None when it has none).
    Whitespace inside paragraphs collapses as a browser would; paragraphs become lines.
    """
    parser = _TextExtractor()
    parser.feed(html)
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
