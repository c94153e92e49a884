"""The inline-reading audit: where a source's own readings disagree with ours in context.

An imported article may carry readings of its own (``會(huì)``, kept in
:attr:`reader.text.document.Document.readings` as canonical offset → numbered syllable). Web
pages get some of them wrong, and our engine gets some wrong too; listing the disagreements
lets a person check each one.

Readings are compared in numbered form. A neutral tone against a full tone of the same syllable
(``de5`` / ``de2``) counts as agreement for characters that are typically read light as
particles or suffixes (了 的 得 著 們 子 麼 …), and where ours is the neutral tone of a word's
dictionary entry and the source prints the syllable's citation tone (任務 rènwu / rènwù: the
same reading, spoken light); anywhere else a tone difference is a disagreement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reader.language.readings.pinyin import to_numbered

#: Characters often read in the neutral tone (particles, suffixes, complements), both scripts.
NEUTRAL_TONE_CHARACTERS = frozenset(
    "了的地得著着過过們们子麼么嗎吗呢吧啊呀哇啦嘛喔頭头個个裡里兒儿來来"
)
#: The spoken tone changes of 一 and 不 with their citation tone: all the same reading.
TONE_CHANGES = {"一": frozenset({"yi1", "yi2", "yi4"}), "不": frozenset({"bu4", "bu2"})}
#: Characters of context shown on each side of a disagreement.
CONTEXT_CHARS = 6


@dataclass(frozen=True)
class Disagreement:
    """A source reading that differs from the context reading at ``offset``."""

    offset: int
    character: str
    context: str
    source: str
    ours: str


def readings_agree(character: str, source: str, ours: str) -> bool:
    """True when ``source`` and ``ours`` (numbered) are the same reading of ``character``."""
    if source == ours:
        return True
    if {source, ours} <= TONE_CHANGES.get(character, frozenset()):
        return True  # 一代 yí / yī: spoken and citation tone of the same reading
    if not source or not ours or source[:-1] != ours[:-1]:
        return False
    if ours.endswith("5") and not source.endswith("5"):
        return True  # our word's entry reads it light; the source gives its citation tone
    light = source.endswith("5")
    return light and character in NEUTRAL_TONE_CHARACTERS


def context_of(text: str, offset: int, width: int = CONTEXT_CHARS) -> str:
    """``width`` characters either side of ``offset``, line breaks shown as spaces."""
    return text[max(0, offset - width) : offset + width + 1].replace("\n", " ")


def audit_inline_readings(
    text: str, source_readings: Mapping[int, str], context_readings: Sequence[str | None]
) -> list[Disagreement]:
    """Every source reading that disagrees with the context reading, in text order.

    ``context_readings`` is :func:`reader.language.readings.readings.compute_readings` of ``text``; offsets
    outside the text are ignored. A character we have no reading for is reported with
    ``ours == ""``.
    """
    out: list[Disagreement] = []
    for offset in sorted(source_readings):
        if not 0 <= offset < len(text) or offset >= len(context_readings):
            continue
        character = text[offset]
        source = to_numbered(source_readings[offset])
        ours = context_readings[offset] or ""
        if not readings_agree(character, source, ours):
            out.append(Disagreement(offset, character, context_of(text, offset), source, ours))
    return out
