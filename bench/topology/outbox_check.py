"""Digital Post after the run: one message per major update for the follower, each written once. Prints JSON.

Run inside the topology's environment. Expected: ``messages`` = ``major_events`` (one follower of the topic),
``delivered`` = ``messages`` and ``files`` = ``messages`` (the file backend writes ``<message uuid>.xml`` once).
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from content_models.models import PublishingEvent  # noqa: E402
from syndication.models import DigitalPostMessage  # noqa: E402


def main() -> None:
    prefix = sys.argv[1]  # the slugs of the guides the editor published in this run
    majors = [e for e in PublishingEvent.objects.filter(kind="guide", action="PUBLISHED", details__major=True)
              if e.identifier.startswith(prefix)]
    messages = DigitalPostMessage.objects.all()
    directory = Path(settings.DIGITAL_POST_BACKEND.removeprefix("file://"))
    print(json.dumps({
        "major_events": len(majors), "messages": messages.count(),
        "events_with_a_message": messages.values("event").distinct().count(),
        "delivered": messages.filter(status=DigitalPostMessage.Status.DELIVERED).count(),
        "files": len(list(directory.glob("*.xml"))) if directory.is_dir() else 0,
    }))


if __name__ == "__main__":
    main()
