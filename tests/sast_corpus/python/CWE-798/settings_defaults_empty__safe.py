"""Typed settings whose secrets default to empty and are filled from the environment."""

import os
from dataclasses import dataclass, field


@dataclass
class Settings:
    api_url: str = "https://tickets.example.com/api"
    api_token: str = ""
    webhook_secret: str = field(default_factory=lambda: os.environ.get("WEBHOOK_SECRET", ""))

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(api_token=os.environ.get("TICKETS_API_TOKEN", ""))
