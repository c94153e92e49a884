"""One tone convention: citation tones for 一 and 不 by default, spoken ones as an option,
dictionary tones for dictionary words (issue J, item 3)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from reader.cli import main
from reader.language.readings.reading_audit import readings_agree
from reader.language.readings.readings import compute_readings
from reader.language.readings.tone_convention import (
    ToneForms,
    citation_tones,
    conform,
    spoken_tones,
)
from reader.language.words.dictionary import Entry

_ENTRIES = {
    "消息": [Entry("消息", "消息", "xiao1 xi5", ("news",))],
    "微調": [Entry("微調", "微调", "wei1 tiao2", ("fine tuning",))],
    "不是": [
        Entry("不是", "不是", "bu2 shi5", ("fault",)),
        Entry("不是", "不是", "bu4 shi4", ("no",)),
    ],
    "一代": [Entry("一代", "一代", "yi1 dai4", ("generation",))],
    "統一": [Entry("統一", "统一", "tong3 yi1", ("to unify",))],
    "下載": [Entry("下載", "下载", "xia4 zai3", ("to download", "also pr. [xia4 zai4]"))],
}
_ENTRIES.update({e.simplified: v for v in list(_ENTRIES.values()) for e in v})


def _lookup(words: Iterable[str]) -> dict[str, list[Entry]]:
    return {w: _ENTRIES[w] for w in words if w in _ENTRIES}


def _forms(
    text: str, readings: list[str | None], words: list[tuple[int, int]] | None = None
) -> ToneForms:
    return conform(text, readings, _lookup, words)


@pytest.mark.parametrize(
    ("text", "readings", "citation", "spoken"),
    [
        ("不是", ["bu2", "shi4"], ["bu4", "shi4"], ["bu2", "shi4"]),
        ("不變", ["bu4", "bian4"], ["bu4", "bian4"], ["bu2", "bian4"]),
        ("不变", ["bu4", "bian4"], ["bu4", "bian4"], ["bu2", "bian4"]),
        ("一代", ["yi2", "dai4"], ["yi1", "dai4"], ["yi2", "dai4"]),
        ("一篇", ["yi1", "pian1"], ["yi1", "pian1"], ["yi4", "pian1"]),
        ("第一", ["di4", "yi1"], ["di4", "yi1"], ["di4", "yi1"]),
        ("十一個", ["shi2", "yi1", "ge4"], ["shi2", "yi1", "ge4"], ["shi2", "yi1", "ge4"]),
        ("一九", ["yi1", "jiu3"], ["yi1", "jiu3"], ["yi1", "jiu3"]),
        ("一月", ["yi1", "yue4"], ["yi1", "yue4"], ["yi1", "yue4"]),
        ("統一標準", ["tong3", "yi1", "biao1", "zhun3"], ["tong3", "yi1", "biao1", "zhun3"],
         ["tong3", "yi1", "biao1", "zhun3"]),
    ],
)
def test_yi_and_bu(
    text: str, readings: list[str | None], citation: list[str], spoken: list[str]
) -> None:
    forms = _forms(text, list(readings))
    assert forms.citation == citation
    # the spoken form is held as its changes until asked for
    assert "spoken" not in vars(forms)
    pairs = enumerate(zip(citation, spoken, strict=True))
    assert forms.changes == {i: s for i, (c, s) in pairs if c != s}
    assert forms.spoken == spoken
    assert forms.pick(False) == citation and forms.pick(True) == spoken


def test_citation_without_a_dictionary() -> None:
    assert citation_tones("一代不是", ["yi2", "dai4", "bu2", "shi4"]) == [
        "yi1", "dai4", "bu4", "shi4",
    ]
    assert spoken_tones("不對", ["bu4", "dui4"]) == ["bu2", "dui4"]
    assert spoken_tones("要不", ["yao4", "bu4"]) == ["yao4", "bu4"]


@pytest.mark.parametrize("text", ["消息", "消息"])
def test_neutral_tones_follow_the_entry(text: str) -> None:
    assert _forms(text, ["xiao1", "xi1"]).citation == ["xiao1", "xi5"]


@pytest.mark.parametrize("text", ["微調", "微调"])
def test_the_only_reading_of_a_word_of_the_text(text: str) -> None:
    assert _forms(text, ["wei1", "diao4"], [(0, 2)]).citation == ["wei1", "tiao2"]
    # a cut by longest matching alone only settles neutral tones
    assert _forms(text, ["wei1", "diao4"]).citation == ["wei1", "diao4"]


@pytest.mark.parametrize("text", ["下載", "下载"])
def test_an_also_pronounced_reading_is_the_entrys_too(text: str) -> None:
    assert _forms(text, ["xia4", "zai4"], [(0, 2)]).citation == ["xia4", "zai4"]
    # two readings in the entry: neither is forced onto another context reading
    assert _forms(text, ["xia4", "zai1"], [(0, 2)]).citation == ["xia4", "zai1"]


def test_an_entry_with_the_same_reading_wins() -> None:
    assert _forms("不是", ["bu2", "shi4"], [(0, 2)]).citation == ["bu4", "shi4"]


def test_engine_readings_in_the_convention() -> None:
    """The engine's own readings (before the dictionary) come out in citation tones."""
    for text in ("不是", "一代", "這一代人", "一個"):
        readings = compute_readings(text)
        assert "yi2" not in conform(text, readings).citation
        assert "bu2" not in conform(text, readings).citation


