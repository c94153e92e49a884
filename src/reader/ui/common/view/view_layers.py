"""The reading view's layers: named lists of formatted spans, handed to Qt near the view only.

A layer is what a feature marks in the text (highlights, glossary underlines, audit marks,
search matches): UTF-16 spans of the displayed text, each with a character format. Qt's extra
selections paint them, but ``QTextEdit.setExtraSelections`` computes the rectangle of every
selection it is given, and that lays out the document up to the last one: marks spread over
a 640k-character text cost a full layout (about 0.3–0.5 s) on every script switch. So the view
gives Qt only the spans that meet a *window* of characters around the first visible one
(:data:`BEHIND` before it, :data:`AHEAD` after it: several screens at any zoom) and moves the
window when scrolling nears its edge. A text shorter than the window has all of its spans
applied, as before. The layers keep every span; :meth:`ViewLayers.selections` builds Qt's
selections for any range.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from reader.language.scripts.utf16 import Utf16Index

#: Characters (UTF-16 units) before and after the first visible one whose spans Qt is given.
BEHIND = 6_000
AHEAD = 16_000
#: The window moves when the first visible character comes this close to either edge.
MARGIN_BEHIND = 2_000
MARGIN_AHEAD = 8_000

#: Per layer, this many lists given last are kept with what was made of them (and Qt's
#: selections for this many documents).
KEEP_MADE = 5

Span = tuple[int, int]


@dataclass(frozen=True)
class _Layer:
    spans: list[Span]
    formats: list[QTextCharFormat]
    #: Span indices by start, and those starts: the spans near a position by bisection.
    by_start: list[int]
    starts: list[int]
    longest: int


#: A document's selections: the window and the layers they were made for, their spans (cut at
#: paragraph ends) and the list.
_Built = tuple[Span, list[_Layer], list[Span], list[QTextEdit.ExtraSelection]]

#: What Qt's ``insertText`` makes a paragraph end of (a text's blocks end there).
_PARAGRAPH_END = re.compile("[\n\r\u2029\ufdd0\ufdd1]")


def _layer(spans: list[Span], formats: list[QTextCharFormat]) -> _Layer:
    # Touching spans with the same format become one span: Qt drops the format of every other
    # one of a run of touching extra selections.
    merged: list[Span] = []
    merged_formats: list[QTextCharFormat] = []
    last_end, last_format = -1, None
    for span, fmt in zip(spans, formats, strict=True):
        if span[0] == last_end and (fmt is last_format or fmt == last_format):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
            merged_formats.append(fmt)
            last_format = fmt
        last_end = span[1]
    starts = [start for start, _ in merged]
    if all(a <= b for a, b in zip(starts, starts[1:], strict=False)):  # the usual case
        by_start = list(range(len(merged)))
    else:
        by_start = sorted(range(len(merged)), key=starts.__getitem__)
        starts = [starts[i] for i in by_start]
    longest = max((end - start for start, end in merged), default=0)
    return _Layer(merged, merged_formats, by_start, starts, longest)


_EMPTY = _layer([], [])


class ViewLayers:
    """Every layer's spans, in paint order, and the window of them Qt was last given."""

    def __init__(self) -> None:
        self._layers: dict[str, _Layer] = {}
        self._order: list[str] = []
        #: The character range whose spans Qt has (None: none given since the last change).
        self.window: Span | None = None
        #: Per layer, the last few lists given and what was made of them (newest first): a
        #: feature gives the same spans again when a script comes back (3,472 audit marks
        #: are not merged and sorted again on every switch).
        self._made: dict[str, list[tuple[list[Span], object, _Layer]]] = {}
        #: Qt's selections last made for a document: its window and layers, and the list.
        self._built: dict[QTextDocument, _Built] = {}
        #: The spans of the selections Qt holds (the last list made for it).
        self._held: list[Span] = []
        self._index: tuple[str, Utf16Index] | None = None

    def set(
        self, name: str, spans: list[Span], formats: list[QTextCharFormat] | QTextCharFormat
    ) -> None:
        """Replace a layer. A list given is not changed afterwards (what was made of it is
        reused when the same spans come again, with the same formats)."""
        if name not in self._order:
            self._order.append(name)
        made = self._made.setdefault(name, [])
        again = next(
            (i for i, (given, given_formats, _) in enumerate(made)
             if (given is spans or given == spans)
             and (given_formats is formats or given_formats == formats)),
            None,
        )
        if again is not None:
            made.insert(0, made.pop(again))
        else:
            layer = _layer(spans, formats if isinstance(formats, list) else [formats] * len(spans))
            made.insert(0, (spans, formats, layer))
            del made[KEEP_MADE:]
        self._layers[name] = made[0][2]
        self.window = None

    def forget(self, document: QTextDocument) -> None:
        """Drop the selections made in ``document`` (about to be deleted)."""
        self._built.pop(document, None)

    def clear(self) -> None:
        """Every layer emptied (the text was replaced); the paint order stays."""
        for name in self._layers:
            self._layers[name] = _EMPTY  # one for all: an empty layer is the same layer
        self.window = None

    def names(self) -> list[str]:
        return list(self._order)

    def spans(self, name: str) -> list[tuple[int, int, QTextCharFormat]]:
        """Every span of a layer with its format, in the order given (touching ones merged)."""
        layer = self._layers.get(name)
        if layer is None:
            return []
        return [(a, b, f) for (a, b), f in zip(layer.spans, layer.formats, strict=True)]

    def applied(self, low: int, high: int) -> None:
        """Qt was given the spans of ``[low, high)``."""
        self.window = (low, high)

    def window_for(self, first: int, length: int) -> Span:
        """The window around the first visible character (the whole text when it is short)."""
        if length <= BEHIND + AHEAD:
            return (0, length)
        return (max(0, first - BEHIND), min(length, first + AHEAD))

    def covers(self, first: int, length: int) -> bool:
        """True while the window given to Qt still surrounds ``first`` comfortably."""
        if self.window is None:
            return False
        low, high = self.window
        return (low == 0 or first - MARGIN_BEHIND >= low) and (
            high >= length or first + MARGIN_AHEAD <= high
        )

    def selections(
        self, document: QTextDocument, text: str, low: int, high: int
    ) -> list[QTextEdit.ExtraSelection]:
        """Qt's selections for the spans that meet ``[low, high)``, cut at paragraph ends
        (``document`` holds ``text``): made again only when the document, the window or a
        layer changed (a script shown a moment ago comes back in its own document, with the
        same layers)."""
        layers = [self._layers[name] for name in self._order]
        built = self._built.pop(document, None)
        if built is None or built[0] != (low, high) or any(
            a is not b for a, b in zip(built[1], layers, strict=False)
        ) or len(built[1]) != len(layers):
            cut = within_paragraphs(text, self.index(text), self.within(low, high))
            built = ((low, high), layers, [(a, b) for a, b, _ in cut], selections(document, cut))
        self._built[document] = built  # the newest last; a few documents' are kept
        for old in list(self._built)[:-KEEP_MADE]:
            del self._built[old]
        self._held = built[2]
        return built[3]

    def index(self, text: str) -> Utf16Index:
        """The UTF-16 positions of ``text`` (kept for the last text asked about: 1 ms at 640k
        characters)."""
        if self._index is None or self._index[0] is not text:
            self._index = (text, Utf16Index(text))
        return self._index[1]

    def released(self) -> None:
        """Qt was given no selections."""
        self._held = []

    def held_would_cross(self, text: str) -> bool:
        """True when a span of the selections Qt holds would cross a paragraph end of
        ``text``, or end past it, were ``text`` shown instead of the one they were made for.

        Qt keeps its selections until the next are given, and then finds the rectangle of
        each old one in the text shown by then: one that crosses a paragraph end there makes
        it lay out the whole document (0.4 s at 600k characters), as a new one would
        (:func:`within_paragraphs`). A script switch keeps the paragraphs, and its old selections
        cost nothing when the new ones are the same; an edited text re-imported does not."""
        if not self._held:
            return False
        index = self.index(text)  # the spans are UTF-16
        return any(
            end > index.utf16_length
            or _PARAGRAPH_END.search(text, index.utf16_to_cp(start), index.utf16_to_cp(end))
            for start, end in self._held
        )

    def within(self, low: int, high: int) -> list[tuple[int, int, QTextCharFormat]]:
        """The spans of every layer that meet ``[low, high)``: layers in paint order, each
        layer's spans in the order given."""
        out: list[tuple[int, int, QTextCharFormat]] = []
        for name in self._order:
            layer = self._layers[name]
            first = bisect_left(layer.starts, low - layer.longest)
            last = bisect_left(layer.starts, high)
            chosen = sorted(i for i in layer.by_start[first:last] if layer.spans[i][1] > low)
            out += [(*layer.spans[i], layer.formats[i]) for i in chosen]
        return out


