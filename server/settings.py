"""Settings from the environment (HARMONIZE_*), overridable by CLI flags."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HARMONIZE_")

    # The URL alone chooses the engine: sqlite:///file.db (embedded default) or postgresql+psycopg://...
    database_url: str = "sqlite:///harmonize.db"
    # Folder of source documents (one sub-folder per jurisdiction); no default outside the project.
    corpus: Path | None = None
    host: str = "127.0.0.1"
    port: int = 50051
    # Page tokens are signed so a client cannot forge offsets; replicas must share the secret.
    page_token_secret: str = "harmonize-page-token-v1"


def load_settings(**overrides) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
