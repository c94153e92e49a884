"""Display scripts: Simplified/Traditional conversion with OpenCC, and offset maps back.

A document's canonical text is kept as imported; what the reader shows is derived from it by
one or more OpenCC configurations (:func:`configs_for`), with an :class:`OffsetMap` that
translates positions between the two (see :mod:`reader.language.scripts.offsets`), and by the
decisions of :mod:`reader.language.scripts.meaning` (cuts, the reading of 著, standard forms,
protected names and senses), which change characters one for one and keep the maps.

Chains chosen for each source → target (checked against OpenCC's own test cases and the
article):

* Simplified source: ``t2s`` (mainland; also folds stray Traditional characters), ``s2t``,
  ``s2twp`` (Taiwan forms and phrases: 软件 → 軟體), ``s2hk``.
* Traditional source: ``t2s``; ``tw2t`` then ``s2t`` for OpenCC-standard Traditional (folds
  Taiwan variants 為 → 爲, then stray Simplified characters 后 → 後, as in web copies like our
  article); ``s2twp`` for Taiwan, applied directly: OpenCC's cases show the s2t stages leave
  Traditional text alone (戴奧辛…汙染物, 彆強, 演算法 stay), while a whole round trip through
  Simplified would lose distinctions the source makes (麵/面, 鍾/鐘, 髮/發); ``tw2t`` then
  ``s2hk`` for Hong Kong. Before the Traditional chains the source's non-standard forms are
  normalised only where a *phrase* of the target's character-form configuration (``s2t``,
  ``s2tw``, ``s2hk``) decides (復雜 → 複雜, 憑借 → 憑藉), so "Traditional" means standard
  forms; Original keeps the source.
* 著 from a Traditional source is written by its reading in Simplified, standard Traditional
  and Hong Kong (著 zhù, 着 zhe/zháo/zhuó); Taiwan writes 著 for all of them.
* Taiwan phrases are not applied inside protected spans (``names``: glossary terms; and the
  curated names and single-sense words of :mod:`~reader.language.scripts.meaning_data`), which
  get ``s2tw``'s character forms only. Hong Kong (``s2hk``) has no vocabulary phrases.
"""

from __future__ import annotations

import enum
from _thread import allocate_lock
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from reader.language.scripts.converters import convert_chain, convert_config
from reader.language.scripts.detection import is_traditional

if TYPE_CHECKING:  # alignment, meaning, offsets, text_only: imported by the first conversion
    from reader.language.scripts.alignment import Converter
    from reader.language.scripts.offsets import OffsetMap


class Script(enum.Enum):
    """A way to display a document; values are the CLI names."""

    ORIGINAL = "original"
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    TAIWAN = "taiwan"
    HONGKONG = "hongkong"

    @property
    def label(self) -> str:
        """Full name for menus, e.g. "Traditional — Taiwan"."""
        return _LABELS[self]

    @property
    def short(self) -> str:
        """One-character badge: 原 简 繁 台 港."""
        return _SHORT[self]


_LABELS = {
    Script.ORIGINAL: "Original (as imported)",
    Script.SIMPLIFIED: "Simplified — mainland",
    Script.TRADITIONAL: "Traditional — standard forms",
    Script.TAIWAN: "Traditional — Taiwan",
    Script.HONGKONG: "Traditional — Hong Kong",
}
_SHORT = {
    Script.ORIGINAL: "原",
    Script.SIMPLIFIED: "简",
    Script.TRADITIONAL: "繁",
    Script.TAIWAN: "台",
    Script.HONGKONG: "港",
}


# The named tuples are typed for the checker and made by ``collections.namedtuple`` when the
# module runs: ``typing.NamedTuple`` compiles each annotation, and the process's first
# ``compile`` is ~1.7 ms of ``reader convert``'s start.
if TYPE_CHECKING:

    class _Plan(NamedTuple):
        """How one source script is shown in one target script."""

        #: The OpenCC configurations, in order.
        chain: tuple[str, ...]
        #: The chain without vocabulary phrases, for protected spans (Taiwan only).
        plain: tuple[str, ...] | None = None
        #: The character-form configuration that normalises a Traditional source first.
        normalise: str | None = None
        #: Write a Traditional source's 著 by its reading (著 zhù, 着 zhe/zháo/zhuó).
        zhe: bool = False

else:
    _Plan = namedtuple("_Plan", "chain plain normalise zhe", defaults=(None, None, False))


