"""The anchor of a highlight and where it landed: the values :mod:`reader.anchoring.anchors`
works with (see there)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Characters of context kept on each side of a quote.
CONTEXT = 32

Method = Literal["exact", "context", "fuzzy", "orphan"]


@dataclass(frozen=True)
class TextAnchor:
    """Where a highlight was: code-point span, the exact quote and its context."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Placement:
    """Where an anchor landed on a text, how, and how confident (0–1) the match was."""

    method: Method
    start: int
    end: int
    score: float = 1.0


def anchor_span(text: str, start: int, end: int, context: int = CONTEXT) -> TextAnchor:
    """The anchor of ``text[start:end]``."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} outside the text (length {len(text)})")
    return TextAnchor(
        start,
        end,
        text[start:end],
        text[max(0, start - context) : start],
        text[end : end + context],
    )