def within_paragraphs(
    text: str, index: Utf16Index, spans: list[tuple[int, int, QTextCharFormat]]
) -> list[tuple[int, int, QTextCharFormat]]:
    """The spans cut at the paragraph ends of ``text`` (the document's; ``index`` is its
    :class:`Utf16Index`), and at its end: one extra selection that crosses a block boundary
    makes Qt ask for the root frame's rectangle, which lays out the whole document (about a
    second for 640k characters), wherever the selection is. Found in the text, not asked of
    Qt: each call into Qt lets go of Python's lock, and waits to take it back while a worker
    runs (0.1-1 ms a call)."""
    out: list[tuple[int, int, QTextCharFormat]] = []
    length = index.utf16_length
    for start, end, fmt in spans:
        end = min(end, length)
        if start >= end:
            continue
        low, high = index.utf16_to_cp(start), index.utf16_to_cp(end)
        if _PARAGRAPH_END.search(text, low, high) is None:  # the usual case
            out.append((start, end, fmt))
            continue
        for stop in _PARAGRAPH_END.finditer(text, low, high):
            at = index.cp_to_utf16(stop.start())
            if start < at:
                out.append((start, at, fmt))
            start = at + 1
        if start < end:
            out.append((start, end, fmt))
    return out


def selections(
    document: QTextDocument, spans: list[tuple[int, int, QTextCharFormat]]
) -> list[QTextEdit.ExtraSelection]:
    """Qt's extra selections for formatted spans. The cursors are placed inside one edit
    block, so placing them does not lay out the document up to each position in turn."""
    guard = QTextCursor(document)
    guard.beginEditBlock()
    out: list[QTextEdit.ExtraSelection] = []
    try:
        for start, end, fmt in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[misc]
            selection.format = fmt  # type: ignore[misc]
            out.append(selection)
    finally:
        guard.endEditBlock()
    return out
