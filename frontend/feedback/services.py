"""Storing an answer: the comment is redacted and checked before anything is written."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from cms.logging import redact

from .models import COMMENT_MAX_LENGTH, PageFeedback
from .targets import Target


def clean_comment(raw: str) -> str:
    """The comment as stored: CPR-like numbers and e-mail addresses masked, whitespace tidied.

    HTML is kept as the citizen typed it, as text: every page that shows it escapes it.
    Raises ValidationError (Danish) when it is too long; nothing is stored then.
    """
    text = " ".join(raw.replace("\x00", "").split())
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            gettext("Kommentaren er for lang: højst %(limit)s tegn, du skrev %(length)s.")
            % {"limit": COMMENT_MAX_LENGTH, "length": len(text)},
            code="too_long",
        )
    return redact(text)


def record(target: Target, helpful: bool, comment: str = "") -> PageFeedback:
    return PageFeedback.objects.create(
        kind=target.kind, object_id=target.object_id, title=target.title[:255], path=target.path[:500],
        language=target.language, helpful=helpful, comment=clean_comment(comment),
    )
