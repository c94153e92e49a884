"""Cutting a text into tokens: Han runs by the word model, everything else by kind.

* a run of Han characters is segmented by :class:`~.model.WordModel` (maximum probability);
* letters and digits that are not Han form one token (``DeepSeek``, ``H800``, ``557.6``,
  ``café`` with its combining accent); a run of whitespace is one token; any other code point
  (punctuation, symbols, a lone combining mark, a variation selector) is a token of its own;
* a glossary term written with a non-Han character (``DeepSeek R1``, ``API接口``,
  ``喬什·霍利``) joins the tokens it covers into one when its ends fall on token boundaries
  (terms of Han characters only are words of the model itself).

The caller segments a document once per script and keeps the :class:`~.segmentation.
Segmentation`; :meth:`Segmenter.alternatives` lists the other dictionary words around a position
for a popup. A Segmenter is read-only, so it may be shared between threads.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from reader.language.readings.pinyin import is_han
from reader.language.segmentation.model import WordModel
from reader.language.segmentation.segmentation import Segmentation, Token, position_code
from reader.language.words.glossary import Glossary, GlossaryEntry

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af\U0002f800-\U0002fa1f"
#: Combining marks that continue a Latin (or other alphabetic) word.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_TOKEN_RE = re.compile(
    rf"(?P<han>[{_HAN}]+)"
    rf"|(?:(?![{_HAN}])[^\W_])(?:(?![{_HAN}])[^\W_]|[{_MARKS}]|(?<=\d)[.．](?=\d))*"
    r"|\s+"
    r"|.",
    re.DOTALL,
)


class Segmenter:
    """A word model with the glossary's terms, and the glossary for multi-token terms."""

    def __init__(
        self,
        model: WordModel,
        glossary: Glossary | None = None,
        extra_terms: Iterable[str] = (),
    ) -> None:
        """``extra_terms``: more words to keep whole (e.g. user glossary terms not in
        ``glossary``)."""
        entries = glossary.entries if glossary is not None else ()
        terms = [term for entry in entries for term in entry.terms]
        self.model = model.with_terms([*terms, *extra_terms])
        self.glossary = glossary

    def segment(self, text: str) -> Segmentation:
        """The tokens of ``text``."""
        return Segmentation(text, self.starts(text))

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Every token's ``(start, end)`` of :meth:`segment`, made one at a time, without the
        :class:`Segmentation` (its word starts: a pass over the text and 4 bytes a word)."""
        starts = self.starts(text)
        return zip(starts, chain(islice(starts, 1, None), (len(text),)), strict=False)

    def starts(self, text: str) -> array[int]:
        """Where each token of ``text`` starts (:meth:`segment`'s tokens)."""
        folded = self.model.fold(text)
        # a long text's starts as a list of ints would cost ~10x as much
        starts = array(position_code(len(text)))
        best_ends = self.model.best_ends
        for m in _TOKEN_RE.finditer(text):
            a, b = m.span()
            if m.lastgroup != "han":
                starts.append(a)
                continue
            ends = best_ends(folded[a:b])
            i = 0
            while i < b - a:
                starts.append(a + i)
                i = ends[i]
        if self.glossary is not None:
            starts = self._join_terms(text, starts)
        return starts

    def _join_terms(self, text: str, starts: array[int]) -> array[int]:
        """``starts`` without the boundaries inside glossary terms that have a non-Han
        character and start and end on a boundary."""
        assert self.glossary is not None
        # a byte a position (1: a boundary, 2: a boundary dropped), not a set of ints
        boundaries = bytearray(len(text) + 1)
        for s in starts:
            boundaries[s] = 1
        boundaries[len(text)] = 1
        dropped = False
        for match in self.glossary.find_compact(text):  # a match made at a time
            term = text[match.start : match.end]
            if all(is_han(ch) for ch in term):
                continue
            if boundaries[match.start] and boundaries[match.end]:
                for p in range(match.start + 1, match.end):
                    if boundaries[p]:
                        boundaries[p] = 2
                        dropped = True
        if not dropped:
            return starts
        return array(starts.typecode, (s for s in starts if boundaries[s] == 1))

    def glossary_entry(self, text: str, token: Token) -> GlossaryEntry | None:
        """The glossary entry whose term is exactly the token's text, if any."""
        if self.glossary is None:
            return None
        return self.glossary.entry_for(text[token.start : token.end])

    def alternatives(self, text: str, position: int) -> list[Token]:
        """Every vocabulary word of ``text`` that contains ``position``: longest first, then
        leftmost. The character at ``position`` is always among them when it is Han; a
        position outside the text or on a non-Han character gives ``[]``.

        For 前瞻性地 at 性: 前瞻性, 性地, 性; for 中國和美國 at 和: 和美, 和.
        """
        if not 0 <= position < len(text) or not is_han(text[position]):
            return []
        reach = self.model.max_word_length
        lo = position
        while lo > 0 and position - lo + 1 < reach and is_han(text[lo - 1]):
            lo -= 1
        hi = position + 1
        while hi < len(text) and hi - position < reach and is_han(text[hi]):
            hi += 1
        window = self.model.fold(text[lo:hi])
        found: list[Token] = []
        for start in range(lo, position + 1):
            for end in self.model.words_in(window, start - lo):
                if end + lo > position:
                    found.append(Token(start, end + lo))
        single = Token(position, position + 1)
        if single not in found:
            found.append(single)
        found.sort(key=lambda t: (t.start - t.end, t.start))
        return found
