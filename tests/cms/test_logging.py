"""Log lines are JSON and never carry CPR numbers or e-mail addresses."""

import json
import logging

from cms.logging import JsonFormatter, RedactPersonalDataFilter


def format_record(message, *args, **extra):
    record = logging.makeLogRecord({"msg": message, "args": args, "levelname": "INFO", "name": "portal", **extra})
    RedactPersonalDataFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_log_lines_are_json_with_extra_fields():
    line = format_record("abonnement oprettet", consumer="digital-post")
    assert line["message"] == "abonnement oprettet"
    assert line["consumer"] == "digital-post"
    assert line["level"] == "INFO"


def test_cpr_numbers_and_emails_are_redacted_in_messages_and_arguments():
    line = format_record("borger %s skrev fra %s", "010190-1234", "jens@example.dk")
    assert "1234" not in line["message"] and "jens@" not in line["message"]
    assert line["message"] == "borger [cpr] skrev fra [email]"
    assert format_record("cpr 0101901234 slået op")["message"] == "cpr [cpr] slået op"


def test_other_numbers_survive():
    assert format_record("ordre 12345 på 99 kr")["message"] == "ordre 12345 på 99 kr"
