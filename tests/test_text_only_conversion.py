"""The text-only conversion (``reader convert`` without offsets) gives exactly the text of the
offset-mapped one, in every script; the detection that stops early counts like a full count."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.language.scripts import detection, text_only
from reader.language.scripts.converters import convert_config
from reader.language.scripts.meaning import ZHU, run_around
from reader.language.scripts.meaning_data import ZHU_WORDS
from reader.language.scripts.script import (
    Script,
    convert,
    convert_text,
    detect_script,
)
from reader.language.scripts.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY
from reader.language.words.glossary import bundled_protected_terms
from reader.text.importer import bundled_article
from tests.conftest import SEED

TARGETS = [s for s in Script if s is not Script.ORIGINAL]
SOURCES = [None, Script.SIMPLIFIED, Script.TRADITIONAL]
HAN = "云计算软件头发干里后面爱国發頭髮乾裡後麵愛國雲計體為裏着著并並成被發发了如人參参加"
#: Pieces each decision acts on: cuts, 著 in both readings, standard forms, protected words,
#: names, glossary terms; separators the text-only path might use; astral characters.
PIECES = st.one_of(
    st.sampled_from(list(HAN)),
    st.sampled_from([
        "并成功", "並成功", "被发明", "了如何", "人参加", "消息", "代码", "源代碼", "复杂",
        "復雜", "標志著", "标志著", "睡著", "著名", "顯著", "編著", "看著名單", "著有《", "黃仁勛",
        "云计算", "软件", "头发", "乾隆", "英伟达", "中國移動通信", "杭州深度求索人工智能",
    ]),
    st.sampled_from(list("abcXYZ 123,.-·，。、！：《》\n\t")),
    st.sampled_from(["\x1f", "\x1e", "\ue000", "😀", "𠀀", "𪚥", "𠮷", "(huì)"]),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def _names(target: Script) -> tuple[str, ...]:
    return bundled_protected_terms() if target is Script.TAIWAN else ()


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.sampled_from(SOURCES), st.sampled_from(TARGETS))
def test_text_only_equals_the_mapped_conversion(
    text: str, source: Script | None, target: Script
) -> None:
    names = _names(target)
    assert convert_text(text, target, source, names) == convert(text, target, source, names).text


def _article_variants() -> list[str]:
    article = bundled_article().text
    # the bundled article as imported (Traditional, with 標志著 and 顯著) and as its file holds
    # it (with inline readings), the same in Simplified and in Taiwan forms, all joined
    variants = [
        article,
        SEED.read_text(encoding="utf-8"),
        convert_config(article, "t2s"),
        convert_config(article, "s2twp"),
    ]
    return [*variants, "\n".join(variants) * 3]


@pytest.mark.parametrize("target", TARGETS)
def test_the_article_in_every_script_by_both_paths(target: Script) -> None:
    names = _names(target)
    for text in _article_variants():
        expected = convert(text, target, None, names).text
        assert convert_text(text, target, None, names) == expected
        source = detect_script(text)
        assert convert_text(text, target, source, names) == expected


def test_the_article_takes_the_text_only_path_with_its_zhu_choices() -> None:
    article = bundled_article().text
    shown = convert_text(article, Script.SIMPLIFIED)
    assert "标志着" in shown and "显著" in shown  # 著 by its reading
    assert "标志著" in convert_config(article, "t2s")  # what OpenCC alone writes


def test_a_text_holding_every_separator_is_aligned_instead() -> None:
    text = "".join(text_only._SEPARATORS) + "標志著並成功，頭髮"
    assert text_only.converted_text(text, lambda t: t) is None
    for target in TARGETS:
        assert convert_text(text, target) == convert(text, target).text


def test_the_simplified_source_is_detected_only_when_a_zhu_choice_changes_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.language.scripts import script

    asked: list[str] = []

    def detect(text: str) -> Script:
        asked.append(text)
        return detect_script(text)

    monkeypatch.setattr(script, "detect_script", detect)
    assert convert_text("他是著名的作家，頭髮很長。", Script.SIMPLIFIED) == "他是著名的作家，头发很长。"
    assert asked == []  # 著名 keeps 著 either way
    assert convert_text("崛起標志著中國", Script.SIMPLIFIED) == "崛起标志着中国"
    assert len(asked) == 1
    # a Simplified text's 著 is never rewritten by the Traditional source's choices
    assert convert_text("标志著很多", Script.SIMPLIFIED) == convert("标志著很多", Script.SIMPLIFIED).text


def test_runs_are_found_backwards_past_the_first_window() -> None:
    text = "，" + "字" * 500 + ZHU + "字" * 10 + "。"
    assert run_around(text, 501) == (1, 512)
    assert run_around(ZHU, 0) == (0, 1)


def test_every_zhu_word_holds_a_zhu() -> None:
    # the word search runs only near each 著 (meaning._zhu_word_windows)
    assert all(ZHU in word for word in ZHU_WORDS)


# --- detection -------------------------------------------------------------------------------

_TRADITIONAL = sorted(set(TRADITIONAL_ONLY))
_SIMPLIFIED = sorted(set(SIMPLIFIED_ONLY))
_BOTH = sorted(set(TRADITIONAL_ONLY) & set(SIMPLIFIED_ONLY))


def _full_count(text: str) -> Script:
    counts = Counter(text)
    traditional = sum(n for ch, n in counts.items() if ch in set(TRADITIONAL_ONLY))
    simplified = sum(n for ch, n in counts.items() if ch in set(SIMPLIFIED_ONLY))
    return Script.TRADITIONAL if traditional > simplified else Script.SIMPLIFIED


DETECT_CHARS = st.one_of(
    st.sampled_from(_TRADITIONAL[:40] + [c for c in _TRADITIONAL if ord(c) > 0xFFFF][:5]),
    st.sampled_from(_SIMPLIFIED[:40] + [c for c in _SIMPLIFIED if ord(c) > 0xFFFF][:5]),
    st.sampled_from(_BOTH[:10] or ["的"]),
    st.sampled_from(list("的是一不了人在有我他 ，。a\n")),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(DETECT_CHARS, max_size=60).map("".join),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=3),
)
def test_detection_counts_like_a_full_count(text: str, pad_t: int, pad_s: int) -> None:
    # long texts too, past the first stretch counted by character and the switch to the
    # search, with the lead on either side and near a tie
    long = (
        text
        + "的" * detection._HEAD
        + _TRADITIONAL[7] * (pad_t * 20000)
        + _SIMPLIFIED[7] * (pad_s * 20000)
        + text
    )
    for sample in (text, long, long[::-1], text * 500):
        assert detect_script(sample) is _full_count(sample)


def test_detection_on_the_article_in_both_scripts() -> None:
    for text in _article_variants():
        assert detect_script(text) is _full_count(text)


# --- the command -----------------------------------------------------------------------------


@pytest.mark.parametrize("target", [t.value for t in TARGETS])
def test_the_command_prints_the_mapped_text(
    target: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (bundled_article().text + "\n他看著名單，並成功。\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["convert", "--to", target]) == 0
    plain = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["convert", "--to", target, "--with-offsets"]) == 0
    assert plain == json.loads(capsys.readouterr().out)["text"]


@pytest.mark.parametrize(
    "words",
    [
        ["--to", "simplified", "a.txt"],
        ["--to=taiwan"],
        ["a.txt", "--to", "hongkong", "--with-offsets"],
        ["--with-offsets", "--to", "traditional", "-"],
        ["--to", "simplified", ""],
    ],
)
def test_plain_convert_words_are_read_as_the_parser_reads_them(words: list[str]) -> None:
    from reader.cli import _plain_command, build_parser

    quick = _plain_command(["convert", *words])
    assert quick is not None
    assert vars(quick) == vars(build_parser(["convert"]).parse_args(["convert", *words]))


@pytest.mark.parametrize(
    "words",
    [
        ["--to", "klingon"], ["--to"], ["--config", "t2s"], ["--to", "simplified", "a", "b"],
        ["--to", "simplified", "--to", "taiwan"], ["--t", "simplified"], ["-h"],
        ["--to", "simplified", "--", "-a.txt"], ["--to", "simplified", "--db", "x"], [],
    ],
)
def test_other_convert_words_go_to_the_parser(words: list[str]) -> None:
    from reader.cli import _plain_command

    assert _plain_command(["convert", *words]) is None
    assert _plain_command(["words", *words]) is None


def test_a_wrong_script_is_still_explained_by_the_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["convert", "--to", "klingon"])
    assert exited.value.code == 2
    assert "invalid choice: 'klingon'" in capsys.readouterr().err


def _toy(text: str) -> str:
    """A converter with length-changing phrases around 著 (OpenCC's own rarely change a
    length next to one), so stretches that need their map are met."""
    for key, value in (("云计算", "雲端計算"), ("著作权", "著權"), ("看著", "瞧着"), ("著", "着")):
        text = text.replace(key, value)
    return text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["云计算", "著作权", "看著", "著", "名", "，", "\n", "a"]), max_size=30),
    st.data(),
)
def test_choices_in_stretches_that_change_length(pieces: list[str], data: st.DataObject) -> None:
    from reader.language.scripts.alignment import align
    from reader.language.scripts.meaning import apply_choices, find_all

    text = "".join(pieces)
    zhu = find_all(text, ZHU)
    choices = {p: data.draw(st.sampled_from([ZHU, "着"])) for p in zhu}
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=5)))
    expected = apply_choices(*align(text, _toy, cuts=cuts), choices)
    assert text_only.converted_text(text, _toy, cuts=cuts, choices=choices) == expected


def test_the_run_classes_hold_the_ideographic_zero_as_a_word_character() -> None:
    """``〇`` (a key character of OpenCC's) is in ``\\w``: the run classes leave it out, and a
    run still holds it, as the class that named it did."""
    import re

    from reader.language.scripts import alignment, meaning

    assert re.fullmatch(r"\w", "〇")
    text = "二〇二四年，〇·〇-A 第〇章"
    named = re.compile(r"([\w\-·〇]+)")
    assert alignment._SPLIT.split(text) == named.split(text)
    assert [m.span() for m in meaning._RUN.finditer(text)] == [
        m.span() for m in named.finditer(text)
    ]
    assert alignment._SEPARATOR.findall(text) == re.findall(r"[^\w\-·〇]", text)
