"""OpenCC's own test cases, run through the project's conversion API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.language.scripts.converters import convert_config
from reader.language.scripts.script import Script, convert

CASES_FILE = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "opencc" / "testcases.json"
)


def _checks() -> list[tuple[str, str, str, str]]:
    if not CASES_FILE.is_file():
        return []
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    return [
        (case["id"], config, case["input"], expected)
        for case in cases
        for config, expected in sorted(case["expected"].items())
    ]


CHECKS = _checks()


@pytest.mark.skipif(not CHECKS, reason="../shared/data/opencc/testcases.json is absent")
@pytest.mark.parametrize(
    ("case_id", "config", "text", "expected"),
    CHECKS or [("none", "s2t", "", "")],
    ids=[f"{c[0]}-{c[1]}" for c in CHECKS] or ["absent"],
)
def test_opencc_case(case_id: str, config: str, text: str, expected: str) -> None:
    assert convert_config(text, config) == expected


@pytest.mark.skipif(not CHECKS, reason="../shared/data/opencc/testcases.json is absent")
def test_all_543_checks_are_collected() -> None:
    assert len(CHECKS) == 543
    assert len({c[1] for c in CHECKS}) == 16


#: OpenCC's configuration → the (source, target) of the reader's conversion that runs it.
BY_MEANING = {
    "s2t": (Script.SIMPLIFIED, Script.TRADITIONAL),
    "s2twp": (Script.SIMPLIFIED, Script.TAIWAN),
    "s2hk": (Script.SIMPLIFIED, Script.HONGKONG),
    "t2s": (Script.TRADITIONAL, Script.SIMPLIFIED),
}
#: Where conversion by meaning writes otherwise than plain OpenCC, on purpose.
DIFFERENT_BY_MEANING = {
    "variants_tw_s2twp-s2twp": "社區 stays: a neighbourhood, not 社群 'online community'",
    "BYVoid_OpenCC_Issue_933_s2twp-s2twp": "默認 stays: 'accept tacitly', not only 'default'",
    "BYVoid_OpenCC_PR_508-s2twp": "默認 stays (here the software sense is lost: 預設 fits)",
    "BYVoid_OpenCC_Issue_767_solace-t2s": "慰藉著 → 慰藉着: the particle zhe, read in context",
}


@pytest.mark.skipif(not CHECKS, reason="../shared/data/opencc/testcases.json is absent")
def test_cases_through_conversion_by_meaning() -> None:
    """The cases of the four configurations the reader uses, through ``convert``: the same
    output except where a decision by meaning is listed above."""
    differ = {}
    for case_id, config, text, expected in CHECKS:
        if config in BY_MEANING:
            source, target = BY_MEANING[config]
            if convert(text, target, source).text != expected:
                differ[f"{case_id}-{config}"] = text
    assert set(differ) == set(DIFFERENT_BY_MEANING)
    assert sum(c[1] in BY_MEANING for c in CHECKS) == 286
