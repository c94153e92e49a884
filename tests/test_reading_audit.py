"""The inline-reading audit: planted mistakes are found; the bundled article's list is pinned."""

from __future__ import annotations

import pytest

from reader.language.readings.reading_audit import (
    Disagreement,
    audit_inline_readings,
    readings_agree,
)
from reader.language.readings.readings import compute_readings
from reader.text.importer import bundled_article, import_document

#: The article's inline readings that disagree with ours: (offset, character, source, ours).
#: Each was checked by eye (benchmarks/notes_C.md): in all of them the source is wrong —
#: 回應/應用/應對/效應 are read yìng, 長度/長達/時長 and 更長 cháng. The source's 微調 diào is
#: wrong too but not listed: the engine reads it diào as well (CC-CEDICT's 微调 tiáo alone does
#: not outweigh the model).
ARTICLE_DISAGREEMENTS = [
    (26, "應", "ying1", "ying4"),  # 回應質疑
    (352, "長", "zhang3", "chang2"),  # 上下文長度
    (355, "長", "zhang3", "chang2"),  # 長度更長 (found since issue J: 更 + 長 reads cháng)
    (382, "應", "ying1", "ying4"),  # 整合應用平臺
    (527, "應", "ying1", "ying4"),  # 回應外界質疑
    (719, "應", "ying1", "ying4"),  # 回應了用戶期待
    (819, "應", "ying1", "ying4"),  # 交易中的應用
    (1372, "應", "ying1", "ying4"),  # 蘋果應用商店
    (1844, "應", "ying1", "ying4"),  # 開發的應用程序
    (1915, "應", "ying1", "ying4"),  # 相關應用與模型
    (1937, "應", "ying1", "ying4"),  # 回應道
    (2019, "應", "ying1", "ying4"),  # 這些應對策略
    (2085, "長", "zhang3", "chang2"),  # 經歷了長達三個月
    (2436, "長", "zhang3", "chang2"),  # 使用時長
    (2661, "應", "ying1", "ying4"),  # 飛輪效應
]


def test_planted_wrong_reading_is_found() -> None:
    doc = import_document("他在銀(yín)行(xíng)工作，我們應(yīng)該了(liǎo)解他的(de)想法。", "t.txt")
    readings = compute_readings(doc.text)
    found = audit_inline_readings(doc.text, doc.readings, readings)
    assert [(d.character, d.source, d.ours) for d in found] == [("行", "xing2", "hang2")]
    (hit,) = found
    assert doc.text[hit.offset] == "行"
    assert "銀行工作" in hit.context
    assert isinstance(hit, Disagreement)


def test_neutral_tone_only_forgiven_for_particles() -> None:
    assert readings_agree("的", "de5", "de2")
    assert readings_agree("子", "zi3", "zi5")
    assert not readings_agree("長", "chang5", "chang2")
    assert not readings_agree("的", "di4", "de5")
    assert readings_agree("長", "zhang3", "zhang3")
    # our word's entry reads it light (任務 rènwu), the source prints the citation tone: the same
    assert readings_agree("務", "wu4", "wu5")
    # … but a source that drops the tone where we read it full disagrees
    assert not readings_agree("務", "wu5", "wu4")
    text = "長的"
    found = audit_inline_readings(text, {0: "chang5", 1: "de5"}, ["chang2", "de2"])
    assert [(d.offset, d.source, d.ours) for d in found] == [(0, "chang5", "chang2")]


def test_offsets_outside_text_are_ignored_and_missing_readings_reported() -> None:
    found = audit_inline_readings("a長", {0: "a1", 1: "chang2", 9: "x1"}, [None, "chang2"])
    assert [(d.offset, d.ours) for d in found] == [(0, "")]


@pytest.fixture(scope="module")
def article_audit() -> list[Disagreement]:
    doc = bundled_article()
    assert len(doc.readings) == 337
    return audit_inline_readings(doc.text, doc.readings, compute_readings(doc.text))


def test_article_audit_is_pinned(article_audit: list[Disagreement]) -> None:
    got = [(d.offset, d.character, d.source, d.ours) for d in article_audit]
    assert got == ARTICLE_DISAGREEMENTS


def test_article_disagreements_carry_context(article_audit: list[Disagreement]) -> None:
    doc = bundled_article()
    for d in article_audit:
        assert doc.text[d.offset] == d.character
        assert d.character in d.context and len(d.context) <= 13
