"""Telling a text's script from character tables (no OpenCC converter built to ask)."""

from __future__ import annotations

from collections import Counter

import opencc
import pytest

from reader.language.scripts import script_chars
from reader.language.scripts.script import Script, convert_config, detect_script
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
    version, traditional, simplified = script_chars._generate().split("\n")
    assert traditional == script_chars.TRADITIONAL_ONLY
    assert simplified == script_chars.SIMPLIFIED_ONLY


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
