from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm

from accounts.lockout import client_ip
from accounts.models import User
from accounts.plates import MAX_SIZES, parse_plates, plates_text
from accounts.throttle import email_allowed


class LoginForm(AuthenticationForm):
    """Django's log-in form, with its username's length checked.

    AuthenticationForm sets the field's max_length after the field is built, so no
    validator enforces it: a longer name went on to authenticate(), and the failed
    log-in's record (django-axes keeps the name tried in 255 characters) was a 500.
    """

    def clean_username(self):
        username = self.cleaned_data.get("username", "")
        limit = self.fields["username"].max_length
        if limit and len(username) > limit:
            raise forms.ValidationError(
                f"A username has at most {limit} characters.", code="max_length"
            )
        return username


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, but an email over the throttle's limits (accounts.throttle) is
    not sent; the page that follows is the same."""

    client = None

    def save(self, *args, request=None, **kwargs):
        self.client = client_ip(request) if request is not None else None
        return super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        if email_allowed(address=to_email, client=self.client):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class SignUpForm(UserCreationForm):
    """Username, address and password for a new account.

    Whether the address is taken is not this form's to say: the sign-up answers
    the same either way (accounts.services.account_signup), so the address is not
    a model field here and the model's unique-address check does not run. The
    username, a public handle, is still refused when taken.
    """

    email = forms.EmailField(
        help_text="We send a link to it to activate your account. Only used for that "
        "and to reset your password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["username", "email", "password1", "password2"]

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)

    def clean_username(self):
        """A taken username is refused, unless the same person is signing up again:
        the account holding it was never activated and has the address given now
        (the first email was lost). That account is then the one signed up again."""
        username = self.cleaned_data.get("username")
        pending = User.objects.filter(
            username__iexact=username,
            email__iexact=str(self.data.get("email", "")).strip(),
            is_active=False,
            last_login__isnull=True,
        ).first()
        if username and pending is not None:
            self.instance = pending  # so the model's unique check passes over it
            return username
        return super().clean_username()

    def clean(self):
        cleaned_data = super().clean()
        # On the instance before the password validators run, so a password like the
        # address is still refused.
        self.instance.email = cleaned_data.get("email", "")
        return cleaned_data


class ProfileForm(forms.ModelForm):
    """The profile. A new email address is not saved here: it takes effect from a link
    sent to it (accounts.services.email_change_request), so this form never says
    whether another account uses the address."""

    email = forms.EmailField(
        help_text="Used to reset your password. A new address takes effect when you open "
        "the link we send to it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Enter an email address so you can reset your password."},
    )
    weekly_target = forms.TypedChoiceField(
        label="Sessions per week",
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        help_text=User._meta.get_field("weekly_target").help_text,
        error_messages={
            "required": "Choose 1, 2 or 3 sessions a week.",
            "invalid_choice": "Choose 1, 2 or 3 sessions a week.",
        },
    )
    field_order = ["display_name", "email", "unit", "weekly_target", "experience", "theme"]
    field_order += ["plates", "bar_weight"]

    class Meta:
        model = User
        fields = ("display_name", "unit", "weekly_target", "experience", "theme", "plates")
        fields += ("bar_weight",)
        widgets = {"theme": forms.RadioSelect}

    def clean_theme(self):
        # Left out (an older form): as the phone is set.
        return self.cleaned_data["theme"] or User.Theme.AUTO

    def clean_plates(self):
        try:
            return plates_text(parse_plates(self.cleaned_data["plates"]))
        except ValueError:
            raise forms.ValidationError(
                "Plates are sizes from 0.1 to 100 separated by spaces, such as 20 10 5 2.5 "
                f"(at most {MAX_SIZES} sizes)."
            ) from None

    def clean_bar_weight(self):
        bar = self.cleaned_data["bar_weight"]
        if bar is not None and not 0 <= bar <= 100:
            raise forms.ValidationError("A bar weighs from 0 to 100 (in your unit).")
        return bar

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.email
        self.fields["theme"].required = False


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
        error_messages={"required": "Type your password to delete your account."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password
