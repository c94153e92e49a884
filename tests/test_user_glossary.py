"""User glossary rows ↔ core entries, validation, and merging into the bundled glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.language.words.glossary import Glossary
from reader.paths.cache import default_cache_dir
from reader.services.user_glossary import (
    UserEntryDraft,
    alias_variants,
    build_glossary,
    decode_explanations,
    draft_from_entry,
    draft_from_row,
    encode_explanations,
    entry_from_row,
    parse_aliases,
    row_id,
    user_entry_id,
)
from reader.storage.files.opening import open_store
from reader.storage.records import GlossaryEntry as Row


def _row(**kw: object) -> Row:
    base: dict[str, object] = {
        "id": 7,
        "headword": "幻方量化",
        "aliases": ("High-Flyer",),
        "category": "company",
        "gloss": "High-Flyer",
        "explanations": encode_explanations("A hedge fund.", "量化基金。"),
        "created_at": "t",
        "updated_at": "t",
    }
    base.update(kw)
    return Row(**base)  # type: ignore[arg-type]


def test_ids_round_trip() -> None:
    assert user_entry_id(12) == "user:12" and row_id("user:12") == 12
    assert row_id("deepseek") is None and row_id("user:x") is None


def test_explanations_json_and_plain_text() -> None:
    text = encode_explanations(" Eng ", "中文", replaces="moe")
    assert decode_explanations(text) == ("Eng", "中文", "moe")
    assert decode_explanations("just English") == ("just English", "", "")
    assert decode_explanations("{not json") == ("{not json", "", "")
    assert decode_explanations('{"en": 3, "zh": "好"}') == ("", "好", "")


def test_parse_aliases_and_variants() -> None:
    assert parse_aliases("a, b，c\n b、幻方;  ", headword="幻方") == ("a", "b", "c")
    assert alias_variants("DeepSeek", ["Deep"]) == ()
    assert "深度求索" not in alias_variants("深度求索", [])
    assert "梁文锋" in alias_variants("梁文鋒", [])


def test_entry_from_row_user_id_and_both_scripts() -> None:
    entry = entry_from_row(_row(headword="梁文鋒", aliases=("Liang Wenfeng",)))
    assert entry.user and entry.id == "user:7"
    assert entry.headword == "梁文鋒"
    assert "梁文锋" in entry.aliases and "Liang Wenfeng" in entry.aliases
    assert (entry.explanation_en, entry.explanation_zh) == ("A hedge fund.", "量化基金。")
    assert entry_from_row(_row(category="bogus")).category == "concept"


def test_validation() -> None:
    assert UserEntryDraft("詞").problems() == {}
    problems = UserEntryDraft("  ", category="nope", gloss="a\nb").problems()
    assert set(problems) == {"headword", "category", "gloss"}
    fields = UserEntryDraft(" 詞 ", ("詞", "ci", "ci"), "concept", "g", "en", "zh").store_fields()
    assert fields["headword"] == "詞" and fields["aliases"] == ["ci"]
    assert decode_explanations(fields["explanations"]) == ("en", "zh", "")


def test_build_glossary_user_wins_and_overrides(tmp_path: Path) -> None:
    bundled = Glossary.load_bundled()
    deepseek = bundled.by_id("deepseek")
    assert deepseek is not None
    override = draft_from_entry(deepseek)
    assert override.replaces == "deepseek"
    store = open_store(tmp_path / "db.sqlite3", backup_on_open=False).store
    assert store is not None
    ops = store.operations
    ops.add_glossary_entry(**{**override.store_fields(), "gloss": "My DeepSeek"})
    ops.add_glossary_entry(
        "螢火三號",
        aliases=[],
        category="hardware",
        gloss="Fire-Flyer 3",
        explanations=encode_explanations("made up", ""),
    )
    rows = store.glossary_entries()
    store.close()
    merged = build_glossary(bundled, rows)
    assert merged.by_id("deepseek") is None
    found = {m.entry.gloss for m in merged.find_all("深度求索和DeepSeek與萤火三号")}
    assert found == {"My DeepSeek", "Fire-Flyer 3"}
    replaces = {row.headword: draft_from_row(row).replaces for row in rows}
    assert replaces == {"深度求索": "deepseek", "螢火三號": ""}


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"HOME": "/h"}, "/h/.cache/reader/reader"),
        ("linux", {"HOME": "/h", "XDG_CACHE_HOME": "/x"}, "/x/reader/reader"),
        ("linux", {"HOME": "/h", "XDG_CACHE_HOME": "rel"}, "/h/.cache/reader/reader"),
        ("darwin", {"HOME": "/h"}, "/h/Library/Caches/reader/reader"),
        ("win32", {"HOME": "/h", "LOCALAPPDATA": "/L"}, "/L/reader/reader/cache"),
    ],
)
def test_default_cache_dir(platform: str, env: dict[str, str], expected: str) -> None:
    assert default_cache_dir(env, platform) == Path(expected)


def test_default_cache_dir_matches_qt(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    old = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("reader")
    QCoreApplication.setApplicationName("reader")
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    finally:
        QCoreApplication.setOrganizationName(old[0])
        QCoreApplication.setApplicationName(old[1])
    assert Path(qt) == default_cache_dir()
