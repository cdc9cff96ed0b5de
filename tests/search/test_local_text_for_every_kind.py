"""A step's or a teaching module's local text makes the item local in search for the municipalities that see it."""

import pytest

from content_models import publishing
from content_models.models import ModuleLocalText, Municipality, StepLocalText
from content_models.worker.drain import drain
from search.projection import document_for
from tests import factories

pytestmark = pytest.mark.django_db


def test_local_text_of_steps_and_modules_reaches_the_search_documents():
    aarhus = Municipality.objects.get(code="751")
    page = factories.make_step_by_step(steps=(("Find bolig", "<p>Søg.</p>"),))
    module = factories.make_teaching_module()
    assert document_for("step_by_step", page.pk)["municipalities"] == []
    publishing.publish(StepLocalText.objects.create(step_by_step=page, step_key="find-bolig", region=aarhus.region,
                                                    body="<p>Regionens boligportal.</p>"))
    publishing.publish(ModuleLocalText.objects.create(teaching_module=module, municipality=aarhus, body="<p>Dokk1.</p>"))
    drain()
    assert "751" in document_for("step_by_step", page.pk)["municipalities"]  # the region covers Aarhus
    assert document_for("teaching_module", module.pk)["municipalities"] == ["751"]
