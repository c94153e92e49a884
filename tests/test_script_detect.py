"""Telling a text's script from character tables (no OpenCC converter built to ask)."""

from __future__ import annotations

from collections import Counter

import opencc
import pytest

from reader.language.scripts import script_chars
from reader.language.scripts.converters import convert_config
from reader.language.scripts.script import Script, detect_script
from tests.conftest import SEED


def _detect_with_opencc(text: str) -> Script:
    """The detection as it was: ask t2s and s2t about each distinct Han character."""
    from reader.language.readings.pinyin import is_han

    counts = Counter(text)
    chars = sorted(ch for ch in counts if is_han(ch))
    if not chars:
        return Script.SIMPLIFIED
    joined = "\n".join(chars)
    as_simplified = convert_config(joined, "t2s").split("\n")
    as_traditional = convert_config(joined, "s2t").split("\n")
    traditional = sum(counts[c] for c, s in zip(chars, as_simplified, strict=True) if s != c)
    simplified = sum(counts[c] for c, t in zip(chars, as_traditional, strict=True) if t != c)
    return Script.TRADITIONAL if traditional > simplified else Script.SIMPLIFIED


def test_tables_are_the_installed_opencc_s() -> None:
    if opencc.__version__ != script_chars.OPENCC_VERSION:
        pytest.skip(f"tables made with OpenCC {script_chars.OPENCC_VERSION}")
    version, traditional, simplified, t_class, s_class = script_chars._generate().split("\n")
    assert traditional == script_chars.TRADITIONAL_ONLY
    assert simplified == script_chars.SIMPLIFIED_ONLY
    assert t_class == script_chars.TRADITIONAL_ONLY_CLASS
    assert s_class == script_chars.SIMPLIFIED_ONLY_CLASS


def test_the_classes_are_the_tables_bmp_characters() -> None:
    """The detection's searches match exactly the tables' characters below U+10000."""
    import re

    for table, cls in (
        (script_chars.TRADITIONAL_ONLY, script_chars.TRADITIONAL_ONLY_CLASS),
        (script_chars.SIMPLIFIED_ONLY, script_chars.SIMPLIFIED_ONLY_CLASS),
    ):
        assert cls == script_chars.bmp_class(table)
        bmp = [c for c in table if c < "\U00010000"]
        assert re.findall(cls, "".join(bmp)) == bmp
        assert list(table) == sorted(set(table))
    assert script_chars.bmp_class("") == "[^\\s\\S]"
    assert re.findall(script_chars.bmp_class("a-c]"), "abc-]") == ["a", "c", "-", "]"]


@pytest.mark.parametrize(
    "text",
    [
        "", "abc 123", "会议", "會議", "头发很长", "頭髮很長", "后来", "後來", "著名的作家", "乾隆",
        "繁體與简体混合的一段文字", "了", "𠮷野家", "干", "發展和发展",
    ],
)
def test_detection_agrees_with_opencc(text: str) -> None:
    assert detect_script(text) is _detect_with_opencc(text)


def test_the_article_in_each_script_is_detected_as_opencc_would() -> None:
    article = SEED.read_text(encoding="utf-8")
    simplified = convert_config(article, "t2s")
    assert detect_script(article) is _detect_with_opencc(article) is Script.TRADITIONAL
    assert detect_script(simplified) is _detect_with_opencc(simplified) is Script.SIMPLIFIED
