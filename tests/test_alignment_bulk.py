"""The alignment's runs and its one-to-one test for all runs at once (numpy) give what the
run-by-run forms give: the same runs and separators, the same runs left to refine."""

from __future__ import annotations

import re
from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.scripts import alignment, run_maps
from reader.language.scripts.converters import convert_chain, convert_config
from reader.language.scripts.script import Script, configs_for

PIECES = st.one_of(
    st.sampled_from(list("云计算软件头发干里后面爱国發頭髮乾裡後麵愛國雲計體為裏着著并")),
    st.sampled_from(["云计算", "软件", "老挝人民民主共和国", "B超", "头发", "消息", "綁定", "代码"]),
    st.sampled_from(list("abcXYZ 123,.-·，。、！\n")),
    st.sampled_from(["😀", "𠀀", "𪚥", "ａ"]),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)
_RUN = re.compile(r"[\w\-·〇]+")


def _old_cut_runs(
    text: str, bounds: list[int], protected: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[int] | None]:
    """The runs as the alignment cut them before (regex spans, cut at the bounds)."""
    spans: list[tuple[int, int]] = []
    for m in _RUN.finditer(text):
        a, b = m.span()
        inner = [p for p in bounds if a < p < b]
        spans += zip([a, *inner], [*inner, b], strict=True)
    if not protected:
        return spans, None
    starts = [a for a, _b in spans]
    kinds = [0] * len(spans)
    for a, b in protected:
        first, stop = bisect_left(starts, a), bisect_left(starts, b)
        kinds[first:stop] = [1] * (stop - first)
    return spans, kinds


def _case(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    cuts = [i for i in range(1, len(text)) if text[i - 1] == "并"]
    protected = [(m.start(), m.end()) for m in re.finditer("消息|綁定|代码", text)]
    return cuts, protected


@settings(max_examples=80, deadline=None)
@given(TEXTS)
def test_cut_runs_gives_the_regex_runs_and_the_separators_between(text: str) -> None:
    cuts, protected = _case(text)
    starts, ends, kinds, runs, seps = alignment.cut_runs(text, cuts, protected)
    spans = list(zip(starts, ends, strict=True))
    bounds = sorted({*cuts, *(p for span in protected for p in span)})
    assert (spans, kinds) == _old_cut_runs(text, bounds, protected)
    assert runs == [text[a:b] for a, b in spans]
    assert len(seps) == len(runs) + 1
    assert alignment._interleave(seps, runs) == text
    for k, (a, _b) in enumerate(spans):
        before = spans[k - 1][1] if k else 0
        assert seps[k] == text[before:a]


@settings(max_examples=80, deadline=None)
@given(TEXTS, st.sampled_from([Script.SIMPLIFIED, Script.TRADITIONAL]), st.booleans())
def test_bulk_one_to_one_test_agrees_with_run_by_run(
    text: str, source: Script, protect: bool
) -> None:
    configs = configs_for(source, Script.TAIWAN)
    converters = (
        lambda t: convert_chain(t, configs),
        lambda t: convert_config(t, "s2tw"),
    )
    cuts, protected = _case(text)
    starts, ends, kinds, runs, seps = alignment.cut_runs(
        text, cuts, protected if protect else []
    )
    outputs = alignment._convert_runs(runs, kinds, converters)
    assert outputs is not None
    display = alignment._interleave(seps, outputs)
    images = [
        alignment._char_images(
            [r for r, k in zip(runs, kinds or [0] * len(runs), strict=True) if k == kind], conv
        )
        for kind, conv in enumerate(converters)
    ]
    codes = run_maps.codes(text)
    arrays = run_maps.Runs(starts, ends)
    for kind in (0, 1) if kinds is not None else (0,):
        chosen = [r for r, k in zip(runs, kinds or [0] * len(runs), strict=True) if k == kind]
        assert run_maps.run_chars(codes, arrays, kinds, kind) == "".join(
            sorted(set("".join(chosen)))
        )
    bulk = run_maps.not_one_to_one(
        codes, display, arrays, [len(o) for o in outputs], kinds, images
    )
    assert bulk == alignment._not_one_to_one(runs, outputs, kinds, images)


def test_bulk_test_counts_differences_from_the_images() -> None:
    # 頭髮 against an image 头发: two differences map one to one; three or more do not,
    # unless the output is the run itself.
    text = "甲乙丙，丁"
    starts, ends = alignment.cut_runs(text, [], [])[:2]
    codes, arrays = run_maps.codes(text), run_maps.Runs(starts, ends)
    images = [{"甲": "a", "乙": "b", "丙": "c"}, {}]
    assert run_maps.not_one_to_one(codes, "甲乙丙，丁", arrays, [3, 1], None, images) == []
    assert run_maps.not_one_to_one(codes, "ab丙，丁", arrays, [3, 1], None, images) == []
    assert run_maps.not_one_to_one(codes, "甲乙x，丁", arrays, [3, 1], None, images) == [(0, 0)]
    # a run that changes length is refined; the next run is compared at its shifted place
    text2 = "甲乙丙，丁戊己"
    starts2, ends2 = alignment.cut_runs(text2, [], [])[:2]
    codes2, arrays2 = run_maps.codes(text2), run_maps.Runs(starts2, ends2)
    assert run_maps.not_one_to_one(codes2, "abcd，丁戊己", arrays2, [4, 3], None, images) == [
        (0, 0)
    ]
    assert run_maps.not_one_to_one(codes2, "abcd，xyz", arrays2, [4, 3], None, images) == [
        (0, 0),
        (1, 1),
    ]
    # an image that is not one character: the caller asks run by run
    assert run_maps.not_one_to_one(codes, text, arrays, [3, 1], None, [{"甲": "ab"}, {}]) is None


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.sampled_from([Script.SIMPLIFIED, Script.TRADITIONAL]), st.booleans())
def test_align_gives_the_same_map_either_way(text: str, source: Script, protect: bool) -> None:
    configs = configs_for(source, Script.TAIWAN)
    cuts, protected = _case(text)

    def aligned() -> object:
        return alignment.align(
            text,
            lambda t: convert_chain(t, configs),
            cuts=cuts,
            protected=protected if protect else (),
            plain=(lambda t: convert_config(t, "s2tw")) if protect else None,
        )

    saved = alignment._BULK_RUNS
    try:
        alignment._BULK_RUNS = 0
        bulk = aligned()
        alignment._BULK_RUNS = 10**9
        one_by_one = aligned()
    finally:
        alignment._BULK_RUNS = saved
    assert bulk == one_by_one
