"""The business user's logout (the business pages themselves live in the frontend app: /virksomhed/)."""

from django.urls import reverse
from django.views.decorators.http import require_POST

from . import logout as logouts


@require_POST
def logout(request):
    """Signs the business user out here and, after a MitID Erhverv login through NemLog-in, there too."""
    return logouts.log_out(request, "business", reverse("frontend:business"))
