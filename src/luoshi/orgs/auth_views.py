"""Sign-in, sign-out, the forced password change, and personal API tokens."""

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError
from luoshi.core.middleware import client_address
from luoshi.core.web import form_error
from luoshi.orgs import accounts
from luoshi.orgs.forms import LoginForm, PasswordChangeForm, TokenForm
from luoshi.orgs.models import ApiToken


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.authenticate_login(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"],
                source=client_address(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "home"
            return redirect(target or "home")
    return render(request, "orgs/login.html", {"form": form})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        accounts.log_logout(request.user, source=client_address(request))
    logout(request)
    return redirect("login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.change_own_password(user=request.user,
                                         old_password=form.cleaned_data["old_password"],
                                         new_password=form.cleaned_data["new_password"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改"))
            return redirect("home")
    return render(request, "orgs/password_change.html", {
        "form": form, "forced": request.user.must_change_password})


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST":
        revoke_id = request.POST.get("revoke")
        if revoke_id:
            token = ApiToken.objects.filter(pk=revoke_id, user=request.user).first()
            if token:
                accounts.revoke_api_token(actor=request.user, token=token)
                messages.success(request, _("令牌已作废"))
            return redirect("tokens")
        if form.is_valid():
            _token, new_key = accounts.create_api_token(user=request.user, name=form.cleaned_data["name"])
            form = TokenForm()
    return render(request, "orgs/tokens.html", {
        "form": form, "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user, revoked=False).order_by("-id")})
