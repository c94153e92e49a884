"""The import report dialog: rows say where (line and context), not code-point offsets."""

from __future__ import annotations

from reader.text.importer import bundled_article
from reader.ui.window.report_dialog import Lines, PositionRole, ReportDialog


def test_lines_count_from_one() -> None:
    lines = Lines("一\n二\n\n三")
    assert [lines.line(p) for p in (0, 1, 2, 4, 5)] == [1, 1, 2, 3, 4]
    assert lines.label(5) == "line 4"


def test_rows_show_line_and_context_not_offsets(qtbot) -> None:  # type: ignore[no-untyped-def]
    document = bundled_article()
    text = document.text
    jumps: list[int] = []
    dialog = ReportDialog(document, [("Extra (1)", [(text.index("梁文鋒"), "a name", "ctx")])],
                          jumps.append)
    qtbot.addWidget(dialog)
    dialog.resize(720, 520)
    dialog.show()
    qtbot.waitExposed(dialog)
    tree = dialog.tree
    assert tree.headerItem().text(0) == "Where"
    rows = [tree.topLevelItem(t).child(c) for t in range(tree.topLevelItemCount())
            for c in range(tree.topLevelItem(t).childCount())]
    assert rows
    for row in rows:
        pos = row.data(0, PositionRole)
        assert row.text(0) == f"line {text.count(chr(10), 0, pos) + 1}"
        assert not row.text(0).isdigit()
    stray = tree.topLevelItem(1).child(0)
    assert stray.text(2).startswith("…") and stray.text(2).endswith("…")
    assert "\n" not in stray.text(2)
    damaged = tree.topLevelItem(2).child(0)
    assert not damaged.text(1).rstrip("0123456789").endswith(" at ")
    # the section titles take their whole row; the Where column stays narrow
    assert tree.topLevelItem(0).isFirstColumnSpanned()
    assert tree.columnWidth(0) < tree.viewport().width() // 5
    tree.itemActivated.emit(rows[-1], 0)
    assert jumps == [text.index("梁文鋒")]
