"""Conversion by meaning: the decisions OpenCC's longest match cannot make on its own.

:func:`reader.language.scripts.script.convert` runs OpenCC's configurations (the *chain*) and
adds four things, each a character-for-character change or a cut, so every position keeps its
offset map (the alignment builds it as before):

* **Cuts** (:func:`cut_positions`): positions no phrase may span, where OpenCC's longest match
  takes a character into a phrase across a word boundary (并成功 → 併成功, 被发明 → 被髮明).
* **The reading of 著** (:func:`zhu_positions`): a Traditional 著 is read zhù (著名, 編著) or
  zhe / zháo / zhuó (標志著, 睡著, 執著); Simplified and standard Traditional write the second
  group 着. OpenCC's Taiwan list (``tw2s``) gives the reading class, corrected by
  :data:`~reader.language.scripts.meaning_data.ZHU_WORDS` and the particle after a verb.
  The same decision makes the Simplified shadow that :mod:`reader.language.readings` reads,
  so the character shown and its reading (ruby, hover) always agree.
* **Standard forms** (:func:`normalise`): a Traditional source's non-standard forms (復雜,
  盡管, 標志, 憑借 — a naive character-by-character conversion of Simplified text) become the
  forms an OpenCC *phrase* gives for the word (複雜, 儘管, 標誌, 憑藉). A single character's
  default never overrides the source: its 麵/面, 後/后, 髮/發, 乾/幹/干, 鐘/鍾, 裡/裏 stay as
  written. Variant folds (勛 → 勳) come from a short list.
* **Protected spans** (:func:`protected_spans`): Taiwan phrase substitutions are not applied
  to registered names, glossary terms that would stop being a spelling of their own entry,
  and words whose substitution fits one sense only (消息 'news' ≠ 訊息 'message'); such a
  span is converted with the character forms alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from reader.language.scripts.meaning_data import (
    PHRASE_CUTS,
    PROTECTED_NAMES,
    TAIWAN_KEEP,
    VARIANT_FOLDS,
    ZHE_VERBS,
    ZHU_WORDS,
)

if TYPE_CHECKING:
    from reader.language.scripts.alignment import Converter
    from reader.language.scripts.offsets import OffsetMap

#: 著 in Traditional text, and the Simplified / standard Traditional particle 着.
ZHU, ZHE = "著", "着"
_JOIN = "\n"
#: A word's spellings in every script (Traditional, Simplified, Taiwan, Hong Kong).
Forms = Callable[[str], Iterable[str]]
_CUTS = [re.compile(pattern) for pattern, _reason, _sentence in PHRASE_CUTS]
_FOLDS = [(variant, standard) for variant, standard, _r, _s in VARIANT_FOLDS]
#: A run: the characters OpenCC's keys are made of (see alignment; ``〇`` is in ``\w``).
_RUN = re.compile(r"[\w\-·]+")
_RUN_BACK = re.compile(r"[\w\-·]*")
_NONZERO = re.compile(b"[^\x00]")
#: After a verb of :data:`~reader.language.scripts.meaning_data.ZHE_VERBS`, a 著 before one of
#: these is the particle (穿著名牌, 寫著《…》): zhe, whatever a word around it says.
_ZHE_BEFORE = "名作《有"


def cut_positions(text: str) -> list[int]:
    """Positions of ``text`` that no OpenCC phrase may span (sorted)."""
    if not any(c in text for c in "并並被了人"):
        return []
    return sorted(
        {
            m.start(1) if pattern.groups else m.end()
            for pattern in _CUTS
            for m in pattern.finditer(text)
        }
    )


def runs_holding(text: str, positions: Sequence[int]) -> list[tuple[int, int]]:
    """The runs of ``text`` (as the alignment cuts it before any cut) that hold the sorted
    ``positions`` (each a run character), in order, each once."""
    spans: list[tuple[int, int]] = []
    for pos in positions:
        if spans and pos < spans[-1][1]:
            continue
        spans.append(run_around(text, pos))
    return spans


def run_around(text: str, pos: int) -> tuple[int, int]:
    """The run of ``text`` holding the run character at ``pos`` (its start found by matching
    the characters before ``pos`` backwards, in a window that grows until the run ends)."""
    reach = 64
    while True:
        lo = max(0, pos - reach)
        back = _RUN_BACK.match(text[lo:pos][::-1])
        length = back.end() if back else 0
        if length < pos - lo or lo == 0:
            break
        reach *= 4
    start = pos - length
    match = _RUN.match(text, start)
    return start, match.end() if match else pos + 1


def _split(start: int, end: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    """``[start, end)`` cut at the ``cuts`` inside it."""
    inside = list(cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]) if cuts else []
    return list(zip([start, *inside], [*inside, end], strict=True))


def find_all(text: str, char: str) -> list[int]:
    """Every position of ``char`` in ``text``."""
    found: list[int] = []
    i = text.find(char)
    while i >= 0:
        found.append(i)
        i = text.find(char, i + 1)
    return found


def _batched(runs: list[str], convert: Converter) -> list[str]:
    out = convert(_JOIN.join(runs)).split(_JOIN) if runs else []
    return out if len(out) == len(runs) else runs


def zhu_positions(
    text: str,
    cuts: Sequence[int],
    tw2s: Converter,
    runs: Sequence[tuple[int, int]] | None = None,
    positions: Sequence[int] | None = None,
) -> dict[int, bool]:
    """Every 著 of the Traditional ``text``: True when it is read zhù, False for zhe / zháo /
    zhuó. ``tw2s`` is OpenCC's Taiwan → Simplified configuration (its phrase list keeps 著
    where it is read zhù: 著名, 顯著, 名著). ``positions`` and ``runs``, when the caller has
    them, are ``find_all(text, ZHU)`` and ``runs_holding(text, positions)``."""
    if positions is None:
        positions = find_all(text, ZHU)
    if not positions:
        return {}
    if runs is None:
        runs = runs_holding(text, positions)
    spans: list[tuple[int, int]] = []
    for a, b in runs:
        if not cuts or bisect_right(cuts, a) == bisect_left(cuts, b):
            spans.append((a, b))  # no cut inside: the run itself (it holds a 著)
        else:
            spans += [(x, y) for x, y in _split(a, b, cuts) if ZHU in text[x:y]]
    pieces = [text[a:b] for a, b in spans]
    outputs = _batched(pieces, tw2s)
    zhu: dict[int, bool] = {}
    for (a, b), piece, out in zip(spans, pieces, outputs, strict=True):
        same_length = len(out) == len(piece)
        for p in positions[bisect_left(positions, a) : bisect_left(positions, b)]:
            zhu[p] = not same_length or out[p - a] == ZHU
    for start, end in _zhu_word_windows(text, positions):
        for m in _zhu_words().finditer(text, start, end):
            for k in range(m.start(), m.end()):
                if text[k] == ZHU:
                    zhu[k] = True
    for p in after_verb(text, positions):
        zhu[p] = False
    return zhu


def after_verb(text: str, positions: Iterable[int]) -> list[int]:
    """The 著 of ``positions`` that follow a verb of ``ZHE_VERBS`` and come before a character
    of ``_ZHE_BEFORE`` (what a search for ``著(?<=[VERBS]著)(?=[名作《有])`` finds, asked at
    the 著 alone: no pattern to compile)."""
    end = len(text) - 1
    return [
        p
        for p in positions
        if 0 < p < end and text[p + 1] in _ZHE_BEFORE and text[p - 1] in ZHE_VERBS
    ]


@cache
def _zhu_words() -> re.Pattern[str]:
    words = sorted(ZHU_WORDS, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) + f"|{ZHU}(?=有?[：:]?《)")


#: How far a match of :func:`_zhu_words` reaches from a 著 it holds: its longest word before
#: and after the 著, and the lookahead ``有?[：:]?《`` after it.
_ZHU_REACH = max(len(word) for word in ZHU_WORDS) + 3


def _zhu_word_windows(text: str, positions: Sequence[int]) -> list[tuple[int, int]]:
    """Stretches of ``text`` around the sorted 著 ``positions``, wide enough for any match of
    :func:`_zhu_words` holding one of them, joined where they would overlap: searched one by
    one they give the matches a search of the whole text gives (every word holds a 著, so no
    match lies outside them or spans two)."""
    windows: list[tuple[int, int]] = []
    for pos in positions:
        start, end = max(0, pos - _ZHU_REACH), min(len(text), pos + 1 + _ZHU_REACH)
        if windows and start <= windows[-1][1] + _ZHU_REACH:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def zhe_choices(zhu: dict[int, bool]) -> dict[int, str]:
    """The character each 著 is written with in Simplified and standard Traditional."""
    return {pos: ZHU if is_zhu else ZHE for pos, is_zhu in zhu.items()}


def normalise(text: str, cuts: Sequence[int], t2s: Converter, plain: Converter) -> str:
    """Traditional ``text`` in standard forms, the same length (see the module docstring).

    ``t2s`` is OpenCC's Traditional → Simplified; ``plain`` the target's character-form
    configuration (``s2t``, ``s2tw`` or ``s2hk``, no vocabulary phrases). A character changes
    where ``plain(t2s(word))`` writes it otherwise *and* that is not ``plain``'s default for
    the character alone: a phrase of the dictionary decided it.
    """
    joined, separators = _with_cuts(text, cuts)
    simplified = t2s(joined)
    back = plain(simplified)
    edits: dict[int, str] = {}
    if len(joined) == len(simplified) == len(back):
        changed = _differences(back, joined)
        chars = sorted({simplified[i] for i in changed})
        defaults = dict(zip(chars, _batched(chars, plain), strict=True))
        for i in changed:
            if back[i] != defaults.get(simplified[i]):  # a phrase decided, not the default
                edits[i - bisect_right(separators, i)] = back[i]
    result = _edited(text, edits)
    for variant, standard in _FOLDS:
        result = result.replace(variant, standard)
    return result


def _edited(text: str, edits: dict[int, str]) -> str:
    """``text`` with the character at each position of ``edits`` replaced."""
    if not edits:
        return text
    pieces: list[str] = []
    last = 0
    for pos in sorted(edits):
        pieces += [text[last:pos], edits[pos]]
        last = pos + 1
    pieces.append(text[last:])
    return "".join(pieces)


def _with_cuts(text: str, cuts: Sequence[int]) -> tuple[str, list[int]]:
    """``text`` with a line break at each cut (no phrase spans a line break; OpenCC converts
    nothing outside its keys' characters, so the whole text converts like its runs), and the
    separators' positions in it."""
    if not cuts:
        return text, []
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return _JOIN.join(pieces), [cut + k for k, cut in enumerate(cuts)]


def _differences(a: str, b: str) -> list[int]:
    """Positions where the equally long ``a`` and ``b`` differ: their code points as UTF-32
    lanes of two big integers, XORed, each lane folded to one byte, the nonzero bytes found."""
    if a == b:
        return []
    n = len(a)
    x = int.from_bytes(a.encode("utf-32-le", "surrogatepass"), "little") ^ int.from_bytes(
        b.encode("utf-32-le", "surrogatepass"), "little"
    )
    lanes = x.to_bytes(4 * n, "little")
    # the fourth byte of a lane is always zero (code points are below 2**21)
    folded = (
        int.from_bytes(lanes[0::4], "little")
        | int.from_bytes(lanes[1::4], "little")
        | int.from_bytes(lanes[2::4], "little")
    )
    return [m.start() for m in _NONZERO.finditer(folded.to_bytes(n, "little"))]


def protected_spans(text: str, names: Iterable[str], forms: Forms) -> list[tuple[int, int]]:
    """Spans of ``text`` that Taiwan phrases must leave alone: the curated names, the words of
    :data:`~reader.language.scripts.meaning_data.TAIWAN_KEEP` outside their settled compounds
    (both found in every script, ``forms(word)`` listing a word's spellings), and ``names``
    (glossary terms, which list their own spellings: matched as given). Sorted,
    non-overlapping, leftmost-longest."""
    pattern, keep = _protection(tuple(sorted(set(names))), forms)
    return [m.span() for m in pattern.finditer(text) if m.group() in keep]


@lru_cache(maxsize=4)
def _protection(names: tuple[str, ...], forms: Forms) -> tuple[re.Pattern[str], frozenset[str]]:
    keep: set[str] = set(names)
    settled: set[str] = set()
    for word, _tw, _sense, _sentence, compounds in TAIWAN_KEEP:
        keep.update(forms(word))
        for compound in compounds:
            settled.update(forms(compound))
    for name, _reason, _sentence in PROTECTED_NAMES:
        keep.update(forms(name))
    settled -= keep
    alternatives = sorted(keep | settled, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), frozenset(keep)


def apply_choices(display: str, offsets: OffsetMap, choices: dict[int, str]) -> str:
    """``display`` with the character at each canonical position of ``choices`` replaced, where
    it maps to one display character that is 著 or 着 (the chain's own choice)."""
    edits: list[tuple[int, str]] = []
    for pos, char in choices.items():
        d0, d1 = offsets.display_span(pos, pos + 1)
        if d1 - d0 == 1 and display[d0] != char and display[d0] in (ZHU, ZHE):
            edits.append((d0, char))
    if not edits:
        return display
    pieces: list[str] = []
    last = 0
    for d, char in sorted(edits):
        pieces += [display[last:d], char]
        last = d + 1
    pieces.append(display[last:])
    return "".join(pieces)
