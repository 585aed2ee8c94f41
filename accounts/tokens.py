"""The token in the link that activates a new account."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Like a password-reset token, but not one: another salt, so neither kind of link
    opens the other's page, and spent once the account is active.

    It also lapses when the password changes (a later sign-up with the same
    address) and after PASSWORD_RESET_TIMEOUT, as reset tokens do.
    """

    key_salt = "accounts.tokens.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_token_generator = ActivationTokenGenerator()
