"""CC-CEDICT's cross-reference markup in a sense, read as words and readings.

A sense refers to other words as ``Traditional|Simplified[pinyin]`` (``variant of
卻|却[que4]``, ``CL:個|个[ge4],條|条[tiao2]``), as ``Word[pinyin]`` when both scripts agree,
as ``Word|Word`` without a reading, or gives a reading alone (``Taiwan pr. [zhuo2]``).
:func:`sense_pieces` splits a sense into plain text and references; a reference keeps the
form of the script being read and its syllables numbered, so the caller shows
``卻 què`` (tone-coloured in the popup) instead of the raw ``卻|却[que4]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.language.words.word_lookup import cedict_pinyin_to_marks, cedict_syllables

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f〇·"
_REFERENCE_RE = re.compile(
    rf"(?P<trad>[{_HAN}]+)(?:\|(?P<simp>[{_HAN}]+))?(?:\[(?P<pinyin>[^\]\[]+)\])?"
    rf"|\[(?P<alone>[A-Za-z0-9: ·,]+)\]"
)


@dataclass(frozen=True)
class Piece:
    """Plain ``text`` of a sense, or a reference: ``text`` the word (may be empty for a
    reading alone) and ``pinyin`` its reading as CC-CEDICT writes it (empty when none)."""

    text: str
    pinyin: str = ""
    reference: bool = False

    @property
    def syllables(self) -> tuple[str, ...]:
        """The reading's syllables, lowercased and numbered (see ``cedict_syllables``)."""
        return tuple(cedict_syllables(self.pinyin))


def sense_pieces(sense: str, simplified: bool = False) -> list[Piece]:
    """``sense`` as plain pieces and references; ``simplified`` picks the Simplified form of a
    ``Traditional|Simplified`` pair. Plain text is kept exactly (joining every piece's text
    and reading gives the sense back, less the markup)."""
    out: list[Piece] = []
    last = 0
    for m in _REFERENCE_RE.finditer(sense):
        trad, simp, pinyin, alone = m.group("trad", "simp", "pinyin", "alone")
        if trad is not None and simp is None and pinyin is None:
            continue  # Han in running text (a sense that just writes 的), not markup
        if m.start() > last:
            out.append(Piece(sense[last : m.start()]))
        if alone is not None:
            out.append(Piece("", alone.strip(), True))
        else:
            word = simp if simplified and simp else trad
            out.append(Piece(word, (pinyin or "").strip(), True))
        last = m.end()
    if last < len(sense):
        out.append(Piece(sense[last:]))
    return out


def plain_sense(sense: str, simplified: bool = False) -> str:
    """The sense with its references written ``卻 què`` (tone marks, one space between;
    a list of references gets a space after each comma: ``CL: 個 gè, 條 tiáo``)."""
    parts: list[str] = []
    for piece in sense_pieces(sense, simplified):
        if not piece.reference:
            parts.append(piece.text)
            continue
        marks = cedict_pinyin_to_marks(piece.pinyin)
        if parts and parts[-1].endswith((":", ",")):
            parts.append(" ")  # CEDICT's lists have no spaces: CL:個|个[ge4],條|条[tiao2]
        parts.append(" ".join(p for p in (piece.text, marks) if p))
    return "".join(parts)
