"""Script folding for segmentation: every Han character → one Simplified character.

Word frequencies are keyed by Simplified words, and CC-CEDICT lists both scripts. Both the
vocabulary and the text are folded character by character, so a Traditional text segments
against the same words as its Simplified form while every offset stays the same (one code
point in, one out). A character OpenCC's ``t2s`` leaves alone is tried with ``tw2s`` and then
``hk2s`` (Taiwan 著 → 着, Hong Kong 衞 → 卫), unless ``s2t`` changes it (it is Simplified
already: hk2s would take 么 for a variant of 幺); a conversion longer than one character keeps
the character. Like wordfreq's "oversimplified" Chinese, the folded form need not be correct
Simplified text (乾 → 干 everywhere): it only has to be the same on both sides.

The map is computed once, over every Han code point, when the word model is built, and cached
with it: folding at run time is one ``str.translate`` and loads no OpenCC table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reader.language.scripts.converters import convert_config

#: The longest piece of text one ``str.translate`` folds (about 2 ms).
FOLD_PIECE = 16_384
#: Code point ranges :func:`reader.language.readings.pinyin.is_han` accepts.
HAN_RANGES = (
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),
    (0x2F800, 0x2FA1F),
)
#: The OpenCC configurations tried in turn for each character.
FOLD_CONFIGS = ("t2s", "tw2s", "hk2s")


def _convert_each(chars: list[str], config: str) -> list[str]:
    """``chars`` converted one by one (a line each, so no phrase spans two characters)."""
    if not chars:
        return []
    converted = convert_config("\n".join(chars), config).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - defensive: OpenCC keeps line breaks
        converted = [convert_config(c, config) for c in chars]
    return converted


def build_fold_map(chars: Iterable[str] | None = None) -> dict[str, str]:
    """Each Han character (default: every Han code point) that folds → its folded form.

    Folding twice changes nothing: a result that would fold again is followed to the end.
    """
    if chars is None:
        chars = (chr(cp) for lo, hi in HAN_RANGES for cp in range(lo, hi + 1))
    todo = sorted(set(chars))
    step: dict[str, str] = {}
    kept: list[str] = []
    for char, form in zip(todo, _convert_each(todo, "t2s"), strict=True):
        if len(form) == 1 and form != char:
            step[char] = form
        else:
            kept.append(char)
    simplified = {c for c, t in zip(kept, _convert_each(kept, "s2t"), strict=True) if t != c}
    left = [c for c in kept if c not in simplified]
    for config in FOLD_CONFIGS[1:]:
        still: list[str] = []
        for char, form in zip(left, _convert_each(left, config), strict=True):
            if len(form) == 1 and form != char:
                step[char] = form
            else:
                still.append(char)
        left = still
    folded: dict[str, str] = {}
    for char, form in step.items():
        seen = {char}
        while form in step and form not in seen:
            seen.add(form)
            form = step[form]
        if form != char:
            folded[char] = form
    return folded


class Folder:
    """Folds text with a fixed character map (one code point for one).

    The map is held once, as ``str.translate`` reads it: code point → code point (an int is
    half a one-character string, and no second dict of strings is kept beside it).
    """

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self._table: dict[int, int] = {ord(a): ord(b) for a, b in mapping.items()}

    @classmethod
    def from_strings(cls, sources: str, targets: str) -> Folder:
        """The map of each character of ``sources`` to the one at its place in ``targets``
        (ValueError when they differ in length)."""
        folder = cls({})
        folder._table = str.maketrans(sources, targets)
        return folder

    @property
    def mapping(self) -> dict[str, str]:
        """The map, character → character (made on each call)."""
        return {chr(a): chr(b) for a, b in self._table.items()}

    def fold(self, text: str) -> str:
        """``text`` with every Han character folded; exactly as long as ``text``.

        A long text is folded :data:`FOLD_PIECE` characters at a time: one ``str.translate``
        holds Python's lock throughout, 40-90 ms at 600k characters on a worker, and the GUI
        thread waited that long for it."""
        table = self._table
        if len(text) <= FOLD_PIECE:
            return text.translate(table)
        return "".join(
            text[at : at + FOLD_PIECE].translate(table) for at in range(0, len(text), FOLD_PIECE)
        )

    def fold_many(self, words: Iterable[str]) -> list[str]:
        """Each of ``words`` folded."""
        table = self._table
        return [w.translate(table) for w in words]
