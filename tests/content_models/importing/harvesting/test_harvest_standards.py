"""harvest_standards as operators run it: JSON Lines and CSV catalogues from files and URLs, idempotent,
all or nothing."""

import io
import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from content_models.models import PublishingEvent, Standard
from content_models.importing.harvesting import csv_catalogue
from content_models.importing.harvesting.harvest import CatalogueData, harvest
from content_models.importing.harvesting.sources import Fetched, SourceError, guess_format, read_source, read_url
from tests import factories

pytestmark = pytest.mark.django_db

DEMO_FILE = Path(settings.BASE_DIR) / "content_models" / "demo" / "data" / "demo_content.jsonl"
HEADER = "identifier,title,category,version,status,description,url,owner,related"
# The 16 document types of OIOUBL 2.1 (shared/data/oio-standards.md).
OIOUBL_DOCUMENT_TYPES = (
    "ApplicationResponse", "Catalogue", "CatalogueDeletion", "CatalogueItemSpecificationUpdate",
    "CataloguePricingUpdate", "CatalogueRequest", "CreditNote", "Invoice", "Order", "OrderCancellation",
    "OrderChange", "OrderResponse", "OrderResponseSimple", "Reminder", "Statement", "UtilityStatement",
)


def standard(identifier, **fields):
    return {"kind": "standard", "identifier": identifier, "title": identifier.replace("-", " "),
            "category": "standard", **fields}


CATALOGUE = [
    standard("OIOUBL-2.1", version="2.1", status="gældende", owner="Digitaliseringsstyrelsen",
             url="https://oioubl21.oioubl.dk/", related=["OIOUBL-2.1-Invoice", "NemHandel"]),
    standard("OIOUBL-2.1-Invoice", version="2.1", related=["OIOUBL-2.1"]),
    standard("NemHandel", category="service", owner="Digitaliseringsstyrelsen", related=["OIOUBL-2.1"]),
]


@dataclass
class Output:
    stdout: str
    stderr: str


def jsonl(lines) -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")


