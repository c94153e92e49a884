"""Highlights anchored to a canonical text, and placed again when the text is re-imported.

An anchor is a W3C Web Annotation TextPositionSelector (code-point ``start``/``end``) plus a
TextQuoteSelector (``quote`` and up to :data:`CONTEXT` characters of ``prefix`` and
``suffix``). :func:`reanchor` places an anchor on a new version of the text, trying in turn:

* **exact** — the quote is still at ``start``/``end`` and at least half of its context still
  adjoins it character for character (a short quote at the same offset after an insertion
  upstream is usually a different occurrence);
* **context** — every occurrence of the exact quote, scored by how well the text around it
  matches the old prefix and suffix, minus a small penalty for distance from the old place;
* **fuzzy** — an approximate match of the quote (edit distance, or difflib's matching blocks
  for long quotes) near places suggested by the context and by pieces of the quote. Quotes of
  1–4 characters are only placed when the old context brackets them: the prefix's last and
  the suffix's first characters (at least six together) found intact around a gap of the
  quote's length ±1;
* **orphan** — nothing convincing: the highlight keeps its old offsets (clamped) and is listed
  for the reader, never dropped.

Acceptance thresholds grow stricter as quotes get shorter, because a 1-character quote occurs
everywhere while a 20-character one is practically unique.

:func:`reanchor_all` places every highlight of a re-imported document at once: it aligns the
old and new text first, so anchors the edit left intact are carried across without a search
and the others are searched for from where their text went (see
:mod:`reader.anchoring.batch`). The searches live in :mod:`reader.anchoring.search`.
"""

from __future__ import annotations

from reader.anchoring.batch import reanchor_all
from reader.anchoring.search import NEAR, SHORT_QUOTE, TextSearch
from reader.anchoring.types import CONTEXT, Method, Placement, TextAnchor, anchor_span
from reader.language.scripts.utf16 import Utf16Index, cp_to_utf16, utf16_to_cp

__all__ = [
    "CONTEXT",
    "NEAR",
    "SHORT_QUOTE",
    "Method",
    "Placement",
    "TextAnchor",
    "Utf16Index",
    "anchor_span",
    "cp_to_utf16",
    "reanchor",
    "reanchor_all",
    "utf16_to_cp",
]


def reanchor(text: str, anchor: TextAnchor) -> Placement:
    """Where ``anchor`` belongs on ``text`` (a new version of its document)."""
    return TextSearch(text).place(anchor)
