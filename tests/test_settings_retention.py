"""Retention settings: defaults, at least a day each, and the audit log kept longest."""

from __future__ import annotations

import pytest

from camau.config import Settings, SettingsError, load_settings

KINDS = ("closed_cases", "reflections", "sent_messages", "audit")


def test_settings_retention_defaults() -> None:
    fields = Settings.model_fields
    assert [fields[f"retain_{kind}_days"].default for kind in KINDS] == [365, 730, 90, 2555]


def test_settings_retention_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMAU_RETAIN_REFLECTIONS_DAYS", "400")
    assert load_settings().retain_reflections_days == 400


@pytest.mark.parametrize(
    "name",
    [
        "CAMAU_RETAIN_CLOSED_CASES_DAYS",
        "CAMAU_RETAIN_REFLECTIONS_DAYS",
        "CAMAU_RETAIN_SENT_MESSAGES_DAYS",
        "CAMAU_RETAIN_AUDIT_DAYS",
    ],
)
def test_settings_retention_refuses_less_than_a_day(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "0")
    with pytest.raises(SettingsError, match=f"^{name}: "):
        load_settings()


@pytest.mark.parametrize(
    "longer", ["CAMAU_RETAIN_CLOSED_CASES_DAYS", "CAMAU_RETAIN_REFLECTIONS_DAYS"]
)
def test_settings_retention_refuses_an_audit_log_kept_less_long_than_another_kind(
    monkeypatch: pytest.MonkeyPatch, longer: str
) -> None:
    monkeypatch.setenv(longer, "3000")
    with pytest.raises(SettingsError, match=r"^CAMAU_RETAIN_AUDIT_DAYS: .*3000 days"):
        load_settings()
