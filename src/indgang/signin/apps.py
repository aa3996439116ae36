from django.apps import AppConfig
from django_otp.plugins.otp_totp import apps as totp_apps


class SigninConfig(AppConfig):
    name = "indgang.signin"
    verbose_name = "Log ind"

    def ready(self):
        from indgang.signin import signals  # noqa: F401  (connects the log-in stamp)


class OtpTotpConfig(totp_apps.DefaultConfig):
    """django-otp's authenticator app, named in Danish in the admin (settings.INSTALLED_APPS)."""

    default = False  # SigninConfig stays this module's config for indgang.signin
    verbose_name = "Totrinsbekræftelse"

    def ready(self):
        # Only the names shown in the admin; the model's migration state (original_attrs)
        # is left alone, so the third-party app gets no migration of ours.
        opts = self.get_model("TOTPDevice")._meta
        opts.verbose_name = "godkendelsesapp"
        opts.verbose_name_plural = "godkendelsesapps"