@pytest.fixture
def write(tmp_path):
    def write_file(content, name="catalogue.jsonl"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write_file


def run(source, *args, **options) -> Output:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("harvest_standards", str(source), *args, stdout=stdout, stderr=stderr, **options)
    return Output(stdout.getvalue(), stderr.getvalue())


def events():
    return list(PublishingEvent.objects.filter(kind="standard").values_list("identifier", "action"))


def related(identifier):
    return sorted(Standard.objects.get(identifier=identifier).related.values_list("identifier", flat=True))


# --- JSON Lines and CSV files ----------------------------------------------------------------------------------------


def test_a_jsonl_catalogue_creates_publishes_and_links_standards(write):
    path = write(jsonl(CATALOGUE))
    output = run(path)
    assert output.stdout.splitlines() == [
        "created (3): OIOUBL-2.1, OIOUBL-2.1-Invoice, NemHandel",
        f"Harvested {path}: 3 changed, 0 unchanged.",
    ]
    oioubl = Standard.objects.get(identifier="OIOUBL-2.1")
    assert (oioubl.live, oioubl.version, oioubl.owner) == (True, "2.1", "Digitaliseringsstyrelsen")
    assert related("OIOUBL-2.1") == ["NemHandel", "OIOUBL-2.1-Invoice"]
    assert related("NemHandel") == ["OIOUBL-2.1"]
    assert Standard.objects.get(identifier="NemHandel").category == "service"
    assert sorted(events()) == [("NemHandel", "PUBLISHED"), ("OIOUBL-2.1", "PUBLISHED"),
                                ("OIOUBL-2.1-Invoice", "PUBLISHED")]


def test_a_csv_catalogue_takes_danish_category_names_and_both_related_separators(write):
    content = (
        f"{HEADER}\n"
        "OIOUBL-2.1,OIOUBL 2.1,Standard,2.1,gældende,\"Dansk tilpasning af OASIS UBL,\nmed 16 dokumenttyper.\","
        "https://oioubl21.oioubl.dk/,Digitaliseringsstyrelsen,NemHandel; OIOUBL-2.1-Invoice\n"
        "NemHandel,NemHandel,tjeneste,,,,,,OIOUBL-2.1|OIOUBL-2.1-Invoice\n"
        "\n"
        "OIOUBL-2.1-Invoice,OIOUBL 2.1 Invoice,standard,2.1,,,,,\n"
        "Teknisk-intro,En teknisk introduktion til NemHandel,Arkitekturdokument,2014,,,,,NemHandel\n"
        "Digitaliseringsstyrelsen,Digitaliseringsstyrelsen,ORGANISATION,,,,https://digst.dk,,\n"
    )
    output = run(write(content, "catalogue.csv"))
    assert output.stdout.splitlines()[0] == (
        "created (5): OIOUBL-2.1, NemHandel, OIOUBL-2.1-Invoice, Teknisk-intro, Digitaliseringsstyrelsen"
    )
    oioubl = Standard.objects.get(identifier="OIOUBL-2.1")
    assert oioubl.description == "Dansk tilpasning af OASIS UBL,\nmed 16 dokumenttyper."
    assert (oioubl.url, oioubl.owner, oioubl.status) == ("https://oioubl21.oioubl.dk/", "Digitaliseringsstyrelsen",
                                                         "gældende")
    categories = dict(Standard.objects.values_list("identifier", "category"))
    assert categories == {"OIOUBL-2.1": "standard", "NemHandel": "service", "OIOUBL-2.1-Invoice": "standard",
                          "Teknisk-intro": "architecture_document", "Digitaliseringsstyrelsen": "organisation"}
    assert related("OIOUBL-2.1") == ["NemHandel", "OIOUBL-2.1-Invoice"]
    assert related("NemHandel") == ["OIOUBL-2.1", "OIOUBL-2.1-Invoice"]
    assert Standard.objects.get(identifier="NemHandel").version == ""


def test_a_semicolon_delimited_csv_as_danish_spreadsheets_write_it(write):
    content = ("\ufeffIdentifier;Title;Category;Related\n"
               "A;Standard A;Standard;B|C\nB;Standard B;Standard;\nC;C;Tjeneste;\n")
    run(write(content.encode("utf-8"), "katalog.csv"))
    assert related("A") == ["B", "C"]


def test_harvesting_the_same_catalogue_again_changes_nothing_and_appends_no_event(write):
    path = write(jsonl(CATALOGUE))
    run(path)
    before = PublishingEvent.objects.count()
    output = run(path)
    assert output.stdout.splitlines() == ["unchanged (3)", f"Harvested {path}: 0 changed, 3 unchanged."]
    assert PublishingEvent.objects.count() == before
    verbose = run(path, verbosity=2)
    assert verbose.stdout.splitlines()[0] == "unchanged (3): OIOUBL-2.1, OIOUBL-2.1-Invoice, NemHandel"


def test_the_same_csv_again_is_unchanged(write):
    path = write(f"{HEADER}\nA,Standard A,Standard,1.0,,,https://example.dk/a,,B\nB,Standard B,Tjeneste,,,,,,\n",
                 "catalogue.csv")
    run(path)
    before = PublishingEvent.objects.count()
    assert run(path).stdout.splitlines()[-1] == f"Harvested {path}: 0 changed, 2 unchanged."
    assert PublishingEvent.objects.count() == before


def test_a_changed_field_is_reported_as_updated_and_publishes_one_event(write):
    run(write(jsonl(CATALOGUE)))
    last = PublishingEvent.objects.latest("sequence").sequence
    changed = [CATALOGUE[0], {**CATALOGUE[1], "status": "gældende"}, CATALOGUE[2]]
    output = run(write(jsonl(changed)))
    assert output.stdout.splitlines()[:2] == ["updated (1): OIOUBL-2.1-Invoice", "unchanged (2)"]
    new_events = PublishingEvent.objects.filter(sequence__gt=last).values_list("identifier", "action")
    assert list(new_events) == [("OIOUBL-2.1-Invoice", "PUBLISHED")]
    assert Standard.objects.get(identifier="OIOUBL-2.1-Invoice").status == "gældende"


def test_withdraw_missing_unpublishes_live_standards_the_catalogue_no_longer_lists(write):
    factories.make_standard("OIOXML", title="OIOXML")
    factories.make_standard("Udkast", title="Aldrig publiceret", live=False)
    path = write(jsonl(CATALOGUE))
    run(path)
    assert Standard.objects.get(identifier="OIOXML").live  # only withdrawn when asked for

    output = run(path, "--withdraw-missing")
    assert output.stdout.splitlines() == ["withdrawn (1): OIOXML", "unchanged (3)",
                                          f"Harvested {path}: 1 changed, 3 unchanged."]
    assert not Standard.objects.get(identifier="OIOXML").live
    assert events()[-1] == ("OIOXML", "UNPUBLISHED")
    # Withdrawn standards stay in the catalogue as drafts; a second run has nothing to withdraw.
    assert run(path, "--withdraw-missing").stdout.splitlines()[0] == "unchanged (3)"


def test_withdraw_missing_refuses_an_empty_catalogue(write):
    factories.make_standard("OIOXML", title="OIOXML")
    with pytest.raises(CommandError, match="the catalogue is empty; refusing to withdraw every published standard"):
        run(write(f"{HEADER}\n", "empty.csv"), "--withdraw-missing")
    assert Standard.objects.get(identifier="OIOXML").live


def test_live_false_and_delete_lines_are_reported(write):
    factories.make_standard("OIOXML", title="OIOXML")
    factories.make_standard("Gammel", title="Gammel")
    lines = [*CATALOGUE, {"kind": "standard", "identifier": "OIOXML", "live": False},
             {"kind": "standard", "identifier": "Gammel", "delete": True}]
    output = run(write(jsonl(lines)), "--withdraw-missing")
    assert output.stdout.splitlines()[:3] == ["created (3): OIOUBL-2.1, OIOUBL-2.1-Invoice, NemHandel",
                                              "unpublished (1): OIOXML", "deleted (1): Gammel"]
    assert not Standard.objects.filter(identifier="Gammel").exists()


def test_dry_run_says_what_would_change_and_saves_nothing(write):
    factories.make_standard("OIOXML", title="OIOXML")
    output = run(write(jsonl(CATALOGUE)), "--dry-run", "--withdraw-missing")
    assert output.stdout.splitlines() == [
        "would create (3): OIOUBL-2.1, OIOUBL-2.1-Invoice, NemHandel",
        "would withdraw (1): OIOXML",
        "Dry run, rolled back: 4 would change, 0 unchanged. Nothing was saved.",
    ]
    assert list(Standard.objects.values_list("identifier", "live")) == [("OIOXML", True)]
    assert events() == [("OIOXML", "PUBLISHED")]


# --- bad input: line and field, and nothing stored -------------------------------------------------------------------

GOOD_ROW = "A,Standard A,Standard,,,,https://example.dk/a,,"


@pytest.mark.parametrize(("content", "expected"), [
    (f"{HEADER},colour\n{GOOD_ROW},blå\n",
     "line 1: colour: unknown column; remove it (the columns are identifier, title, category, version, status, "
     "description, url, owner, related)"),
    ("title,category\nStandard A,Standard\n",
     "line 1: identifier: required column is missing; the header must name identifier, title, category"),
    (f"{HEADER}\n{GOOD_ROW}\n,Uden identifikator,Standard,,,,,,\n",
     "line 3: identifier: required field is missing"),
    (f"{HEADER}\n{GOOD_ROW}\nB,Standard B,Lov,,,,,,\n",
     "line 3: category: must be one of standard, architecture_document, service, organisation; got 'Lov'"),
    (f"{HEADER}\n{GOOD_ROW}\nB,Standard B,Standard,,,,ftp://example.dk/b,,\n",
     "line 3: url: must be an http or https URL, got 'ftp://example.dk/b'"),
    (f"{HEADER}\n{GOOD_ROW}\nB,Standard B,Standard,,,,,,C\n",
     "line 3: related[0]: unknown standard 'C' (define it in this file or in the admin)"),
    (f"{HEADER}\n{GOOD_ROW}\nB,Standard B,Standard\n",
     "line 3: -: has 3 values but the header has 9 columns; put values holding the delimiter in double quotes"),
    (f'{HEADER}\nB,Standard B,Standard,,,"To\nlinjer",,,\nC,Standard C,Tjeneste,,,,www.example.dk,,\n',
     "line 4: url: must be an http or https URL, got 'www.example.dk'"),  # numbered as the CSV's lines
    (f'{HEADER}\n{GOOD_ROW}\nB,"Standard B,Standard,,,,,,\n',
     "line 3: -: not valid CSV: unexpected end of data; check the quoting (a value holding the delimiter, a quote "
     "or a line break must be in double quotes)"),
])
def test_a_bad_csv_names_the_line_and_field_and_stores_nothing(write, content, expected):
    with pytest.raises(CommandError) as failure:
        run(write(content, "catalogue.csv"))
    assert str(failure.value) == f"1 invalid line(s); nothing was harvested:\n{expected}"
    assert not Standard.objects.exists()
    assert events() == []


def test_a_csv_that_is_not_utf8_says_how_to_save_it(write):
    with pytest.raises(CommandError, match=r'line 2: -: not valid UTF-8 \(byte \d+\); save the file as UTF-8'):
        run(write(f"{HEADER}\nA,Ærø,Standard,,,,,,\n".encode("cp1252"), "catalogue.csv"))


def test_errors_go_to_stderr_when_called_from_code(write):
    content = f"{HEADER}\n{GOOD_ROW}\nB,Standard B,Lov,,,,,,\n"
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("harvest_standards", str(write(content, "c.csv")), stdout=stdout, stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "line 3: category: must be one of standard, architecture_document, service, organisation; got 'Lov'"
    ]
    assert stdout.getvalue().splitlines() == ["Nothing harvested: 1 invalid line(s). Fix them and harvest again."]


def test_other_kinds_are_refused_and_nothing_is_stored(write):
    lines = [*CATALOGUE, {"kind": "topic", "slug": "bolig", "title": "Bolig"}, {"identifier": "X"}]
    with pytest.raises(CommandError) as failure:
        run(write(jsonl(lines)))
    assert str(failure.value).splitlines()[1:] == [
        "line 4: kind: only standard lines can be harvested, got 'topic'; import other kinds with import_content",
        'line 5: kind: required field is missing; a catalogue holds only "kind": "standard" lines',
    ]
    assert not Standard.objects.exists()


def test_invalid_jsonl_reports_the_pipelines_errors(write):
    lines = [CATALOGUE[0], {**CATALOGUE[1], "colour": "blå"}, CATALOGUE[2]]
    with pytest.raises(CommandError) as failure:
        run(write(jsonl(lines)))
    listing = str(failure.value).splitlines()
    assert listing[0] == "3 invalid line(s); nothing was harvested:"  # lines 1 and 3 relate to line 2
    assert listing[2].startswith("line 2: colour: unknown field; remove it")
    assert not Standard.objects.exists()


# --- URLs -------------------------------------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    routes: dict  # path -> (content type, body)


@pytest.fixture
def http_server():
    routes: dict = {}
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/slow":
                release.wait(5)  # longer than the client's timeout
            if self.path not in routes:
                self.send_error(404)
                return
            content_type, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            # A body shorter than its Content-Length: the connection drops mid-transfer.
            length = len(body) * 2 if self.path == "/cut.jsonl" else len(body)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass  # keep test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{server.server_port}", routes)
    release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_harvesting_from_a_url_uses_the_content_type(http_server):
    http_server.routes["/katalog"] = ("application/x-ndjson; charset=utf-8", jsonl(CATALOGUE))
    output = run(f"{http_server.url}/katalog")
    assert output.stdout.splitlines()[-1] == f"Harvested {http_server.url}/katalog: 3 changed, 0 unchanged."
    assert related("OIOUBL-2.1") == ["NemHandel", "OIOUBL-2.1-Invoice"]

    csv_body = f"{HEADER}\nOIOUBL-2.1-Invoice,OIOUBL 2.1 Invoice,Standard,2.1,gældende,,,,OIOUBL-2.1\n".encode()
    http_server.routes["/katalog.csv?v=2"] = ("application/octet-stream", csv_body)
    output = run(f"{http_server.url}/katalog.csv?v=2")
    assert output.stdout.splitlines()[0] == "updated (1): OIOUBL-2.1-Invoice"


def test_a_missing_url_gives_a_clear_error(http_server):
    with pytest.raises(CommandError) as failure:
        run(f"{http_server.url}/findes-ikke.jsonl")
    assert str(failure.value) == f"cannot fetch {http_server.url}/findes-ikke.jsonl: HTTP 404 Not Found; check the URL"


def test_an_unreachable_url_gives_a_clear_error():
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CommandError, match=rf"^cannot reach http://127.0.0.1:{port}/katalog.jsonl: .*; "
                                           "check the address and the network$"):
        run(f"http://127.0.0.1:{port}/katalog.jsonl")


