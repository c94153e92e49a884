"""Help › About: the app, its licence, CC-CEDICT's credit and every third-party component.

The components, versions and licences come from :func:`reader.services.credits.components`
(the installed distributions' metadata, which the frozen bundle carries too); CC-CEDICT's
attribution, with the date of the data in use, is the one its licence asks for.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from reader import __version__
from reader.language.words.dictionary_credit import dictionary_credit
from reader.services.credits import Component, components

APP_LICENCE = "MIT"


def _row(component: Component) -> str:
    name = html.escape(component.name)
    if component.url.startswith(("https://", "http://")):
        name = f'<a href="{html.escape(component.url)}">{name}</a>'
    return (
        f"<tr><td>{name}</td><td>{html.escape(component.version)}</td>"
        f"<td>{html.escape(component.licence or 'see its notice')}</td></tr>"
    )


def about_html(listed: list[Component] | None = None) -> str:
    """The About text: the app, CC-CEDICT's credit, then one table row per component."""
    listed = components() if listed is None else listed
    rows = "".join(_row(c) for c in listed)
    return (
        f"<h3>Reader {html.escape(__version__)}</h3>"
        "<p>A reading assistant for learners of Chinese: scripts, pinyin, dictionary, notes — "
        f"all offline. Licensed under the {APP_LICENCE} licence.</p>"
        f"<p>{dictionary_credit().html()}</p>"
        "<p>Reader is built on the work of others, each under its own licence (the packaged "
        "app carries their texts in THIRD_PARTY_NOTICES and its <tt>licenses</tt> folder):</p>"
        '<table cellspacing="0" cellpadding="3">'
        "<tr><th align=left>Component</th><th align=left>Version</th>"
        "<th align=left>Licence</th></tr>"
        f"{rows}</table>"
    )


class AboutDialog(QDialog):
    """The About box: scrollable, links open in the browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Reader")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setObjectName("aboutText")
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 520)
