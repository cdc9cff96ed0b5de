from django.apps import AppConfig


class PopularConfig(AppConfig):
    name = "frontend.popular"
    label = "popular"
    verbose_name = "Mest brugte selvbetjeninger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from content_models.roles import register_national_permissions

        register_national_permissions(
            *(f"popular.{action}_featuredselfservice" for action in ("add", "change", "delete", "view"))
        )
