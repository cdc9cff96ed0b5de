"""Every example of docs/partners.md runs against a live server, as a partner would run it.

GraphQL blocks are POSTed with their variables and the partner's key; ``sh`` blocks run in bash with $PORTAL and
$PORTAL_KEY set (curl, jq); the signature verifiers run in Python, Node.js and PHP against deliveries signed the
way the dispatcher signs them. Values a partner replaces with its own (the webhook address, an endpoint id) are the
only ones the runner fills in. A block in a language the runner cannot run fails the test, so no example goes
unchecked.
"""

import base64
import json
import subprocess
import time

import pytest
import requests

from syndication.models import WebhookEndpoint
from syndication.partner_docs.examples import Example, examples, graphiql_example
from syndication.webhooks.dispatch import Outgoing, headers_for
from tests.docs.conftest import require

pytestmark = pytest.mark.slow

SECRET, OLD_SECRET = "whsec_docs-example-secret", "whsec_the-secret-before-rotation"
BODY = json.dumps({"id": "5b0c7a1e", "sequence": 4711, "kind": "guide", "slug": "flytning-æøå",
                   "action": "PUBLISHED"}, ensure_ascii=False, separators=(",", ":")).encode()


def signed(secrets, timestamp, body=BODY):
    """Headers exactly as the dispatcher builds them (syndication/webhooks/dispatch.py)."""
    outgoing = Outgoing(url="", secrets=tuple(secrets), body=body, event="guide.PUBLISHED", key="5b0c7a1e")
    headers = headers_for(outgoing, timestamp)
    return headers["X-Portal-Timestamp"], headers["X-Portal-Signature"]


def signature_cases():
    """(description, secret, timestamp, body, header, expected): genuine, rotated, forged, stale, malformed."""
    now = int(time.time())
    timestamp, header = signed([SECRET], now)
    rotated_ts, rotated = signed([SECRET, OLD_SECRET], now)
    old_ts, old_header = signed([SECRET], now - 400)
    future_ts, future_header = signed([SECRET], now + 400)
    return [
        ("genuine", SECRET, timestamp, BODY, header, True),
        ("rotation: the new secret", SECRET, rotated_ts, BODY, rotated, True),
        ("rotation: the old secret", OLD_SECRET, rotated_ts, BODY, rotated, True),
        ("tampered body", SECRET, timestamp, BODY.replace(b"PUBLISHED", b"DELETED"), header, False),
        ("wrong secret", "whsec_someone-else", timestamp, BODY, header, False),
        ("replayed after 400 s", SECRET, old_ts, BODY, old_header, False),
        ("timestamp from the future", SECRET, future_ts, BODY, future_header, False),
        ("timestamp changed", SECRET, str(now - 1), BODY, header, False),
        ("timestamp not a number", SECRET, "yesterday", BODY, header, False),
        ("unknown scheme", SECRET, timestamp, BODY, header.replace("v1=", "v0="), False),
        ("empty header", SECRET, timestamp, BODY, "", False),
    ]


def _cases_json():
    return json.dumps([
        {"secret": secret, "timestamp": ts, "body": base64.b64encode(body).decode(), "header": header}
        for _, secret, ts, body, header, _ in signature_cases()
    ])


def _expected():
    return [(description, expected) for description, *_, expected in signature_cases()]


NODE_HARNESS = """
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(cases.map((c) => verifyPortalSignature(c.secret, c.timestamp,
  Buffer.from(c.body, "base64"), c.header))));
"""
PHP_HARNESS = """
$cases = json_decode(stream_get_contents(STDIN), true);
echo json_encode(array_map(fn ($c) => verify_portal_signature($c['secret'], $c['timestamp'],
  base64_decode($c['body']), $c['header']), $cases));
"""


