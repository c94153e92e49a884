"""Regenerate ``resources/reading_order.txt``: each polyphonic character's readings, the one
running text uses most first.

A character's weight for a reading is the sum of jieba's word frequencies (``jieba/dict.txt``)
over the words of two or more characters that pypinyin's phrase table reads with that reading
there (增長 and 部長 count for 長 zhǎng, 長期 for cháng). Characters alone are not counted: a
word list cannot say which reading a lone 長 has. Only characters with more than one reading
in pypinyin's table and at least one counted word are listed, one line each:
``長<TAB>zhang3,chang2``. The reader uses it to order dictionary entries where no context
decides (``reader.language.words.entry_order``). Both sources are MIT-licensed.

    python packaging/make_reading_order.py > resources/reading_order.txt
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import jieba
from pypinyin.constants import PHRASES_DICT
from pypinyin.contrib.tone_convert import to_tone3
from pypinyin.pinyin_dict import pinyin_dict


def numbered(marked: str) -> str:
    out: str = to_tone3(marked, neutral_tone_with_five=True, v_to_u=False)
    return out


def main() -> int:
    polyphones = {chr(cp) for cp, raw in pinyin_dict.items() if "," in raw}
    weights: dict[str, Counter[str]] = defaultdict(Counter)
    words = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8")
    for line in words.splitlines():
        parts = line.split(" ")
        if len(parts) < 2 or len(parts[0]) < 2:
            continue
        word, frequency = parts[0], int(parts[1])
        phrase = PHRASES_DICT.get(word)
        if not phrase or len(phrase) != len(word):
            continue
        for ch, readings in zip(word, phrase, strict=True):
            if ch in polyphones:
                weights[ch][numbered(readings[0])] += frequency
    for ch in sorted(weights):
        sys.stdout.write(f"{ch}\t{','.join(r for r, _ in weights[ch].most_common())}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
