"""local_text lines for a step or a teaching module, owner and review_by: line/field errors, nothing half-applied."""

import pytest

from content_models.models import ModuleLocalText, StepByStepPage, StepLocalText

from . import sample_lines as s

pytestmark = pytest.mark.django_db

STEPS = s.step_by_step(steps=[{"key": "budget", "title": "Læg budget", "body_html": "<p>Start.</p>"}])


def step_text(**fields):
    return {"kind": "local_text", "step_by_step": "koeb-af-bolig", "step": "budget", "municipality": "751",
            "body_html": "<p>Aarhus.</p>", **fields}


@pytest.mark.parametrize("line, expected", [
    (step_text(step="tilbud"), "line 2: step: step-by-step guide 'koeb-af-bolig' has no step 'tilbud'; use one of "
                               "'budget' or add the step first"),
    (step_text(step=None), "line 2: step: required with step_by_step: give the step's key"),
    (step_text(guide="flytning"), "line 2: step_by_step: give one target, not both guide and step_by_step"),
    (step_text(section="anmeld"), "line 2: section: not allowed with step_by_step; use step"),
    ({"kind": "local_text", "municipality": "751", "body_html": "<p>x</p>"},
     "line 2: guide: required: name the target: guide and section, step_by_step and step, or teaching_module"),
    ({"kind": "local_text", "teaching_module": "kom-i-gang-med-mitid", "step": "x", "municipality": "751",
      "body_html": "<p>x</p>"}, "line 2: step: not allowed with teaching_module (a teaching module's local text "
                                "belongs to the whole module)"),
    ({"kind": "local_text", "teaching_module": "findes-ikke", "municipality": "751", "body_html": "<p>x</p>"},
     "line 2: teaching_module: unknown teaching module 'findes-ikke' (define it on an earlier line or in the admin)"),
    (s.guide(owner="ukendt"), "line 2: owner: unknown authority 'ukendt' (define it on an earlier line or in the admin)"),
    (s.guide(review_by="2027-02-30"), "line 2: review_by: is not a real date, got '2027-02-30'"),
    (s.guide(review_by="30-06-2027"), 'line 2: review_by: must be a date as "YYYY-MM-DD" such as "2027-06-30", '
                                      "got '30-06-2027'"),
])
def test_bad_lines_name_the_line_and_field(errors_for, line, expected):
    assert errors_for([STEPS, line]) == [expected]


def test_local_text_for_a_step_and_a_module_imports_and_a_dropped_step_is_refused(apply_lines, errors_for):
    module_text = {"kind": "local_text", "teaching_module": "kom-i-gang-med-mitid", "municipality": "751",
                   "body_html": "<p>Dokk1.</p>"}
    apply_lines([STEPS, s.teaching_module(), step_text(), module_text])
    assert StepLocalText.objects.get().step_key == "budget"
    assert ModuleLocalText.objects.get().body == "<p>Dokk1.</p>"
    renamed = s.step_by_step(steps=[{"key": "nyt-budget", "title": "Læg budget", "body_html": "<p>Start.</p>"}])
    assert errors_for([renamed]) == [
        "line 1: steps: step 'budget' is dropped but has local texts for 751; delete those on earlier lines or keep "
        "the step (give its key)"
    ]
    assert [step.key for step in StepByStepPage.objects.get().steps.all()] == ["budget"]
