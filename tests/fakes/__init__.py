"""Test doubles for what cannot run here (the national Digital Post service). Never loaded by a settings module."""
