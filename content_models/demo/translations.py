"""The demo's out-of-date translation: the Danish "Sundhedskort" has had a major update (the digital health card in
the Sundhedskortet app) that its English translation "Health insurance card" does not have yet.

An import is never a major update, so the demo makes it the way an editor does: publishing the Danish guide with
"Væsentlig ændring" ticked. Idempotent: nothing happens while the translation is already out of date.
"""

from django.db import transaction

from .. import publishing
from ..models import GuidePage
from ..translations.selectors import translation_state

SOURCE, TRANSLATION = "sundhedskort", "health-insurance-card"


@transaction.atomic
def ensure_outdated_translation() -> bool:
    """Publish the Danish source as a major update unless its translation is already out of date; True if it did."""
    source = GuidePage.objects.live().filter(slug=SOURCE, locale__language_code="da").first()
    translation = GuidePage.objects.live().filter(slug=TRANSLATION, locale__language_code="en").first()
    if source is None or translation is None or translation.translation_key != source.translation_key:
        return False
    if translation_state(translation).outdated:
        return False
    source.major_update = True
    publishing.publish(source)
    return True