def test_a_slow_server_times_out(http_server):
    with pytest.raises(SourceError, match=r"no answer within 0.2 s; try again later"):
        read_url(f"{http_server.url}/slow", timeout=0.2)


def test_a_catalogue_larger_than_the_cap_is_refused(http_server):
    http_server.routes["/stor.jsonl"] = ("application/x-ndjson", b"x" * 100)
    with pytest.raises(SourceError, match=r"is larger than the 50 bytes allowed"):
        read_url(f"{http_server.url}/stor.jsonl", max_bytes=50)
    assert len(read_url(f"{http_server.url}/stor.jsonl", max_bytes=100).data) == 100


def test_a_cut_off_download_is_refused_rather_than_harvested_in_part(http_server):
    factories.make_standard("OIOXML", title="OIOXML")
    http_server.routes["/cut.jsonl"] = ("application/x-ndjson", jsonl(CATALOGUE))
    with pytest.raises(CommandError, match=r"the connection closed after \d+ of \d+ bytes; try again later"):
        run(f"{http_server.url}/cut.jsonl", "--withdraw-missing")
    assert list(Standard.objects.values_list("identifier", "live")) == [("OIOXML", True)]


def test_file_urls_and_bad_sources(write):
    path = write(jsonl(CATALOGUE))
    with pytest.raises(CommandError, match="file:// URLs are read only with --allow-file"):
        run(path.as_uri())
    assert Standard.objects.count() == 0
    run(path.as_uri(), "--allow-file")
    assert Standard.objects.count() == 3
    with pytest.raises(CommandError, match="cannot read /findes/ikke.csv: No such file or directory; check the path"):
        run("/findes/ikke.csv")
    with pytest.raises(SourceError, match="unsupported URL scheme 'ftp'"):
        read_source("ftp://example.dk/katalog.csv")


