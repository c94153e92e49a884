"""Aligning a converter's output with its input, to build an :class:`OffsetMap`.

The ``opencc`` package only offers ``convert(text) -> text``: it does not report its segments.
This module recovers them by using the converter as an oracle:

1. The text is cut into *runs* at characters that no OpenCC dictionary key contains
   (whitespace, punctuation, digits …; keys hold Han characters, Latin capitals, ``-``, ``·``
   and ``〇``). All runs are converted in one call, joined by newlines, which no key or value
   contains; the runs' outputs interleaved with the untouched separators are the display
   text (``verify=True`` also checks it against one whole-text conversion, and falls back to
   one coarse segment on a mismatch; the tests check it on random and real texts).
2. A run whose output is its character-by-character image (each character converted alone)
   maps one to one.
3. A run whose output has its length and differs from the image in one or two places only
   also maps one to one (see :func:`_shifted`).
4. Otherwise a position ``p`` inside the run is a cut when ``convert(run[:p]) +
   convert(run[p:])`` equals the run's output; all candidate cuts of all such runs are tested
   in one batched call. Cuts are tested near the differences only (dictionary keys are at most
   15 characters long); farther positions match the image one to one.

A caller may cut runs further (``cuts``: positions no phrase may span, like 并|成功) and name
``protected`` spans that another converter (``plain``) converts on their own: a term Taiwan
phrases must not rewrite is converted with the character forms only (see
:mod:`reader.language.scripts.meaning`). Each converter gets one batched call per step.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the first alignment: ``reader convert`` may need none
    from reader.language.scripts.offsets import OffsetMap, Segment

#: A text-to-text converter (an OpenCC configuration or a chain of them).
Converter = Callable[[str], str]

#: Characters that may occur in an OpenCC dictionary key: runs are made of these (``〇`` is a
#: word character, ``\w``, already: naming it again made each class ten times slower to compile).
_RUN = r"[\w\-·]+"
#: Splits a text into separators and runs (the group keeps the runs).
_SPLIT = re.compile(f"({_RUN})")
#: One character no run holds: where a long text's blocks are cut.
_SEPARATOR = re.compile(r"[^\w\-·]")
_JOIN = "\n"
#: Longest OpenCC dictionary key, plus one: how far a phrase can reach past a difference.
_REACH = 16
#: From this many runs on, the runs are tested all at once in numpy (fewer: one by one, with
#: no numpy to import: a short text, or a stretch of ``reader convert``).
_BULK_RUNS = 2000


def align(
    text: str,
    convert: Converter,
    verify: bool = False,
    *,
    cuts: Sequence[int] = (),
    protected: Sequence[tuple[int, int]] = (),
    plain: Converter | None = None,
) -> tuple[str, OffsetMap]:
    """Convert ``text`` and return the display text with its offset map.

    The display text is ``convert(text)``, assembled from the runs' outputs. With ``verify``
    the whole text is also converted in one piece and compared (a second full conversion);
    on a mismatch the map falls back to one coarse segment over the differing stretch.
    ``cuts`` cut runs at those positions; the runs inside the sorted, non-overlapping
    ``protected`` spans are converted by ``plain`` instead (``verify`` is then not possible).
    A text over four :data:`~reader.language.scripts.alignment_blocks.BLOCK` long (~1M
    characters) is aligned a block at a time (:mod:`~reader.language.scripts.alignment_blocks`:
    the same result in a fraction of the memory; a shorter one in one piece, a little faster).
    """
    from reader.language.scripts.alignment_blocks import BLOCK, align_in_blocks
    from reader.language.scripts.offsets import OffsetMap

    converters = (convert, plain or convert)
    kept = protected if plain is not None else ()
    aligned: tuple[str, list[Segment]] | None
    if not verify and len(text) > 4 * BLOCK:
        blocks = align_in_blocks(
            text, _SEPARATOR, lambda t, c, p: _align_piece(t, converters, c, p), cuts, kept
        )
        if blocks is not None:
            return blocks
        aligned = None
    else:
        aligned = _align_piece(text, converters, cuts, kept, verify and not cuts and not protected)
    if aligned is None:
        display = convert(text)
        return display, OffsetMap.coarse(text, display)
    display, segments = aligned
    return display, OffsetMap(len(text), len(display), segments)


def _align_piece(
    text: str,
    converters: tuple[Converter, Converter],
    cuts: Sequence[int],
    protected: Sequence[tuple[int, int]],
    verify: bool = False,
) -> tuple[str, list[Segment]] | None:
    """The display text of ``text`` and its length-changing segments; None when a converter
    changed the number of lines. With ``verify`` a whole-text conversion that differs gives
    its display with one coarse segment."""
    starts, ends, kinds, runs, seps = cut_runs(text, cuts, protected)
    outputs = _convert_runs(runs, kinds, converters)
    if outputs is None:
        return None
    display = _interleave(seps, outputs)
    if verify:
        whole = converters[0](text)
        if whole != display:
            from reader.language.scripts.offsets import OffsetMap

            return whole, OffsetMap.coarse(text, whole).segments()
    if display == text:
        return display, []

    if len(runs) < _BULK_RUNS:
        images = [
            _char_images([r for r, k in zip(runs, kinds, strict=True) if k == kind], conv)
            if kinds is not None
            else (_char_images(runs, conv) if kind == 0 else {})
            for kind, conv in enumerate(converters)
        ]
        bad = _not_one_to_one(runs, outputs, kinds, images)
    else:
        images, bad = _bulk(text, display, starts, ends, runs, outputs, kinds, converters)
    to_refine: list[_Item] = []
    for i, shift in bad:
        kind = kinds[i] if kinds is not None else 0
        run, out, start = runs[i], outputs[i], starts[i]
        lo, hi = _difference_window(run, out, images[kind])
        to_refine.append((start, start + shift, run, out, lo, hi, kind))
    segments = _refine(to_refine, converters) if to_refine else []
    return display, _merge_empty(segments)


def _bulk(
    text: str,
    display: str,
    starts: list[int],
    ends: list[int],
    runs: list[str],
    outputs: list[str],
    kinds: list[int] | None,
    converters: tuple[Converter, Converter],
) -> tuple[list[dict[str, str]], list[tuple[int, int]]]:
    """The character images and the runs that do not map one to one, found for all runs at
    once (:mod:`~reader.language.scripts.run_maps`, numpy: a long text)."""
    from reader.language.scripts import run_maps

    text_codes = run_maps.codes(text)
    arrays = run_maps.Runs(starts, ends)
    images: list[dict[str, str]] = [
        _images_of(run_maps.run_chars(text_codes, arrays, kinds, kind), conv)
        if kind == 0 or kinds is not None
        else {}
        for kind, conv in enumerate(converters)
    ]
    bad = run_maps.not_one_to_one(
        text_codes, display, arrays, list(map(len, outputs)), kinds, images
    )
    if bad is None:
        bad = _not_one_to_one(runs, outputs, kinds, images)
    return images, bad


def _not_one_to_one(
    runs: list[str], outputs: list[str], kinds: list[int] | None, images: list[dict[str, str]]
) -> list[tuple[int, int]]:
    """:func:`~reader.language.scripts.run_maps.not_one_to_one` asked run by run (any images)."""
    tables = [_image_table(imgs) for imgs in images]
    bad: list[tuple[int, int]] = []
    shift = 0  # display position minus canonical position before the current run
    for i, (run, out) in enumerate(zip(runs, outputs, strict=True)):
        if out != run:
            kind = kinds[i] if kinds is not None else 0
            if not _one_to_one(run, out, tables[kind]):
                bad.append((i, shift))
            shift += len(out) - len(run)
    return bad


def one_to_one(runs: Sequence[str], outputs: Sequence[str], convert: Converter) -> list[bool]:
    """For each run and its output (``convert`` of the run), whether :func:`align` maps it
    character for character, with no segment (the test ``align`` makes, see
    :func:`_shifted`): a caller that needs only these runs' maps can skip the alignment."""
    table = _image_table(_char_images(list(runs), convert))
    return [_one_to_one(run, out, table) for run, out in zip(runs, outputs, strict=True)]


