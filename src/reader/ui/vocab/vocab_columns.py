"""How the vocabulary table draws and sizes its columns.

The word is in the reading font (:func:`~reader.ui.common.style.list_cells.list_han_font`), the
reading in tone colours (the user's tone scheme), meaning and note over two lines cut at a
word boundary. The columns always fit the table's width — no sideways scrolling: Word and
Reading get their text's width within a share of the table, Meaning what is left (at least
:data:`MEANING_MIN` pixels); when that is too little, Added, then Note, then Status step
aside until the table is wide enough again (a column the user hid stays hidden), and on a
narrow dock the reading moves under the word (the Reading column steps aside too).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
)

from reader.ui.common.style.list_cells import (
    RUNS_BELOW,
    RUNS_NONE,
    RUNS_ONLY,
    ListCellDelegate,
    list_han_font,
)
from reader.ui.vocab.vocab_model import (
    COLUMN_ADDED,
    COLUMN_MEANING,
    COLUMN_NOTE,
    COLUMN_READING,
    COLUMN_STATUS,
    COLUMN_WORD,
    HEADERS,
)

#: The narrowest Meaning column; narrower tables lose their less needed columns first.
MEANING_MIN = 110
#: Columns that step aside on a narrow table, first to last.
NARROW_ORDER = (COLUMN_ADDED, COLUMN_NOTE, COLUMN_STATUS)
#: Rows whose cells are measured in one slice of the event loop (a delegate's size hint is
#: Python: ~0.1-0.3 ms a cell).
ROWS_A_SLICE = 40
#: Most of the table's width a column sized to its text may take.
_SHARE = {COLUMN_WORD: 0.34, COLUMN_READING: 0.26, COLUMN_NOTE: 0.2}


class VocabColumns(QObject):
    """The table's cell delegates and column widths (see the module docstring)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.word_delegate = ListCellDelegate(view, runs=RUNS_NONE)
        self.reading_delegate = ListCellDelegate(view, runs=RUNS_ONLY)
        self.text_delegate = ListCellDelegate(view, max_lines=2)
        view.setItemDelegateForColumn(COLUMN_WORD, self.word_delegate)
        view.setItemDelegateForColumn(COLUMN_READING, self.reading_delegate)
        view.setItemDelegateForColumn(COLUMN_MEANING, self.text_delegate)
        view.setItemDelegateForColumn(COLUMN_NOTE, self.text_delegate)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_MEANING, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        self.user_hidden: set[int] = set()
        self.narrow_hidden: set[int] = set()
        #: The reading is drawn under the word (the dock is narrow).
        self.compact = False
        self._rows = (0, 0)  # row height: normal, compact
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        #: The cells' text width by (column, compact: the word with its reading under it):
        #: measured over up to ~200 rows with the delegates (Python), kept until the rows,
        #: their data or the fonts change — a resize (the dock shown, dragged) only shares the
        #: width out again. They are measured a few rows a slice; a table shown before then
        #: is fitted to its visible rows' text (:attr:`_visible_widths`) and again once all
        #: are measured (thousands of words: a whole measure is tens of ms of delegate calls).
        self._text_widths: dict[tuple[int, bool], int] = {}
        self._visible_widths: dict[tuple[int, bool], int] = {}
        #: A column being measured a slice at a time: its rows, how many done, widest so far.
        self._partial: dict[tuple[int, bool], tuple[range, int, int]] = {}
        self._measuring = False
        self._refit = False
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                       model.layoutChanged, model.dataChanged):
            signal.connect(self._forget_widths)
        self.set_han_font(None, 18.0)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and (
            watched is self.view.viewport()
        ):
            self.fit()  # the columns fill the width: no sideways scrolling
        return super().eventFilter(watched, event)

    def _forget_widths(self, *_args: object) -> None:
        self._text_widths.clear()
        self._visible_widths.clear()
        self._partial.clear()
        self._start_measuring()

    def _start_measuring(self) -> None:
        if not self._measuring:
            self._measuring = True
            QTimer.singleShot(1, self, self._measure_next)

    def _measure_next(self) -> None:
        """Up to :data:`ROWS_A_SLICE` rows of one column measured, the rest in later slices;
        the table fitted again once every column is (when it is shown)."""
        self._measuring = False
        keys = [(c, False) for c in range(len(HEADERS)) if c != COLUMN_MEANING]
        for key in [*keys, (COLUMN_WORD, True)]:
            if key in self._text_widths:
                continue
            rows, done, widest = self._partial.get(key) or (self._sample(), 0, 0)
            chunk = rows[done : done + ROWS_A_SLICE]
            widest = max(widest, self._measure(*key, chunk))
            if done + len(chunk) < len(rows):
                self._partial[key] = (rows, done + len(chunk), widest)
            else:
                self._partial.pop(key, None)
                self._text_widths[key] = widest
            self._start_measuring()
            return
        if self._refit:
            self._refit = False
            self._visible_widths.clear()
            if self.view.isVisible():
                self.fit()

    def _sample(self, visible_only: bool = False) -> range:
        """The rows a column's width is measured over: those in view (the top ones while
        hidden) and their neighbours, up to the header's precision (as Qt's
        ``sizeHintForColumn`` takes them)."""
        view = self.view
        count = view.model().rowCount()
        top = max(0, view.rowAt(0)) if view.isVisible() else 0
        if visible_only:
            bottom = view.rowAt(view.viewport().height() - 1)
            return range(top, bottom + 1 if bottom >= 0 else count)
        size = min(count, max(1, view.horizontalHeader().resizeContentsPrecision()))
        start = max(0, min(top, count - size))
        return range(start, start + size)

    def _measure(self, column: int, compact: bool, rows: range) -> int:
        """The widest cell of ``column`` on ``rows`` (its delegate's size hint, + the grid)."""
        view = self.view
        delegate = view.itemDelegateForColumn(column) or view.itemDelegate()
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        model = view.model()
        other = column == COLUMN_WORD and compact != self.compact
        if other:
            self.word_delegate.set_runs(RUNS_BELOW if compact else RUNS_NONE)
        try:
            widest = max(
                (delegate.sizeHint(option, model.index(row, column)).width() for row in rows),
                default=0,
            )
        finally:
            if other:
                self.word_delegate.set_runs(RUNS_BELOW if self.compact else RUNS_NONE)
        return widest + 1 if view.showGrid() else widest

    def _text_width(self, column: int) -> int:
        key = (column, self.compact and column == COLUMN_WORD)
        width = self._text_widths.get(key)
        if width is not None:
            return width
        if not self.view.isVisible():
            width = self._text_widths[key] = self._measure(*key, self._sample())
            return width
        self._refit = True  # the whole measure comes in slices, then a fit again
        self._start_measuring()
        width = self._visible_widths.get(key)
        if width is None:
            width = self._measure(*key, self._sample(visible_only=True))
            self._visible_widths[key] = width
        return width

    def set_han_font(self, family: str | None, reading_size: float) -> None:
        """The word column's font: the reading family near the reading size; rows follow."""
        font = list_han_font(family, reading_size)
        self.word_delegate.set_font(font)
        reading = QFont(self.view.font())
        reading.setPointSizeF(max(reading.pointSizeF(), 1.0) * 1.1)
        self.reading_delegate.set_font(reading)
        self._forget_widths()
        ui = QFontMetrics(self.view.font()).lineSpacing()
        han = QFontMetrics(font).lineSpacing()
        self._rows = (max(han, 2 * ui) + 8, max(han + ui, 2 * ui) + 10)
        self._set_row_height()
        self.schedule()

    def _set_row_height(self) -> None:
        row = self._rows[1] if self.compact else self._rows[0]
        vertical = self.view.verticalHeader()
        if vertical.defaultSectionSize() != row:
            vertical.setMinimumSectionSize(min(row, vertical.minimumSectionSize()))
            vertical.setDefaultSectionSize(row)
            vertical.setMinimumSectionSize(row)

    def set_user_hidden(self, column: int, hidden: bool) -> None:
        """The user showed or hid a column (the header's menu)."""
        (self.user_hidden.add if hidden else self.user_hidden.discard)(column)
        self.fit()

    def schedule(self) -> None:
        """Fit the columns once control returns to the event loop (coalesces many rows)."""
        self._timer.start()

    def _wanted(self, column: int, width: int) -> int:
        view = self.view
        header = view.horizontalHeader()
        title = self._title_width(column)
        text = max(self._text_width(column), title)
        share = 0.5 if column == COLUMN_WORD and self.compact else _SHARE.get(column)
        if column == COLUMN_NOTE:  # notes are often empty: a fifth of the width at most
            wanted = max(title, min(text, int(width * 0.2)))
        else:
            wanted = min(text, int(width * share)) if share is not None else text
        return max(wanted, header.minimumSectionSize())  # the header gives no less

    def _title_width(self, column: int) -> int:
        """The header's title with its margins and room for the sort arrow. Measured from
        the text, not ``QHeaderView.sectionSizeHint``: that is 0 for a hidden section, and a
        column that stepped aside would come back too narrow for its title (and wider than
        asked: the header's minimum section size), squeezing Meaning."""
        header = self.view.horizontalHeader()
        option = QStyleOptionHeader()
        option.initFrom(header)
        option.text = str(self.view.model().headerData(column, Qt.Orientation.Horizontal) or "")
        option.section = column
        bold = QFont(header.font())
        bold.setBold(True)  # as Qt measures a title: room for a highlighted (bold) one
        option.fontMetrics = QFontMetrics(bold)
        option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown  # room for the arrow
        size = header.style().sizeFromContents(
            QStyle.ContentsType.CT_HeaderSection, option, QSize(), header
        )
        return size.width() + header.fontMetrics().height()

    def fit(self) -> None:
        """Size and show the columns so that they fill the table's width exactly."""
        self._timer.stop()
        view, header = self.view, self.view.horizontalHeader()
        width = view.viewport().width()
        if width <= 0 or not view.isVisible():  # fitted as it is shown (a dock made hidden)
            return
        shown = [c for c in range(len(HEADERS)) if c not in self.user_hidden]
        natural = {c: self._wanted(c, 10**6) for c in (COLUMN_WORD, COLUMN_READING)}
        reading = natural[COLUMN_READING] if COLUMN_READING in shown else 0
        self.compact = natural[COLUMN_WORD] + reading + MEANING_MIN > width
        self.word_delegate.set_runs(RUNS_BELOW if self.compact else RUNS_NONE)
        self._set_row_height()
        if self.compact:
            shown = [c for c in shown if c != COLUMN_READING]
        wanted = {c: self._wanted(c, width) for c in shown if c != COLUMN_MEANING}
        narrow: set[int] = {COLUMN_READING} if self.compact else set()
        for column in NARROW_ORDER:
            used = sum(w for c, w in wanted.items() if c not in narrow)
            if used + MEANING_MIN <= width:
                break
            if column in wanted:
                narrow.add(column)
        used = sum(w for c, w in wanted.items() if c not in narrow)
        if used + MEANING_MIN > width:  # still too narrow: Word and Reading give way
            scale = max(0.0, (width - MEANING_MIN) / max(1, used))
            wanted = {c: int(w * scale) for c, w in wanted.items()}
        self.narrow_hidden = narrow
        for column in range(len(HEADERS)):
            hidden = column in self.user_hidden or column in narrow
            if view.isColumnHidden(column) != hidden:
                view.setColumnHidden(column, hidden)
            if column in wanted and not hidden and header.sectionSize(column) != wanted[column]:
                header.resizeSection(column, wanted[column])
