"""Script folding for segmentation: every Han character → one Simplified character.

Word frequencies are keyed by Simplified words, and CC-CEDICT lists both scripts. Both the
vocabulary and the text are folded character by character, so a Traditional text segments
against the same words as its Simplified form while every offset stays the same (one code
point in, one out). A character OpenCC's ``t2s`` leaves alone is tried with ``tw2s`` and then
``hk2s`` (Taiwan 著 → 着, Hong Kong 衞 → 卫); a conversion longer than one character keeps the
character as it is. Like wordfreq's "oversimplified" Chinese, the folded form need not be
correct Simplified text (乾 → 干 everywhere): it only has to be the same on both sides.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from reader.language.readings.pinyin import is_han
from reader.language.scripts.script import convert_config

#: The OpenCC configurations tried in turn for each character.
FOLD_CONFIGS = ("t2s", "tw2s", "hk2s")

_lock = threading.Lock()
_forms: dict[str, str] = {}


def _convert_each(chars: list[str], config: str) -> list[str]:
    """``chars`` converted one by one (a line each, so no phrase spans two characters)."""
    converted = convert_config("\n".join(chars), config).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - defensive: OpenCC keeps line breaks
        converted = [convert_config(c, config) for c in chars]
    return converted


def _learn(chars: Iterable[str]) -> None:
    """Compute the folded form of every Han character of ``chars`` not yet known."""
    with _lock:
        pending = {c for c in chars if c not in _forms and is_han(c)}
        added: list[str] = []
        while pending:
            missing = sorted(pending)
            step = dict(zip(missing, _convert_each(missing, "t2s"), strict=True))
            # A character t2s keeps and s2t changes is already Simplified (么 → 麼): the
            # variant tables must not fold it further (hk2s takes 么 for a variant of 幺).
            kept = [c for c in missing if step[c] == c]
            simplified_only = {
                c for c, t in zip(kept, _convert_each(kept, "s2t"), strict=True) if t != c
            }
            todo = [c for c in kept if c not in simplified_only]
            for config in FOLD_CONFIGS[1:]:
                if not todo:
                    break
                left = []
                for char, form in zip(todo, _convert_each(todo, config), strict=True):
                    if len(form) == 1 and form != char:
                        step[char] = form
                    else:
                        left.append(char)
                todo = left
            added.extend(missing)
            for char in missing:
                form = step[char]
                _forms[char] = form if len(form) == 1 else char
            # Fold the results too, so that folding twice changes nothing.
            pending = {f for c in missing if (f := _forms[c]) not in _forms and is_han(f)}
        for char in added:
            seen = {char}
            form = _forms[char]
            while _forms.get(form, form) != form and form not in seen:
                seen.add(form)
                form = _forms[form]
            _forms[char] = form


def fold_table(chars: Iterable[str]) -> dict[int, str]:
    """A ``str.translate`` table folding the Han characters among ``chars``."""
    chars = set(chars)
    _learn(chars)
    with _lock:
        return {ord(c): f for c in chars if (f := _forms.get(c, c)) != c}


def fold(text: str) -> str:
    """``text`` with every Han character folded; exactly as long as ``text``."""
    table = fold_table(set(text))
    return text.translate(table) if table else text


def fold_many(words: Iterable[str]) -> list[str]:
    """Each of ``words`` folded (one table for all: faster than :func:`fold` per word)."""
    words = list(words)
    table = fold_table({c for w in words for c in w})
    return [w.translate(table) for w in words]
