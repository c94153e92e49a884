"""Searching a text for an anchor: the context, fuzzy and bracketed searches of
:func:`reader.anchoring.anchors.reanchor` (the rules are described there).

:class:`TextSearch` holds one text and caches the occurrence lists its searches share, so a
re-import placing many anchors on the same new text scans it once per distinct string. The
shortcuts it takes (the best-matching occurrences found through occurrences of the quote with
some of its context, the nearest ones by bisection) select exactly what a full scan would.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from typing import Protocol

from reader.anchoring.types import Placement, TextAnchor

__all__ = ["NEAR", "SHORT_QUOTE", "SpanFilter", "TextSearch"]



class SpanFilter(Protocol):
    """Which spans of the text may be where an anchor now is (a re-import rules out text
    the edit kept from elsewhere)."""

    def __call__(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` may hold the anchor."""

    def could_hold(self, lo: int, hi: int) -> bool:
        """False only when no span inside ``[lo, hi)`` may hold the anchor."""

#: Quotes this short or shorter need their context to be placed (not just found).
SHORT_QUOTE = 4
#: A short quote among identical contexts is placed only within this distance of its old place.
NEAR = 256


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(text: str, start: int, end: int, anchor: TextAnchor) -> float:
    """How well the text around ``[start, end)`` matches the anchor's prefix and suffix."""
    lp, ls = len(anchor.prefix), len(anchor.suffix)
    if lp + ls == 0:
        return 1.0
    before = text[max(0, start - lp) : start]
    after = text[end : end + ls]
    return (_similarity(anchor.prefix, before) * lp + _similarity(anchor.suffix, after) * ls) / (
        lp + ls
    )


def _run(text: str, start: int, end: int, anchor: TextAnchor) -> int:
    """Characters of context matching outward from the span, character for character."""
    prefix, suffix = anchor.prefix, anchor.suffix
    back = 0
    while back < len(prefix) and back < start and text[start - back - 1] == prefix[-1 - back]:
        back += 1
    fwd = 0
    while fwd < len(suffix) and end + fwd < len(text) and text[end + fwd] == suffix[fwd]:
        fwd += 1
    return back + fwd


def matching_run(text: str, start: int, end: int, anchor: TextAnchor) -> float:
    """A cheap context score: characters matching outward from the span, as a fraction."""
    total = len(anchor.prefix) + len(anchor.suffix)
    return _run(text, start, end, anchor) / total if total else 1.0


def _distance_penalty(pos: int, old: int, length: int) -> float:
    return 0.1 * min(1.0, abs(pos - old) / max(length, 1))


def _context_threshold(quote_length: int) -> float:
    if quote_length <= SHORT_QUOTE:
        return 0.5
    if quote_length < 8:
        return 0.35
    return 0.25


def _approximate_substring(quote: str, window: str) -> tuple[int, int, int]:
    """Sellers' algorithm: ``(distance, start, end)`` of the substring of ``window`` closest
    to ``quote`` by edit distance."""
    n = len(window)
    prev_cost = [0] * (n + 1)
    prev_start = list(range(n + 1))
    for i, qc in enumerate(quote, 1):
        cost = [i] * (n + 1)
        start = [0] * (n + 1)
        for j in range(1, n + 1):
            sub = prev_cost[j - 1] + (qc != window[j - 1])
            dele = prev_cost[j] + 1
            ins = cost[j - 1] + 1
            if sub <= dele and sub <= ins:
                cost[j], start[j] = sub, prev_start[j - 1]
            elif dele <= ins:
                cost[j], start[j] = dele, prev_start[j]
            else:
                cost[j], start[j] = ins, start[j - 1]
        prev_cost, prev_start = cost, start
    best_end = min(range(n + 1), key=lambda j: (prev_cost[j], -j))
    return prev_cost[best_end], prev_start[best_end], best_end


