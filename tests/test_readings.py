"""The reading engine: polyphones in context in both scripts, offsets, progress, styles."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.readings.pinyin import is_han, readings_of
from reader.language.readings.pinyin_styles import (
    TONE_SCHEMES,
    PinyinStyle,
    format_syllable,
    format_word,
)
from reader.language.readings.readings import (
    ReadingsCancelled,
    compute_readings,
    preload,
    word_readings,
)
from reader.language.scripts.script import Script, convert
from tests.conftest import shared_data

# (sentence in Traditional, the word, its expected readings)
POLYPHONES = [
    ("孩子長大了。", "長大", ["zhang3", "da4"]),
    ("這條路的長度是十公里。", "長度", ["chang2", "du4"]),
    ("他在銀行工作。", "銀行", ["yin2", "hang2"]),
    ("他喜歡在公園裡行走。", "行走", ["xing2", "zou3"]),
    ("我們應該早點走。", "應該", ["ying1", "gai1"]),
    ("他沒有回應記者的問題。", "回應", ["hui2", "ying4"]),
    ("我吃了飯。", "了", ["le5"]),
    ("我很了解他。", "了解", ["liao3", "jie3"]),
    ("他不了解這個問題。", "了解", ["liao3", "jie3"]),
    ("我的書在桌子上。", "的", ["de5"]),
]


@pytest.fixture(scope="module", autouse=True)
def _model_loaded() -> None:
    preload()


@pytest.mark.parametrize("script", [Script.TRADITIONAL, Script.SIMPLIFIED])
@pytest.mark.parametrize(("sentence", "word", "expected"), POLYPHONES)
def test_polyphones_in_context(
    script: Script, sentence: str, word: str, expected: list[str]
) -> None:
    text = convert(sentence, script, Script.TRADITIONAL).text
    target = convert(word, script, Script.TRADITIONAL).text
    at = text.index(target)
    readings = compute_readings(text)
    assert readings[at : at + len(target)] == expected


def test_one_reading_per_code_point_and_none_for_non_han() -> None:
    text = "Hello, 世界! 123 ABC。“長”"
    readings = compute_readings(text)
    assert len(readings) == len(text)
    for ch, reading in zip(text, readings, strict=True):
        if ch in "世界長":
            assert reading is not None
        else:
            assert reading is None
    assert readings[text.index("世")] == "shi4"


def test_empty_and_han_free_text() -> None:
    assert compute_readings("") == []
    assert compute_readings("abc, 123") == [None] * 8


_HAN = st.sampled_from(list("長大銀行了解應該我們的是不中國人"))
_OTHER = st.sampled_from(["a", " ", "，", "。", "\n", "𠀋", "😀", "𪚥", "1"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(_HAN, _OTHER), max_size=30))
def test_non_bmp_characters_do_not_shift_readings(chars: list[str]) -> None:
    text = "".join(chars)
    readings = compute_readings(text)
    assert len(readings) == len(text)
    for ch, reading in zip(text, readings, strict=True):
        if ch in "長大銀行了解應該我們的是不中國人":
            # A shifted list would put another character's reading here.
            assert reading in readings_of(ch)
        elif not is_han(ch):
            assert reading is None


def test_astral_han_characters_are_read() -> None:
    text = "我𪚥你"
    readings = compute_readings(text)
    assert readings[0] == "wo3" and readings[2] == "ni3"
    assert readings[1] is None or readings[1][-1].isdigit()


def test_progress_ends_at_one_and_grows() -> None:
    seen: list[float] = []
    compute_readings("他在銀行工作。" * 300, progress=seen.append)
    assert seen[-1] == 1.0
    assert seen == sorted(seen)
    assert all(0.0 <= f <= 1.0 for f in seen)


def test_cancel_raises() -> None:
    with pytest.raises(ReadingsCancelled):
        compute_readings("他在銀行工作。" * 300, cancel=lambda: True)
    calls = {"n": 0}

    def later() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(ReadingsCancelled):
        compute_readings("他在銀行工作。\n" * 3000, cancel=later)


def test_worker_threads_get_the_same_answer() -> None:
    text = "我們應該了解銀行的長度。" * 20
    expected = compute_readings(text)
    results: list[list[str | None]] = []
    threads = [
        threading.Thread(target=lambda: results.append(compute_readings(text))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_word_readings_any_script() -> None:
    assert word_readings("長大") == ["zhang3", "da4"]
    assert word_readings("银行") == ["yin2", "hang2"]
    assert word_readings("了解") == ["liao3", "jie3"]
    assert word_readings("A長度") == ["", "chang2", "du4"]
    assert word_readings("") == []


@pytest.mark.parametrize(
    ("numbered", "marks", "zhuyin"),
    [
        ("zhang3", "zhǎng", "ㄓㄤˇ"),
        ("le5", "le", "˙ㄌㄜ"),
        ("lv4", "lǜ", "ㄌㄩˋ"),
        ("nv3", "nǚ", "ㄋㄩˇ"),
        ("shi4", "shì", "ㄕˋ"),
        ("yi1", "yī", "ㄧ"),
        ("er2", "ér", "ㄦˊ"),
    ],
)
def test_syllable_styles(numbered: str, marks: str, zhuyin: str) -> None:
    assert format_syllable(numbered, PinyinStyle.MARKS) == marks
    assert format_syllable(numbered, PinyinStyle.NUMBERS) == numbered
    assert format_syllable(numbered, PinyinStyle.ZHUYIN) == zhuyin


def test_word_styles() -> None:
    assert format_word(["zhang3", "da4"], PinyinStyle.MARKS) == "zhǎngdà"
    assert format_word(["xi1", "an1"], PinyinStyle.MARKS) == "xī'ān"
    assert format_word(["tian1", "e2"], PinyinStyle.MARKS) == "tiān'é"
    assert format_word(["zhang3", "da4"], PinyinStyle.NUMBERS) == "zhang3 da4"
    assert format_word(["zhang3", "da4"], PinyinStyle.ZHUYIN) == "ㄓㄤˇ ㄉㄚˋ"
    assert PinyinStyle("zhuyin") is PinyinStyle.ZHUYIN


def test_tone_schemes() -> None:
    # Pleco's order of hues (red, green, blue, purple, grey), darkened to 4.5:1 on the page
    # (tests/test_theme.py computes the contrast and the hues of both themes)
    assert TONE_SCHEMES["pleco"] == {
        1: "#d40000", 2: "#0a7f24", 3: "#1a3fe0", 4: "#8a1fc0", 5: "#6b6b6b"
    }
    assert set(TONE_SCHEMES) >= {"pleco", "standard", "none"}
    assert all(set(s) == {1, 2, 3, 4, 5} for s in TONE_SCHEMES.values())
    assert set(TONE_SCHEMES["none"].values()) == {""}


def _dev_sample(limit: int) -> tuple[list[str], list[int], list[str]]:
    sent = shared_data("cpp-dev", "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = shared_data("cpp-dev", "dev.lb").read_text(encoding="utf-8").splitlines()
    texts, positions = [], []
    for line in sent[:limit]:
        a = line.index("\u2581")
        b = line.index("\u2581", a + 1)
        texts.append(line[:a] + line[a + 1 : b] + line[b + 1 :])
        positions.append(a)
    return texts, positions, [x.strip() for x in labels[:limit]]


def _accuracy(texts: list[str], positions: list[int], labels: list[str]) -> float:
    joined = "\n".join(texts)
    readings = compute_readings(joined)
    start, right = 0, 0
    for text, pos, label in zip(texts, positions, labels, strict=True):
        right += readings[start + pos] == label
        start += len(text) + 1
    return right / len(texts)


def test_accuracy_on_dev_sample_both_scripts() -> None:
    texts, positions, labels = _dev_sample(600)
    assert _accuracy(texts, positions, labels) >= 0.97
    trad = [convert(t, Script.TRADITIONAL, Script.SIMPLIFIED) for t in texts]
    trad_positions = [c.offsets.to_display(p) for c, p in zip(trad, positions, strict=True)]
    assert _accuracy([c.text for c in trad], trad_positions, labels) >= 0.97


def test_sparse_evidence_holds_what_a_full_list_holds() -> None:
    """The readings keep a few sentences' word evidence at a time (SparseEvidence), not a
    pointer per character: what is written reads back as in a list as long as the text."""
    from reader.language.readings.word_evidence import (
        SparseEvidence,
        WordEvidence,
        fill_word_evidence,
    )

    text = "他们都会来。我们认真地学习，得到了长足的进步。"
    full: list[WordEvidence | None] = [None] * len(text)
    fill_word_evidence(text, 0, len(text), full)
    sparse = SparseEvidence()
    fill_word_evidence(text, 0, len(text), sparse)
    assert [sparse[i] for i in range(len(text))] == full
    assert any(e is not None for e in full) and len(sparse) <= len(text)
    assert SparseEvidence()[3] is None


def test_compact_readings_are_the_same_readings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reader.language.readings.compact_readings import CompactReadings
    from reader.language.readings.tone_convention import conform
    from reader.text.importer import bundled_article

    article = bundled_article().text
    simplified = convert(article, Script.SIMPLIFIED).text
    for text in (article, simplified, "一個人不是\n重要的 OpenAI 行長。", "no Han at all", ""):
        listed = compute_readings(text)
        compact = compute_readings(text, compact=True)
        assert isinstance(listed, list) and list(compact) == listed, text[:20]
        if text and any(map(is_han, text)):
            assert isinstance(compact, CompactReadings)
        forms, again = conform(text, listed), conform(text, compact, in_place=True)
        assert list(again.citation) == list(forms.citation) and again.changes == forms.changes
