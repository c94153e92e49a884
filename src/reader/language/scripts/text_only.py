"""The display text alone: what :func:`~reader.language.scripts.alignment.align` gives as its
text, without building the offset map (``reader convert`` without ``--with-offsets``).

The alignment converts the text's runs (cut at ``cuts`` and at the ``protected`` spans' ends)
joined by line breaks and puts the untouched separators back between them. OpenCC converts
nothing outside its keys' characters and no phrase spans a character that is not in a key
(the alignment's own premise, which its ``verify`` and the tests check), so the same text comes
from converting the text whole with a separator put in at each cut: a few pieces, one call per
converter, joined again.

A choice made per character on the canonical text (the reading of 著,
:func:`~reader.language.scripts.meaning.apply_choices`) needs the map only where it falls:
the runs that hold a choice are converted on their own; where each of their pieces maps
character for character (the alignment's own test, nearly always) the choice is put at its
offset, and any other run is aligned alone, which maps it exactly as the whole text's
alignment does (a run's segments depend on the run alone). The rest of the text is converted
as above.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from reader.language.scripts.alignment import Converter, align, one_to_one
from reader.language.scripts.meaning import ZHE, ZHU, apply_choices, runs_holding

#: Separators put in at the cuts: characters no OpenCC key holds and OpenCC leaves as they
#: are; the first one the text does not hold is used.
_SEPARATORS = "\x1f\x1e\x1d\x1c\ue000\ue001\ue002\ue003"
_JOIN = "\n"


def converted_text(
    text: str,
    convert: Converter,
    *,
    cuts: Sequence[int] = (),
    protected: Sequence[tuple[int, int]] = (),
    plain: Converter | None = None,
    choices: dict[int, str] | None = None,
    apply_if: Callable[[], bool] | None = None,
    stretches: Sequence[tuple[int, int]] | None = None,
) -> str | None:
    """``apply_choices(*align(text, convert, cuts=…, protected=…, plain=…), choices)`` as text.

    ``choices`` maps canonical positions to the character written there (the 著 / 着 of
    :func:`~reader.language.scripts.meaning.zhe_choices`). None when the text cannot be cut
    this way (it holds every separator, a converter changed the number of pieces, or there are
    both choices and protected spans, which no plan has): the caller aligns instead.
    ``apply_if``, when given, is asked only when a choice changes a character: the choices
    are applied when it returns True (a source script detected only when it matters).
    ``stretches``, when the caller has them, are ``runs_holding(text, sorted(choices))``.
    """
    if not text:
        return text
    separator = next((c for c in _SEPARATORS if c not in text), None)
    if separator is None or (choices and protected and plain is not None):
        return None
    if plain is None:
        protected = ()
    if not choices:
        stretches = []
    elif stretches is None:
        stretches = runs_holding(text, sorted(choices))
    bounds = sorted({*cuts, *(p for span in protected for p in span)})
    starts = [a for a, _b in protected]
    ends = [b for _a, b in protected]
    pieces: tuple[list[str], list[str]] = ([], [])
    # The output in order: (kind, index) of a converted piece, or (2, index) of a stretch.
    order: list[tuple[int, int]] = []
    last = 0
    for i, (s0, s1) in enumerate([*stretches, (len(text), len(text))]):
        lo = bisect_right(bounds, last)
        inner = bounds[lo : bisect_left(bounds, s0, lo)]  # the bounds inside (last, s0)
        if not inner and not starts:  # nearly always: one piece, of the chain
            if last < s0:
                order.append((0, len(pieces[0])))
                pieces[0].append(text[last:s0])
        else:
            for a, b in zip([last, *inner], [*inner, s0], strict=True):
                if a < b:
                    k = bisect_right(starts, a) - 1
                    kind = 1 if k >= 0 and a < ends[k] else 0
                    order.append((kind, len(pieces[kind])))
                    pieces[kind].append(text[a:b])
        if s0 < s1:
            order.append((2, i))
        last = s1
    outputs: list[list[str]] = []
    for kind, conv in enumerate((convert, plain or convert)):
        got = conv(separator.join(pieces[kind])).split(separator) if pieces[kind] else []
        if len(got) != len(pieces[kind]):
            return None
        outputs.append(got)
    if stretches:
        shown = _stretches_shown(text, stretches, convert, cuts, choices or {}, apply_if)
        if shown is None:
            return None
        outputs.append(shown)
    return "".join([outputs[kind][i] for kind, i in order])


def _stretches_shown(
    text: str,
    stretches: Sequence[tuple[int, int]],
    convert: Converter,
    cuts: Sequence[int],
    choices: dict[int, str],
    apply_if: Callable[[], bool] | None,
) -> list[str] | None:
    """The display of each stretch with the choices in place (when they change nothing or
    ``apply_if`` allows). A stretch whose display holds no 著 or 着 other than its choices'
    one character is left as it is (no choice can change it); of the others, one whose runs
    all map character for character (:func:`~reader.language.scripts.alignment.one_to_one`)
    takes each choice at its own offset, and any other is aligned, as the whole text's
    alignment would align it."""
    runs: list[str] = []
    owners: list[int] = []  # the stretch each run belongs to
    for i, (a, b) in enumerate(stretches):
        inner = cuts[bisect_right(cuts, a) : bisect_left(cuts, b)] if cuts else ()
        if not inner:  # nearly every stretch: one run
            runs.append(text[a:b])
            owners.append(i)
            continue
        for x, y in zip([a, *inner], [*inner, b], strict=True):
            runs.append(text[x:y])
            owners.append(i)
    outputs = convert(_JOIN.join(runs)).split(_JOIN)
    if len(outputs) != len(runs):
        return None
    if len(runs) == len(stretches):
        shown = outputs
    else:
        parts: list[list[str]] = [[] for _ in stretches]
        for i, out in zip(owners, outputs, strict=True):
            parts[i].append(out)
        shown = ["".join(p) for p in parts]
    mine: dict[int, dict[int, str]] = {}  # stretch -> its choices that may change it
    positions = sorted(choices)
    k = 0
    for i, (a, b) in enumerate(stretches):
        here: dict[int, str] = {}
        while k < len(positions) and positions[k] < b:
            if positions[k] >= a:
                here[positions[k] - a] = choices[positions[k]]
            k += 1
        if here and _may_change(shown[i], here):
            mine[i] = here
    checked = [j for j, i in enumerate(owners) if i in mine]
    flat = one_to_one([runs[j] for j in checked], [outputs[j] for j in checked], convert)
    aligned = {owners[j] for j, one in zip(checked, flat, strict=True) if not one}
    chosen = list(shown)  # (``shown`` may be ``outputs``: not changed in place)
    for i, here in mine.items():
        if i in aligned:
            a, b = stretches[i]
            inner = cuts[bisect_right(cuts, a) : bisect_left(cuts, b)]
            display, offsets = align(text[a:b], convert, cuts=[c - a for c in inner])
            chosen[i] = apply_choices(display, offsets, here)
        else:
            chosen[i] = _put(shown[i], here)
    if chosen != shown and apply_if is not None and not apply_if():
        return shown
    return chosen


def _may_change(display: str, choices: dict[int, str]) -> bool:
    """Whether a choice can change ``display``: a choice changes only a 著 or 着 that is not
    its own character."""
    if len(choices) == 1:  # nearly always: 著 changes only a 着, 着 only a 著
        (char,) = choices.values()
        if char in (ZHU, ZHE):
            return (ZHE if char == ZHU else ZHU) in display
    held = {c for c in (ZHU, ZHE) if c in display}
    chars = set(choices.values())
    return bool(held) and (len(chars) > 1 or not held <= chars)


def _put(display: str, choices: dict[int, str]) -> str:
    """``display`` with each chosen character put at its offset where the display holds 著 or
    着 (what :func:`~reader.language.scripts.meaning.apply_choices` does on a one-to-one map)."""
    chars: list[str] | None = None
    for pos, char in choices.items():
        if display[pos] != char and display[pos] in (ZHU, ZHE):
            chars = chars if chars is not None else list(display)
            chars[pos] = char
    return "".join(chars) if chars is not None else display
