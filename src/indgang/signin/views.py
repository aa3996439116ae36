"""Sign-in pages: password (+ a second factor where the role needs one), OpenID Connect, sign-out."""

import base64
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from indgang.audit.services import Action, audit_record
from indgang.core.auth_views import LoginView as BaseLoginView
from indgang.signin import oidc
from indgang.signin.forms import CodeForm
from indgang.signin.policy import PASSWORD, SIGNED_IN_WITH, second_factor_pending

DEVICE_NAME = "Godkendelses-app"


class LoginView(BaseLoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc.oidc_enabled()
        context["oidc_label"] = settings.OIDC_LOGIN_LABEL
        context["oidc_failed"] = self.request.GET.get("fejl") == "oidc"
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[SIGNED_IN_WITH] = PASSWORD
        if second_factor_pending(self.request):
            query = urlencode({REDIRECT_FIELD_NAME: response.url})
            return HttpResponseRedirect(f"{reverse('signin_second_factor')}?{query}")
        return response


def _safe_next(request) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _secret(device: TOTPDevice) -> str:
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@csrf_protect
def second_factor(request):
    """Set up an authenticator app (first time) or enter its current code."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
    next_url = _safe_next(request)
    if not second_factor_pending(request):
        return HttpResponseRedirect(next_url)
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", "For mange forkerte koder. Vent et øjeblik, og prøv igen.")
        elif device.verify_token(form.cleaned_data["code"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            request.session.cycle_key()
            otp_login(request, device)
            audit_record(
                user=user,
                action=Action.LOGIN,
                object_type="second_factor",
                summary="Totrinsbekræftelse oprettet" if setting_up else "Totrinsbekræftelse",
            )
            return HttpResponseRedirect(next_url)
        else:
            audit_record(
                user=user,
                action=Action.LOGIN_FAILED,
                object_type="second_factor",
                summary="Forkert kode til totrinsbekræftelse",
            )
            form.add_error("code", "Koden er forkert eller udløbet. Prøv med den næste kode.")
    return render(
        request,
        "signin/second_factor.html",
        {
            "form": form,
            "setting_up": setting_up,
            "secret": _secret(device) if setting_up else "",
            "config_url": device.config_url if setting_up else "",
            "next": next_url,
            "demo_hint": settings.DEBUG and device.name == "Demo",
        },
    )


def oidc_start(request):
    if not oidc.oidc_enabled():
        raise Http404
    return oidc.StartView.as_view()(request)


def oidc_callback(request):
    if not oidc.oidc_enabled():
        raise Http404
    return oidc.CallbackView.as_view()(request)


class LogoutView(auth_views.LogoutView):
    """Sign-out flushes the session on the server (django.contrib.auth.logout)."""
