"""Word segmentation (issue J): the hover examples, tokens, alternatives, word moves, the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.language.scripts.converters import convert_config
from reader.language.scripts.script import Script, convert
from reader.language.segmentation.folding import FOLD_PIECE, Folder, build_fold_map
from reader.language.segmentation.model import CACHE_NAME, ModelError, WordModel
from reader.language.segmentation.segmentation import Segmentation, Token
from reader.language.segmentation.segmenter import Segmenter
from reader.language.segmentation.sources import SourceError, read_frequencies
from reader.language.words.glossary import Glossary
from reader.paths.cache import default_cache_dir
from reader.text.importer import bundled_article

#: The issue's hover examples: (context in the article, offset of the pointer, expected word).
EXAMPLES = [
    ("冷卻", 1, "冷卻"),
    ("中國和美國", 2, "和"),
    ("應對策略", 1, "應對"),
    ("前瞻性地", 2, "前瞻性"),
    ("有機會", 0, "有"),
    ("國家的", 1, "國家"),
]


@pytest.fixture(scope="module")
def model(word_model_xdg: Path) -> WordModel:
    env = {"XDG_CACHE_HOME": str(word_model_xdg), "HOME": str(word_model_xdg)}
    loaded = WordModel.load(default_cache_dir(env))
    assert not loaded.rebuilt
    return loaded


@pytest.fixture(scope="module")
def segmenter(model: WordModel) -> Segmenter:
    return Segmenter(model, Glossary.load_bundled())


def words(segmenter: Segmenter, text: str) -> list[str]:
    return segmenter.segment(text).words()


def word_under(segmenter: Segmenter, text: str, context: str, offset: int) -> str:
    position = text.index(context) + offset
    token = segmenter.segment(text).word_at(position)
    assert token is not None and token.start <= position < token.end
    return text[token.start : token.end]


# --- the examples ----------------------------------------------------------------------
def test_hover_examples_in_the_article(segmenter: Segmenter) -> None:
    text = bundled_article().text
    for context, offset, expected in EXAMPLES:
        assert word_under(segmenter, text, context, offset) == expected, context


def test_hover_examples_in_the_article_in_simplified(segmenter: Segmenter) -> None:
    text = convert(bundled_article().text, Script.SIMPLIFIED).text
    for context, offset, expected in EXAMPLES:
        simplified = convert_config(context, "t2s")
        assert word_under(segmenter, text, simplified, offset) == convert_config(
            expected, "t2s"
        ), context


@pytest.mark.parametrize(
    ("traditional", "expected"),
    [
        ("市場情緒逐漸冷卻了", "市場/情緒/逐漸/冷卻/了"),
        ("中國和美國的關係", "中國/和/美國/的/關係"),
        ("我們需要新的應對策略", "我們/需要/新/的/應對/策略"),
        ("他們前瞻性地布局", "他們/前瞻性/地/布局"),
        ("他有機會參加比賽", "他/有/機會/參加/比賽"),
        ("這是國家的決定", "這/是/國家/的/決定"),
    ],
)
def test_examples_as_short_sentences_in_both_scripts(
    segmenter: Segmenter, traditional: str, expected: str
) -> None:
    assert "/".join(words(segmenter, traditional)) == expected
    simplified = convert_config(traditional, "t2s")
    assert "/".join(words(segmenter, simplified)) == convert_config(expected, "t2s")


def test_taiwan_and_hong_kong_forms_segment_like_standard_traditional(
    segmenter: Segmenter,
) -> None:
    for sentence in ("這項研究的成果很顯著", "衞生部門發表了著名的報告", "他在裡面等著"):
        expected = [len(w) for w in words(segmenter, convert_config(sentence, "t2s"))]
        for config in ("s2twp", "s2hk", "t2s"):
            variant = convert_config(convert_config(sentence, "t2s"), config)
            if len(variant) == len(sentence):
                assert [len(w) for w in words(segmenter, variant)] == expected, variant


def test_folding_is_one_for_one_and_idempotent(model: WordModel) -> None:
    text = "什麼什么著名衞生裡面後來乾杯𠀀abc"
    folded = model.fold(text)
    assert folded == "什么什么着名卫生里面后来干杯𠀀abc"
    assert folded == model.fold(folded)
    assert all(model.fold(b) == b for b in model.folder.mapping.values())
    small = Folder(build_fold_map("麼么著衞乾干"))
    assert small.mapping == {"麼": "么", "著": "着", "衞": "卫", "乾": "干"}


# --- tokens of every kind ---------------------------------------------------------------------
def test_non_han_runs_are_their_own_tokens(segmenter: Segmenter) -> None:
    text = "用2048塊H800訓練,成本僅557.6萬美元!  café\u0301 x"
    assert words(segmenter, text) == [
        "用", "2048", "塊", "H800", "訓練", ",", "成本", "僅", "557.6", "萬", "美元", "!",
        "  ", "café\u0301", " ", "x",
    ]  # fmt: skip


def test_glossary_terms_with_latin_or_spaces_are_one_token(segmenter: Segmenter) -> None:
    text = "DeepSeek R1模型和API接口,NVIDIA H800,DeepSeek-R1-0528版本"
    tokens = segmenter.segment(text).tokens()
    found = {text[t.start : t.end]: segmenter.glossary_entry(text, t) for t in tokens}
    ids = {word: entry.id for word, entry in found.items() if entry is not None}
    assert ids == {
        "DeepSeek R1": "deepseek-r1",
        "API接口": "api",
        "NVIDIA H800": "h800",
        "DeepSeek-R1-0528": "deepseek-r1-0528",
    }
    assert "模型" in found and found["模型"] is None


def test_glossary_terms_of_han_characters_are_kept_whole(
    model: WordModel, segmenter: Segmenter
) -> None:
    assert "大模型" in words(segmenter, "恰逢AI大模型迎來爆發")
    assert "大模型" not in words(Segmenter(model), "恰逢AI大模型迎來爆發")


def test_extra_terms_are_kept_whole(model: WordModel) -> None:
    text = "螢火三號訓練平臺"
    assert "螢火三號" not in words(Segmenter(model), text)
    with_term = Segmenter(model, extra_terms=["萤火三号"])  # a Simplified term, Traditional text
    assert words(with_term, text)[0] == "螢火三號"


# --- alternatives and moves -------------------------------------------------------------------
def test_alternatives_around_a_position(segmenter: Segmenter) -> None:
    text = "幻方量化前瞻性地大規模布局"
    found = [text[a:b] for a, b in segmenter.alternatives(text, text.index("性"))]
    assert found[0] == "前瞻性" and "性" in found
    assert found == sorted(found, key=len, reverse=True)
    text = "登頂中國和美國蘋果"
    found = [text[a:b] for a, b in segmenter.alternatives(text, text.index("和"))]
    assert found == ["和美", "和"]
    assert segmenter.alternatives(text, -1) == [] and segmenter.alternatives(text, 99) == []
    assert segmenter.alternatives("AI算力", 0) == []


def test_word_moves_skip_spaces_and_punctuation() -> None:
    text = "冷卻的 市場,DeepSeek。"
    seg = Segmentation(text, [0, 2, 3, 4, 6, 7, 15])
    assert seg.next_word_start(0) == 2
    assert seg.next_word_start(2) == 4  # over the space
    assert seg.next_word_start(4) == 7  # over the comma
    assert seg.next_word_start(7) == len(text)  # the full stop is no word
    assert seg.previous_word_start(len(text)) == 7
    assert seg.previous_word_start(7) == 4
    assert seg.previous_word_start(4) == 2
    assert seg.previous_word_start(0) == 0
    assert seg.next_boundary(0) == 2 and seg.next_boundary(15) == len(text)
    assert seg.previous_boundary(16) == 15 and seg.previous_boundary(2) == 0
    assert seg.word_at(5) == Token(4, 6) and seg.word_at(len(text)) is None


def test_segmentation_checks_its_starts() -> None:
    assert Segmentation("", []).tokens() == []
    for starts in ([], [1], [0, 0], [0, 2, 1], [0, 3]):
        with pytest.raises(ValueError):
            Segmentation("abc", starts)
    seg = Segmentation("abc", [0, 1])
    assert seg[-1] == Token(1, 3) and len(seg) == 2
    with pytest.raises(IndexError):
        seg[2]


# --- any text ---------------------------------------------------------------------------------
_ALPHABET = st.sampled_from(
    list("中國和美国的冷卻前瞻性地有機會啊哈了著裡")
    + list("aZ09é.．-_ \n\t,。“”")
    + ["\u0301", "\u20dd", "\U00020000", "\U0002a6d6", "😀", "\ufe0f", "\U000e0100", "\ud800"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=_ALPHABET, max_size=80))
def test_tokens_cover_any_text(segmenter: Segmenter, text: str) -> None:
    seg = segmenter.segment(text)
    tokens = seg.tokens()
    assert "".join(text[t.start : t.end] for t in tokens) == text
    position = 0
    for token in tokens:
        assert token.start == position and token.end > token.start
        position = token.end
    assert position == len(text)
    assert list(seg.spans()) == [(t.start, t.end) for t in tokens]
    for index, token in enumerate(tokens):
        for p in range(token.start, token.end):
            assert seg.word_at(p) == token and seg.index_at(p) == index
    for p in range(len(text) + 1):
        assert seg.next_boundary(p) > p or p == len(text)
        assert seg.previous_boundary(p) < p or p == 0
        assert seg.next_word_start(p) > p or p == len(text)
    for p in range(len(text)):
        for a, b in segmenter.alternatives(text, p):
            assert a <= p < b


@pytest.mark.parametrize("piece", ["啊", "的", "中国", "哈", "a", " ", "。", "😀", "\u0301"])
def test_long_repeats_do_not_blow_up(segmenter: Segmenter, piece: str) -> None:
    text = piece * (100_000 // len(piece))
    seg = segmenter.segment(text)
    assert seg.tokens()[-1].end == len(text)
    assert seg.word_at(len(text) - 1) is not None
    segmenter.alternatives(text, len(text) // 2)


# --- the cache --------------------------------------------------------------------------------
@pytest.fixture
def small_sources(tmp_path: Path) -> tuple[Path, Path]:
    cedict = tmp_path / "cedict.txt"
    cedict.write_text(
        "冷卻 冷却 [leng3 que4] /to cool off/\n中國 中国 [Zhong1 guo2] /China/\n",
        encoding="utf-8",
    )
    freqs = tmp_path / "dict.txt"
    freqs.write_text("冷却 50 v\n中国 900 ns\n的 9000 uj\n", encoding="utf-8")
    return cedict, freqs


def test_cache_built_once_then_read(tmp_path: Path, small_sources: tuple[Path, Path]) -> None:
    cedict, freqs = small_sources
    cache = tmp_path / "cache"
    assert not WordModel.is_cached(cache, cedict_file=cedict, frequency_file=freqs)
    first = WordModel.load(cache, cedict_file=cedict, frequency_file=freqs)
    assert first.rebuilt and (cache / CACHE_NAME).is_file()
    assert not list(cache.glob("*.tmp"))
    assert WordModel.is_cached(cache, cedict_file=cedict, frequency_file=freqs)
    second = WordModel.load(cache, cedict_file=cedict, frequency_file=freqs)
    assert not second.rebuilt
    assert second.cost("冷却") == first.cost("冷却") and second.cost("冷") is None
    assert Segmenter(second).segment("冷卻的中國").words() == ["冷卻", "的", "中國"]


def test_damaged_or_stale_cache_is_rebuilt(
    tmp_path: Path, small_sources: tuple[Path, Path]
) -> None:
    cedict, freqs = small_sources
    cache = tmp_path / "cache"
    WordModel.load(cache, cedict_file=cedict, frequency_file=freqs)
    path = cache / CACHE_NAME
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    assert WordModel.load(cache, cedict_file=cedict, frequency_file=freqs).rebuilt
    path.write_bytes(path.read_bytes()[:100])
    assert WordModel.load(cache, cedict_file=cedict, frequency_file=freqs).rebuilt
    path.write_bytes(b"")
    assert WordModel.load(cache, cedict_file=cedict, frequency_file=freqs).rebuilt
    freqs.write_text("冷却 50 v\n中国 901 ns\n的 9000 uj\n", encoding="utf-8")
    assert WordModel.load(cache, cedict_file=cedict, frequency_file=freqs).rebuilt
    assert not WordModel.load(cache, cedict_file=cedict, frequency_file=freqs).rebuilt


def test_unwritable_cache_folder_still_gives_a_model(
    tmp_path: Path, small_sources: tuple[Path, Path]
) -> None:
    cedict, freqs = small_sources
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    model = WordModel.load(blocker / "cache", cedict_file=cedict, frequency_file=freqs)
    assert model.rebuilt and model.cost("中国") is not None


def test_missing_sources_are_one_error(tmp_path: Path, small_sources: tuple[Path, Path]) -> None:
    cedict, _freqs = small_sources
    with pytest.raises(ModelError, match="not found|No such file"):
        WordModel.load(tmp_path, cedict_file=cedict, frequency_file=tmp_path / "none.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\nAT&T 3 nz\n", encoding="utf-8")
    with pytest.raises(SourceError):
        read_frequencies(empty)
    with pytest.raises(ModelError):
        WordModel.load(tmp_path, cedict_file=cedict, frequency_file=empty)


def test_shared_model_is_loaded_once_per_cache_folder(word_model_xdg: Path) -> None:
    """The hover words and the tone convention segment with one model object (its table is
    tens of MiB of Python objects): the window's loader and the tone convention's sources."""
    from reader.language.readings import tone_convention
    from reader.ui.reading.words import word_segments

    folder = default_cache_dir({"XDG_CACHE_HOME": str(word_model_xdg), "HOME": str(word_model_xdg)})
    shared = WordModel.shared(folder)
    assert WordModel.shared(folder) is shared
    assert word_segments._load_model(folder) is shared
    assert not shared.rebuilt
    lookup, segment = tone_convention._cached_sources(folder)
    assert segment is not None and list(segment("冷卻的中國")) == [(0, 2), (2, 3), (3, 5)]
    # a glossary's terms sit beside the shared table, which is not copied
    with_terms = Segmenter(shared, Glossary.load_bundled()).model
    assert with_terms is not shared and with_terms._words is shared._words
    assert with_terms.cost("中国") == shared.cost("中国")


def test_token_starts_take_four_bytes_each_in_any_text_the_importer_takes() -> None:
    from array import array

    from reader.language.segmentation.segmentation import position_code
    from reader.text.file_bytes import MAX_BYTES

    assert array(position_code(MAX_BYTES)).itemsize == 4  # one code point a byte at most
    assert array(position_code(2**31)).itemsize == 8
    seg = Segmentation("中国 人", [0, 2, 3])
    assert seg.starts == (0, 2, 3) and seg.next_word_start(0) == 3


def test_the_fold_map_is_held_once_as_code_points() -> None:
    from reader.language.segmentation.folding import Folder

    folder = Folder.from_strings("麼著衞乾", "么着卫干")
    assert folder.mapping == {"麼": "么", "著": "着", "衞": "卫", "乾": "干"}
    assert folder.fold("乾麼著衞x") == "干么着卫x"
    assert Folder(folder.mapping).fold("著") == "着"
    assert all(isinstance(k, int) and isinstance(v, int) for k, v in folder._table.items())
    with pytest.raises(ValueError):
        Folder.from_strings("麼著", "么")
    # a long text in pieces (the lock let go between them): the same as at once
    long = "乾麼著衞x𠀀\n" * (FOLD_PIECE // 3)
    assert len(long) > 2 * FOLD_PIECE
    assert folder.fold(long) == long.translate(folder._table) == "干么着卫x𠀀\n" * (FOLD_PIECE // 3)


def test_spans_without_a_segmentation_are_its_spans(
    segmenter: Segmenter, model: WordModel
) -> None:
    article = bundled_article().text
    for each in (segmenter, Segmenter(model)):
        for text in (article, "MoE 架構（DeepSeek-V3）", "x", ""):
            made = each.segment(text)
            assert list(each.spans(text)) == list(made.spans()), text[:20]
            assert list(each.starts(text)) == [t.start for t in made]