class Runner:
    """Runs one example's blocks in document order against the live portal, keeping what later ones need."""

    def __init__(self, live_portal, receiver, workdir):
        self.portal, self.receiver, self.workdir = live_portal, receiver, workdir
        self.endpoint_id = None
        self.outputs: dict[str, list] = {}

    def env(self):
        return {"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(self.workdir), "PORTAL": self.portal.url,
                "PORTAL_KEY": self.portal.key, "WEBHOOK_URL": self.receiver.endpoint_url("/portal-webhook")}

    def graphql(self, example: Example):
        variables = example.variables
        if "input" in variables and "url" in variables["input"]:
            variables["input"]["url"] = self.receiver.endpoint_url("/portal-webhook")  # your address
        if "id" in variables:
            variables["id"] = self.endpoint_id  # your endpoint's id
        response = requests.post(f"{self.portal.url}/graphql/", json={"query": example.query, "variables": variables},
                                 headers={"Authorization": f"Bearer {self.portal.key}"}, timeout=30)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body and body["data"], body
        created = body["data"].get("createWebhookEndpoint")
        if created:
            self.endpoint_id = created["endpoint"]["id"]
        return body["data"]

    def sh(self, code: str):
        for program in ("curl", "jq"):
            require(program)
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=self.workdir, env=self.env(),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def python(self, code: str):
        namespace = {}
        exec(compile(code, "docs/partners.md", "exec"), namespace)  # noqa: S102 - the guide's own code
        return [namespace["verify_portal_signature"](c[1], c[2], c[3], c[4]) for c in signature_cases()]

    def javascript(self, code: str, name: str):
        node = require("node")
        if name == "search-browser":
            call = "searchPortal(process.env.PORTAL, 'flytning', '751').then((r) => console.log(JSON.stringify(r)));"
            done = subprocess.run([node, "-e", code + call], env=self.env(), capture_output=True, text=True,
                                  timeout=30, check=True)
            return json.loads(done.stdout)
        done = subprocess.run([node, "-e", code + NODE_HARNESS], input=_cases_json(), capture_output=True, text=True,
                              timeout=30, check=True)
        return json.loads(done.stdout)

    def php(self, code: str):
        php = require("php")
        source = self.workdir / "verify.php"
        source.write_text(code + PHP_HARNESS, encoding="utf-8")
        done = subprocess.run([php, str(source)], input=_cases_json(), capture_output=True, text=True, timeout=30,
                              check=True)
        return json.loads(done.stdout)

    def run(self, example: Example):
        for block in example.blocks:
            if block.language == "json":
                assert "variables" in block.flags, f"{block.where}: a json block of an example holds its variables"
                json.loads(block.code)
            elif block.language == "graphql":
                self.outputs.setdefault(example.name, []).append(self.graphql(example))
            elif block.language == "sh":
                self.outputs.setdefault(example.name, []).append(self.sh(block.code))
            elif block.language == "python":
                self.outputs.setdefault(example.name, []).append(self.python(block.code))
            elif block.language == "javascript":
                self.outputs.setdefault(example.name, []).append(self.javascript(block.code, example.name))
            elif block.language == "php":
                self.outputs.setdefault(example.name, []).append(self.php(block.code))
            else:
                pytest.fail(f"{block.where}: no runner for a {block.language} example; add one to this test")


