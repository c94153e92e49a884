"""Markdown files are read as prose: formatting marks out, words and readings kept."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.importer import import_document
from reader.text.markdown_text import markdown_to_text

SOURCE = """# 標題 #

這是**重要**的*文件*，有[鏈接](http://example.com)、![圖](a.png)和`代碼`。

- 第一
1. 第二

```
code(x)
```

> 引用的話

[ref]: http://example.com
snake_case_name 和 2*3*4
"""


def test_marks_removed_words_kept() -> None:
    text, removed = markdown_to_text(SOURCE)
    assert text.startswith("標題\n")
    assert "這是重要的文件，有鏈接、圖和代碼。" in text
    assert "• 第一" in text and "1. 第二" in text
    assert "code(x)" in text and "```" not in text
    assert "引用的話" in text and ">" not in text
    assert "http://example.com" not in text
    assert "snake_case_name 和 2*3*4" in text  # not emphasis
    assert removed >= 10


def test_markdown_import_extracts_readings_and_reports() -> None:
    doc = import_document("## 會(huì)議\n\n**發(fā)布**了".encode(), "notes.md")
    assert doc.text == "會議\n\n發布了"
    assert doc.readings == {0: "hui4", 4: "fa1"}
    assert "Markdown" in doc.report.summary()


def test_txt_files_keep_their_asterisks() -> None:
    assert import_document("**不是標記**".encode(), "a.txt").text == "**不是標記**"


@given(st.text(alphabet=st.sampled_from(list("深度求索模型 abc\n")), max_size=60))
def test_plain_prose_passes_through(text: str) -> None:
    out, removed = markdown_to_text(text)
    assert removed == 0 and out == text


# The patterns markdown_text.py used to apply (some quadratic on adversarial lines): the
# linear version must give the same text and count on any input.
class Reference:
    FENCE = re.compile(r"^\s{0,3}(```|~~~)")
    HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$")
    SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
    RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
    QUOTE = re.compile(r"^\s{0,3}>\s?")
    BULLET = re.compile(r"^(\s*)[-*+]\s+")
    LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
    IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
    LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
    STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
    EMPHASIS = re.compile(
        r"(?<![A-Za-z0-9*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![A-Za-z0-9*])"
        r"|(?<![A-Za-z0-9_])_(?=\S)([^_\n]+?)(?<=\S)_(?![A-Za-z0-9_])"
    )
    STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
    CODE = re.compile(r"`([^`\n]+)`")

    @classmethod
    def markdown_to_text(cls, text: str) -> tuple[str, int]:
        removed = 0
        out: list[str] = []
        lines = text.split("\n")
        in_fence = False
        for index, line in enumerate(lines):
            if cls.FENCE.match(line):
                in_fence = not in_fence
                removed += 1
                continue
            if in_fence:
                out.append(line)
                continue
            if cls.LINK_DEFINITION.match(line):
                removed += 1
                continue
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if cls.SETEXT.match(line) and out and out[-1].strip() and not cls.RULE.match(following):
                removed += 1
                continue
            if cls.RULE.match(line):
                out.append("")
                removed += 1
                continue
            heading = cls.HEADING.match(line)
            if heading:
                line = heading.group(1)
                removed += 1
            quote = cls.QUOTE.match(line)
            if quote:
                line = line[quote.end():]
                removed += 1
            line, n = cls.BULLET.subn(r"\1• ", line)
            removed += n
            for pattern, replacement in (
                (cls.IMAGE, r"\1"), (cls.LINK, r"\1"), (cls.STRONG, r"\2"), (cls.STRIKE, r"\1"),
                (cls.CODE, r"\1"),
            ):
                line, n = pattern.subn(replacement, line)
                removed += n
            line, n = cls.EMPHASIS.subn(lambda m: m.group(1) or m.group(2), line)
            removed += n
            out.append(line)
        return "\n".join(out), removed


MARKDOWN_BITS = [
    "#", "##", "# ", " ", "  ", "\t", "\u3000", "a", "文", "*", "**", "_", "__", "~~", "~",
    "[", "]", "(", ")", "![", "](", "][", "`", "-", "=", ">", ":", "\n", "1", "x y",
]


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_BITS), max_size=30).map("".join))
def test_same_result_as_the_reference_patterns(text: str) -> None:
    assert markdown_to_text(text) == Reference.markdown_to_text(text)


@pytest.mark.parametrize(
    "line",
    [
        "# 標題", "# 標題 ##", "# 標題#", "#  # ", "# a   ", "# a \t#\t ", "# ##", "##### x ## ##",
        "![圖](a.png) 和 [鏈接](b) 和 [參考][r]", "[a]( [b][c]", "![a](![b](c)", "[]x[y](z)",
        "**粗** __也粗__ ~~刪~~ ***三***", "**a **b**", "** a**", "~~a ~~b~~",
    ],
)
def test_examples_match_the_reference(line: str) -> None:
    assert markdown_to_text(line) == Reference.markdown_to_text(line)


@pytest.mark.parametrize(
    "line",
    [
        "# a" + " " * 40_000 + "b",  # 11 s before: the heading's closing #s searched from each space
        "# a" + " " * 40_000 + "#b",
        "**a " * 8000,  # 3 s before: each ** searched the rest of the line for its closer
        "__a " * 8000,
        "~~a " * 8000,
        "![" * 16_000,
        "![a](" * 30_000,
        "[" * 32_000,
        "[a](" * 30_000,
    ],
    ids=["heading", "heading-hash", "strong", "underline", "strike", "image", "image-target",
         "link", "link-target"],
)
def test_adversarial_lines_are_quick(line: str) -> None:
    start = time.perf_counter()
    markdown_to_text(line)
    assert time.perf_counter() - start < 1.0
