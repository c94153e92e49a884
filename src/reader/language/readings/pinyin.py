"""Pinyin syllables: tone-mark and tone-number forms, and which readings a character has.

The project's internal form of a reading is a *numbered syllable*: lowercase, ``v`` for ü,
tone 1-5 at the end (``zhang3``, ``lv4``, ``le5``). Display styles are derived from it.

Importing this module costs nothing: ``import pypinyin`` loads its phrase tables (0.2-0.3 s,
56 MiB), so the tone conversions are done here (pypinyin's ``to_tone3``/``to_tone`` rules,
checked against it syllable for syllable by the tests) and the character table is read from
pypinyin's own ``pinyin_dict.json`` on first use without importing the package.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

_MARKED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PLAIN = "abcdefghijklmnopqrstuvwxyzü"
#: One pinyin syllable as a web page prints it: lowercase letters, tone marks, ü / v.
SYLLABLE_RE = re.compile(f"[{_PLAIN}{_MARKED_VOWELS}ê]{{1,7}}")
_NUMBERED_RE = re.compile(r"^[a-zv]{1,6}[1-5]$")


_HAN_CLASS = (
    "\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U000323af\uf900-\ufaff\U0002f800-\U0002fa1f\u3007"
)
#: A run of Han characters (the same code points as :func:`is_han`), and of anything else:
#: scanning a long text run by run costs a regex step, not a Python call per character.
HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")
NON_HAN_RUN = re.compile(f"[^{_HAN_CLASS}]+")


def is_han(ch: str) -> bool:
    """True for a CJK ideograph (URO, extensions A-I, compatibility ideographs)."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x323AF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
        or cp == 0x3007
    )


#: A marked letter → its plain letter and tone (pypinyin's ``phonetic_symbol``); m̄ m̀ ê̄ ê̌
#: are two code points even in NFC.
_MARKS = {
    "ā": "a1", "á": "a2", "ǎ": "a3", "à": "a4", "ē": "e1", "é": "e2", "ě": "e3", "è": "e4",
    "ō": "o1", "ó": "o2", "ǒ": "o3", "ò": "o4", "ī": "i1", "í": "i2", "ǐ": "i3", "ì": "i4",
    "ū": "u1", "ú": "u2", "ǔ": "u3", "ù": "u4", "ǖ": "v1", "ǘ": "v2", "ǚ": "v3", "ǜ": "v4",
    "ń": "n2", "ň": "n3", "ǹ": "n4", "m\u0304": "m1", "ḿ": "m2", "m\u0300": "m4",
    "ê\u0304": "ê1", "ế": "ê2", "ê\u030c": "ê3", "ề": "ê4",
}
_UNMARK = {numbered: marked for marked, numbered in _MARKS.items()}
_MARKED_RE = re.compile("|".join(sorted(map(re.escape, _MARKS), key=len, reverse=True)))
_TONE2_RE = re.compile(r"([aeoiuvnmêü])([1-5])")


def _tone3(s: str) -> str:
    """pypinyin's ``to_tone3(s, neutral_tone_with_five=True, v_to_u=False)``."""
    s = s.replace("5", "")
    tone2 = _MARKED_RE.sub(lambda m: _MARKS[m.group(0)], s).replace("ü", "v")
    digits = [ch for ch in tone2 if ch in "1234"]
    plain = "".join(ch for ch in tone2 if not ch.isdigit())
    if not plain:  # digits only: the first tone, as pypinyin gives
        return digits[0] if digits else tone2
    return plain + (digits[0] if digits else "5")


def _mark_index(plain: str) -> int:
    """Where the tone mark goes (pypinyin's ``right_mark_index``): a, else o or e, else the
    second of iu/ui, else i u ü, else n m ê; iou uei uen keep the mark of their full form."""
    for triple, letter in (("iou", "u"), ("uei", "i"), ("uen", "u")):
        if triple in plain:
            return plain.index(letter)
    for group in (("a", "o", "e"), ("iu", "ui"), ("i", "u", "v", "ü"), ("n", "m", "ê")):
        for c in group:
            if c in plain:
                return plain.index(c) + len(c) - 1
    return len(plain) - 1


def _tone(s: str) -> str:
    """pypinyin's ``to_tone`` for a plain syllable with a tone digit (``zhang3``, ``zho1ng``)."""
    s = s.replace("v", "ü")
    digit = next((ch for ch in s if ch.isdigit()), None)
    if digit is None:
        return s
    plain = "".join(ch for ch in s if not ch.isdigit())
    at = _mark_index(plain.replace("ü", "v")) + 1
    tone2 = (plain[:at] + digit + plain[at:]).replace("ü", "v").replace("5", "").replace("0", "")
    return _TONE2_RE.sub(lambda m: _UNMARK.get(m.group(0), m.group(0)), tone2).replace("v", "ü")


@lru_cache(maxsize=8192)
def to_numbered(syllable: str) -> str:
    """``huì`` → ``hui4``; ``de`` → ``de5``; ``lǜ`` → ``lv4``; numbered input passes through."""
    s = unicodedata.normalize("NFC", syllable.strip().lower()).replace("u:", "v")
    if _NUMBERED_RE.match(s):
        return s
    return _tone3(s)


