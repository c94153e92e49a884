"""Read Aloud: speak the selection, or the sentence at the cursor, with a Chinese voice.

Backends, in order of preference:

1. Qt TextToSpeech, when ``PySide6.QtTextToSpeech`` is importable (it ships in
   PySide6-Addons, not in PySide6-Essentials) and offers a zh_CN / zh_TW / zh_HK voice;
2. a speech command found on ``PATH``, run with :class:`QProcess` (never blocking the GUI):
   ``spd-say -l zh`` (speech-dispatcher), ``espeak-ng -v cmn`` (only when
   ``espeak-ng --voices=cmn`` lists the Mandarin voice), or macOS ``say`` with a Chinese voice;
3. none: :meth:`ReadAloud.available` returns ``(False, explanation)`` telling the user what
   to install.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QProcess, Signal
from PySide6.QtWidgets import QMessageBox, QTextEdit, QWidget

from reader.language.scripts.utf16 import Utf16Index
from reader.services.vocabulary import sentence_around

#: The longest text handed to a speech command at once (a command line has limits).
MAX_CHARS = 4000

CHINESE_LOCALES = ("zh_CN", "zh_TW", "zh_HK")

UNAVAILABLE_MESSAGE = (
    "No Chinese voice is installed, so reader cannot read aloud.\n\n"
    "On Debian/Ubuntu: sudo apt install espeak-ng (it includes the Mandarin voice “cmn”), "
    "or speech-dispatcher with a Chinese voice. On Fedora: sudo dnf install espeak-ng. "
    "On macOS, add a Chinese voice (e.g. Tingting) in System Settings › Accessibility › "
    "Spoken Content. Then restart reader."
)

Which = Callable[[str], str | None]


@dataclass(frozen=True)
class SpeechCommand:
    """A speech program and the arguments that go before the text."""

    name: str
    program: str
    args: tuple[str, ...]
    #: Arguments that silence the speech when killing the program is not enough.
    stop_args: tuple[str, ...] = ()

    def arguments(self, text: str) -> list[str]:
        """The full argument list for speaking ``text`` (``--`` keeps a leading "-" text)."""
        return [*self.args, "--", text]


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


def _espeak_has_mandarin(program: str) -> bool:
    lines = _run([program, "--voices=cmn"]).splitlines()[1:]  # the first line is a header
    return any(len(line.split()) > 1 and line.split()[1].startswith("cmn") for line in lines)


def _mac_chinese_voice(program: str) -> str | None:
    for line in _run([program, "-v", "?"]).splitlines():
        head = line.split("#", 1)[0].split()
        if len(head) >= 2 and head[-1] in CHINESE_LOCALES:
            return " ".join(head[:-1])
    return None


def find_speech_command(which: Which = shutil.which) -> tuple[SpeechCommand | None, str]:
    """The first usable speech command, or None and why none could be used."""
    notes: list[str] = []
    spd = which("spd-say")
    if spd:
        return SpeechCommand("speech-dispatcher", spd, ("-w", "-l", "zh"), ("-C",)), ""
    espeak = which("espeak-ng")
    if espeak:
        if _espeak_has_mandarin(espeak):
            return SpeechCommand("espeak-ng", espeak, ("-v", "cmn")), ""
        notes.append("espeak-ng is installed but lists no Mandarin voice (cmn).")
    say = which("say") if sys.platform == "darwin" else None
    if say:
        voice = _mac_chinese_voice(say)
        if voice:
            return SpeechCommand("macOS say", say, ("-v", voice)), ""
        notes.append("macOS has no Chinese voice installed.")
    return None, " ".join(notes)


def _qt_engine(parent: QObject) -> tuple[Any | None, str]:
    """A QTextToSpeech engine set to a Chinese locale, or None and the reason."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # type: ignore[import-not-found]
    except ImportError:
        return None, "Qt TextToSpeech is not installed (PySide6-Addons)."
    from PySide6.QtCore import QLocale

    if not QTextToSpeech.availableEngines():
        return None, "Qt TextToSpeech has no speech engine."
    engine = QTextToSpeech(parent)
    if engine.state() == QTextToSpeech.State.Error:
        engine.deleteLater()
        return None, f"Qt TextToSpeech failed: {engine.errorString()}"
    locales = [
        loc for loc in engine.availableLocales() if loc.language() == QLocale.Language.Chinese
    ]
    locales.sort(key=lambda loc: (loc.name() not in CHINESE_LOCALES, loc.name()))
    for locale in locales:
        engine.setLocale(locale)
        if engine.availableVoices():
            return engine, ""
    engine.deleteLater()
    return None, "Qt TextToSpeech has no Chinese voice."


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The span ``[s, e)`` of the sentence at code-point ``pos`` of ``text``.

    A position just after a sentence's end mark (where a click at the end of a line puts the
    cursor) belongs to that sentence. Empty ``(pos, pos)`` when there is only space there.
    """
    pos = max(0, min(pos, len(text)))
    for where in (pos, pos - 1):
        if not 0 <= where <= len(text):
            continue
        start, end = sentence_around(text, where, where)
        if text[start:end].strip():
            return start, end
    return pos, pos


def text_to_read(view: QTextEdit) -> str:
    """The selection of ``view``, else the sentence at its cursor (trimmed)."""
    cursor = view.textCursor()
    if cursor.hasSelection():
        return cursor.selectedText().replace("\u2029", "\n").strip()
    plain = view.toPlainText()
    index = Utf16Index(plain)
    position = index.utf16_to_cp(min(cursor.position(), index.utf16_length))
    start, end = sentence_at(plain, position)
    return plain[start:end].strip()


class ReadAloud(QObject):
    """Speaks Chinese text with the best available backend (see the module docstring)."""

    speakingChanged = Signal(bool)  # noqa: N815 (Qt naming)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, use_qt_engine: bool = True) -> None:
        super().__init__(parent)
        self._use_qt_engine = use_qt_engine
        self._detected = False
        self._engine: Any | None = None
        self._command: SpeechCommand | None = None
        self._reason = ""
        self._speaking = False
        #: One process for every utterance: started by speak, killed by stop.
        self._process = QProcess(self)
        self._process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self._process.setStandardInputFile(QProcess.nullDevice())
        self._process.setStandardOutputFile(QProcess.nullDevice())
        self._process.finished.connect(self._finished)
        self._process.errorOccurred.connect(self._error)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # ----------------------------------------------------------------- detection
    def _detect(self) -> None:
        if self._detected:
            return
        self._detected = True
        reasons: list[str] = []
        if self._use_qt_engine:
            self._engine, reason = _qt_engine(self)
            if self._engine is not None:
                return
            reasons.append(reason)
        self._command, reason = find_speech_command()
        if reason:
            reasons.append(reason)
        self._reason = " ".join(r for r in reasons if r)

    def backend(self) -> str:
        """The backend in use: ``Qt TextToSpeech``, a command's name, or "" when none."""
        self._detect()
        if self._engine is not None:
            return "Qt TextToSpeech"
        return self._command.name if self._command else ""

    def available(self) -> tuple[bool, str]:
        """Whether speech works, and a message: the backend used, or what to install."""
        name = self.backend()
        if name:
            return True, f"Reading aloud with {name}."
        detail = f"\n\n({self._reason})" if self._reason else ""
        return False, UNAVAILABLE_MESSAGE + detail

    # ------------------------------------------------------------------ speaking
    def is_speaking(self) -> bool:
        """True while speech is playing (a speech command runs, or the Qt engine speaks)."""
        if self._engine is not None:
            return bool(self._engine.state() == type(self._engine).State.Speaking)
        return self._process.state() != QProcess.ProcessState.NotRunning

    def speak(self, text: str) -> bool:
        """Start speaking ``text`` (stopping any speech in progress); False when unavailable
        or there is nothing to say. Returns at once: speech runs in the background."""
        text = " ".join(text.split())[:MAX_CHARS]
        if not text or not self.available()[0]:
            return False
        self.stop()
        if self._engine is not None:
            self._engine.say(text)
            return True
        assert self._command is not None
        self._set_speaking(True)
        self._process.start(self._command.program, self._command.arguments(text))
        return True

    def stop(self) -> None:
        """Stop speaking now (kills the speech command)."""
        if self._engine is not None:
            self._engine.stop()
            return
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()
            self._process.waitForFinished(2000)
            if self._command is not None and self._command.stop_args:
                QProcess.startDetached(self._command.program, list(self._command.stop_args))
        self._set_speaking(False)

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.speakingChanged.emit(speaking)

    def _finished(self) -> None:
        self._set_speaking(False)

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._set_speaking(False)
            self.failed.emit(f"Could not start {self.backend()}: {self._process.errorString()}")

    # ------------------------------------------------------------------- the view
    def read_from_view(self, view: QTextEdit, parent_for_messages: QWidget | None = None) -> str:
        """Speak the view's selection or the sentence at its cursor; returns what is read.

        When no voice is available, explains what to install in a message box instead.
        """
        ok, message = self.available()
        if not ok:
            QMessageBox.information(parent_for_messages or view, "Read Aloud", message)
            return ""
        text = text_to_read(view)
        return text if self.speak(text) else ""
