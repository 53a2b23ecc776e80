"""Accounts: users, roles and their separation (三员分立), sign-in with lockout, tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from luoshi.core import audit
from luoshi.core.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from luoshi.core.permissions import (
    AUDIT_ONLY_PERMISSIONS,
    PERMISSIONS,
    DataScope,
    access_for,
    unit_in_scope,
)
from luoshi.orgs.models import (
    AdminDuty,
    ApiToken,
    LoginLog,
    LoginOutcome,
    Official,
    Role,
    Unit,
    User,
)

USER_FIELDS = ("username", "full_name", "unit", "official", "is_active", "email")
ROLE_FIELDS = ("code", "name", "description", "data_scope", "permissions", "admin_duty")


class LoginFailed(DomainError):
    code = "login_failed"
    status = 401


@dataclass
class UserData:
    username: str
    full_name: str
    unit_id: int | None = None
    official_id: int | None = None
    email: str = ""
    is_active: bool = True


@dataclass
class RoleData:
    code: str
    name: str
    data_scope: str
    permissions: list[str] = field(default_factory=list)
    description: str = ""
    admin_duty: str = ""


def _validate_password(password: str, user: User | None, *, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput("；".join(exc.messages), field=field, code="weak_password") from exc


def _resolve_user_refs(data: UserData, actor) -> tuple[Unit | None, Official | None]:
    unit = Unit.objects.select_related("region").filter(pk=data.unit_id).first() if data.unit_id else None
    if data.unit_id and unit is None:
        raise InvalidInput("所选单位不存在", field="unit")
    if unit is not None and not unit_in_scope(access_for(actor), unit):
        raise PermissionDenied(f"单位“{unit.name}”不在您的数据范围内")
    official = Official.objects.filter(pk=data.official_id).first() if data.official_id else None
    if data.official_id and official is None:
        raise InvalidInput("所选领导干部不存在", field="official")
    return unit, official


@transaction.atomic
def create_user(*, actor, data: UserData, password: str) -> User:
    """A new account (system administrator). It must change the password on first login."""
    access_for(actor).require("users.manage")
    if User.objects.filter(username=data.username).exists():
        raise Conflict(f"用户名“{data.username}”已存在", code="duplicate_username")
    unit, official = _resolve_user_refs(data, actor)
    user = User(username=data.username, full_name=data.full_name, unit=unit, official=official,
                email=data.email, is_active=data.is_active, must_change_password=True)
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record_saved(actor=actor, obj=user, before=None, fields=USER_FIELDS)
    return user


@transaction.atomic
def update_user(*, actor, user: User, data: UserData) -> User:
    access_for(actor).require("users.manage")
    if User.objects.filter(username=data.username).exclude(pk=user.pk).exists():
        raise Conflict(f"用户名“{data.username}”已存在", code="duplicate_username")
    unit, official = _resolve_user_refs(data, actor)
    before = audit.snapshot(user, USER_FIELDS)
    user.username, user.full_name, user.email = data.username, data.full_name, data.email
    user.unit, user.official, user.is_active = unit, official, data.is_active
    user.save()
    audit.record_saved(actor=actor, obj=user, before=before, fields=USER_FIELDS)
    return user


@transaction.atomic
def reset_password(*, actor, user: User, password: str) -> None:
    """An administrator sets a temporary password; the user must change it at next login."""
    access_for(actor).require("users.manage")
    _validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    user.save(update_fields=["password", "must_change_password", "failed_logins", "locked_until"])
    audit.record(actor=actor, action="reset_password", obj=user)


@transaction.atomic
def change_own_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise InvalidInput("原密码不正确", field="old_password", code="wrong_password")
    if old_password == new_password:
        raise InvalidInput("新密码不能与原密码相同", field="new_password", code="same_password")
    _validate_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit.record(actor=user, action="change_password", obj=user)


def _check_role_separation(roles: list[Role]) -> None:
    duties = {role.admin_duty for role in roles if role.admin_duty}
    if len(duties) > 1:
        raise InvalidInput("三员分立：系统、安全、审计管理员角色不能授予同一用户", field="roles",
                           code="admin_separation")
    if duties and len(roles) > 1:
        raise InvalidInput("三员分立：管理员角色不能与其他角色同时授予", field="roles",
                           code="admin_separation")


@transaction.atomic
def set_user_roles(*, actor, user: User, role_ids: list[int]) -> User:
    """Grant roles (security administrator). Nobody grants roles to themselves."""
    access_for(actor).require("roles.manage")
    if actor.pk == user.pk:
        raise PermissionDenied("不能为自己授权", code="self_grant")
    roles = list(Role.objects.filter(pk__in=role_ids))
    if len(roles) != len(set(role_ids)):
        raise InvalidInput("所选角色不存在", field="roles")
    _check_role_separation(roles)
    before = sorted(user.roles.values_list("code", flat=True))
    user.roles.set(roles)
    after = sorted(role.code for role in roles)
    if before != after:
        audit.record(actor=actor, action="set_roles", obj=user,
                     before={"roles": before}, after={"roles": after})
    return user


def _validate_role(data: RoleData) -> None:
    unknown = sorted(set(data.permissions) - set(PERMISSIONS))
    if unknown:
        raise InvalidInput(f"未知权限：{'、'.join(unknown)}", field="permissions")
    if data.data_scope not in DataScope.values:
        raise InvalidInput(f"数据范围“{data.data_scope}”不存在", field="data_scope")
    if data.admin_duty not in AdminDuty.values:
        raise InvalidInput(f"三员职责“{data.admin_duty}”不存在", field="admin_duty")
    if set(data.permissions) & AUDIT_ONLY_PERMISSIONS and data.admin_duty != AdminDuty.AUDIT:
        raise InvalidInput("三员分立：审计日志查阅权限只能属于审计管理员角色", field="permissions",
                           code="admin_separation")
    if data.admin_duty == AdminDuty.AUDIT and set(data.permissions) - AUDIT_ONLY_PERMISSIONS:
        raise InvalidInput("三员分立：审计管理员角色只能查阅审计日志", field="permissions",
                           code="admin_separation")


@transaction.atomic
def save_role(*, actor, data: RoleData, role: Role | None = None) -> Role:
    access_for(actor).require("roles.manage")
    _validate_role(data)
    if Role.objects.filter(code=data.code).exclude(pk=getattr(role, "pk", None)).exists():
        raise Conflict(f"角色编码“{data.code}”已存在", code="duplicate_code")
    before = audit.snapshot(role, ROLE_FIELDS) if role else None
    role = role or Role()
    role.code, role.name, role.description = data.code, data.name, data.description
    role.data_scope, role.admin_duty = data.data_scope, data.admin_duty
    role.permissions = sorted(set(data.permissions))
    role.save()
    audit.record_saved(actor=actor, obj=role, before=before, fields=ROLE_FIELDS)
    return role


# --- sign-in ---------------------------------------------------------------------------


def _log_login(username: str, user: User | None, outcome: str, source: str, agent: str) -> None:
    LoginLog.objects.create(username=username[:150], user=user, outcome=outcome,
                            source=source[:64], user_agent=agent[:255])


def authenticate_login(*, username: str, password: str, source: str = "", user_agent: str = "") -> User:
    """Check a sign-in. Five consecutive failures lock the account for fifteen minutes."""
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            _log_login(username, None, LoginOutcome.UNKNOWN_USER, source, user_agent)
            failure = LoginFailed("用户名或密码错误", code="bad_credentials")
        elif user.locked_until and user.locked_until > now:
            _log_login(username, user, LoginOutcome.LOCKED, source, user_agent)
            until = timezone.localtime(user.locked_until).strftime("%H:%M")
            failure = LoginFailed(f"连续登录失败次数过多，账号已锁定，请于{until}后再试", code="locked")
        elif not user.check_password(password):
            user.failed_logins += 1
            failure = LoginFailed("用户名或密码错误", code="bad_credentials")
            if user.failed_logins >= settings.LUOSHI_LOCKOUT_FAILURES:
                user.locked_until = now + dt.timedelta(minutes=settings.LUOSHI_LOCKOUT_MINUTES)
                user.failed_logins = 0
                until = timezone.localtime(user.locked_until).strftime("%H:%M")
                failure = LoginFailed(f"连续{settings.LUOSHI_LOCKOUT_FAILURES}次登录失败，"
                                      f"账号已锁定，请于{until}后再试", code="locked")
            user.save(update_fields=["failed_logins", "locked_until"])
            _log_login(username, user, LoginOutcome.BAD_PASSWORD, source, user_agent)
        elif not user.is_active:
            _log_login(username, user, LoginOutcome.INACTIVE, source, user_agent)
            failure = LoginFailed("账号已停用，请联系系统管理员", code="inactive")
        else:
            user.failed_logins, user.locked_until, user.last_login = 0, None, now
            user.save(update_fields=["failed_logins", "locked_until", "last_login"])
            _log_login(username, user, LoginOutcome.SUCCESS, source, user_agent)
            return user
    raise failure


def log_logout(user: User, *, source: str = "", timed_out: bool = False) -> None:
    outcome = LoginOutcome.TIMEOUT if timed_out else LoginOutcome.LOGOUT
    _log_login(user.username, user, outcome, source, "")


# --- API tokens ------------------------------------------------------------------------


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the returned key is shown once and never stored."""
    key = "ls_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:64] or "token", prefix=key[:8],
                                    key_hash=_hash_key(key))
    audit.record(actor=user, action="create_token", obj=token, object_repr=f"{user.username}:{token.name}")
    return token, key


def user_for_api_key(key: str) -> User | None:
    token = (ApiToken.objects.select_related("user", "user__unit__region")
             .filter(key_hash=_hash_key(key), revoked=False).first())
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        access_for(actor).require("users.manage")
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit.record(actor=actor, action="revoke_token", obj=token, object_repr=token.name)
