"""Admin forms of the national content kinds (pages and standards)."""

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


class MajorUpdateFormMixin:
    """The flag belongs to one publish: a fresh edit starts unticked even if the live version was a major update.

    While a draft waits (e.g. for approval) the form shows the draft's own choice, so an approver who
    publishes from the edit view keeps it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "major_update" in self.fields and not self.instance.has_unpublished_changes:
            self.initial["major_update"] = False


class MajorUpdatePageForm(MajorUpdateFormMixin, WagtailAdminPageForm):
    pass


class MajorUpdateSnippetForm(MajorUpdateFormMixin, WagtailAdminModelForm):
    pass
