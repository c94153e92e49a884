"""One tone convention for every place a reading is shown (popup, ruby, ``reader pinyin``).

Applied after :func:`reader.language.readings.readings.compute_readings`, which it leaves
alone:

* **Citation tones** (the default, as Pleco and CC-CEDICT print them): 一 is yī and 不 is bù
  wherever the engine wrote a tone change (一代 yī dài, 不是 bù shì).
* **The dictionary decides the tones of its words**: in a word CC-CEDICT knows (a word of the
  text's segmentation), the readings take
  the tones of the entry that has the same syllables (消息 xiāo xi, after ``xiao1 xi5``); where
  no entry has them and every entry of the word reads it one way, that way (微調 wēi tiáo).
  A sense's "also pr. [xia4 zai4]" is a reading of the entry too (下載 keeps the context's
  xià zài beside the headline xià zǎi).
* **Spoken tones** (an option, :attr:`ToneForms.spoken`): the tone changes of 一 and 不 as
  they are said: 一 yí before a fourth tone and yì before the others (一代 yí dài, 一篇 yì
  piān), 不 bú before a fourth tone (不是 bú shì, 不變 bú biàn); 一 stays yī in numbers
  (一九, 十一), ordinals (第一) and at the end of a word (統一, 唯一).

Pure Python; the dictionary is given as its ``entries_many`` lookup.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reader.language import freed_memory
from reader.language.readings.compact_readings import CompactReadings
from reader.language.readings.pinyin import is_han

if TYPE_CHECKING:
    from reader.language.words.dictionary import Entry

__all__ = [
    "ToneForms", "Lookup", "citation_tones", "conform", "conform_cached", "spoken_tones",
    "dictionary_words",
]

#: ``Dictionary.entries_many``: words → their entries (words without any left out).
Lookup = Callable[[Iterable[str]], Mapping[str, Sequence["Entry"]]]

YI, BU = "一", "不"
#: Longest dictionary word tried when cutting the text into words.
MAX_WORD = 8
_NUMERALS = set("〇零一二三四五六七八九十百千萬万億亿兩两幾几")
_CHUNK = 400
#: A text this long or longer has the memory its readings freed handed back to the system.
_LONG_TEXT = 200_000


@dataclass(frozen=True)
class ToneForms:
    """The readings of a text in both conventions, one per code point.

    The citation form is :class:`CompactReadings` (two bytes a character, where a list costs
    a pointer). The spoken form differs from it only where 一 or 不 changes its tone: it is
    held as those changes and made when first asked for (the spoken tones are an option, off
    by default)."""

    citation: Sequence[str | None]
    #: Position → its spoken reading, where it differs from the citation form.
    changes: Mapping[int, str]

    @cached_property
    def spoken(self) -> Sequence[str | None]:
        if isinstance(self.citation, CompactReadings):
            return self.citation.with_changes(self.changes)
        out = list(self.citation)
        for i, reading in self.changes.items():
            out[i] = reading
        return out

    def pick(self, sandhi: bool) -> Sequence[str | None]:
        return self.spoken if sandhi else self.citation


def citation_tones(text: str, readings: Sequence[str | None]) -> list[str | None]:
    """``readings`` with 一 and 不 in their citation tones (yi1, bu4); neutral tones kept."""
    out = list(readings)
    _to_citation(text, out)
    return out


def _to_citation(text: str, out: list[str | None]) -> None:
    """:func:`citation_tones` in place (a long text's readings are not copied again)."""
    for ch in (YI, BU):
        i = text.find(ch, 0, len(out))
        while i >= 0:
            r = out[i]
            if ch == YI and r in ("yi2", "yi4"):
                out[i] = "yi1"
            elif ch == BU and r == "bu2":
                out[i] = "bu4"
            i = text.find(ch, i + 1, len(out))


_ALSO_PRONOUNCED = re.compile(r"also pr\. \[([^\]]+)\]")


def _syllables(entry: Entry) -> list[str]:
    return [t.lower().replace("u:", "v") for t in entry.pinyin.split()]


def _readings(entry: Entry) -> list[list[str]]:
    """The entry's syllables, and those of every "also pr. [...]" in its senses."""
    also = [m.group(1) for sense in entry.senses for m in _ALSO_PRONOUNCED.finditer(sense)]
    return [_syllables(entry)] + [[t.lower().replace("u:", "v") for t in a.split()] for a in also]


def _base(syllable: str) -> str:
    return syllable[:-1] if syllable[-1:].isdigit() else syllable


def _entry_reading(
    word_readings: Sequence[str | None], entries: Sequence[Entry], polyphones: bool = True
) -> list[str] | None:
    """The readings ``entries`` give the word, if they settle it (see the module docstring)."""
    n = len(word_readings)
    options = [s for e in entries for s in _readings(e) if len(s) == n]
    if not options:
        return None
    ours = list(word_readings)
    if any(o == ours for o in options):
        return None
    for o in options:
        if all(
            r is not None and _base(r) == _base(s) and (r == s or r[-1:] == "5" or s[-1:] == "5")
            for r, s in zip(ours, o, strict=True)
        ):
            return o
    distinct = {tuple(o) for o in options}
    if polyphones and len(distinct) == 1:
        only = list(next(iter(distinct)))
        if all(s[-1:].isdigit() for s in only):
            return only
    return None


def _runs(text: str) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if is_han(text[i]):
            j = i
            while j < len(text) and is_han(text[j]):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def dictionary_words(
    text: str, lookup: Lookup, spans: Iterable[tuple[int, int]] | None = None
) -> dict[tuple[int, int], Sequence[Entry]]:
    """The dictionary words of ``text`` (two characters or more) with their entries: those
    of ``spans`` (the text's segmentation) when given, else those forward and backward
    longest matching both find."""
    if spans is not None:
        return dict(_span_entries(text, lookup, spans))
    runs = _runs(text)
    candidates = {
        text[i:j]
        for a, b in runs
        for i in range(a, b)
        for j in range(i + 2, min(b, i + MAX_WORD) + 1)
    }
    known: dict[str, Sequence[Entry]] = {}
    ordered = sorted(candidates)
    for k in range(0, len(ordered), _CHUNK):
        known.update(lookup(ordered[k : k + _CHUNK]))
    words: dict[tuple[int, int], Sequence[Entry]] = {}
    for a, b in runs:
        forward: set[tuple[int, int]] = set()
        i = a
        while i < b:
            j = next(
                (j for j in range(min(b, i + MAX_WORD), i + 1, -1) if text[i:j] in known), i + 1
            )
            forward.add((i, j))
            i = j
        j = b
        while j > a:
            i = next(
                (i for i in range(max(a, j - MAX_WORD), j - 1) if text[i:j] in known), j - 1
            )
            if (i, j) in forward and j - i > 1:
                words[(i, j)] = known[text[i:j]]
            j = i
    return words


def spoken_tones(
    text: str, readings: Sequence[str | None], word_ends: Iterable[int] = ()
) -> list[str | None]:
    """Citation ``readings`` with the spoken tone changes of 一 and 不 (module docstring).

    ``word_ends`` are the positions where a word of two characters or more ends (exclusive):
    a 一 just before one (統一) keeps its tone.
    """
    out = list(readings)
    for i, reading in _spoken_changes(text, out, set(word_ends).__contains__).items():
        out[i] = reading
    return out


def _span_entries(
    text: str, lookup: Lookup, spans: Iterable[tuple[int, int]]
) -> Iterator[tuple[tuple[int, int], Sequence[Entry]]]:
    """The words of ``spans`` (two Han characters or more) that the dictionary lists, with
    their entries, in order: looked up :data:`_CHUNK` at a time, so that a long text's
    segmentation is never held as a list (nor its words as a dict)."""
    chunk: list[tuple[int, int]] = []
    spans = iter(spans)
    while True:
        chunk.clear()
        for a, b in spans:
            if b - a > 1 and all(map(is_han, text[a:b])):
                chunk.append((a, b))
                if len(chunk) == _CHUNK:
                    break
        if not chunk:
            return
        found = lookup([text[a:b] for a, b in chunk])
        for a, b in chunk:
            entries = found.get(text[a:b])
            if entries is not None:
                yield (a, b), entries


def _spoken_changes(
    text: str, out: Sequence[str | None], is_end: Callable[[int], bool]
) -> dict[int, str]:
    """What :func:`spoken_tones` changes in citation readings ``out``: position → spoken
    reading; ``is_end(p)``: a word of two characters or more ends at ``p``. (A change reads
    only the citation form: the reading after a 一 or 不 is taken before it changes.)"""
    changes: dict[int, str] = {}
    for i in sorted(_positions(text, YI, len(out)) + _positions(text, BU, len(out))):
        ch = text[i]
        if out[i] not in ("yi1", "bu4"):
            continue
        after = out[i + 1] if i + 1 < len(out) else None
        if after is None or after[-1:] not in "1234" or not is_han(text[i + 1]):
            continue
        tone = after[-1]
        if ch == BU:
            if tone == "4":
                changes[i] = "bu2"
            continue
        before = text[i - 1] if i else ""
        if is_end(i + 1) or before == "第" or before in _NUMERALS - {"萬", "万", "億", "亿"}:
            continue
        if text[i + 1] in _NUMERALS - set("十百千萬万億亿"):
            continue  # 一九九八, 一一
        if text[i + 1] in "月號号":
            continue  # 一月 January, 一號 number one
        changes[i] = "yi2" if tone == "4" else "yi4"
    return changes


def _positions(text: str, ch: str, end: int) -> list[int]:
    """Every position of ``ch`` in ``text[:end]``."""
    found: list[int] = []
    i = text.find(ch, 0, end)
    while i >= 0:
        found.append(i)
        i = text.find(ch, i + 1, end)
    return found


def _compact_citation(
    text: str, readings: Sequence[str | None], in_place: bool
) -> CompactReadings:
    """``readings`` in citation tones, made compact; with ``in_place`` the list ``readings``
    is worked on where it is and left empty (a long text's list is not copied once more),
    or the :class:`CompactReadings` written into and returned."""
    if in_place and isinstance(readings, CompactReadings):
        _to_citation_compact(text, readings)
        return readings
    own = readings if in_place and isinstance(readings, list) else list(readings)
    _to_citation(text, own)
    citation = CompactReadings(own)
    own.clear()
    return citation


def _to_citation_compact(text: str, citation: CompactReadings) -> None:
    """:func:`_to_citation` on a form being made."""
    for ch in (YI, BU):
        for i in _positions(text, ch, len(citation)):
            r = citation[i]
            if ch == YI and r in ("yi2", "yi4"):
                citation.write(i, ["yi1"])
            elif ch == BU and r == "bu2":
                citation.write(i, ["bu4"])


def conform(
    text: str,
    readings: Sequence[str | None],
    lookup: Lookup | None = None,
    words: Iterable[tuple[int, int]] | None = None,
    in_place: bool = False,
) -> ToneForms:
    """``readings`` of ``text`` in the convention: citation and spoken forms.

    ``in_place``: ``readings`` is a list nobody reads afterwards: it is worked on where it
    is and left empty (a long text's list is not copied once more, and goes before the words
    are read); or a :class:`CompactReadings` nobody reads yet, written into.

    ``words`` are the text's segmentation (``[start, end)`` spans). Without them the words
    are cut by longest matching, and a dictionary word only settles neutral tones (a cut
    like 中的 in 交易中的應用 must not read 的 dì). Without a dictionary only 一 and 不 are
    brought to one convention.
    """
    if in_place and isinstance(readings, CompactReadings):
        citation = readings
        _to_citation_compact(text, citation)
    else:
        citation = _compact_citation(text, readings, in_place)
    # 1 where a dictionary word of two characters or more ends: a byte a character, where a
    # set of positions held a long text's every word end as an int
    ends = bytearray(len(text) + 1)
    if lookup is not None:
        found = (
            _span_entries(text, lookup, words)
            if words is not None
            else dictionary_words(text, lookup).items()
        )
        for (a, b), entries in found:
            ends[b] = 1
            settled = _entry_reading(citation[a:b], entries, polyphones=words is not None)
            if settled is not None:
                citation.write(a, settled)
        _to_citation_compact(text, citation)  # again, on the written words
    changes = _spoken_changes(text, citation, lambda p: p < len(ends) and ends[p] == 1)
    return ToneForms(citation, changes)


_SOURCES_LOCK = threading.Lock()
_sources: dict[Path, tuple[Lookup | None, Callable[[str], Iterable[tuple[int, int]]] | None]] = {}


def _cached_sources(
    cache_dir: Path,
) -> tuple[Lookup | None, Callable[[str], Iterable[tuple[int, int]]] | None]:
    """CC-CEDICT and the word model from ``cache_dir``, loaded once (built and cached there
    first on a first run: the readings do not depend on what else has run)."""
    from reader.language.segmentation.model import ModelError, WordModel
    from reader.language.segmentation.segmenter import Segmenter
    from reader.language.words.dictionary import Dictionary, DictionaryError

    with _SOURCES_LOCK:
        if cache_dir in _sources:
            return _sources[cache_dir]
        lookup: Lookup | None = None
        segment: Callable[[str], Iterable[tuple[int, int]]] | None = None
        try:
            lookup = Dictionary.load(cache_dir).entries_many
            if lookup is not None:
                segmenter = Segmenter(WordModel.shared(cache_dir))

                def segment(text: str) -> Iterator[tuple[int, int]]:
                    return segmenter.spans(text)  # one at a time, not a list

        except (DictionaryError, ModelError, OSError, sqlite3.Error):
            pass
        if lookup is not None:
            _sources[cache_dir] = (lookup, segment)
        return lookup, segment


def conform_cached(
    text: str, readings: Sequence[str | None], cache_dir: Path, in_place: bool = False
) -> ToneForms:
    """:func:`conform` with the dictionary and word model cached in ``cache_dir``."""
    lookup, segment = _cached_sources(cache_dir)
    if len(text) >= _LONG_TEXT:  # what the model's loop freed goes back before the words come
        freed_memory.release()
    # made compact before the text is segmented: a long text's list is gone by then
    citation = _compact_citation(text, readings, in_place)
    words = segment(text) if segment is not None else None
    forms = conform(text, citation, lookup, words, in_place=True)
    if len(text) >= _LONG_TEXT:  # the end of a long text's readings: hand back what they freed
        freed_memory.release()
    return forms
