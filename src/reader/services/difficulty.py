"""How hard each document is: its HSK 3.0 profile, graded once per text and remembered.

The words are the text's Han runs cut by longest match against the syllabus's own word list
(no word model to load: a 640k-character book is graded in about a second), less the names
of people and companies in the glossary, graded by :func:`reader.language.words.hsk.profile`. ``reader level`` prints one profile; the library
grades every document it lists, on its worker, and keeps the results in the cache folder
(``levels-v1.json``, by the text's hash: derived data, rebuilt when missing or unreadable), so a
text is graded once per machine.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reader.language.words.glossary import Glossary
from reader.language.words.hsk import LEVELS, LevelProfile, hsk_words, level_name, profile

#: Glossary categories that are names, not vocabulary.
NAME_CATEGORIES = ("person", "company")
CACHE_NAME = "levels-v1.json"


def text_words(text: str, glossary: Glossary | None = None) -> list[str]:
    """The words of ``text`` a profile grades: its Han runs cut by longest match against the
    syllabus's word list (``hsk_words``), less the glossary's names of people and companies
    (深度求索, 梁文鋒: not vocabulary)."""
    if glossary is not None:
        names = [
            (m.start, m.end) for m in glossary.find_all(text) if m.entry.category in NAME_CATEGORIES
        ]
        if names:
            chars = list(text)
            for start, end in names:
                chars[start:end] = " " * (end - start)
            text = "".join(chars)
    return hsk_words(text)


def summary(graded: LevelProfile) -> dict[str, Any]:
    """What the library keeps of a profile: the level, the sort key and the shares."""
    return {
        "level": graded.level,
        "sort": list(graded.sort_key),
        "words": graded.total,
        "shares": [round(graded.share(level), 4) for level in LEVELS],
    }


def summary_text(entry: dict[str, Any]) -> tuple[str, str]:
    """The library cell and its tool tip for a kept summary."""
    level = entry.get("level")
    if not entry.get("words"):
        return "—", "No Chinese words to grade"
    cell = level_name(level)
    shares = entry.get("shares") or []
    lines = [
        f"{level_name(lv)}: {share:.0%}" for lv, share in zip(LEVELS, shares, strict=False)
    ]
    tip = (
        f"{cell}: its words and easier ones cover 90 % of the {entry['words']:,} running "
        "words\n" + "\n".join(lines)
    )
    return cell, tip


class LevelCache:
    """Summaries by text hash, in a JSON file of the cache folder."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / CACHE_NAME
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self.entries = {k: v for k, v in data.items() if isinstance(v, dict)}
        except (OSError, ValueError):
            self.entries = {}  # derived data: graded again

    def save(self) -> None:
        """Write the file whole (a temporary file replaced over it); a failure is ignored:
        the levels are graded again next time."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".levels-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.entries, fh, ensure_ascii=False)
            os.replace(temp, self.path)
        except OSError:
            pass


def grade_documents(
    documents: Iterable[tuple[int, str]],
    text_of: Callable[[int], str],
    cache_folder: Path,
    glossary: Callable[[], Glossary | None] = lambda: None,
) -> dict[int, dict[str, Any]]:
    """The summary of each (document id, text hash): from the cache, else graded (the text
    read with ``text_of``; ``glossary()``, asked once when first needed, names the names to
    leave out) and kept."""
    cache = LevelCache(cache_folder)
    names: Glossary | None = None
    asked = False
    out: dict[int, dict[str, Any]] = {}
    changed = False
    for document_id, sha256 in documents:
        entry = cache.entries.get(sha256)
        if entry is None:
            if not asked:
                names, asked = glossary(), True
            entry = summary(profile(text_words(text_of(document_id), names)))
            cache.entries[sha256] = entry
            changed = True
        out[document_id] = entry
    if changed:
        cache.save()
    return out


def user_glossary(rows: Iterable[Any]) -> Glossary:
    """The bundled glossary with the user's rows (their names are left out too)."""
    from reader.services.user_glossary import build_glossary

    return build_glossary(Glossary.load_bundled(), list(rows))
