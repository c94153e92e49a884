"""The word model's table (issue O): a trie and its indexes give the segmentation the dict gave."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.segmentation.folding import Folder
from reader.language.segmentation.model import TERM_MARGIN, UNKNOWN_COUNT, WordModel
from reader.language.segmentation.word_costs import WordCosts

#: A few Han characters, one past the indexes' code points (U+323B0 is unassigned: any code
#: point must work) and one from Extension B.
ALPHABET = "中国人民和美大模型\U00020000\U000323b0"
TOTAL = 1000.0


def dict_solve(costs: dict[str, float], terms: dict[str, float], run: str) -> list[int]:
    """The segmentation as a dict of the words and their prefixes computed it (before O)."""
    table = dict(costs)
    table.update(terms)
    for word in list(table):
        for k in range(1, len(word)):
            table.setdefault(word[:k], math.inf)
    unknown = math.log(TOTAL) - math.log(UNKNOWN_COUNT)
    n = len(run)
    best, ends = [0.0] * (n + 1), [0] * n
    for i in range(n - 1, -1, -1):
        cost = table.get(run[i])
        best_cost = (unknown if cost is None or cost == math.inf else cost) + best[i + 1]
        best_end = i + 1
        j = i + 2
        while cost is not None and j <= n:
            cost = table.get(run[i:j])
            if cost is not None and cost != math.inf and cost + best[j] <= best_cost:
                best_cost, best_end = cost + best[j], j
            j += 1
        best[i], ends[i] = best_cost, best_end
    return ends


words_st = st.dictionaries(
    st.text(ALPHABET, min_size=1, max_size=5),
    st.sampled_from([1.5, 2.0, 3.25, 7.0]),  # ties on purpose: the longer word wins them
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(costs=words_st, terms=st.lists(st.text(ALPHABET, min_size=1, max_size=4), max_size=5),
       run=st.text(ALPHABET, max_size=30))
def test_the_trie_and_its_indexes_segment_as_the_dict_did(
    costs: dict[str, float], terms: list[str], run: str
) -> None:
    model = WordModel.from_costs(costs, TOTAL, Folder({}))
    assert model.best_ends(run) == dict_solve(costs, {}, run)
    with_terms = model.with_terms(terms)
    # a term not Han (U+323B0) is left out; the others cost what with_terms made them
    term_costs = {t: c for t in terms if (c := with_terms.cost(t)) is not None}
    assert with_terms.best_ends(run) == dict_solve(costs, term_costs, run)
    for start in range(len(run)):
        expected = [j for j in range(start + 1, len(run) + 1)
                    if run[start:j] in costs or run[start:j] in term_costs]
        assert with_terms.words_in(run, start) == expected


def test_a_term_is_kept_whole_over_its_split() -> None:
    model = WordModel.from_costs({"大": 2.0, "模型": 2.0}, TOTAL, Folder({}))
    assert model.best_ends("大模型") == [1, 3, 3]
    with_terms = model.with_terms(["大模型"])
    assert with_terms.best_ends("大模型")[0] == 3
    assert with_terms.cost("大模型") == model.path_cost("大模型") - TERM_MARGIN
    assert model.cost("大模型") is None and len(with_terms) == len(model) + 1


def test_a_table_survives_its_bytes() -> None:
    costs = {"中国": 3.5, "中": 6.0, "中华人民": 9.25, "\U00020000": 11.0}
    table = WordCosts.from_dict(costs, unknown_cost=12.0)
    back = WordCosts.from_bytes(table.to_bytes(), table.longest)
    assert dict(back.items()) == costs and back.longest == 4
    assert back.get("中华") is None and back.get("中华人民") == 9.25
    assert back.singles[ord("中")] == 6.0 and back.singles[ord("国")] == 12.0
