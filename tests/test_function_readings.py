"""Function polyphones read right in context (issue J): the article's examples in both scripts,
the grammar rules, 著 in Traditional text, ü readings, the word evidence and its segmenter."""

from __future__ import annotations

import pytest

from reader.language.readings.function_words import function_word_reading, particle_zhe
from reader.language.readings.readings import _model, compute_readings, is_traditional, preload
from reader.language.readings.word_evidence import (
    WordEvidence,
    can_stand_alone,
    cut_cost,
    maximum_matching,
    word_evidence,
)
from reader.language.scripts.script import Script, convert

# (Traditional as the bundled article writes it, Simplified, the word, its readings)
ARTICLE_EXAMPLES = [
    ("DeepSeek還在Huggingface上更新了DeepSeek-R1-0528版本。",
     "DeepSeek还在Huggingface上更新了DeepSeek-R1-0528版本。", "還在", ["hai2", "zai4"]),
    ("DeepSeek的崛起標志著中國AI正從“技術追隨”轉向“技術引領”。",
     "DeepSeek的崛起标志着中国AI正从“技术追随”转向“技术引领”。", "標志著",
     ["biao1", "zhi4", "zhe5"]),
    ("而此次R1的發布顯得比較有策略,既回應了用戶期待。",
     "而此次R1的发布显得比较有策略,既回应了用户期待。", "顯得", ["xian3", "de5"]),
    ("還是用技術讓市場更有效率?", "还是用技术让市场更有效率?", "效率", ["xiao4", "lv4"]),
    ("新版上下文長度更長,價格也更高。", "新版上下文长度更长,价格也更高。", "長度更長",
     ["chang2", "du4", "geng4", "chang2"]),
    ("幻方量化前瞻性地大規模布局AI。", "幻方量化前瞻性地大规模布局AI。", "性地",
     ["xing4", "de5"]),
]


@pytest.fixture(scope="module", autouse=True)
def _model_loaded() -> None:
    preload()


def _read(text: str, word: str) -> list[str | None]:
    at = text.index(word)
    return compute_readings(text)[at : at + len(word)]


@pytest.mark.parametrize(("traditional", "simplified", "word", "expected"), ARTICLE_EXAMPLES)
def test_article_examples_in_both_scripts(
    traditional: str, simplified: str, word: str, expected: list[str]
) -> None:
    assert _read(traditional, word) == expected
    simplified_word = simplified[traditional.index(word) : traditional.index(word) + len(word)]
    assert _read(simplified, simplified_word) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("他跑得很快。", "得", ["de5"]),
        ("孟卡拉死得较为突然。", "得", ["de5"]),
        ("他们取得很大进展。", "取得", ["qu3", "de2"]),
        ("她觉得很好。", "觉得", ["jue2", "de5"]),
        ("他慢慢地走回家。", "地", ["de5"]),
        ("她认真地学习中文。", "地", ["de5"]),
        ("请小心地打开。", "地", ["de5"]),
        ("这个地方很美。", "地方", ["di4", "fang1"]),
        ("石炭井地区划归宁夏。", "地区", ["di4", "qu1"]),
        ("这条路很长。", "长", ["chang2"]),
        ("这个箱子太重了。", "重", ["zhong4"]),
        ("孩子长大了。", "长大", ["zhang3", "da4"]),
        ("他尽得其真传。", "尽", ["jin4"]),
        ("尽管如此，他还是来了。", "尽管", ["jin3", "guan3"]),
        ("他们都来了。", "都", ["dou1"]),
        ("各个阶级都会吃小麦。", "都", ["dou1"]),
        ("纽约是一个国际大都会。", "都", ["du1"]),
        ("首都会议在北京举行。", "首都", ["shou3", "du1"]),
        ("桌子上面的书是我的。", "面的", ["mian4", "de5"]),
        ("他的目的是学习。", "目的", ["mu4", "di4"]),
        ("你应注意安全。", "应", ["ying1"]),
        ("他应邀出席。", "应邀", ["ying4", "yao1"]),
        ("他是一名参将。", "将", ["jiang4"]),
        ("他将去北京。", "将", ["jiang1"]),
        ("为了把羽毛弄干，它会张开翅膀。", "弄", ["nong4"]),
        ("中国文学弄不大。", "弄", ["nong4"]),
        ("他把杯子弄坏了。", "弄", ["nong4"]),
        ("他住在上海的弄堂里。", "弄堂", ["long4", "tang2"]),
        ("大会为何推迟？", "为何", ["wei4", "he2"]),
        ("我们偿还了贷款。", "偿还", ["chang2", "huan2"]),
    ],
)
def test_function_polyphones(sentence: str, word: str, expected: list[str]) -> None:
    assert _read(sentence, word) == expected


def test_traditional_zhe_is_the_particle_unless_a_word_holds_it() -> None:
    assert _read("他隨著音樂跳舞。", "著") == ["zhe5"]
    assert _read("這是一本著名的書,效果顯著。", "著名") == ["zhu4", "ming2"]
    assert _read("這是一本著名的書,效果顯著。", "顯著") == ["xian3", "zhu4"]
    assert particle_zhe("标志著中国") == "标志着中国"
    assert particle_zhe("著名的土著") == "著名的土著"
    assert particle_zhe("穿著衣服") == "穿着衣服"
    assert particle_zhe("执著") == "执著"  # a word either way: kept, read from its entry
    assert _read("他很執著。", "執著") == ["zhi2", "zhuo2"]


