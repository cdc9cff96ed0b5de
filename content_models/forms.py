"""Admin forms of the national content kinds (pages and standards)."""

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .kinds import registry


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
    """For kinds with subscribers (content_models.kinds: notifiable) the flag also says who hears of it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = registry.for_model(type(self.instance))
        if "major_update" in self.fields and kind is not None and kind.notifiable:
            self.fields["major_update"].label = "Væsentlig ændring – giv abonnenter besked"
            self.fields["major_update"].help_text += " Abonnenter får besked i Digital Post."


class MajorUpdateSnippetForm(MajorUpdateFormMixin, WagtailAdminModelForm):
    pass