def _blocks_match(quote: str, window: str) -> tuple[float, int, int]:
    """For long quotes: ``(similarity, start, end)`` from difflib's matching blocks."""
    matcher = SequenceMatcher(None, window, quote, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0, 0, 0
    matched = sum(b.size for b in blocks)
    first, last = blocks[0], blocks[-1]
    start = max(0, first.a - first.b)
    end = min(len(window), last.a + last.size + (len(quote) - last.b - last.size))
    return matched / len(quote), start, max(start, end)


def _nearest(found: list[int], pos: int, count: int) -> list[int]:
    """The ``count`` entries of sorted ``found`` nearest to ``pos`` (ties: the earlier first),
    as ``sorted(found, key=lambda p: abs(p - pos))[:count]``."""
    i = bisect_left(found, pos)
    window = found[max(0, i - count) : i + count]
    return sorted(window, key=lambda p: abs(p - pos))[:count]


class TextSearch:
    """The searches for anchors on one text, sharing their occurrence lists."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str, list[int]] = {}

    def occurrences(self, sub: str) -> list[int]:
        """Every offset where ``sub`` starts (overlapping ones too), ascending."""
        found = self._found.get(sub)
        if found is None:
            found = []
            if sub:
                find = self.text.find
                pos = find(sub)
                while pos != -1:
                    found.append(pos)
                    pos = find(sub, pos + 1)
            self._found[sub] = found
        return found

    def _top_by_run(self, found: list[int], anchor: TextAnchor, count: int) -> list[int]:
        """``sorted(found, key=matching run, descending)[:count]``, looking only at the
        occurrences that carry some context: an occurrence without ``j`` characters of
        context on either side has a run of at most ``2j - 2``."""
        quote, prefix, suffix = anchor.quote, anchor.prefix, anchor.suffix
        if not prefix and not suffix:
            return found[:count]
        length = len(quote)
        for j in (16, 8, 4, 2, 1):
            jb, jf = min(j, len(prefix)), min(j, len(suffix))
            runs: dict[int, int] = {}
            if jb:
                for p in self.occurrences(prefix[-jb:] + quote):
                    runs[p + jb] = 0
            if jf:
                for p in self.occurrences(quote + suffix[:jf]):
                    runs[p] = 0
            for p in runs:
                runs[p] = _run(self.text, p, p + length, anchor)
            bound = max(jb - 1, 0) + max(jf - 1, 0)
            if j == 1 or sum(1 for r in runs.values() if r > bound) >= count:
                ranked = sorted(runs, key=lambda p: (-runs[p], p))[:count]
                if len(ranked) < count:  # the rest have no context at all: in text order
                    ranked += [p for p in found if p not in runs][: count - len(ranked)]
                return ranked
        raise AssertionError("unreachable")

    def by_context(
        self, anchor: TextAnchor, allowed: SpanFilter | None = None
    ) -> Placement | None:
        """The occurrence of the exact quote whose surroundings match the context best."""
        text = self.text
        length = len(anchor.quote)
        found = self.occurrences(anchor.quote)
        if allowed is not None:
            found = [p for p in found if allowed(p, p + length)]
        if not found:
            return None
        if len(found) == 1 and length >= 8:
            pos = found[0]
            return Placement(
                "context", pos, pos + length, _context_score(text, pos, pos + length, anchor)
            )
        if len(found) > 40:
            if allowed is None:
                cheap = self._top_by_run(found, anchor, 24)
            else:
                cheap = sorted(found, key=lambda p: -_run(text, p, p + length, anchor))[:24]
            near = _nearest(found, anchor.start, 8)
            found = sorted(set(cheap) | set(near))
        scored = sorted(
            (
                (
                    _context_score(text, p, p + length, anchor)
                    - _distance_penalty(p, anchor.start, len(text)),
                    p,
                )
                for p in found
            ),
            reverse=True,
        )
        best, pos = scored[0]
        if best < _context_threshold(length):
            return None
        if length <= SHORT_QUOTE and len(scored) > 1 and best - scored[1][0] < 0.1:
            # Tied contexts (a repeated phrase): only an occurrence that is both near the old
            # place and far nearer than every other tied one is taken.
            tied = sorted(abs(p - anchor.start) for score, p in scored if score >= best - 0.1)
            if not (tied[0] <= NEAR and tied[0] * 4 <= tied[1]):
                return None
            pos = min(
                (p for score, p in scored if score >= best - 0.1),
                key=lambda p: abs(p - anchor.start),
            )
        return Placement("context", pos, pos + length, max(0.0, best))

    def _candidate_starts(self, anchor: TextAnchor) -> list[int]:
        """Places where the edited quote may now start, suggested by its context and pieces."""
        length = len(anchor.quote)
        candidates = [min(anchor.start, len(self.text))]
        k = min(8, len(anchor.prefix))
        if k:
            candidates += [p + k for p in self.occurrences(anchor.prefix[-k:])]
        k = min(8, len(anchor.suffix))
        if k:
            candidates += [p - length for p in self.occurrences(anchor.suffix[:k])]
        q = min(8, max(2, length // 3))
        for offset in {0, max(0, length // 2 - q // 2), max(0, length - q)}:
            piece = anchor.quote[offset : offset + q]
            near = _nearest(self.occurrences(piece), offset + anchor.start, 20)
            candidates += [p - offset for p in near]
        seen: set[int] = set()
        unique: list[int] = []
        for c in candidates:
            key = c // max(4, length // 2)
            if key not in seen:
                seen.add(key)
                unique.append(c)
        return unique[:80]

    def bracketed(
        self, anchor: TextAnchor, allowed: SpanFilter | None = None
    ) -> Placement | None:
        """A short quote placed between its old prefix and suffix, both found intact."""
        text = self.text
        length = len(anchor.quote)
        kp, ks = min(8, len(anchor.prefix)), min(8, len(anchor.suffix))
        if kp + ks < 6:
            return None
        # An empty prefix or suffix means the quote touched the start or end of the text.
        starts = [p + kp for p in self.occurrences(anchor.prefix[-kp:])] if kp else [0]
        ends = set(self.occurrences(anchor.suffix[:ks])) if ks else {len(text)}
        hits = [
            (s, s + gap)
            for s in starts
            for gap in range(max(1, length - 1), length + 2)
            if s + gap in ends and (allowed is None or allowed(s, s + gap))
        ]
        scored = sorted(
            ((_context_score(text, s, e, anchor), s, e) for s, e in hits), reverse=True
        )
        if not scored or scored[0][0] < 0.8:
            return None
        if len(scored) > 1 and scored[0][0] - scored[1][0] < 0.1:
            return None
        score, start, end = scored[0]
        return Placement("fuzzy", start, end, score)

    def fuzzy(self, anchor: TextAnchor, allowed: SpanFilter | None = None) -> Placement | None:
        """An approximate match of the (edited) quote near places its context suggests."""
        text = self.text
        length = len(anchor.quote)
        if length <= SHORT_QUOTE:
            return self.bracketed(anchor, allowed)
        best: tuple[float, float, int, int] | None = None
        margin = length // 2 + 4
        wanted = Counter(anchor.quote)
        for cand in self._candidate_starts(anchor):
            lo, hi = max(0, cand - margin), min(len(text), cand + length + margin)
            if allowed is not None and not allowed.could_hold(lo, hi):
                continue
            window = text[lo:hi]
            if length <= 64 and best is not None:
                # Every quote character the window lacks costs an edit: when even that
                # distance with a perfect context cannot beat the best, skip the DP.
                have = Counter(window)
                missing = sum(max(0, n - have[ch]) for ch, n in wanted.items())
                if 0.6 * (1.0 - missing / length) + 0.4 <= best[0]:
                    continue
            if length <= 64:
                distance, s, e = _approximate_substring(anchor.quote, window)
                quote_sim = 1.0 - distance / length
            else:
                quote_sim, s, e = _blocks_match(anchor.quote, window)
            start, end = lo + s, lo + e
            if end <= start or (allowed is not None and not allowed(start, end)):
                continue
            context = _context_score(text, start, end, anchor)
            combined = (
                0.6 * quote_sim + 0.4 * context - _distance_penalty(start, anchor.start, len(text))
            )
            if best is None or combined > best[0]:
                best = (combined, quote_sim, start, end)
        if best is None:
            return None
        combined, quote_sim, start, end = best
        context = _context_score(text, start, end, anchor)
        strong = quote_sim >= 0.85 and length >= 10
        if quote_sim >= 0.7 and (context >= 0.3 or strong):
            return Placement("fuzzy", start, end, max(0.0, combined))
        return self.bracketed(anchor, allowed)

    def place(self, anchor: TextAnchor, allowed: SpanFilter | None = None) -> Placement:
        """Where ``anchor`` belongs on the text: exact, context, fuzzy, else orphan.

        ``allowed`` rules spans out (a re-import: text the edit kept from elsewhere)."""
        text = self.text
        length = len(anchor.quote)
        # At the old place the context must continue unchanged right next to the quote: a
        # lenient similarity would accept another occurrence that an upstream insertion
        # shifted there.
        if (
            length
            and text[anchor.start : anchor.end] == anchor.quote
            and (length >= 16 or matching_run(text, anchor.start, anchor.end, anchor) >= 0.5)
            and (allowed is None or allowed(anchor.start, anchor.end))
        ):
            context = _context_score(text, anchor.start, anchor.end, anchor)
            return Placement("exact", anchor.start, anchor.end, context)
        if length:
            placed = self.by_context(anchor, allowed) or self.fuzzy(anchor, allowed)
            if placed is not None:
                return placed
        start = min(anchor.start, len(text))
        return Placement("orphan", start, min(max(anchor.end, start), len(text)), 0.0)
