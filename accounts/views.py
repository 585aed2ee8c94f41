from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms import AccountDeleteForm, ProfileForm, SignUpForm
from accounts.services import account_delete


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("progress:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Hamstrong. Your account is ready.")
        return redirect("progress:dashboard")
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "title": "Create your account", "submit": "Sign up"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile_form.html",
        {"form": form, "title": "Your profile", "submit": "Save profile"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Delete the account and all its data, after offering the export first."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.info(request, "Your account and everything in it are deleted.")
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