def test_every_example_of_the_partner_guide_runs_against_the_live_portal(live_portal, receiver, tmp_path):
    runner = Runner(live_portal, receiver, tmp_path)
    found = examples()
    for example in found:
        try:
            runner.run(example)
        except (AssertionError, subprocess.CalledProcessError) as failure:
            detail = getattr(failure, "stderr", "") or ""
            pytest.fail(f"example {example.name!r} ({example.blocks[0].where}) failed: {failure}\n{detail}")
    out = runner.outputs

    # Each task does what the guide says it does.
    [mirror, mirror_sh] = out["mirror-guides"]
    flytning = next(edge["node"] for edge in mirror["guides"]["edges"] if edge["node"]["slug"] == "flytning")
    assert [s["localText"]["placeCode"] for s in flytning["sections"]] == ["751", "1082"]
    assert flytning["image"]["altText"] == "Flyttekasser i en stue" and " 640w" in flytning["image"]["srcSet"]
    assert int(mirror_sh.strip()) == mirror["guides"]["totalCount"] == 5
    mirrored = [json.loads(line) for line in (tmp_path / "guides-751.jsonl").read_text().splitlines()]
    assert {guide["slug"] for guide in mirrored} == {edge["node"]["slug"] for edge in mirror["guides"]["edges"]}

    [feed, feed_sh] = out["change-feed"]
    assert (tmp_path / "changes.cursor").read_text().strip() == json.dumps(feed["changes"]["pageInfo"]["endCursor"])
    assert [json.loads(line)["sequence"] for line in feed_sh.splitlines()] == [
        edge["node"]["sequence"] for edge in feed["changes"]["edges"]]

    [search, search_sh] = out["search"]
    assert search["search"]["totalCount"] >= 1 and json.loads(search_sh)["data"]["search"]["totalCount"] >= 1
    [browser] = out["search-browser"]
    assert browser["edges"] and "<mark>" in json.dumps(browser)

    assert out["guide-image"][0]["guide"]["image"]["fallback"]["width"] == 960

    for language in ("verify-python", "verify-node", "verify-php"):
        [results] = out[language]
        assert list(zip([d for d, _ in _expected()], results)) == _expected(), language

    [created_gql, created_sh] = out["create-webhook"]
    assert created_gql["createWebhookEndpoint"]["secret"].startswith("whsec_")
    assert json.loads(created_sh)["data"]["createWebhookEndpoint"]["endpoint"]["url"].endswith("/portal-webhook")
    listed = json.loads(out["list-webhooks"][1])["data"]["webhookEndpoints"]
    assert len(listed) == 2 == len(out["list-webhooks"][0]["webhookEndpoints"])
    assert out["pause-webhook"][0]["pauseWebhookEndpoint"]["active"] is False
    assert out["resume-webhook"][0]["resumeWebhookEndpoint"]["active"] is True
    assert out["update-webhook"][0]["updateWebhookEndpoint"]["topics"] == ["bolig-og-flytning"]
    assert out["delete-webhook"][0]["deleteWebhookEndpoint"]["id"] == runner.endpoint_id
    assert WebhookEndpoint.objects.count() == 1  # the curl one is left

    [persisted] = out["persisted-etag"]
    answer, status = persisted.strip().split("\n")
    assert json.loads(answer)["data"]["guide"]["sections"][0]["localText"]["bodyHtml"].startswith("<p>Borgerservice")
    assert status == "304"

    reasons = {f"{t['name']}.{f['name']}": f["deprecationReason"] for t in out["deprecations"][0]["__schema"]["types"]
               for f in t["fields"] or () if f["isDeprecated"]}
    assert "Sunset: 2027-06-30." in reasons["Municipality.code4"]


def test_the_guide_has_an_example_for_every_common_task_of_the_issue():
    languages = {example.name: {block.language for block in example.blocks} for example in examples()}
    for task in ("mirror-guides", "change-feed", "search", "persisted-etag", "create-webhook", "list-webhooks"):
        assert "sh" in languages[task], task  # a curl command to copy
    for task in ("mirror-guides", "change-feed", "search", "create-webhook", "list-webhooks"):
        assert "graphql" in languages[task], task  # a query to copy
    assert languages["verify-python"] == {"python"} and languages["verify-node"] == {"javascript"}
    assert languages["verify-php"] == {"php"}


@pytest.mark.django_db
def test_graphiql_opens_with_the_guides_example_and_links_to_the_guide(client):
    example = graphiql_example()
    assert example.name == "mirror-guides"
    page = client.get("/graphql/", HTTP_ACCEPT="text/html", HTTP_HOST="127.0.0.1").content.decode()
    assert 'href="/graphql/docs/"' in page and "Partner guide" in page
    embedded = json.loads(page.split('<script id="graphiql-example" type="application/json">')[1].split("</script>")[0])
    assert embedded["query"] == example.query and json.loads(embedded["variables"]) == example.variables


@pytest.mark.django_db
def test_the_guide_is_served_as_html_with_working_links(client):
    page = client.get("/graphql/docs/", HTTP_HOST="127.0.0.1")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "<h3 id=\"verify-a-webhook-signature\">" in html and "example=" not in html
    for link in ("/graphql/docs/webhooks/", "/graphql/schema.graphql", "/graphql/docs/examples/mirror_consumer.py"):
        assert f'href="{link}' in html
        assert client.get(link, HTTP_HOST="127.0.0.1").status_code == 200, link
    webhooks = client.get("/graphql/docs/webhooks/", HTTP_HOST="127.0.0.1").content.decode()
    assert 'href="/graphql/docs/#manage-your-webhooks"' in webhooks
    assert client.get("/graphql/docs/nope/", HTTP_HOST="127.0.0.1").status_code == 404
    assert client.get("/graphql/docs/examples/..%2Fpartners.md", HTTP_HOST="127.0.0.1").status_code == 404