def test_zhe_in_simplified_text_stays_zhu_unless_the_source_was_traditional() -> None:
    text = "鲁迅所著的书"  # Simplified: a lone 著 is zhù (wrote)
    at = text.index("著")
    assert not is_traditional(text)
    assert compute_readings(text)[at] == "zhu4"
    shown = "标志著中国"  # OpenCC's Simplified view of a Traditional 標志著
    assert compute_readings(shown, traditional_source=True)[2] == "zhe5"
    assert is_traditional("標志著中國的崛起")


def test_u_umlaut_readings_use_v() -> None:
    model = _model()
    assert all("u:" not in r for r in model.candidates("率"))
    assert "lv4" in model.candidates("率")
    assert all("u:" not in r for prons in model.cedict.values() for r in prons)


def test_word_evidence_counts_each_dictionary() -> None:
    text = "更加友好的部署与微调能力"
    evidence = word_evidence(text)
    here = evidence[text.index("调")]
    assert here is not None and here.readings == ("tiao2",)  # CC-CEDICT only: pypinyin omits 微调
    assert here.words == ((text.index("微"), text.index("调") + 1),) and here.settled
    de = evidence[text.index("的")]
    assert de is not None and de.words == () and not de.settled
    assert evidence[0] is not None and word_evidence("A")[0] is None


def test_maximum_matching_keeps_the_better_cut_or_both() -> None:
    assert maximum_matching("国家银行") == [[(0, 2), (2, 4)]]
    forward, backward = maximum_matching("认真地学习")  # a tie: both cuts speak
    assert forward == [(0, 2), (2, 4), (4, 5)] and backward == [(0, 2), (2, 3), (3, 5)]
    assert cut_cost(forward) == cut_cost(backward) == (3, 1)


def test_a_particle_may_stand_alone_only_as_well_as_in_a_word() -> None:
    text = "认真地学习"
    here = word_evidence(text)[2]
    assert here is not None and can_stand_alone(text, 2, here)
    place = "石炭井地区划归宁夏"
    there = word_evidence(place)[3]
    assert there is not None and not can_stand_alone(place, 3, there)


def test_a_segmenter_replaces_the_word_boundaries() -> None:
    def every_character_alone(run: str) -> list[list[tuple[int, int]]]:
        return [[(i, i + 1) for i in range(len(run))]]

    text = "她认真地学习"
    evidence = word_evidence(text, every_character_alone)
    assert all(e == WordEvidence() for e in evidence)
    assert function_word_reading(text, 3, evidence, every_character_alone) == "de5"
    assert particle_zhe("著名", every_character_alone) == "着名"


def _naive_evidence(text: str) -> list[WordEvidence | None]:
    """The word evidence as its definition says: every span of every cut covering each
    character, looked up word by word."""
    from reader.language.readings.lexicon import lexicon
    from reader.language.readings.phrase_readings import phrase_readings
    from reader.language.readings.pinyin import HAN_RUN

    out: list[WordEvidence | None] = [None] * len(text)
    for match in HAN_RUN.finditer(text):
        run, start = match.group(), match.start()
        cuts = maximum_matching(run)
        for k in range(len(run)):
            spans = [(a, b) for cut in cuts for a, b in cut if a <= k < b]
            words = [(a, b) for a, b in dict.fromkeys(spans) if b - a >= 2]
            readings: list[str] = []
            for a, b in words:
                if (py := phrase_readings(run[a:b])) is not None:
                    readings.append(py[k - a])
                ced = lexicon().cedict_readings(run[a:b])
                if ced is not None and ced[k - a] is not None:
                    readings.append(ced[k - a])
            out[start + k] = WordEvidence(
                tuple(readings),
                tuple((start + a, start + b) for a, b in words),
                len(words) == 1 and len(set(spans)) == 1,
            )
    return out


def test_evidence_at_positions_is_the_evidence_of_the_whole_text() -> None:
    """The readings ask the evidence of a sentence's polyphones only, a sentence at a time
    (a run cut by a sentence's ends is taken whole): the same as the whole text's, which is
    what the definition gives."""
    from reader.language.readings.word_evidence import SparseEvidence, fill_word_evidence_at
    from reader.text.importer import bundled_article

    text = convert(bundled_article().text, Script.SIMPLIFIED).text[:4000]
    full = word_evidence(text)
    assert full == _naive_evidence(text)
    assert any(e is not None and not e.settled and len(e.words) > 1 for e in full)  # ties
    model = _model()
    for step in (37, 500):  # sentence-like spans cutting runs, and long ones
        for a in range(0, len(text), step):
            b = min(a + step, len(text))
            positions = [i for i in range(a, b) if model.is_polyphone(text[i])]
            if b + 1 < len(text):
                positions.append(b + 1)  # any character, Han or not
            sparse = SparseEvidence()
            fill_word_evidence_at(text, positions, sparse)
            assert {i: sparse[i] for i in positions} == {i: full[i] for i in positions}
            assert set(sparse) <= set(positions)
