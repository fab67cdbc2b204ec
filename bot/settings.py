"""The one Settings object: environment variables, validated once at start."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_FIXES = {
    "SLACK_BOT_TOKEN": "set it to the app's xoxb- bot token (Slack app > OAuth & Permissions)",
    "SLACK_SIGNING_SECRET": "set it to the app's signing secret (Slack app > Basic Information)",
    "SLACK_APP_TOKEN": "set it to an xapp- app-level token with connections:write (Socket Mode only)",
    "SLACK_API_URL": "use a URL ending in /, e.g. https://slack.com/api/",
    "DATABASE_URL": "use sqlite:///pilotbot.db or postgresql://user@host/db",
    "PILOTBOT_CONFIG": "point it at the pilot's TOML file",
    "PORT": "use a whole number between 1 and 65535, e.g. PORT=3000",
    "PILOTBOT_API_TOKEN": "use a long random string",
}


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming it and the fix."""


class Settings(BaseSettings):
    """Everything pilotbot reads from the environment."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = "sqlite:///pilotbot.db"
    pilotbot_config: Path = Path("pilotbot.toml")
    port: int = Field(default=3000, ge=1, le=65535)
    pilotbot_api_token: SecretStr | None = None

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError("must be an http(s) URL ending in /")
        return value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must start with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must start with xapp-")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgresql://", "postgres://", "postgresql+psycopg://")):
            raise ValueError("must start with sqlite:// or postgresql://")
        return value

    def require(self, *names: str) -> None:
        """Stops with one line per missing setting a command cannot run without."""
        missing = [name for name in names if getattr(self, name.lower()) is None]
        if missing:
            name = missing[0]
            raise SettingsError(f"{name} is not set: {_FIXES[name]}")


def load_settings(**overrides: object) -> Settings:
    """Builds Settings from the environment, turning validation errors into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "setting"
        fix = _FIXES.get(name, "check its value")
        raise SettingsError(f"{name} is malformed ({first['msg']}): {fix}") from None
