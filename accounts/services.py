"""Signing up, activating, changing the email address and deleting accounts."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import activation_token_generator

# The user's rows, in an order no protected foreign key objects to: what points
# at an exercise, a session or a routine goes before it. Looked up by name so
# the accounts app imports none of the apps built on it.
OWNED = [
    ("progress", "Goal", "user"),
    ("progress", "PersonalRecord", "user"),
    ("progress", "ProgressionState", "user"),
    ("progress", "ProgressionEvent", "user"),
    ("training", "Session", "user"),  # with its sets
    ("training", "Schedule", "user"),
    ("training", "Routine", "owner"),  # with its entries
    ("training", "Import", "user"),
    ("exercises", "Exercise", "owner"),  # the user's private exercises
]


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the user and all their data: nothing of theirs is left behind."""
    for app_label, model_name, field in OWNED:
        apps.get_model(app_label, model_name).objects.filter(**{field: user}).delete()
    user.delete()


def user_with_email(email: str) -> User | None:
    """The account using `email`, matched as the database's unique constraint matches it."""
    return (
        User.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email)))
        .exclude(email="")
        .first()
    )


def account_signup(*, username: str, email: str, password: str, base_url: str) -> None:
    """Sign up `email`, or tell its owner they have an account: the caller cannot tell which.

    A free address gets a new, inactive account and a link to activate it. An
    address whose account was never activated gets that account, renamed and
    with the new password, and a fresh link: the latest sign-up is the one the
    person remembers, and an account someone else started with their address
    cannot wait for them with a password it knows. An address in use gets an
    email saying so, and nothing is created. Both paths hash the password and
    send one email, so neither the page nor its timing tells them apart.
    """
    existing = user_with_email(email)
    if existing is not None and (existing.is_active or existing.last_login is not None):
        make_password(password)
        _send_already_registered(existing, base_url)
        return
    user = existing or User()
    user.username, user.email = username, email
    user.set_password(password)
    user.is_active = False
    # The form checked the username; the address was looked up above, and a sign-up
    # racing this one for it is settled by the database's constraint.
    user.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        taken = user_with_email(email)
        if taken is None:
            raise
        _send_already_registered(taken, base_url)
        return
    _send_activation(user, base_url)


def account_for_activation(*, uidb64: str, token: str) -> User | None:
    """The inactive account an activation link names, or None if the link does not work."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None
    if user.is_active or not activation_token_generator.check_token(user, token):
        return None
    return user


def account_activate(*, user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _link_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))


def _send_to(template: str, address: str, context: dict) -> None:
    subject = render_to_string(f"accounts/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/{template}_email.txt", context)
    send_mail(subject, body, None, [address])


def _send(template: str, user: User, context: dict) -> None:
    _send_to(template, user.email, {"user": user, **context})


def _send_activation(user: User, base_url: str) -> None:
    path = reverse(
        "accounts:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_token_generator.make_token(user),
        },
    )
    _send("activation", user, {"activate_url": _absolute(base_url, path), "days": _link_days()})


def _send_already_registered(user: User, base_url: str) -> None:
    _send(
        "signup_exists",
        user,
        {
            "login_url": _absolute(base_url, reverse("accounts:login")),
            "reset_url": _absolute(base_url, reverse("accounts:password-reset")),
        },
    )


def _email_change_salt(user: User) -> str:
    return f"accounts.email-change:{user.pk}"


def _email_digest(email: str) -> str:
    return salted_hmac("accounts.email-change.was", email.lower()).hexdigest()[:20]


def email_change_request(*, user: User, email: str, base_url: str) -> bool:
    """Ask `email` to confirm it belongs to `user`; False if there is nothing to confirm.

    The same address in another case is the same mailbox: it is saved at once.
    Otherwise a link goes to the new address if it is free, and a note saying it
    already has an account if not, and the caller answers the same either way.
    """
    if email.lower() == user.email.lower():
        if email != user.email:
            user.email = email
            user.save(update_fields=["email"])
        return False
    taken = user_with_email(email)
    if taken is not None:
        _send("email_in_use", taken, {"login_url": _absolute(base_url, reverse("accounts:login"))})
        return True
    token = signing.dumps(
        {"email": email, "was": _email_digest(user.email)}, salt=_email_change_salt(user)
    )
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:email-confirm", kwargs={"uidb64": uidb64, "token": token})
    _send_to(
        "email_change",
        email,
        {"user": user, "confirm_url": _absolute(base_url, path), "days": _link_days()},
    )
    return True


def email_change_for_link(*, uidb64: str, token: str) -> tuple[User, str] | None:
    """The account and new address an email-change link names, or None if it does not work:
    forged, expired, used (the account's address is no longer the one it was made for),
    or the new address has been taken since."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
        change = signing.loads(
            token, salt=_email_change_salt(user), max_age=settings.PASSWORD_RESET_TIMEOUT
        )
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None
    except signing.BadSignature:
        return None
    if change["was"] != _email_digest(user.email) or user_with_email(change["email"]):
        return None
    return user, change["email"]


def email_change_confirm(*, user: User, email: str) -> None:
    user.email = email
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email"])
