"""Typesetting that never edits the text: per-character formats that change the layout.

The reading view's text is never changed for looks (highlights, notes and anchors are
offsets into it). What changes the layout are per-block formats (the block layouts'
additional formats, as a syntax highlighter sets them, not the document's own), so:

- spacing after a character: a ruby cell as wide as its syllable (given by a *spacing
  provider*, the ruby feature), a full-width cell for ASCII punctuation next to Han
  characters (``5月28日,DeepSeek`` reads ``5月28日，DeepSeek``);
- the title set as a heading;
- no line break inside a number with its unit (``5月28日``, ``H800``, ``3.5%``) nor inside
  after the title: once a block is laid out and painted, the character before such a run is
  widened to the end of its line so the run starts the next one (:meth:`settle`).

Spacing is a percentage of each character's own advance, so it holds at every zoom step
without being recomputed; only the break fixes are in pixels, made again for a new width.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from math import ceil
from typing import cast

from PySide6.QtGui import QFont, QFontMetricsF, QTextBlock, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QTextEdit

from reader.ui.common.view.text_documents import Typeset

#: (view position of a block, the block's text) → extra spacing after each code point, in
#: pixels at the view's font now; None when it has nothing to add.
SpacingProvider = Callable[[int, str], "list[float] | None"]

HEADING_SCALE = 1.3
#: Spacing is set in steps of 1/STEPS of a character's advance.
STEPS = 20
#: ASCII punctuation given a full-width cell when a Han character stands on either side.
_PUNCT_RE = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])[,;:!?](?![0-9])"
    r"|(?<![0-9])[,;:!?](?=[\u3400-\u9fff\uf900-\ufaff])"
)
#: Runs no line may break inside: a number with its CJK units (5月28日, 2025年, 3.5萬),
#: a number with a percent sign, a Latin letter run with its digits (H800, R1-0528).
_UNITS = "年月日号號時时点點分秒个個萬万億亿元倍歲岁次名位天週周"
_RUN_RE = re.compile(
    rf"(?:\d+(?:[.,]\d+)*[{_UNITS}]+)+"
    r"|\d+(?:[.,]\d+)*\s?[%％‰]"
    r"|[A-Za-z]+-?\d+(?:[.-]\d+)*[A-Za-z]*"
)
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: The longest title set as a heading when it runs into the first paragraph.
HEADLINE_CHARS = 40
_SENTENCE_END = "。！？!?"


def no_break_runs(text: str) -> list[tuple[int, int]]:
    """Code-point spans of ``text`` no line should break inside."""
    return [m.span() for m in _RUN_RE.finditer(text) if m.end() - m.start() > 1]


def heading_span(text: str, title: str) -> tuple[int, int] | None:
    """The span of ``text`` that is its title, when the text starts with it.

    A title on a line of its own is a heading. A title that runs into the first paragraph
    (``…回應質疑。5月28日,…``, as news sites paste a headline) is one when it reads like a
    headline: at most :data:`HEADLINE_CHARS` characters, clauses set apart by spaces and no
    comma inside, and Chinese in it; the heading then ends after its full stop.
    """
    start = len(text) - len(text.lstrip())
    title = title.strip()
    if not title or title == "Untitled" or not text.startswith(title, start):
        return None
    end = start + len(title)
    if end >= len(text) or text[end] in "\n\u2029":
        return (start, end)
    headline = (
        len(title) <= HEADLINE_CHARS and " " in title and _HAN_RE.search(title) is not None
        and not any(c in title for c in ",，、;；:：")
    )
    if not headline or text[end] not in _SENTENCE_END:
        return None
    return (start, end + 1)


def _utf16_starts(text: str) -> list[int] | None:
    """UTF-16 offset of each code point (and the end) when ``text`` leaves the BMP."""
    if text.isascii() or max(text) <= "\uffff":
        return None
    out, at = [], 0
    for ch in text:
        out.append(at)
        at += 2 if ord(ch) > 0xFFFF else 1
    out.append(at)
    return out


class Typesetter:
    """The reading view's layout formats; see the module's description.

    Lazy: a block gets its formats as it is about to be painted (:meth:`ensure`, from the
    view's paint event), so a 640k-character text costs nothing here, and a change of ruby
    or font re-formats only what comes into view. Formats go onto the block's layout
    (``QTextLayout.setFormats``), one ``markContentsDirty`` for the blocks of one paint (a
    ``QSyntaxHighlighter`` marks each block: the layout up to each, tens of seconds at 640k).
    """

    def __init__(self, view: QTextEdit) -> None:
        self._view = view
        self._provider: SpacingProvider | None = None
        self.full_width_punctuation = True
        self._generation = self._refreshes = 0
        #: Counts every change of the layout made here (painters cache against it).
        self.version = 0
        #: What is known of the text shown now (kept with its document, see :meth:`resume`).
        self.typeset = Typeset()
        self._formats: dict[tuple[str, float], QTextCharFormat] = {}
        self._advances: dict[str, float] = {}
        self._family: tuple[object, ...] = ()

    # What to set ---------------------------------------------------------------------------
    def prepare(self, heading: tuple[int, int] | None) -> None:
        """A new text is about to be shown, in a new document, with this heading."""
        self.typeset = Typeset(heading, refreshes=self._refreshes)
        self.version += 1

    def resume(self, kept: Typeset) -> None:
        """A text shown before is shown again, in its own document (its blocks' formats)."""
        kept.since(self._refreshes)
        self.typeset = kept
        self.version += 1

    def set_provider(self, provider: SpacingProvider | None) -> None:
        """Who widens characters (the ruby feature, or nobody); the text is set again."""
        self._provider = provider
        self.refresh()

    def set_full_width_punctuation(self, enabled: bool) -> None:
        if enabled != self.full_width_punctuation:
            self.full_width_punctuation = enabled
            self.refresh()

    def refresh(self) -> None:
        """Set every block again as it comes into view (widths or the font changed)."""
        self._advances.clear()
        self._generation += 1
        self._refreshes += 1
        self.typeset.since(self._refreshes)
        self.version += 1
        self._view.viewport().update()

    def font_changed(self) -> None:
        """Another font or zoom step: the heading's size, the cells and the break fixes are
        made again as blocks come into view."""
        font = self._view.document().defaultFont()
        self._family = (tuple(font.families()), font.weight(), font.styleStrategy())
        self.refresh()

    def block_spacing(self, position: int) -> list[float] | None:
        """Pixels added after each UTF-16 unit of the block at ``position`` (None: none)."""
        if self.typeset.formatted.get(position) != self._generation:
            return None
        return self.typeset.spacing.get(position)

    # Formats -------------------------------------------------------------------------------
    def advance(self, ch: str) -> float:
        """The advance of a character in the view's font (cached per font)."""
        width = self._advances.get(ch)
        if width is None:
            width = QFontMetricsF(self._view.document().defaultFont()).horizontalAdvance(ch)
            self._advances[ch] = width
        return width

    def _format(self, kind: str, value: float) -> QTextCharFormat:
        key = (kind, value)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if kind == "pct":
                fmt.setFontLetterSpacingType(QFont.SpacingType.PercentageSpacing)
                fmt.setFontLetterSpacing(value)
            elif kind == "abs":
                fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
                fmt.setFontLetterSpacing(value)
            self._formats[key] = fmt
        return fmt

    def _heading_format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        size = self._view.document().defaultFont().pointSizeF()
        fmt.setFontPointSize(round(max(1.0, size) * HEADING_SCALE, 1))
        fmt.setFontWeight(QFont.Weight.DemiBold)
        return fmt

    def pending(self, first: QTextBlock, last_position: int) -> bool:
        """Whether a block from ``first`` to ``last_position`` still needs its formats."""
        block = first
        while block.isValid() and block.position() <= last_position:
            if self.typeset.formatted.get(block.position()) != self._generation:
                return True
            block = block.next()
        return False

    def ensure(self, first: QTextBlock, last_position: int) -> bool:
        """Give the blocks from ``first`` to the one holding ``last_position`` their formats
        (those not formatted since the last change); True when a layout changed."""
        lo = hi = -1
        block = first
        while block.isValid() and block.position() <= last_position:
            base = block.position()
            if self.typeset.formatted.get(base) != self._generation:
                ranges = self._ranges(block)
                self.typeset.formatted[base] = self._generation
                if ranges or base in self.typeset.has_formats:  # else nothing to lay out again
                    block.layout().setFormats(ranges)
                    if ranges:
                        self.typeset.has_formats.add(base)
                    else:
                        self.typeset.has_formats.discard(base)
                    lo = base if lo < 0 else lo
                    hi = base + block.length()
            block = block.next()
        if lo < 0:
            return False
        self._changed(lo, hi)
        return True

    def _changed(self, lo: int, hi: int) -> None:
        """Qt lays ``[lo, hi)`` out again — to the end while its lazy layout runs (a change
        before blocks it has not reached makes it take them as laid out, empty, and stop)."""
        document = self._view.document()
        if document.lastBlock().layout().lineCount() == 0:
            hi = document.characterCount()
        document.markContentsDirty(lo, hi - lo)
        self.version += 1

    def _ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        """The formats of one block: spacing after characters, the heading, break fixes."""
        text = block.text()
        base = block.position()
        n = len(text)
        if n == 0:
            self.typeset.spacing.pop(base, None)
            return []
        spacing = (self._provider(base, text) if self._provider is not None else None) or [0.0] * n
        if self.full_width_punctuation:
            em = self.advance("中")
            for match in _PUNCT_RE.finditer(text):
                i = match.start()
                spacing[i] += max(0.0, em - self.advance(text[i]))
        starts = _utf16_starts(text)
        units = spacing if starts is None else _to_utf16(spacing, starts)
        heading = self.typeset.heading
        lo = hi = 0
        if heading is not None and heading[0] < base + len(units) and heading[1] > base:
            lo, hi = max(heading[0], base) - base, min(heading[1], base + len(units)) - base
            for rel in range(lo, hi):  # the heading's glyphs are wider already: less to add
                if units[rel] > 0.0:
                    ch = text[rel] if starts is None else "中"
                    units[rel] = max(0.0, units[rel] - (HEADING_SCALE - 1.0) * self.advance(ch))
        fixed = self._block_fixes(base, len(units))
        for rel, extra in fixed:
            units[rel] += extra
        spans: list[tuple[int, int, QTextCharFormat]] = []  # start, length, format
        absolute = {rel for rel, _ in fixed} | set(range(lo, hi))
        heading_format = self._heading_format() if hi > lo else None
        at = lo  # heading characters not widened are covered by plain heading ranges
        last_key: tuple[str, float] | None = None
        advance = self.advance
        for rel, extra in enumerate(units):
            if extra <= 0.0:
                continue
            width = advance(text[rel]) if starts is None else 0.0
            if rel in absolute or width <= 0.0:
                key = ("abs", round(extra, 1))
            else:
                # 5 % steps of the character's advance, rounded up (never less room than
                # asked): fewer distinct formats, so neighbours share a range (one item)
                step = ceil(extra * STEPS / width)
                units[rel] = step * width / STEPS
                key = ("pct", 100.0 + step * 100.0 / STEPS)
            fmt = self._format(*key)
            if heading_format is not None and lo <= rel < hi:
                if rel > at:
                    spans.append((at, rel - at, heading_format))
                fmt = QTextCharFormat(fmt)
                fmt.merge(heading_format)
                at = rel + 1
                spans.append((rel, 1, fmt))
                last_key = None
            elif last_key == key and spans[-1][0] + spans[-1][1] == rel:
                spans[-1] = (spans[-1][0], spans[-1][1] + 1, fmt)
            else:
                spans.append((rel, 1, fmt))
                last_key = key
        if heading_format is not None and at < hi:
            spans.append((at, hi - at, heading_format))
        ranges = [_range(start, length, fmt) for start, length, fmt in spans]
        self.typeset.spacing[base] = units
        return ranges

    def _block_fixes(self, base: int, length: int) -> list[tuple[int, float]]:
        fixes = self.typeset.fixes  # none, mostly: an empty loop
        return [(p - base, v) for p, v in fixes.items() if base <= p < base + length]

    # Line breaks ---------------------------------------------------------------------------
    def settle(self, first: QTextBlock, last_position: int) -> bool:
        """Keep breaks out of the runs of the laid-out blocks from ``first`` to
        ``last_position`` (the ones just painted); True when a layout changed (paint again)."""
        key = (self._generation, self._view.document().textWidth(), self.advance("中"))
        changed = False
        block = first
        while block.isValid() and block.position() <= last_position:
            base = block.position()
            if self.typeset.settled.get(base) != key and block.layout().lineCount() > 0:
                changed |= self._settle_block(block)
                self.typeset.settled[base] = key
            block = block.next()
        return changed

    def _relayout(self, block: QTextBlock) -> None:
        ranges = self._ranges(block)
        block.layout().setFormats(ranges)
        if ranges:
            self.typeset.has_formats.add(block.position())
        else:
            self.typeset.has_formats.discard(block.position())
        self.typeset.formatted[block.position()] = self._generation
        self._changed(block.position(), block.position() + block.length())

    def _settle_block(self, block: QTextBlock) -> bool:
        base = block.position()
        stale = [p for p in self.typeset.fixes if base <= p < base + block.length()]
        for p in stale:  # made for another width: a gap in mid-line now
            del self.typeset.fixes[p]
        if stale:
            self._relayout(block)
        changed = bool(stale)
        for _ in range(12):
            fix = self._bad_break(block)
            if fix is None:
                break
            position, extra = fix
            self.typeset.fixes[position] = self.typeset.fixes.get(position, 0.0) + extra
            self._relayout(block)
            changed = True
            if block.layout().lineCount() == 0:
                break
        return changed

    def _wanted_starts(self, base: int, end: int) -> list[int]:
        """Positions in ``[base, end)`` to start a line: a heading's end in its paragraph."""
        heading = self.typeset.heading
        if heading is not None and base < heading[1] < end:
            return [heading[1]]
        return []

    def _bad_break(self, block: QTextBlock) -> tuple[int, float] | None:
        """The first line break inside a run (or a heading's end not at a line start): the
        character to widen and by how much."""
        layout = block.layout()
        base = block.position()
        end = base + block.length() - 1
        line_starts = {base + layout.lineAt(i).textStart() for i in range(layout.lineCount())}
        targets = [p for p in self._wanted_starts(base, end) if p not in line_starts]
        text = block.text()  # its runs: found as it is settled, not in the whole text at once
        runs = no_break_runs(text)
        units = _utf16_starts(text)
        if units is not None:
            runs = [(units[a], units[b]) for a, b in runs]
        run_starts = [a for a, _ in runs]
        for start in sorted(line_starts):
            index = bisect_right(run_starts, start - base) - 1
            if index >= 0 and runs[index][0] < start - base < runs[index][1]:
                run_start = base + runs[index][0]
                if run_start > base and run_start not in line_starts:
                    targets.append(run_start)
        for target in sorted(targets):
            line = layout.lineForTextPosition(target - 1 - base)
            if not line.isValid():
                continue
            x_after, _ = cast(tuple[float, int], line.cursorToX(target - base))
            extra = line.x() + line.width() - x_after - 0.5
            if extra > 0.5:
                return target - 1, extra
        return None


def _range(start: int, length: int, fmt: QTextCharFormat) -> QTextLayout.FormatRange:
    out = QTextLayout.FormatRange()
    out.start, out.length, out.format = start, length, fmt
    return out


def _to_utf16(spacing: list[float], starts: list[int]) -> list[float]:
    out = [0.0] * starts[-1]
    for i, value in enumerate(spacing):
        out[starts[i + 1] - 1] = value  # after the code point: on its last unit
    return out
