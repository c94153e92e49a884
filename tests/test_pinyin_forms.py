"""The tone conversions of ``reader.language.readings.pinyin`` against pypinyin's own, and the
module's promise not to import pypinyin (its phrase tables cost 0.2-0.3 s and 56 MiB)."""

from __future__ import annotations

import random
import subprocess
import sys
import unicodedata

from reader.language.readings import pinyin


def _pypinyin_numbered(syllable: str) -> str:
    from pypinyin.contrib.tone_convert import to_tone3

    s = unicodedata.normalize("NFC", syllable.strip().lower()).replace("u:", "v")
    if pinyin._NUMBERED_RE.match(s):
        return s
    out: str = to_tone3(s, neutral_tone_with_five=True, v_to_u=False)
    return out


def _pypinyin_marks(numbered: str) -> str:
    from pypinyin.contrib.tone_convert import to_tone

    s = numbered.lower().replace("u:", "v")
    if s.endswith("5"):
        s = s[:-1]
    out: str = to_tone(s)
    return out.replace("v", "ü")


def _all_syllables() -> set[str]:
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    marked: set[str] = set()
    for readings in pinyin_dict.values():
        marked.update(readings.split(","))
    for word in phrases_dict.values():
        for syllables in word:
            marked.update(syllables)
    return marked


def test_every_syllable_converts_as_pypinyin_does() -> None:
    marked = _all_syllables()
    assert len(marked) > 1500
    numbered = set()
    for syllable in marked:
        expected = _pypinyin_numbered(syllable)
        assert pinyin.to_numbered(syllable) == expected, syllable
        numbered.add(expected)
    for syllable in numbered:
        for form in (syllable, syllable[:-1] + "5", syllable[:-1], syllable.replace("v", "u:")):
            assert pinyin.to_marks(form) == _pypinyin_marks(form), form


def test_odd_input_converts_as_pypinyin_does() -> None:
    rng = random.Random(7)
    marked_alphabet = "abcdefghijklmnopqrstuvwxyzüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿê12345"
    plain_alphabet = "abcdefghijklmnopqrstuvwxyzüê12345:"
    for _ in range(20_000):
        s = "".join(rng.choice(marked_alphabet) for _ in range(rng.randint(1, 7)))
        assert pinyin.to_numbered(s) == _pypinyin_numbered(s), s
        s = "".join(rng.choice(plain_alphabet) for _ in range(rng.randint(1, 7)))
        assert pinyin.to_marks(s) == _pypinyin_marks(s), s
    for s in ("m\u0304", "m\u0300", "ê\u0304", "ê\u030c", "ế", "ḿ", "ň", "lüè", "nü", "lü"):
        assert pinyin.to_numbered(s) == _pypinyin_numbered(s), s


def test_character_table_is_pypinyins() -> None:
    from pypinyin.pinyin_dict import pinyin_dict

    table = pinyin._character_table()
    assert isinstance(table, pinyin._SortedLines)  # the file is searched, not parsed
    for code_point, readings in pinyin_dict.items():
        assert table.get(code_point) == readings, code_point
    for code_point in (0, ord("a"), min(pinyin_dict) - 1, max(pinyin_dict) + 1, 0x10FFFF):
        assert table.get(code_point) is None
    assert pinyin.readings_of("长") >= {"chang2", "zhang3", "chang5"}
    assert pinyin.readings_of("a") == frozenset()


def test_an_unsorted_table_is_parsed_instead() -> None:
    data = b'{\n"20000": "b",\n"19968": "y\xc4\xab",\n"20001": "c"\n}\n' * 40
    assert not pinyin._SortedLines(data).sorted_sample()
    good = b'{\n' + b"".join(b'"%d": "a\\"b",\n' % cp for cp in range(100, 400)) + b'"400": "z"\n}\n'
    table = pinyin._SortedLines(good)
    assert table.sorted_sample()
    assert table.get(250) == 'a"b' and table.get(400) == "z" and table.get(99) is None


def test_importing_the_module_and_the_settings_loads_no_pypinyin() -> None:
    code = (
        "import sys\n"
        "import reader.language.readings.pinyin_styles\n"
        "import reader.ui.common.settings\n"
        "from reader.language.readings.pinyin import to_marks, to_numbered, readings_of\n"
        "assert to_marks('lv4') == 'lǜ' and to_numbered('huì') == 'hui4'\n"
        "assert 'hui4' in readings_of('會')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pypinyin'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