@pytest.mark.parametrize(("name", "content_type", "data", "expected"), [
    ("katalog.csv", "", b"{}", "csv"),
    ("katalog.NDJSON", "", b"", "jsonl"),
    ("https://example.dk/katalog", "text/csv", b"", "csv"),
    ("https://example.dk/katalog", "text/plain", b'\n {"kind":"standard"}', "jsonl"),
    ("-", "", b"\xef\xbb\xbfidentifier;title;category\n", "csv"),
])
def test_the_format_is_guessed_from_extension_content_type_or_content(name, content_type, data, expected):
    assert guess_format(Fetched(data, name, content_type)) == expected


def test_an_unguessable_format_asks_for_format(write):
    with pytest.raises(CommandError, match="give --format jsonl or --format csv"):
        run(write("navn,titel\n", "katalog.txt"))
    path = write(f"{HEADER}\nA,Standard A,Standard,,,,,,\n", "katalog.txt")
    run(path, "--format", "csv")
    assert Standard.objects.filter(identifier="A").exists()


# --- the service and the demo's seed data ----------------------------------------------------------------------------


def test_the_service_reports_identifiers_per_action():
    factories.make_standard("OIOXML", title="OIOXML")
    report = harvest(CatalogueData(jsonl(CATALOGUE)), withdraw_missing=True)
    assert (report.applied, report.created, report.withdrawn, report.changed) == (
        True, ["OIOUBL-2.1", "OIOUBL-2.1-Invoice", "NemHandel"], ["OIOXML"], 4)
    csv_report = harvest(csv_catalogue.read_csv(f"{HEADER}\nOIOXML,OIOXML,Standard,,,,,,\n".encode()))
    assert (csv_report.updated, csv_report.unchanged) == (["OIOXML"], [])  # published again
    assert Standard.objects.get(identifier="OIOXML").live