def test_the_audit_accepts_spoken_tones() -> None:
    assert readings_agree("一", "yi2", "yi1")
    assert readings_agree("不", "bu2", "bu4")
    assert not readings_agree("不", "bu2", "fou3")


def test_reader_pinyin_tone_convention(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.txt"
    source.write_text("他不是人，這一代人讀了一篇文章。\n", encoding="utf-8")

    def run(*flags: str) -> str:
        assert main(["pinyin", *flags, str(source)]) == 0
        return capsys.readouterr().out

    assert run() == "tā bù shì rén， zhè yī dài rén dú le yī piān wén zhāng。\n"
    assert run("--tone-sandhi") == "tā bú shì rén， zhè yí dài rén dú le yì piān wén zhāng。\n"


def test_a_long_segmentation_is_looked_up_in_pieces_with_the_same_outcome() -> None:
    """conform takes the segmentation one span at a time and asks the dictionary a few
    hundred words at a time: the outcome is that of looking every word up at once."""
    from reader.language.readings import tone_convention

    unit = "消息不是一代統一下載。"
    text = unit * 500
    spans = [
        (k * len(unit) + a, k * len(unit) + b)
        for k in range(500)
        for a, b in [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10), (10, 11)]
    ]
    unit_readings = ["xiao1", "xi1", "bu2", "shi4", "yi2", "dai4", "tong3", "yi1", "xia4", "zai4",
                     None]
    batches: list[int] = []

    def counting(words: Iterable[str]) -> dict[str, list[Entry]]:
        asked = list(words)
        batches.append(len(asked))
        return _lookup(asked)

    forms = conform(text, unit_readings * 500, counting, iter(spans))
    assert max(batches) <= tone_convention._CHUNK and sum(batches) == 2500
    one = _forms(unit, list(unit_readings), [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10), (10, 11)])
    assert forms.citation == list(one.citation) * 500
    assert forms.spoken == list(one.spoken) * 500
    assert one.citation[:2] == ["xiao1", "xi5"] and one.spoken[2] == "bu2"


def test_in_place_gives_the_same_forms_and_empties_the_list() -> None:
    text = "消息不是一代統一下載。"
    readings = ["xiao1", "xi1", "bu2", "shi4", "yi2", "dai4", "tong3", "yi1", "xia4", "zai4", None]
    spans = [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10), (10, 11)]
    copy = conform(text, readings, _lookup, iter(spans))
    given = list(readings)
    own = conform(text, given, _lookup, iter(spans), in_place=True)
    assert given == [] and readings[1] == "xi1"
    assert list(own.citation) == list(copy.citation) and list(own.spoken) == list(copy.spoken)
    assert list(copy.citation) == [
        "xiao1", "xi5", "bu4", "shi4", "yi1", "dai4", "tong3", "yi1", "xia4", "zai4", None
    ]