_PLANS: dict[tuple[Script, Script], _Plan] = {
    (Script.SIMPLIFIED, Script.SIMPLIFIED): _Plan(("t2s",)),
    (Script.SIMPLIFIED, Script.TRADITIONAL): _Plan(("s2t",)),
    (Script.SIMPLIFIED, Script.TAIWAN): _Plan(("s2twp",), plain=("s2tw",)),
    (Script.SIMPLIFIED, Script.HONGKONG): _Plan(("s2hk",)),
    (Script.TRADITIONAL, Script.SIMPLIFIED): _Plan(("t2s",), zhe=True),
    (Script.TRADITIONAL, Script.TRADITIONAL): _Plan(("tw2t", "s2t"), normalise="s2t", zhe=True),
    (Script.TRADITIONAL, Script.TAIWAN): _Plan(("s2twp",), plain=("s2tw",), normalise="s2tw"),
    (Script.TRADITIONAL, Script.HONGKONG): _Plan(("tw2t", "s2hk"), normalise="s2hk", zhe=True),
}


def detect_script(text: str) -> Script:
    """SIMPLIFIED or TRADITIONAL: which the Han characters of ``text`` are mostly written in.

    Counts characters that only Traditional writes (changed by ``t2s`` on their own) against
    characters that only Simplified writes (changed by ``s2t``); a tie, or no Han at all,
    counts as Simplified. The characters come from tables made with OpenCC
    (:mod:`~reader.language.scripts.script_chars`): no converter is built to ask; the counts
    stop once the comparison is settled (:mod:`~reader.language.scripts.detection`).
    """
    return Script.TRADITIONAL if is_traditional(text) else Script.SIMPLIFIED


def configs_for(source: Script, target: Script) -> tuple[str, ...]:
    """The OpenCC configurations, in order, that turn ``source`` text into ``target``.

    ``source`` must be SIMPLIFIED or TRADITIONAL; ORIGINAL as target needs none.
    """
    if target is Script.ORIGINAL:
        return ()
    return _plan(source, target).chain


def _plan(source: Script, target: Script) -> _Plan:
    if source not in (Script.SIMPLIFIED, Script.TRADITIONAL):
        raise ValueError(f"a source script is simplified or traditional, not {source.value}")
    return _PLANS[(source, target)]


def _chain(configs: tuple[str, ...], whole: bool = False) -> Converter:
    return lambda text: convert_chain(text, configs, whole)


@lru_cache(maxsize=1024)
def _forms(word: str) -> tuple[str, ...]:
    """``word`` in every script: as written, Simplified, and standard, Taiwan and Hong Kong
    Traditional forms (for finding a protected word in any source)."""
    simplified = convert_config(word, "t2s")
    others = (convert_config(simplified, c) for c in ("s2t", "s2tw", "s2hk"))
    return tuple(dict.fromkeys((word, simplified, *others)))


if TYPE_CHECKING:

    class Conversion(NamedTuple):
        """A document displayed in one script: the display text and its map to the canonical.

        (A named tuple rather than a dataclass: ``reader convert`` starts without importing
        :mod:`dataclasses`; made like ``_Plan``.)"""

        script: Script
        text: str
        offsets: OffsetMap

else:
    Conversion = namedtuple("Conversion", "script text offsets")
    Conversion.__doc__ = "A document displayed in one script: its display text and offset map."


def convert(
    text: str, target: Script, source: Script | None = None, names: Sequence[str] = ()
) -> Conversion:
    """``text`` displayed in ``target``; ``source`` is detected when not given. ``names``
    (glossary terms) are protected from Taiwan phrases like the curated names."""
    if target is Script.ORIGINAL:
        from reader.language.scripts.offsets import OffsetMap

        return Conversion(target, text, OffsetMap.identity(len(text)))
    from reader.language.scripts.alignment import align
    from reader.language.scripts.meaning import (
        apply_choices,
        cut_positions,
        normalise,
        protected_spans,
        zhe_choices,
        zhu_positions,
    )

    plan = _plan(source or detect_script(text), target)
    cuts = cut_positions(text)
    base = text
    if plan.normalise is not None:
        base = normalise(text, cuts, _chain(("t2s",)), _chain((plan.normalise,)))
    protected = protected_spans(base, names, _forms) if plan.plain is not None else []
    display, offsets = align(
        base,
        _chain(plan.chain),
        cuts=cuts,
        protected=protected,
        plain=_chain(plan.plain) if plan.plain is not None else None,
    )
    if plan.zhe:
        choices = zhe_choices(zhu_positions(base, cuts, _chain(("tw2s",))))
        display = apply_choices(display, offsets, choices)
    return Conversion(target, display, offsets)


