import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.middleware import client_address
from luoshi.orgs.accounts import log_logout

_SESSION_KEY = "luoshi_last_seen"


def _redirect(request, url: str):
    if request.headers.get("HX-Request"):
        response = redirect(url)
        response.status_code = 204
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class IdleTimeoutMiddleware:
    """Ends a session that has been idle longer than LUOSHI_IDLE_TIMEOUT_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith("/api/"):
            now = time.time()
            last_seen = request.session.get(_SESSION_KEY, now)
            if now - last_seen > settings.LUOSHI_IDLE_TIMEOUT_SECONDS:
                user = request.user
                logout(request)
                log_logout(user, source=client_address(request), timed_out=True)
                messages.warning(request, _("长时间未操作，已自动退出，请重新登录。"))
                return _redirect(request, reverse("login"))
            request.session[_SESSION_KEY] = now
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """Until a user has replaced the initial password, only the password page is open."""

    allowed = ("password_change", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and user.must_change_password
                and not request.path.startswith(("/static/", "/api/"))
                and getattr(request.resolver_match, "url_name", None) not in self.allowed):
            target = reverse("password_change")
            if request.path != target and not request.path.startswith("/i18n/"):
                return _redirect(request, target)
        return self.get_response(request)
