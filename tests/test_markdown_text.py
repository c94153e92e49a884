"""Markdown files are read as prose: formatting marks out, words and readings kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.importer import import_document
from reader.core.markdown_text import markdown_to_text

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
