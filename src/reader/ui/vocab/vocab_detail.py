"""The vocabulary dock's detail pane: the chosen word's HTML."""

from __future__ import annotations

import html

from reader.services.study_export import marked_sentence, pinyin_marks
from reader.storage.records import VocabularyItem
from reader.ui.vocab.vocab_model import STATUS_LABELS, word_label


def detail_html(item: VocabularyItem, muted: str = "#777777") -> str:
    """The detail pane's HTML: word, reading, status, meaning, sentences (word in bold),
    source, glossary entry and note. ``muted`` colours the secondary lines."""
    forms = (item.simplified, item.traditional)
    muted_style = f"color:{muted}"
    lines = [
        f'<span style="font-size:x-large">{html.escape(word_label(item))}</span>'
        f"&nbsp;&nbsp;{html.escape(pinyin_marks(item.reading))}"
        f'&nbsp;&nbsp;<span style="{muted_style}">'
        f"{html.escape(STATUS_LABELS.get(item.status, item.status))}</span>"
    ]
    if item.definition:
        lines.append(html.escape(item.definition))
    if item.sentence:
        lines.append(marked_sentence(item.sentence, forms))
    if item.sentence_other and item.sentence_other != item.sentence:
        lines.append(marked_sentence(item.sentence_other, forms))
    if item.source_title:
        where = f"From 《{html.escape(item.source_title)}》"
        if item.document_id is None:
            where += " (no longer in the library)"
        lines.append(f'<span style="{muted_style}">{where}</span>')
    elif item.document_id is None and item.sentence:
        lines.append(
            f'<span style="{muted_style}">Its document is no longer in the library.</span>'
        )
    if item.glossary:
        lines.append(f"<i>Glossary:</i> {html.escape(item.glossary)}")
    if item.note:
        lines.append("<i>Note:</i> " + html.escape(item.note).replace("\n", "<br>"))
    parts = [f'<p style="margin:0 0 4px 0">{line}</p>' for line in lines]
    return "".join(parts)