def _one_to_one(run: str, out: str, table: dict[int, str]) -> bool:
    """Whether ``out`` maps to ``run`` character for character (``table``: the characters
    that convert to something else on their own, see :func:`_image_table`)."""
    return out == run or (len(out) == len(run) and not _shifted(run.translate(table), out))


def _image_table(images: dict[str, str]) -> dict[int, str]:
    """A ``str.translate`` table of the characters whose image differs from them."""
    return {ord(ch): im for ch, im in images.items() if im != ch}


#: A run to split at confirmed cuts: canonical start, display start, run, output, the window
#: of positions to test, and which converter (0: the chain, 1: plain) converts it.
_Item = tuple[int, int, str, str, int, int, int]


def cut_runs(
    text: str, cuts: Sequence[int], protected: Sequence[tuple[int, int]]
) -> tuple[list[int], list[int], list[int] | None, list[str], list[str]]:
    """The runs of ``text``, cut at ``cuts`` and at the protected spans' ends: where each
    starts and where it ends; each run's kind: 1 inside a protected span (sorted,
    non-overlapping), else 0 (None when there is no protected span: all 0); the runs' text,
    and the separators: the text before each run and after the last (empty between the
    pieces of a cut run). Flat lists of numbers and strings: no tuple per run for the
    garbage collector to count and walk."""
    parts = _SPLIT.split(text)  # separators at even indices, runs at odd ones
    ends = list(accumulate(map(len, parts)))
    seps, runs = parts[0::2], parts[1::2]
    starts, ends = ends[0:-1:2], ends[1::2]
    bounds = sorted({*cuts, *(p for span in protected for p in span)})
    if not bounds:
        return starts, ends, None, runs, seps
    inside: dict[int, list[int]] = {}  # run index -> the bounds strictly inside it
    for bound in bounds:
        i = bisect_right(starts, bound) - 1
        if i >= 0 and bound < ends[i] and starts[i] < bound:
            inside.setdefault(i, []).append(bound)
    if inside:
        new_starts: list[int] = []
        new_ends: list[int] = []
        new_runs: list[str] = []
        new_seps: list[str] = []
        last = 0
        for i in sorted(inside):
            new_starts += starts[last:i]
            new_ends += ends[last:i]
            new_runs += runs[last:i]
            new_seps += seps[last:i]
            points = inside[i]
            new_starts.append(starts[i])
            new_starts += points
            new_ends += points
            new_ends.append(ends[i])
            pieces = zip([starts[i], *points], [*points, ends[i]], strict=True)
            new_runs += [text[x:y] for x, y in pieces]
            new_seps.append(seps[i])
            new_seps += [""] * len(points)
            last = i + 1
        starts, ends = new_starts + starts[last:], new_ends + ends[last:]
        runs, seps = new_runs + runs[last:], new_seps + seps[last:]
    if not protected:
        return starts, ends, None, runs, seps
    kinds = [0] * len(starts)
    for a, b in protected:
        first, stop = bisect_left(starts, a), bisect_left(starts, b)
        kinds[first:stop] = [1] * (stop - first)
    return starts, ends, kinds, runs, seps


