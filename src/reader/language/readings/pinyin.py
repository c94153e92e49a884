"""Pinyin syllables: tone-mark and tone-number forms, and which readings a character has.

The project's internal form of a reading is a *numbered syllable*: lowercase, ``v`` for ü,
tone 1-5 at the end (``zhang3``, ``lv4``, ``le5``). Display styles are derived from it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin.contrib.tone_convert import to_tone, to_tone3
from pypinyin.pinyin_dict import pinyin_dict

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


@lru_cache(maxsize=8192)
def to_numbered(syllable: str) -> str:
    """``huì`` → ``hui4``; ``de`` → ``de5``; ``lǜ`` → ``lv4``; numbered input passes through."""
    s = unicodedata.normalize("NFC", syllable.strip().lower()).replace("u:", "v")
    if _NUMBERED_RE.match(s):
        return s
    out: str = to_tone3(s, neutral_tone_with_five=True, v_to_u=False)
    return out


@lru_cache(maxsize=8192)
def to_marks(numbered: str) -> str:
    """``zhang3`` → ``zhǎng``; ``le5`` → ``le``; ``lv4`` → ``lǜ``."""
    s = numbered.lower().replace("u:", "v")
    if s.endswith("5"):
        s = s[:-1]
    out: str = to_tone(s)
    return out.replace("v", "ü")


def tone_of(numbered: str) -> int:
    """The tone number (1-5) of a numbered syllable; 5 for the neutral tone."""
    return int(numbered[-1]) if numbered and numbered[-1].isdigit() else 5


@lru_cache(maxsize=65536)
def readings_of(ch: str) -> frozenset[str]:
    """All readings pypinyin's character table knows for ``ch``, numbered (``{'ying1', 'ying4'}``).

    Neutral-tone variants are always accepted as well: a ruby annotation may print a
    syllable without its tone mark where it is read light (``的(de)``).
    """
    raw = pinyin_dict.get(ord(ch))
    if not raw:
        return frozenset()
    out: set[str] = set()
    for marked in raw.split(","):
        num = to_numbered(marked)
        out.add(num)
        out.add(num[:-1] + "5")
    return frozenset(out)