@lru_cache(maxsize=8192)
def to_marks(numbered: str) -> str:
    """``zhang3`` → ``zhǎng``; ``le5`` → ``le``; ``lv4`` → ``lǜ``."""
    s = numbered.lower().replace("u:", "v")
    if s.endswith("5"):
        s = s[:-1]
    return _tone(s).replace("v", "ü")


def tone_of(numbered: str) -> int:
    """The tone number (1-5) of a numbered syllable; 5 for the neutral tone."""
    return int(numbered[-1]) if numbered and numbered[-1].isdigit() else 5


@lru_cache(maxsize=65536)
def readings_of(ch: str) -> frozenset[str]:
    """All readings pypinyin's character table knows for ``ch``, numbered (``{'ying1', 'ying4'}``).

    Neutral-tone variants are always accepted as well: a ruby annotation may print a
    syllable without its tone mark where it is read light (``的(de)``).
    """
    raw = _character_table().get(ord(ch))
    if not raw:
        return frozenset()
    out: set[str] = set()
    for marked in raw.split(","):
        num = to_numbered(marked)
        out.add(num)
        out.add(num[:-1] + "5")
    return frozenset(out)


def character_readings(ch: str) -> str:
    """pypinyin's readings of one character, marked and comma-separated, most common first
    (``""`` when it has none): ``pypinyin.pinyin_dict``'s value, without importing pypinyin
    (whose package loads its phrase tables: 55 MiB and a 0.1–0.4 s hold of the GIL)."""
    return _character_table().get(ord(ch)) or "" if len(ch) == 1 else ""


def character_table() -> dict[int, str]:
    """pypinyin's whole character table, code point → marked readings (as
    ``pypinyin.pinyin_dict.pinyin_dict``), parsed from its JSON file now: for a caller that
    walks every character (~20-40 ms, 16 MiB; not kept here)."""
    data = _table_file_bytes()
    if data is None:
        from pypinyin.pinyin_dict import pinyin_dict  # another layout: through the package

        return dict(pinyin_dict)
    return {int(code): readings for code, readings in json.loads(data).items()}


_TABLE_LOCK = threading.Lock()
_table: _Table | None = None


class _Table:
    """pypinyin's character table as a dict (the fallback for a file of another layout)."""

    def __init__(self, entries: dict[str, str]) -> None:
        self._entries = entries

    def get(self, code_point: int) -> str | None:
        return self._entries.get(str(code_point))


class _SortedLines(_Table):
    """pypinyin's ``pinyin_dict.json`` kept as its bytes (0.8 MB) and searched by bisection:
    one ``"code point": "readings",`` line per character, in code point order. Parsing it into
    a dict costs 20-40 ms and 16 MiB, for the few hundred characters a start-up asks about."""

    _LINE = re.compile(rb'"(\d+)": ("(?:[^"\\]|\\.)*")')

    def __init__(self, data: bytes) -> None:
        super().__init__({})
        self._data = data

    def _line(self, pos: int) -> tuple[int, int, int | None, bytes]:
        """The line holding ``pos``: its start, end, key (None for ``{``/``}``) and value."""
        data = self._data
        start = data.rfind(b"\n", 0, pos) + 1
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        found = self._LINE.search(data, start, end)
        if found is None:
            return start, end, None, b""
        return start, end, int(found.group(1)), found.group(2)

    def sorted_sample(self, points: int = 64) -> bool:
        """Whether evenly spaced lines hold increasing keys (else the dict is used)."""
        keys = [self._line(len(self._data) * i // points)[2] for i in range(1, points)]
        known = [k for k in keys if k is not None]
        return len(known) > points // 2 and all(a <= b for a, b in zip(known, known[1:], strict=False))

    def get(self, code_point: int) -> str | None:
        lo, hi = 0, len(self._data)
        while lo < hi:
            start, end, key, value = self._line((lo + hi) // 2)
            if key == code_point:
                out: str = json.loads(value)
                return out
            if key is None:  # the opening or closing brace
                if start == 0 or self._data[start:start + 1] == b"{":
                    lo = end + 1
                else:
                    hi = start
            elif key < code_point:
                lo = end + 1
            else:
                hi = start
        return None


def _character_table() -> _Table:
    """pypinyin's character table, code point → comma-separated marked readings.

    Read from its JSON file rather than through ``pypinyin.pinyin_dict``, whose import runs
    ``pypinyin/__init__`` and loads the phrase tables.
    """
    global _table
    with _TABLE_LOCK:
        if _table is None:
            _table = _load_table()
        return _table


def _table_file_bytes() -> bytes | None:
    """pypinyin's ``pinyin_dict.json``, or None when the package is laid out otherwise."""
    import importlib.util

    spec = importlib.util.find_spec("pypinyin")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder) / "pinyin_dict.json"
        if path.is_file():
            return path.read_bytes()
    return None


def _load_table() -> _Table:
    data = _table_file_bytes()
    if data is not None:
        lines = _SortedLines(data)
        if lines.sorted_sample():
            return lines
        return _Table(json.loads(data))
    from pypinyin.pinyin_dict import pinyin_dict  # another layout: through the package

    return _Table({str(cp): readings for cp, readings in pinyin_dict.items()})
