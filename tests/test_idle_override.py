"""The accessibility-tree check's shorter idle wait: only shorter, never in a built app."""

from __future__ import annotations

import sys

import pytest

from spf_desktop.gui.audit.idle_override import IDLE_WARN_ENV, idle_warn_seconds


def test_unset_keeps_the_normal_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(IDLE_WARN_ENV, raising=False)
    assert idle_warn_seconds(90.0) == 90.0


@pytest.mark.parametrize(("raw", "expected"), [
    ("8", 8.0), ("0", 1.0), ("-5", 1.0), ("600", 90.0), ("soon", 90.0), ("nan", 90.0),
    ("", 90.0),
])
def test_the_check_can_only_shorten_the_wait(monkeypatch: pytest.MonkeyPatch, raw: str,
                                             expected: float) -> None:
    monkeypatch.setenv(IDLE_WARN_ENV, raw)
    assert idle_warn_seconds(90.0) == expected


def test_a_built_app_ignores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(IDLE_WARN_ENV, "8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert idle_warn_seconds(90.0) == 90.0


def test_participant_mode_started_from_the_view_uses_it(qtbot, monkeypatch) -> None:
    monkeypatch.setenv(IDLE_WARN_ENV, "8")
    from spf_desktop.gui.audit.view import AuditView

    view = AuditView()
    qtbot.addWidget(view)
    assert view.kiosk_options["idle_warn"] == 8.0
    assert view.kiosk_options["idle_discard"] == 30.0
