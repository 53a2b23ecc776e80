"""Sign-in security: password policy, lockout, idle timeout, forced first change, login log."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import InvalidInput
from luoshi.orgs import accounts
from luoshi.orgs.models import LoginLog, LoginOutcome, User
from tests.conftest import PASSWORD


@pytest.mark.parametrize("password", ["Short1!", "alllowercase1", "ALLUPPER!!", "12345678a"])
def test_weak_passwords_are_refused(sysadmin, password):
    with pytest.raises(InvalidInput):
        accounts.create_user(actor=sysadmin, password=password,
                             data=accounts.UserData(username="new", full_name="新用户"))


def test_a_password_with_three_classes_is_accepted(sysadmin):
    user = accounts.create_user(actor=sysadmin, password="abcd1234!",
                                data=accounts.UserData(username="new", full_name="新用户"))
    assert user.must_change_password


def test_five_failures_lock_the_account_for_fifteen_minutes(reporter):
    for _ in range(4):
        with pytest.raises(accounts.LoginFailed) as failure:
            accounts.authenticate_login(username="reporter", password="wrong")
        assert failure.value.code == "bad_credentials"
    with pytest.raises(accounts.LoginFailed) as failure:
        accounts.authenticate_login(username="reporter", password="wrong")
    assert failure.value.code == "locked"
    # Even the right password is refused while locked
    with pytest.raises(accounts.LoginFailed) as failure:
        accounts.authenticate_login(username="reporter", password=PASSWORD)
    assert failure.value.code == "locked"
    locked_until = User.objects.get(pk=reporter.pk).locked_until
    assert dt.timedelta(minutes=14) < locked_until - timezone.now() <= dt.timedelta(minutes=15)


def test_the_lock_expires(reporter):
    User.objects.filter(pk=reporter.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert accounts.authenticate_login(username="reporter", password=PASSWORD) == reporter


def test_every_attempt_is_in_the_login_log(reporter):
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate_login(username="reporter", password="wrong", source="10.0.0.9")
    accounts.authenticate_login(username="reporter", password=PASSWORD, source="10.0.0.9")
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate_login(username="nobody", password="x")
    outcomes = list(LoginLog.objects.order_by("id").values_list("username", "outcome", "source"))
    assert outcomes == [("reporter", LoginOutcome.BAD_PASSWORD, "10.0.0.9"),
                        ("reporter", LoginOutcome.SUCCESS, "10.0.0.9"),
                        ("nobody", LoginOutcome.UNKNOWN_USER, "")]


def test_login_page_signs_in_and_shows_errors_in_chinese(client, reporter):
    response = client.post(reverse("login"), {"username": "reporter", "password": "bad"})
    assert "用户名或密码错误" in response.content.decode()
    response = client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("units")).status_code == 200


def test_first_login_forces_a_password_change(client, sysadmin):
    user = accounts.create_user(actor=sysadmin, password="Start@2023",
                                data=accounts.UserData(username="fresh", full_name="新人"))
    client.post(reverse("login"), {"username": "fresh", "password": "Start@2023"})
    response = client.get(reverse("units"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    response = client.post(reverse("password_change"), {
        "old_password": "Start@2023", "new_password": "Better#2024", "new_password2": "Better#2024"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_thirty_idle_minutes_end_the_session(client, reporter, settings):
    client.force_login(reporter)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["luoshi_last_seen"] = session["luoshi_last_seen"] - settings.LUOSHI_IDLE_TIMEOUT_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert LoginLog.objects.filter(user=reporter, outcome=LoginOutcome.TIMEOUT).exists()
    assert client.get(reverse("home")).status_code == 302


def test_idle_timeout_is_thirty_minutes(settings):
    assert settings.LUOSHI_IDLE_TIMEOUT_SECONDS == 1800
