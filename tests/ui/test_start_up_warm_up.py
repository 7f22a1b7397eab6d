"""Start-up time: the window and the sign-in screen are painted before Qt's big namespace loads, and what does
not depend on who signs in is warmed up while the person types, stopping when the sign-in screen closes."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from carelog.ui.services_later import ServicesLater
from carelog.ui.warm_up import WarmUp, warm_up_steps


def test_window_and_sign_in_screen_are_painted_without_qt_namespace() -> None:
    """PySide6 makes the Qt namespace's hundred-odd enums the first time it is touched (~40 ms): not before the
    first paint of the window and the sign-in screen (the warm-up then loads it while the person types)."""
    code = (
        "import PySide6.QtCore as core\n"
        "from carelog.app import run_gui\n"
        "from carelog.ui.main_window import MainWindow\n"
        "from carelog.ui.qt_app import ensure_qapp\n"
        "from carelog.ui.services_later import ServicesLater\n"
        "app = ensure_qapp()\n"
        "window = MainWindow('x')\n"
        "window.show()\n"
        "app.processEvents()\n"
        "import sys\n"
        "late = ('carelog.ui.pages.registry', 'carelog.ui.events', 'carelog.core.dto')\n"
        "print([m for m in late if m in sys.modules])\n"
        "from carelog.ui.dialogs.sign_in_dialog import SignInDialog\n"
        "dialog = SignInDialog(ServicesLater())\n"
        "dialog.warm_up.stop = lambda: None\n"
        "dialog.warm_up.start = lambda: None\n"  # (the warm-up itself loads it, on purpose)
        "dialog.show()\n"
        "app.processEvents()\n"
        "print('Qt' in vars(core), dialog.isVisible())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "False True"]  # nor the registry, the events, core.dto


def test_fractional_scaling_is_passed_through(qapp) -> None:  # type: ignore[no-untyped-def]
    """ensure_qapp no longer sets the rounding policy (that touched Qt's namespace): Qt 6's default is it."""
    from carelog.ui.qt_app import ensure_qapp

    ensure_qapp()
    assert QGuiApplication.highDpiScaleFactorRoundingPolicy() == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough


def test_warm_up_runs_every_step_in_order_then_stops(qtbot) -> None:  # type: ignore[no-untyped-def]
    done: list[int] = []
    warm = WarmUp(steps=iter([lambda i=i: done.append(i) for i in range(50)]))
    warm.start()
    qtbot.waitUntil(lambda: warm.finished)
    assert done == list(range(50)) and not warm.running


def test_a_failing_step_is_logged_and_the_rest_still_run(qtbot, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    done: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    warm = WarmUp(steps=iter([broken, lambda: done.append("after")]))
    with caplog.at_level(logging.ERROR, logger="carelog.ui.warm_up"):
        warm.start()
        qtbot.waitUntil(lambda: warm.finished)
    assert done == ["after"]
    assert any("warm-up step failed" in r.getMessage() for r in caplog.records)


def test_the_real_steps_make_qt_classes_and_build_no_visible_widget(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    before = {id(w) for w in qapp.topLevelWidgets()}
    warm = WarmUp()
    warm.start()
    qtbot.waitUntil(lambda: warm.finished, timeout=20_000)
    qapp.processEvents()
    shown = [w for w in qapp.topLevelWidgets() if id(w) not in before and w.isVisible()]
    assert shown == []  # nothing is put on screen
    assert sum(1 for _ in warm_up_steps()) > 500  # every class of QtCore, QtGui and QtWidgets


def test_the_warm_up_stops_when_the_sign_in_screen_closes(qtbot) -> None:  # type: ignore[no-untyped-def]
    from carelog.ui.dialogs.sign_in_dialog import SignInDialog

    ran: list[int] = []
    dialog = SignInDialog(ServicesLater())
    qtbot.addWidget(dialog)
    dialog.warm_up = WarmUp(dialog, steps=iter([lambda i=i: ran.append(i) for i in range(10**6)]))
    dialog.show()
    qtbot.waitUntil(lambda: len(ran) > 0)
    assert dialog.warm_up.running
    dialog.reject()  # Quit (or signed in: accept) ends it, so nothing of it runs after Return
    assert not dialog.warm_up.running
    count = len(ran)
    qtbot.wait(50)
    assert len(ran) == count < 10**6
