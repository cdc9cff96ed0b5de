"""Development: the embedded defaults, a throwaway key, DEBUG on."""

from .base import *  # noqa: F403
from .env import env

DEBUG = env("DEBUG", default=True, cast=bool)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