def demo_standard_lines() -> bytes:
    lines = DEMO_FILE.read_text(encoding="utf-8").splitlines()
    return "".join(line + "\n" for line in lines if json.loads(line)["kind"] == "standard").encode("utf-8")


def test_the_demo_seed_standards_cover_the_oio_catalogue():
    report = harvest(CatalogueData(demo_standard_lines()))
    assert report.errors == []
    identifiers = set(report.created)
    required = {"OIOUBL-2.1", "NemHandel", "OIORASP", "OIOXML", "OIOSAML-3.0.3", "OIOIDWS-1.0.1a", "MeMo-1.1",
                "MeMo-1.2", "CPSV-AP-3.2.0", "Digitaliseringsstyrelsen"}
    document_types = {f"OIOUBL-2.1-{name}" for name in OIOUBL_DOCUMENT_TYPES}
    assert required | document_types <= identifiers

    # OIOUBL 2.1 and its 16 document types link both ways.
    assert {i for i in related("OIOUBL-2.1") if i.startswith("OIOUBL-2.1-")} == document_types
    for identifier in document_types:
        assert "OIOUBL-2.1" in related(identifier)
    assert "OIORASP" in related("NemHandel") and "NemHandel" in related("OIORASP")
    assert "OIOSAML-3.0.3" in related("OIOIDWS-1.0.1a")

    standards = Standard.objects.all()
    assert all(s.live and s.description for s in standards)
    assert set(standards.values_list("category", flat=True)) == {c.value for c in Standard.Category}
    for identifier in ("OIOUBL-2.1", "NemHandel", "OIORASP", "OIOSAML-3.0.3", "OIOIDWS-1.0.1a", "MeMo-1.1"):
        assert Standard.objects.get(identifier=identifier).owner == "Digitaliseringsstyrelsen"
    assert Standard.objects.get(identifier="OIOSAML-3.0.3").version == "3.0.3"

    before = PublishingEvent.objects.count()
    again = harvest(CatalogueData(demo_standard_lines()))
    assert (again.changed, len(again.unchanged)) == (0, len(identifiers))
    assert PublishingEvent.objects.count() == before
