"""The security suite: the reproductions of issue 11 (hostile rich text, request forgery, CPR in statistics and
logs, citizen sessions, import limits, rate-limit identity, concurrent SQLite writers, and smaller items), kept as
tests that run on SQLite and PostgreSQL. Decisions: docs/decisions/0011-hardening.md."""