def convert_text(
    text: str, target: Script, source: Script | None = None, names: Sequence[str] = ()
) -> str:
    """``convert(text, target, source, names).text``, without building the offset map: the
    same decisions, the text converted whole with a separator at each cut, a 著's choice put
    by its own run's map (:mod:`~reader.language.scripts.text_only`).

    When the two sources' plans differ only in the 著 choices (Simplified), the source is
    detected only if a choice changes a character. OpenCC gets the text whole, not in pieces
    (the command line's: no GUI thread waits for its lock).
    """
    if target is Script.ORIGINAL:
        return text
    from reader.language.scripts.meaning import (
        ZHU,
        cut_positions,
        find_all,
        normalise,
        protected_spans,
        runs_holding,
        zhe_choices,
        zhu_positions,
    )
    from reader.language.scripts.text_only import converted_text

    def traditional_source() -> bool:
        return detect_script(text) is Script.TRADITIONAL

    apply_if: Callable[[], bool] | None = None
    if source is None:
        plan = _plan(Script.TRADITIONAL, target)
        if plan._replace(zhe=False) == _plan(Script.SIMPLIFIED, target):
            apply_if = traditional_source
        else:
            plan = _plan(detect_script(text), target)
    else:
        plan = _plan(source, target)
    cuts = cut_positions(text)
    base = text
    if plan.normalise is not None:
        base = normalise(text, cuts, _chain(("t2s",), True), _chain((plan.normalise,), True))
    protected = protected_spans(base, names, _forms) if plan.plain is not None else []
    positions = find_all(base, ZHU) if plan.zhe else []
    runs = runs_holding(base, positions)
    tw2s = _chain(("tw2s",), True)
    choices = zhe_choices(zhu_positions(base, cuts, tw2s, runs, positions)) if runs else {}
    display = converted_text(
        base,
        _chain(plan.chain, True),
        cuts=cuts,
        protected=protected,
        plain=_chain(plan.plain, True) if plan.plain is not None else None,
        choices=choices,
        apply_if=apply_if,
        stretches=runs,
    )
    if display is None:
        return convert(text, target, source, names).text
    return display


def text_key(text: str) -> str:
    """A document key for :class:`ConversionCache`: the SHA-256 of the text's UTF-8."""
    from reader.paths.digests import sha256_hex

    return sha256_hex(text.encode("utf-8"))


class ConversionCache:
    """Converted texts kept per (document key, script), least recently used dropped first.

    The key is the caller's document id or :func:`text_key`; ``get`` converts on a miss. The
    source script is detected once per document. ``names``, when given, returns the terms
    Taiwan phrases must not rewrite (the glossary's); it is called once, on the first Taiwan
    conversion.
    """

    def __init__(
        self, max_entries: int = 16, names: Callable[[], Sequence[str]] | None = None
    ) -> None:
        self.max_entries = max_entries
        self._names_source = names
        self._names: tuple[str, ...] | None = None
        self._entries: OrderedDict[tuple[str, Script], Conversion] = OrderedDict()
        self._sources: dict[str, Script] = {}
        self._lock = allocate_lock()

    def get(self, doc_key: str, text: str, script: Script) -> Conversion:
        """The conversion of ``text`` (the document ``doc_key``) to ``script``."""
        key = (doc_key, script)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                return hit
            source = self._sources.get(doc_key)
        if source is None and script is not Script.ORIGINAL:
            source = detect_script(text)
        names = self.names() if script is Script.TAIWAN else ()
        result = convert(text, script, source, names)
        with self._lock:
            if source is not None:
                self._sources[doc_key] = source
            self._entries[key] = result
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return result

    def names(self) -> tuple[str, ...]:
        """The protected terms (computed on first use)."""
        with self._lock:
            names = self._names
        if names is None:
            names = tuple(self._names_source()) if self._names_source is not None else ()
            with self._lock:
                self._names = names
        return names

    def peek(self, doc_key: str, script: Script) -> Conversion | None:
        """The cached conversion, or None (never converts)."""
        with self._lock:
            return self._entries.get((doc_key, script))

    def source_of(self, doc_key: str, text: str) -> Script:
        """The detected source script of a document (remembered)."""
        with self._lock:
            source = self._sources.get(doc_key)
        if source is None:
            source = detect_script(text)
            with self._lock:
                self._sources[doc_key] = source
        return source

    def forget(self, doc_key: str, keep: Script | None = None) -> None:
        """Drop every conversion of a document (after its text changed), or every one but
        to ``keep`` (a long document switched to it: its source script is kept too)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] == doc_key and k[1] is not keep]:
                del self._entries[key]
            if keep is None:
                self._sources.pop(doc_key, None)

    def __len__(self) -> int:
        return len(self._entries)
