"""Issue N.2: real ``<ruby>`` markup in HTML becomes the source's readings, taken out of the
text, kept as data and audited — as flattened ruby (``會(huì)``) is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.language.readings.pinyin import to_marks
from reader.language.readings.reading_audit import audit_inline_readings
from reader.language.readings.readings import compute_readings
from reader.text.importer import import_document
from reader.text.markup import html_to_text
from reader.text.ruby_markup import (
    MARKERS,
    annotation_readings,
    extract_ruby,
    ruby_pair,
    split_pinyin,
)


def page(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>".encode()


#: (markup shape, HTML body) — the document text must be 漢字很好 with han4 zi4.
SHAPES = [
    ("per character", "<p><ruby>漢<rt>hàn</rt>字<rt>zì</rt></ruby>很好</p>"),
    ("per character, separate rubies", "<p><ruby>漢<rt>hàn</rt></ruby><ruby>字<rt>zì</rt></ruby>很好</p>"),
    ("per word, one token", "<p><ruby>漢字<rt>hànzì</rt></ruby>很好</p>"),
    ("per word, spaced", "<p><ruby>漢字<rt>hàn zì</rt></ruby>很好</p>"),
    ("with rp", "<p><ruby>漢字<rp>(</rp><rt>hàn zì</rt><rp>)</rp></ruby>很好</p>"),
    ("rb elements", "<p><ruby><rb>漢</rb><rt>hàn</rt><rb>字</rb><rt>zì</rt></ruby>很好</p>"),
    ("tone numbers", "<p><ruby>漢字<rt>han4zi4</rt></ruby>很好</p>"),
    ("zhuyin", "<p><ruby>漢<rt>ㄏㄢˋ</rt>字<rt>ㄗˋ</rt></ruby>很好</p>"),
    ("zhuyin per word", "<p><ruby>漢字<rt>ㄏㄢˋ ㄗˋ</rt></ruby>很好</p>"),
    ("pinyin and zhuyin", "<p><ruby>漢<rt>hàn</rt><rt>ㄏㄢˋ</rt>字<rt>zì</rt></ruby>很好</p>"),
    ("inner spans", "<p><ruby><span>漢</span><rt><span>hàn</span></rt>字<rt>zì</rt></ruby>很好</p>"),
    ("rtc", "<p><ruby>漢字<rtc><rt>hàn zì</rt></rtc></ruby>很好</p>"),
]


@pytest.mark.parametrize(("shape", "body"), SHAPES, ids=[s for s, _ in SHAPES])
def test_each_markup_shape_gives_the_readings(shape: str, body: str) -> None:
    doc = import_document(page(body), "page.html")
    assert doc.text == "漢字很好", shape
    assert doc.readings == {0: "han4", 1: "zi4"}, shape
    assert "readings taken from <ruby> markup" in " ".join(doc.report.notes)


def test_ruby_and_flattened_readings_together_and_positions_after_cuts() -> None:
    body = "<p>前文 </p></p><p><ruby>會<rt>huì</rt></ruby>的(de)人，<ruby>長<rt>zhǎng</rt></ruby>大</p>"
    doc = import_document(page(body), "page.html")
    assert doc.text == "前文\n會的人，長大"
    assert doc.readings == {3: "hui4", 4: "de5", 7: "zhang3"}


def test_an_annotation_that_does_not_fit_is_left_out_and_counted() -> None:
    doc = import_document(page("<p><ruby>漢字<rt>hàn</rt></ruby>，<ruby>好<rt>!!</rt></ruby></p>"),
                          "page.html")
    assert doc.text == "漢字，好" and doc.readings == {}
    assert any("2 <ruby> annotations" in n for n in doc.report.notes)


def test_wrong_ruby_is_audited_like_flattened_ruby() -> None:
    doc = import_document(page("<p>他<ruby>還<rt>huán</rt></ruby>在這裡。</p>"), "page.html")
    assert doc.readings == {1: "huan2"}
    found = audit_inline_readings(doc.text, doc.readings, compute_readings(doc.text))
    assert [(d.offset, d.source, d.ours) for d in found] == [(1, "huan2", "hai2")]


def test_markers_in_the_input_are_not_markup() -> None:
    text, _tags, _title = html_to_text(f"<p>a{MARKERS[0]}好{MARKERS[1]}hǎo{MARKERS[2]}b</p>")
    assert text == "a好hǎob"
    doc = import_document(page(f"<p>{MARKERS}好</p>"), "page.html")
    assert doc.text == "好" and doc.readings == {}


def test_plain_text_is_untouched() -> None:
    """Ruby is read from HTML only; a text file's own private-use characters stay."""
    raw = f"好{MARKERS[0]}x{MARKERS[1]}y{MARKERS[2]}"
    doc = import_document(raw.encode(), "notes.txt")
    assert doc.text == raw and doc.readings == {}


@pytest.mark.parametrize(
    ("token", "syllables"),
    [
        ("hànzì", ["han4", "zi4"]),
        ("xī'ān", None),  # the apostrophe is a separator: annotation_readings splits there
        ("xiān", ["xian1"]),
        ("lǜ", ["lv4"]),
        ("nǚ", ["nv3"]),
        ("lüe4", ["lve4"]),
        ("shēngrì", ["sheng1", "ri4"]),
        ("han4zi4", ["han4", "zi4"]),
        ("de", ["de5"]),
        ("abc", None),
        ("hàn!", None),
    ],
)
def test_split_pinyin(token: str, syllables: list[str] | None) -> None:
    assert split_pinyin(token) == syllables


def test_annotation_readings_apostrophe_and_zhuyin() -> None:
    assert annotation_readings("xī'ān", 2) == ("xi1", "an1")
    assert annotation_readings("˙ㄌㄜ", 1) == ("le5",)
    assert annotation_readings("ㄌㄩˋ", 1) == ("lv4",)
    assert annotation_readings("ㄓㄨㄥ ㄍㄨㄛˊ", 2) == ("zhong1", "guo2")
    assert annotation_readings("hàn", 2) is None


SYLLABLES = ["han4", "zi4", "zhong1", "guo2", "lv4", "xian1", "de5", "er2", "shuang1"]


@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=6))
def test_spaced_pinyin_round_trips(numbered: list[str]) -> None:
    base = "字" * len(numbered)
    annotation = " ".join(to_marks(s) for s in numbered)
    ruby = extract_ruby("前" + ruby_pair(base, annotation) + "後")
    assert ruby.cut.text == "前" + base + "後"
    assert [ruby.readings[i + 1] for i in range(len(numbered))] == numbered
