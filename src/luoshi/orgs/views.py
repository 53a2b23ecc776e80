"""Pages for regions, units, officials, users and roles. Each view: load through a query
(which checks the data scope), call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.permissions import DataScope, access_for
from luoshi.core.web import form_error, render_list
from luoshi.orgs import accounts, queries, services
from luoshi.orgs.forms import (
    NewUserForm,
    OfficialForm,
    PasswordResetForm,
    RegionForm,
    RoleForm,
    UnitForm,
    UserForm,
    UserRolesForm,
)
from luoshi.orgs.models import Official, Unit, UnitKind

# --- home and login log ----------------------------------------------------------------

@login_required
def home(request):
    access = access_for(request.user)
    if access.permissions == {"appeals.raise"}:  # an enterprise: its appeals are its home
        return redirect("my_appeals")
    context = {"access": access, "scope_label": DataScope(access.scope).label}
    if access.has("orgs.view"):
        context["units_by_kind"] = queries.unit_counts_by_kind(request.user)
        context["units_in_scope"] = sum(row["count"] for row in context["units_by_kind"])
    return render(request, "orgs/home.html", context)


@login_required
def login_log(request):
    access_for(request.user).require("audit.view")
    rows = queries.login_log(search=request.GET.get("q", "").strip())
    return render_list(request, "orgs/login_log.html", "orgs/_login_rows.html", rows,
                       {"params": request.GET})


# --- regions ---------------------------------------------------------------------------

@login_required
def regions(request):
    access_for(request.user).require("orgs.view")
    rows = queries.regions_for_list(search=request.GET.get("q", "").strip(),
                                    parent=request.GET.get("parent", ""))
    return render_list(request, "orgs/regions.html", "orgs/_region_rows.html", rows,
                       {"params": request.GET,
                        "can_edit": access_for(request.user).has("settings.manage")})


@login_required
def region_detail(request, code):
    access_for(request.user).require("orgs.view")
    region = queries.access_region(code)
    units = queries.units_for_list(request.user, region=region.code_prefix)[:200]
    return render(request, "orgs/region_detail.html", {
        "region": region, "children": queries.regions_for_list(parent=region.code),
        "units": units, "can_edit": access_for(request.user).has("settings.manage")})


@login_required
def region_edit(request, code=None):
    access_for(request.user).require("settings.manage")
    region = queries.access_region(code) if code else None
    initial = ({"code": region.code, "name": region.name, "level": region.level,
                "parent_code": region.parent_id or ""} if region else {})
    form = RegionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            region = services.save_region(actor=request.user, region=region,
                                          data=services.RegionData(**form.cleaned_data))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存行政区划“%(name)s”") % {"name": region.name})
            return redirect("region_detail", region.code)
    return render(request, "orgs/region_form.html", {"form": form, "region": region})


# --- units -----------------------------------------------------------------------------

@login_required
def units(request):
    params = request.GET
    rows = queries.units_for_list(request.user, search=params.get("q", "").strip(),
                                  region=params.get("region", ""), kind=params.get("kind", ""))
    return render_list(request, "orgs/units.html", "orgs/_unit_rows.html", rows,
                       {"params": params, "kinds": UnitKind.choices,
                        "can_manage": access_for(request.user).has("orgs.manage")})


@login_required
def unit_detail(request, unit_id):
    context = queries.unit_detail(request.user, unit_id)
    context["can_manage"] = access_for(request.user).has("orgs.manage")
    return render(request, "orgs/unit_detail.html", context)


def _unit_initial(unit: Unit) -> dict:
    return {"code": unit.code, "name": unit.name, "short_name": unit.short_name,
            "kind": unit.kind, "region_code": unit.region_id,
            "parent_code": unit.parent.code if unit.parent else "",
            "sort_order": unit.sort_order, "is_active": unit.is_active}


@login_required
def unit_edit(request, unit_id=None):
    access_for(request.user).require("orgs.manage")
    unit = queries.access_unit(request.user, unit_id) if unit_id else None
    initial = _unit_initial(unit) if unit else {"parent_code": request.GET.get("parent", "")}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.UnitData(**form.cleaned_data)
        try:
            if unit:
                unit = services.update_unit(actor=request.user, unit=unit, data=data)
            else:
                unit = services.create_unit(actor=request.user, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存单位“%(name)s”") % {"name": unit.name})
            return redirect("unit_detail", unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_POST
def unit_delete(request, unit_id):
    unit = queries.access_unit(request.user, unit_id)
    try:
        services.delete_unit(actor=request.user, unit=unit)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("unit_detail", unit.pk)
    messages.success(request, _("已删除单位“%(name)s”") % {"name": unit.name})
    return redirect("units")


# --- officials -------------------------------------------------------------------------

@login_required
def officials(request):
    rows = queries.officials_for_list(request.user, search=request.GET.get("q", "").strip())
    return render_list(request, "orgs/officials.html", "orgs/_official_rows.html", rows,
                       {"params": request.GET,
                        "can_manage": access_for(request.user).has("orgs.manage")})


@login_required
def official_detail(request, official_id):
    official = queries.access_official(request.user, official_id)
    return render(request, "orgs/official_detail.html", {
        "official": official, "can_manage": access_for(request.user).has("orgs.manage")})


@login_required
def official_edit(request, official_id=None):
    access_for(request.user).require("orgs.manage")
    official = queries.access_official(request.user, official_id) if official_id else None
    initial = ({"name": official.name, "post": official.post, "unit_code": official.unit.code,
                "phone": official.phone, "sort_order": official.sort_order,
                "is_active": official.is_active}
               if official else {"unit_code": request.GET.get("unit", "")})
    form = OfficialForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.OfficialData(**form.cleaned_data)
        try:
            if official:
                official = services.update_official(actor=request.user, official=official, data=data)
            else:
                official = services.create_official(actor=request.user, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存领导干部“%(name)s”") % {"name": official.name})
            return redirect("official_detail", official.pk)
    return render(request, "orgs/official_form.html", {"form": form, "official": official})


@login_required
@require_POST
def official_delete(request, official_id):
    official = queries.access_official(request.user, official_id)
    services.delete_official(actor=request.user, official=official)
    messages.success(request, _("已删除领导干部“%(name)s”") % {"name": official.name})
    return redirect("officials")


# --- users and roles -------------------------------------------------------------------

@login_required
def users(request):
    rows = queries.users_for_list(request.user, search=request.GET.get("q", "").strip(),
                                  role=request.GET.get("role", ""))
    return render_list(request, "orgs/users.html", "orgs/_user_rows.html", rows,
                       {"params": request.GET, "roles": queries.roles_for_list(request.user)})


def _user_data(cleaned: dict) -> accounts.UserData:
    unit = Unit.objects.filter(code=cleaned["unit_code"]).first() if cleaned["unit_code"] else None
    if cleaned["unit_code"] and unit is None:
        raise InvalidInput(f"单位编码“{cleaned['unit_code']}”不存在", field="unit")
    official = None
    if cleaned["official_name"]:
        official = Official.objects.filter(unit=unit, name=cleaned["official_name"]).first()
        if official is None:
            raise InvalidInput(f"所在单位中没有名为“{cleaned['official_name']}”的领导干部",
                               field="official_name")
    return accounts.UserData(username=cleaned["username"], full_name=cleaned["full_name"],
                             unit_id=unit.pk if unit else None, email=cleaned["email"],
                             official_id=official.pk if official else None,
                             is_active=cleaned["is_active"])


@login_required
def user_detail(request, user_id):
    found = queries.access_user(request.user, user_id)
    access = access_for(request.user)
    return render(request, "orgs/user_detail.html", {
        "found": found, "can_manage_users": access.has("users.manage"),
        "can_grant": access.has("roles.manage") and found.pk != request.user.pk,
        "roles_form": UserRolesForm(initial={"roles": [str(r.pk) for r in found.roles.all()]},
                                    role_choices=_role_choices(request.user))
        if access.has("roles.manage") else None,
        "reset_form": PasswordResetForm()})


@login_required
def user_edit(request, user_id=None):
    access_for(request.user).require("users.manage")
    found = queries.access_user(request.user, user_id) if user_id else None
    form_class = UserForm if found else NewUserForm
    initial = ({"username": found.username, "full_name": found.full_name,
                "unit_code": found.unit.code if found.unit else "", "email": found.email,
                "official_name": found.official.name if found.official else "",
                "is_active": found.is_active} if found else {})
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = _user_data(form.cleaned_data)
            if found:
                found = accounts.update_user(actor=request.user, user=found, data=data)
            else:
                found = accounts.create_user(actor=request.user, data=data,
                                             password=form.cleaned_data["password"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存用户“%(name)s”") % {"name": found.username})
            return redirect("user_detail", found.pk)
    return render(request, "orgs/user_form.html", {"form": form, "found": found})


def _role_choices(user):
    return [(str(role.pk), role.name) for role in queries.roles_for_list(user)]


@login_required
@require_POST
def user_roles(request, user_id):
    found = queries.access_user(request.user, user_id)
    form = UserRolesForm(request.POST, role_choices=_role_choices(request.user))
    if form.is_valid():
        try:
            accounts.set_user_roles(actor=request.user, user=found,
                                    role_ids=[int(pk) for pk in form.cleaned_data["roles"]])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已更新授权"))
    return redirect("user_detail", found.pk)


@login_required
@require_POST
def user_reset_password(request, user_id):
    found = queries.access_user(request.user, user_id)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            accounts.reset_password(actor=request.user, user=found, password=form.cleaned_data["password"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已重置密码，用户下次登录时须修改"))
    return redirect("user_detail", found.pk)


@login_required
def roles(request):
    return render(request, "orgs/roles.html", {
        "roles": queries.roles_for_list(request.user),
        "can_manage": access_for(request.user).has("roles.manage")})


@login_required
def role_edit(request, role_id=None):
    access_for(request.user).require("roles.manage")
    role = queries.roles_for_list(request.user).filter(pk=role_id).first() if role_id else None
    initial = ({"code": role.code, "name": role.name, "description": role.description,
                "data_scope": role.data_scope, "admin_duty": role.admin_duty,
                "permissions": role.permissions} if role else {})
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            role = accounts.save_role(actor=request.user, role=role,
                                      data=accounts.RoleData(**form.cleaned_data))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存角色“%(name)s”") % {"name": role.name})
            return redirect("roles")
    return render(request, "orgs/role_form.html", {"form": form, "role": role})
