from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views
from accounts.forms import LoginForm, ThrottledPasswordResetForm

app_name = "accounts"


def _form_page(title, submit, **context):
    return {"title": title, "submit": submit, **context}


urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup-sent"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("profile/", views.profile, name="profile"),
    path("email/confirm/<uidb64>/<token>/", views.email_confirm, name="email-confirm"),
    path("delete/", views.delete, name="delete"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
            extra_context=_form_page("Log in", "Log in"),
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/form_page.html",
            success_url=reverse_lazy("accounts:password-change-done"),
            extra_context=_form_page("Change your password", "Change password"),
        ),
        name="password-change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/message_page.html",
            extra_context={
                "title": "Password changed",
                "message": "Your password has been changed. You stay logged in on this device.",
            },
        ),
        name="password-change-done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=ThrottledPasswordResetForm,
            template_name="accounts/form_page.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-done"),
            extra_context=_form_page(
                "Reset your password",
                "Send reset link",
                intro="Enter the email address of your account and we will send you a link "
                "to choose a new password.",
            ),
        ),
        name="password-reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/message_page.html",
            extra_context={
                "title": "Check your email",
                "message": "If an account uses that address, a link to reset its password is "
                "on its way. It works once and expires in a few days.",
            },
        ),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
            extra_context=_form_page("Choose a new password", "Set password"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/message_page.html",
            extra_context={
                "title": "Password set",
                "message": "Your new password is set. You can log in with it now.",
                "show_login": True,
            },
        ),
        name="password-reset-complete",
    ),
]
