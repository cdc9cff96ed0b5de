"""Preview tokens: an editor lets a partner's staging site show one draft through the API.

A token is signed (not stored), names the editor and the object, and expires.
It is honoured only while that editor may still edit the object, so revoking
the editor's access revokes their tokens too.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from wagtail.models import Page
from wagtail.permissions import policy_registry

SALT = "syndication.preview-token"
MAX_AGE_SECONDS = 60 * 60 * 24
HEADER = "X-Preview-Token"


class InvalidPreviewToken(Exception):
    pass


@dataclass(frozen=True)
class PreviewGrant:
    user_id: int
    content_type_id: int
    object_id: int

    def covers(self, obj) -> bool:
        return (
            obj is not None
            and obj.pk == self.object_id
            and ContentType.objects.get_for_model(obj, for_concrete_model=True).pk == self.content_type_id
        )


def issue_token(user, obj) -> str:
    content_type = ContentType.objects.get_for_model(obj.specific if isinstance(obj, Page) else obj)
    return signing.dumps({"u": user.pk, "ct": content_type.pk, "id": obj.pk}, salt=SALT, compress=True)


def may_edit(user, obj) -> bool:
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    return policy_registry.get(obj).user_has_permission_for_instance(user, "change", obj)


def grant_from_token(token: str) -> PreviewGrant:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise InvalidPreviewToken("The preview token has expired; ask the editor for a new one.")
    except signing.BadSignature:
        raise InvalidPreviewToken("The preview token is not valid.")
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    content_type = ContentType.objects.filter(pk=data.get("ct")).first()
    model = content_type.model_class() if content_type else None
    obj = model._default_manager.filter(pk=data.get("id")).first() if model else None
    if obj is None:
        raise InvalidPreviewToken("The previewed item no longer exists.")
    if user is None or not may_edit(user, obj):
        raise InvalidPreviewToken("The editor who issued this preview token can no longer edit the item.")
    return PreviewGrant(user_id=user.pk, content_type_id=content_type.pk, object_id=obj.pk)


def grant_for_request(request) -> PreviewGrant | None:
    token = request.headers.get(HEADER)
    if not token:
        return None
    return grant_from_token(token)
