"""The native Telegram channel's settings: a token that looks like one, an https webhook, and
the token never shown when the settings are printed."""

from __future__ import annotations

import pytest

from camau.config import SettingsError, load_settings


def test_settings_telegram_token_is_checked_and_kept_secret() -> None:
    settings = load_settings(telegram_token="123456789:AAE-secret_part")
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == "123456789:AAE-secret_part"
    assert "AAE-secret_part" not in repr(settings)
    with pytest.raises(SettingsError, match=r"^CAMAU_TELEGRAM_TOKEN: .*BotFather"):
        load_settings(telegram_token="not a token")
    assert load_settings(telegram_token="  ").telegram_token is None


def test_settings_telegram_webhook_must_be_https() -> None:
    url = "https://camau.example.cymru/api/telegram"
    assert load_settings(telegram_webhook_url=url).telegram_webhook_url == url
    with pytest.raises(SettingsError, match=r"^CAMAU_TELEGRAM_WEBHOOK_URL: .*https"):
        load_settings(telegram_webhook_url="http://camau.example.cymru/api/telegram")