def _convert_runs(
    runs: list[str], kinds: list[int] | None, converters: tuple[Converter, Converter]
) -> list[str] | None:
    """Every run converted by its converter, one batched call per converter; None when a
    converter changed the number of lines."""
    if kinds is None:
        outputs = converters[0](_JOIN.join(runs)).split(_JOIN) if runs else []
        return outputs if len(outputs) == len(runs) else None
    outputs = [""] * len(runs)
    for kind, conv in enumerate(converters):
        indices = [i for i, k in enumerate(kinds) if k == kind]
        if not indices:
            continue
        converted = conv(_JOIN.join(runs[i] for i in indices)).split(_JOIN)
        if len(converted) != len(indices):
            return None
        for i, out in zip(indices, converted, strict=True):
            outputs[i] = out
    return outputs


def _interleave(seps: list[str], outputs: list[str]) -> str:
    """The text with each run replaced by its converted output (``seps``: the separators
    before each run and after the last, as :func:`cut_runs` gives them)."""
    parts = [""] * (2 * len(outputs) + 1)
    parts[0::2] = seps
    parts[1::2] = outputs
    return "".join(parts)


def _char_images(runs: list[str], convert: Converter) -> dict[str, str]:
    """Each distinct character of the runs, converted on its own."""
    return _images_of("".join(sorted(set("".join(runs)))), convert)


