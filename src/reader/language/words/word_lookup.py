"""The word under the pointer: longest dictionary match at a position, and CEDICT pinyin display.

:func:`lookup_at` works Zhongwen-style: from the position, the longest run of characters that
is a CC-CEDICT headword, in whatever script the text is shown (Simplified, Traditional or a
mix of both: a candidate is also tried in its ``t2s`` form, so 後/后 copies still match).

Latin words and numbers ("DeepSeek", "H800", the 2025 of 2025年) have no Chinese entry: the
result spans the whole ASCII/full-width letter-and-digit token around the position, with the
entries CEDICT has for that exact token (usually none, e.g. "3C" has one). The UI can still
show the glossary's term there. Punctuation, whitespace and symbols give None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.language.readings.pinyin import to_marks
from reader.language.scripts.converters import convert_config
from reader.language.words.dictionary import Dictionary, Entry

_TOKEN_CHAR = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
#: A Latin/number token: letters and digits, with decimal points between digits (557.6).
_TOKEN_RE = re.compile(f"[{_TOKEN_CHAR}]+(?:[.．][0-9０-９]+)*")
_TOKEN_CHAR_RE = re.compile(f"[{_TOKEN_CHAR}]")
_SYLLABLE_RE = re.compile(r"^([A-Za-z]+(?::)?[A-Za-z]*)([1-5])$")


@dataclass(frozen=True)
class LookupResult:
    """The longest word at a position: ``text[start:end] == word``.

    ``entries`` are the dictionary entries of ``word`` (empty for a Latin/number token CEDICT
    does not know); ``shorter`` lists the shorter dictionary words that start at ``start``,
    longest first, each with its entries.
    """

    start: int
    end: int
    word: str
    entries: list[Entry]
    shorter: list[tuple[str, list[Entry]]] = field(default_factory=list)


def _is_word_char(ch: str) -> bool:
    return ch.isalpha() and not _TOKEN_CHAR_RE.match(ch)


def _latin_token(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the letter/digit token covering ``pos``, if ``text[pos]`` is in one."""
    if not _TOKEN_CHAR_RE.match(text[pos]):
        return None
    lo = pos
    while lo > 0 and (_TOKEN_CHAR_RE.match(text[lo - 1]) or text[lo - 1] in ".．"):
        lo -= 1
    for m in _TOKEN_RE.finditer(text, lo):
        if m.start() > pos:
            break
        if m.end() > pos:
            return m.span()
    return None  # pragma: no cover - text[pos] is a token character, so some match covers it


def lookup_at(
    text: str, pos: int, dictionary: Dictionary, max_len: int = 12
) -> LookupResult | None:
    """The longest dictionary word starting at ``pos`` in ``text``, or None.

    None for a position out of range or on punctuation, whitespace or a symbol; for a Latin
    or number token see the module docstring. A Han character CEDICT does not know gives a
    one-character result with no entries.
    """
    if not 0 <= pos < len(text):
        return None
    token = _latin_token(text, pos)
    if token is not None:
        start, end = token
        word = text[start:end]
        return LookupResult(start, end, word, dictionary.entries(word))
    if not _is_word_char(text[pos]):
        return None
    limit = min(max_len, dictionary.max_headword_length)
    window = text[pos : pos + limit]
    # Stop at the first character that cannot be part of a Chinese word.
    cut = next((i for i, ch in enumerate(window) if i and not ch.isalnum()), len(window))
    window = window[:cut]
    simplified = convert_config(window, "t2s") if window else window
    if len(simplified) != len(window):
        simplified = window
    candidates = [window[:n] for n in range(1, len(window) + 1)]
    folded = [simplified[:n] for n in range(1, len(window) + 1)]
    found = dictionary.entries_many(candidates + folded)
    words: list[tuple[str, list[Entry]]] = []
    for n in range(len(window), 0, -1):
        own = found.get(candidates[n - 1], [])
        extra = [e for e in found.get(folded[n - 1], []) if e not in own]
        if own or extra:
            words.append((candidates[n - 1], own + extra))
    if not words:
        return LookupResult(pos, pos + 1, text[pos], [])
    word, entries = words[0]
    return LookupResult(pos, pos + len(word), word, entries, words[1:])


def cedict_syllables(pinyin: str) -> list[str]:
    """CEDICT pinyin split into tokens, syllables lowercased and numbered (``u:`` → ``v``).

    ``"Bei3 jing1"`` → ``["bei3", "jing1"]``; one item per token so the list lines up with
    the headword's characters; tokens that are not syllables (a Latin letter in ``A A zhi4``,
    ``·``, ``,``) are kept as they are (their tone, by ``tone_of``, is 5).
    """
    out: list[str] = []
    for token in pinyin.split():
        if _SYLLABLE_RE.match(token):
            out.append(token.lower().replace("u:", "v"))
        else:
            out.append(token)
    return out


def cedict_pinyin_to_marks(pinyin: str) -> str:
    """``"zhu4 yi4 li4"`` → ``"zhù yì lì"``; ``"Bei3 jing1"`` → ``"Běi jīng"``; ``lu:4`` → ``lǜ``.

    The neutral tone (5) loses its number; capitalised proper nouns stay capitalised; tokens
    that are not syllables pass through unchanged.
    """
    out: list[str] = []
    for token in pinyin.split():
        if not _SYLLABLE_RE.match(token):
            out.append(token)
            continue
        marked = to_marks(token.lower().replace("u:", "v"))
        if token[0].isupper():
            marked = marked[:1].upper() + marked[1:]
        out.append(marked)
    return " ".join(out)
