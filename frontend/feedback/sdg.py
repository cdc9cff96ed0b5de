"""The export in the Single Digital Gateway's feedback format (Commission Implementing Regulation (EU) 2020/1121).

Articles 6 and 7 say what feedback on a gateway page carries to the common data repository: the user's rating
from comparable questions, an optional free-text comment, and the URL of the page it is about. The regulation
keeps feedback anonymous. The fields here, in this order:

  dateTime     when the answer was given (ISO 8601, UTC)
  url          the absolute address of the page (Art. 6(1)(d), 7(1)(c))
  language     the page's language (da, en)
  serviceType  "information" (guides and other information pages) or "procedure" (a self-service solution)
  rating       "positive" or "negative": the answer to "Var denne side nyttig?" (Art. 7(1)(a))
  comment      the free text, redacted before it was stored (empty when none was given)
"""

import csv
import io
import json
from datetime import UTC

from django.conf import settings

FIELDS = ("dateTime", "url", "language", "serviceType", "rating", "comment")
PROCEDURE_KINDS = {"self_service_link"}
# A spreadsheet would run a cell that starts like a formula (CSV injection); such cells get a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record(answer) -> dict[str, str]:
    return {
        "dateTime": answer.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + answer.path,
        "language": answer.language,
        "serviceType": "procedure" if answer.kind in PROCEDURE_KINDS else "information",
        "rating": "positive" if answer.helpful else "negative",
        "comment": answer.comment,
    }


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(answers) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for answer in answers:
        writer.writerow({name: _cell(value) for name, value in record(answer).items()})
    return out.getvalue()


def to_json(answers) -> str:
    return json.dumps({"feedback": [record(answer) for answer in answers]}, ensure_ascii=False, indent=1)
