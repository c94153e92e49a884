"""OpenCC's own test cases, run through the project's conversion API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.language.scripts.script import convert_config

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
