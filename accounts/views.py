from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import AccountDeleteForm, ProfileForm, SignUpForm
from accounts.lockout import client_ip
from accounts.services import (
    account_activate,
    account_for_activation,
    account_signup,
    email_change_confirm,
    email_change_for_link,
    email_change_request,
)
from accounts.tasks import account_close
from accounts.throttle import email_allowed

CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


@require_http_methods(["GET", "POST"])
def signup(request):
    """Sign up; a taken address gets the same answer as a free one (see account_signup)."""
    if request.user.is_authenticated:
        return redirect("progress:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Over the email throttle (accounts.throttle) nothing is done, and the page is the same.
        if email_allowed(address=email, client=client_ip(request)):
            account_signup(
                username=form.cleaned_data["username"],
                email=email,
                password=form.cleaned_data["password1"],
                base_url=request.build_absolute_uri("/"),
            )
        return redirect("accounts:signup-sent")
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "title": "Create your account", "submit": "Sign up"},
    )


@require_GET
def signup_sent(request):
    return render(
        request,
        "accounts/signup_sent.html",
        {
            "title": "Check your email",
            "message": "We have sent an email to the address you gave. Open the link in it "
            "to activate your account, then you can log in. No email after a few minutes? "
            "Look in your spam folder, or sign up again.",
            "console_email": settings.EMAIL_BACKEND == CONSOLE_EMAIL,
        },
    )


@require_http_methods(["GET", "POST"])
def activate(request, uidb64, token):
    """The link in the sign-up email. A GET only shows a button: mail scanners open links."""
    account = account_for_activation(uidb64=uidb64, token=token)
    if account is None:
        return render(request, "accounts/activate.html", {"title": "This link does not work"})
    if request.method == "POST":
        account_activate(user=account)
        login(request, account, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Hamstrong. Your account is ready.")
        return redirect("progress:dashboard")
    return render(
        request,
        "accounts/activate.html",
        {"account": account, "title": "Activate your account", "submit": "Activate my account"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        email = form.cleaned_data["email"]
        base_url = request.build_absolute_uri("/")
        if email_change_request(user=request.user, email=email, base_url=base_url):
            messages.success(
                request,
                f"Profile saved. To use {email} from now on, open the link we have sent to it.",
            )
        else:
            messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile_form.html",
        {"form": form, "title": "Your profile", "submit": "Save profile"},
    )


@require_http_methods(["GET", "POST"])
def email_confirm(request, uidb64, token):
    """The link sent to a new email address. A GET only shows a button, as for activation."""
    change = email_change_for_link(uidb64=uidb64, token=token)
    if change is None:
        return render(request, "accounts/email_confirm.html", {"title": "This link does not work"})
    account, email = change
    if request.method == "POST":
        email_change_confirm(user=account, email=email)
        messages.success(request, f"Your email address is now {email}.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/email_confirm.html",
        {
            "account": account,
            "email": email,
            "title": "Confirm your new email address",
            "submit": "Use this address",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Delete the account and all its data, after offering the export first."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_close(user=request.user)
        logout(request)
        messages.info(
            request,
            "Your account is closed, and everything in it is being deleted: "
            "it is gone within a minute.",
        )
        return redirect("home")
    return render(
        request,
        "accounts/account_delete.html",
        {
            "form": form,
            "title": "Delete your account",
            "submit": "Delete my account",
            "submit_class": "btn-danger",
        },
    )
