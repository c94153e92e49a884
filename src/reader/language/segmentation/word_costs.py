"""A table of words and their costs: the words in one ``marisa_trie.Trie``, the costs in an
``array('d')`` indexed by the trie's key id.

:attr:`WordCosts.starting` lists, in one C call, every word that is a prefix of a piece of text
(the words starting at a position), shortest first, with its key id; the caller reads the cost
as ``costs[key]``. That call costs ~1 µs, several dict probes' worth, so the vocabulary's table
also carries indexes that answer for the short words without it (the word model's
``_solve`` reads them inline): :attr:`WordCosts.singles`, the cost of each one-character word
by code point; :attr:`WordCosts.pairs`, a byte map of the first two characters of the longer
words (hashed: a false hit costs a probe); :attr:`WordCosts.pair_table`, an open-addressing
table of those pairs with the pair's own word and whether longer words follow; and
:attr:`WordCosts.triples`, a bitmap of the first three characters of the words of three or
more. The trie is asked at ~4 % of the positions. The vocabulary (147k words) takes ~6.5 MiB
so (trie 0.5, costs 1.1, indexes 4.9), where a dict of the words and their prefixes took ~12
MiB and shared its strings with the lexicon to get there. A table is read-only once made, so
it may be used from any thread.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import marisa_trie

#: Code points covered by :attr:`WordCosts.singles` (past the last Han block).
SINGLES_SIZE = 0x32400
#: Size of the pair map, a byte a pair hash (1 MiB; ~90k pairs: ~8 % false hits); prime.
PAIR_MAP = 1_048_573
#: Bits of the triple bitmap (256 KiB; ~62k triples: ~3 % false hits); prime.
TRIPLE_BITS = 2_097_143
#: Slots of the pair table (2 MiB; ~90k pairs: a third full); a prime near 2**18.
SLOTS = 262_139
#: The pair table's probe step: pairs whose codes follow each other (same first character)
#: have neighbouring first slots, and a step of 1 would join their probe sequences.
SLOT_STEP = 7919
#: A pair table entry is ``pair_code(a, b) << ENTRY_SHIFT | (key id + 1) << 1 | longer``.
ENTRY_SHIFT = 20


#: Multiplier of the first code point in :func:`pair_code`: past every code point (so a code
#: is one pair's), and far from a multiple of the maps' sizes (so the codes spread over them).
PAIR_MULT = 1_234_577


def pair_code(first: int, second: int) -> int:
    """Two code points as one number; ``pair_code(c, 0)`` for a character at a run's end.
    The pair map's index is ``code % PAIR_MAP``, the pair table's first slot
    ``code % SLOTS`` (then every :data:`SLOT_STEP`). ``first`` is below :data:`SINGLES_SIZE`: a code fits 39 bits."""
    return first * PAIR_MULT + second


def triple_bit(code: int, third: int) -> int:
    """The bit in the triple bitmap of a pair (:func:`pair_code`) and a third code point."""
    return (code * PAIR_MULT + third) % TRIPLE_BITS


def _set_bit(bitmap: bytearray, bit: int) -> None:
    bitmap[bit >> 3] |= 1 << (bit & 7)


def _pair_table(pairs: dict[int, int]) -> array[int]:
    """The open-addressing table of ``pairs`` (code → value)."""
    if len(pairs) > SLOTS * 3 // 4:
        raise ValueError("too many word pairs for the pair table")
    table = array("q", bytes(8 * SLOTS))
    for code, value in pairs.items():
        slot = code % SLOTS
        while table[slot]:
            slot = (slot + SLOT_STEP) % SLOTS
        table[slot] = code << ENTRY_SHIFT | value
    return table


def _numbers(code: str, part: bytes | memoryview | array[Any]) -> array[Any]:
    """``part`` as an array of type ``code``: itself when it is one already."""
    if isinstance(part, array) and part.typecode == code:
        return part
    numbers = array(code)
    numbers.frombytes(part)
    return numbers


class WordCosts:
    """Words → cost (see the module docstring)."""

    def __init__(
        self,
        trie: marisa_trie.Trie,
        costs: array[float],
        longest: int,
        indexes: tuple[array[float], bytes, array[int], bytes] | None = None,
    ) -> None:
        """``indexes``: :attr:`singles`, :attr:`pairs`, :attr:`pair_table` and
        :attr:`triples` (none: a table only asked through its trie)."""
        if len(trie) != len(costs):
            raise ValueError("one cost per word of the trie")
        self.trie = trie
        #: The cost of each word, by its key id in :attr:`trie`.
        self.costs = costs
        #: Length of the longest word (1 when there is none).
        self.longest = longest
        #: Every word's key id and cost from a piece of text: ``starting(run[i:i + longest])``.
        self.starting = trie.iter_prefixes_with_ids
        singles, pairs, table, triples = indexes or (array("d"), b"", array("q"), b"")
        if indexes is not None and (
            len(singles) != SINGLES_SIZE
            or len(pairs) != PAIR_MAP
            or len(table) != SLOTS
            or len(triples) != (TRIPLE_BITS + 7) // 8
        ):
            raise ValueError("a word table's indexes do not fit")
        #: Whether the indexes below are there.
        self.indexed = indexes is not None
        #: The cost of each one-character word by its code point (the unknown character's
        #: cost for a character that is no word).
        self.singles = singles
        #: 1 at ``pair_code(a, b) % PAIR_MAP`` for the first two characters ``ab`` of each
        #: longer word (:func:`pair_code`).
        self.pairs = pairs
        #: Those pairs (:func:`pair_code`, :func:`pair_slot`): the key id of the pair's own
        #: word (+1; 0: not a word) and whether longer words start with it.
        self.pair_table = table
        #: Bitmap of the first three characters of the words of three or more (:func:`triple_bit`).
        self.triples = triples

    @classmethod
    def from_dict(
        cls, costs: Mapping[str, float], *, unknown_cost: float | None = None
    ) -> WordCosts:
        """The table of ``costs`` (word → cost); with its indexes (~3.5 MiB) when
        ``unknown_cost`` (the cost of a character that is no word) is given and there are
        fewer than 2**19 words."""
        trie = marisa_trie.Trie(costs)
        table = array("d", bytes(8 * len(trie)))
        indexed = unknown_cost is not None and len(trie) < 1 << (ENTRY_SHIFT - 1)
        singles = array("d", [unknown_cost or 0.0]) * (SINGLES_SIZE if indexed else 0)
        pairs = bytearray(PAIR_MAP if indexed else 0)
        triples = bytearray((TRIPLE_BITS + 7) // 8 if indexed else 0)
        pair_values: dict[int, int] = {}
        for word, key in trie.iteritems():
            table[key] = costs[word]
            if not indexed:
                continue
            codes = [ord(c) for c in word[:3]]
            if codes[0] >= SINGLES_SIZE:  # _solve asks the trie at such a character
                continue
            if len(word) == 1:
                singles[codes[0]] = costs[word]
                continue
            code = pair_code(codes[0], codes[1])
            pairs[code % PAIR_MAP] = 1
            if len(word) == 2:
                pair_values[code] = pair_values.get(code, 0) | (key + 1) << 1
            else:
                pair_values[code] = pair_values.get(code, 0) | 1
                _set_bit(triples, triple_bit(code, codes[2]))
        longest = max(map(len, costs), default=1)
        if not indexed:
            return cls(trie, table, longest)
        indexes = (singles, bytes(pairs), _pair_table(pair_values), bytes(triples))
        return cls(trie, table, longest, indexes)

    @classmethod
    def from_bytes(
        cls, parts: Sequence[bytes | memoryview | array[Any]], longest: int
    ) -> WordCosts:
        """The table written by :meth:`to_bytes`. Raises ValueError when they do not fit.

        A part that is already an array of its type (the cache reads them so) is used as it
        is, not copied.
        """
        trie_bytes, cost_bytes, single_bytes, pairs, table_bytes, triples = parts
        trie = marisa_trie.Trie()
        try:
            trie.frombytes(bytes(trie_bytes))
        except Exception as exc:  # marisa raises its own errors on damaged bytes
            raise ValueError(f"not a word trie: {exc}") from exc
        costs, singles = _numbers("d", cost_bytes), _numbers("d", single_bytes)
        table = _numbers("q", table_bytes)
        return cls(trie, costs, longest, (singles, bytes(pairs), table, bytes(triples)))

    def to_bytes(self) -> list[bytes]:
        """The parts :meth:`from_bytes` takes (machine order, as the cache is local)."""
        if not self.indexed:
            raise ValueError("only an indexed table is written")
        return [
            self.trie.tobytes(),
            self.costs.tobytes(),
            self.singles.tobytes(),
            self.pairs,
            self.pair_table.tobytes(),
            self.triples,
        ]

    def get(self, word: str) -> float | None:
        """The cost of ``word``, None when it is not in the table."""
        if word not in self.trie:
            return None
        return float(self.costs[self.trie.key_id(word)])

    def items(self) -> Iterator[tuple[str, float]]:
        """Every word and its cost (in the trie's order)."""
        costs = self.costs
        for word, key in self.trie.iteritems():
            yield word, costs[key]

    def __contains__(self, word: object) -> bool:
        return word in self.trie

    def __len__(self) -> int:
        return len(self.trie)
