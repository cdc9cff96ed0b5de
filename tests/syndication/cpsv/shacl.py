"""Offline JSON-LD parsing and SHACL validation against the official CPSV-AP 3.2.0 files."""

import json
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace

from syndication.cpsv.export import DATA_DIR

REPO_ROOT = Path(__file__).resolve().parents[3]
# CI and developers have the reference data at ../shared beside the repository; the project keeps a copy.
SHARED_DIR = REPO_ROOT.parent / "shared" / "data" / "cpsv-ap-3.2.0"
SH = Namespace("http://www.w3.org/ns/shacl#")


def source_dirs() -> list[Path]:
    """Where to read the official files from: ../shared when present, and always the project copy."""
    return [path for path in (SHARED_DIR, DATA_DIR) if (path / "cpsv-ap-SHACL.ttl").is_file()]


def source_params():
    return [pytest.param(path, id="shared" if path == SHARED_DIR else "project") for path in source_dirs()]


def official_file(name: str) -> Path:
    """One official file, from ../shared when present, else the project copy."""
    return next(path / name for path in (SHARED_DIR, DATA_DIR) if (path / name).is_file())


@contextmanager
def no_network():
    """Fail loudly if anything tries to open a connection (for instance, to fetch a remote @context)."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    original = socket.socket.connect, socket.create_connection, socket.getaddrinfo
    socket.socket.connect, socket.create_connection, socket.getaddrinfo = refuse, refuse, refuse
    try:
        yield
    finally:
        socket.socket.connect, socket.create_connection, socket.getaddrinfo = original


def parse_jsonld(document: dict | bytes | str) -> Graph:
    data = document if isinstance(document, (bytes, str)) else json.dumps(document)
    with no_network():
        return Graph().parse(data=data, format="json-ld")


def load_example(directory: Path | None = None) -> dict:
    """The official example with its remote @context URL replaced by the local 3.2.0 context."""
    example = json.loads(official_file("example-rdf_public_service.jsonld").read_text(encoding="utf-8"))
    context = json.loads(official_file("cpsv-ap.jsonld").read_text(encoding="utf-8"))["@context"]
    assert isinstance(example["@context"][0], str) and example["@context"][0].startswith("https://")
    example["@context"] = [context, *example["@context"][1:]]
    return example


class Report:
    def __init__(self, conforms: bool, graph: Graph, text: str):
        self.conforms, self.graph, self.text = conforms, graph, text

    def violations(self, component=None) -> list:
        results = []
        for result in self.graph.subjects(SH.resultSeverity, SH.Violation):
            if component is None or (result, SH.sourceConstraintComponent, SH[component]) in self.graph:
                results.append(result)
        return results


def shacl_validate(data: Graph, shapes_dir: Path, inference: str = "none") -> Report:
    shapes = Graph().parse(shapes_dir / "cpsv-ap-SHACL.ttl", format="turtle")
    options = {}
    if inference != "none":
        options["ont_graph"] = Graph().parse(shapes_dir / "cpsv-ap.ttl", format="turtle")
    with no_network():
        conforms, graph, text = validate(
            data, shacl_graph=shapes, inference=inference, abort_on_first=False, allow_warnings=False, **options
        )
    return Report(conforms, graph, text)
