"""The runnable examples of the partner guide, read from its Markdown.

An example is a fenced block whose info string names it: ```` ```graphql example=search ````. Blocks of one
example belong together: a GraphQL document, its ``json ... variables``, the ``sh`` (curl) command that sends it,
or code in ``python``, ``javascript`` or ``php``. tests/docs/test_partner_examples.py runs every one of them
against a live server, so the guide cannot drift from the API; GraphiQL opens with the example marked
``graphiql``.
"""

import json
import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DOCS = Path(settings.BASE_DIR) / "docs"
GUIDE = DOCS / "partners.md"
FENCE = re.compile(r"^```(\w+)([^`]*)$")


@dataclass(frozen=True)
class Block:
    language: str
    code: str
    line: int  # where the block starts in its file (1-based), for failure messages
    path: Path
    flags: frozenset[str] = field(default_factory=frozenset)  # e.g. "variables", "graphiql"

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


@dataclass(frozen=True)
class Example:
    name: str
    blocks: tuple[Block, ...]

    def block(self, language: str, flag: str | None = None) -> Block | None:
        for block in self.blocks:
            if block.language == language and (flag is None or flag in block.flags):
                return block
        return None

    @property
    def query(self) -> str | None:
        block = self.block("graphql")
        return block.code if block else None

    @property
    def variables(self) -> dict:
        block = self.block("json", "variables")
        return json.loads(block.code) if block else {}


def blocks(path: Path) -> list[tuple[str, Block]]:
    """Every fenced block of ``path`` that names an example: (example name, block), in document order."""
    found, current, start = [], None, 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if current is None:
            match = FENCE.match(line)
            if match:
                words = shlex.split(match.group(2))
                attributes = dict(word.split("=", 1) for word in words if "=" in word)
                current = (match.group(1), attributes, frozenset(w for w in words if "=" not in w), [])
                start = number
            continue
        if line.startswith("```"):
            language, attributes, flags, lines = current
            if "example" in attributes:
                block = Block(language, "\n".join(lines) + "\n", start, path, flags)
                found.append((attributes["example"], block))
            current = None
            continue
        current[3].append(line)
    return found


@lru_cache(maxsize=4)
def _examples(paths: tuple[Path, ...], stamps: tuple[float, ...]) -> tuple[Example, ...]:
    grouped: dict[str, list[Block]] = {}
    for path in paths:
        for name, block in blocks(path):
            grouped.setdefault(name, []).append(block)
    return tuple(Example(name, tuple(found)) for name, found in grouped.items())


def examples(paths: tuple[Path, ...] = (GUIDE,)) -> tuple[Example, ...]:
    """The examples in document order (read again when a file changes; none from a file that is missing)."""
    present = tuple(path for path in paths if path.is_file())
    return _examples(present, tuple(path.stat().st_mtime for path in present))


def graphiql_example() -> Example | None:
    """The example GraphiQL opens with: the one whose GraphQL block is flagged ``graphiql``."""
    for example in examples():
        block = example.block("graphql", "graphiql")
        if block is not None:
            return example
    return None