def _images_of(chars: str, convert: Converter) -> dict[str, str]:
    """Each of the distinct ``chars``, converted on its own."""
    if not chars:
        return {}
    converted = convert(_JOIN.join(chars)).split(_JOIN)
    if len(converted) != len(chars):
        return {}
    return dict(zip(chars, converted, strict=True))


def _shifted(image: str, out: str) -> bool:
    """Whether an output of the same length as its run may hold a lengthening and a shortening
    phrase: between two such phrases every character sits one place off its image, so the
    output differs from the image in three places or more. One or two differences are phrase
    choices that keep positions (头发 → 頭髮), mapped one to one without oracle calls."""
    if image == out:
        return False
    differences = 0
    for a, b in zip(image, out, strict=True):
        if a != b:
            differences += 1
            if differences > 2:
                return True
    return False


def _difference_window(run: str, out: str, images: dict[str, str]) -> tuple[int, int]:
    """The positions of ``run`` whose cuts must be tested: the stretch where the output differs
    from the character images, widened by the longest key on both sides."""
    limit = min(len(run), len(out))
    lo = 0
    while lo < limit and images.get(run[lo], run[lo]) == out[lo]:
        lo += 1
    tail = 0
    while tail < limit - lo and images.get(run[-1 - tail], run[-1 - tail]) == out[-1 - tail]:
        tail += 1
    return max(0, lo - _REACH), min(len(run), len(run) - tail + _REACH)


def _refine(items: list[_Item], converters: tuple[Converter, Converter]) -> list[Segment]:
    """Split each differing run into segments at the cuts the oracle confirms."""
    converted: list[list[str]] = []
    for kind, conv in enumerate(converters):
        pieces: list[str] = []
        for _c, _d, run, _out, lo, hi, k in items:
            if k != kind:
                continue
            for p in range(max(lo, 1), min(hi, len(run) - 1) + 1):
                pieces.append(run[:p])
                pieces.append(run[p:])
        lines = conv(_JOIN.join(pieces)).split(_JOIN) if pieces else []
        if len(lines) != len(pieces):
            raise RuntimeError("the converter changed the number of lines")
        converted.append(lines)

    segments: list[Segment] = []
    taken = [0, 0]
    for c_base, d_base, run, out, lo, hi, kind in items:
        # Cuts: (canonical offset, display offset) inside the run, in order.
        cuts: list[tuple[int, int]] = [(0, 0)]
        if lo > 0:
            cuts.append((lo, lo))
        for p in range(max(lo, 1), min(hi, len(run) - 1) + 1):
            k = taken[kind]
            head, tail = converted[kind][k], converted[kind][k + 1]
            taken[kind] = k + 2
            if head + tail == out and len(head) >= cuts[-1][1] and p > cuts[-1][0]:
                cuts.append((p, len(head)))
        if hi < len(run):
            d_hi = len(out) - (len(run) - hi)
            if hi > cuts[-1][0] and d_hi >= cuts[-1][1]:
                cuts.append((hi, d_hi))
        cuts.append((len(run), len(out)))
        for (c0, d0), (c1, d1) in zip(cuts, cuts[1:], strict=False):
            if c1 - c0 != d1 - d0:
                segments.append((c_base + c0, c_base + c1, d_base + d0, d_base + d1))
    return segments


def _merge_empty(segments: list[Segment]) -> list[Segment]:
    """Join a segment that is empty on one side with a touching neighbour, so that no two
    segments start at the same position."""
    merged: list[Segment] = []
    for seg in segments:
        if merged:
            c0, c1, d0, d1 = merged[-1]
            touching = c1 == seg[0] and d1 == seg[2]
            if touching and (c0 == c1 or d0 == d1 or seg[0] == seg[1] or seg[2] == seg[3]):
                merged[-1] = (c0, seg[1], d0, seg[3])
                continue
        merged.append(seg)
    return merged
