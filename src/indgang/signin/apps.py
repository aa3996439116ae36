from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "indgang.signin"
    verbose_name = "log ind"

    def ready(self):
        from indgang.signin import signals  # noqa: F401  (connects the log-in stamp)
