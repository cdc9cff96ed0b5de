from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "frontend.feedback"
    label = "feedback"
    verbose_name = "Tilbagemeldinger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from content_models.roles import register_national_permissions

        # National editors and approvers read the report and export it.
        register_national_permissions("feedback.view_pagefeedback")
