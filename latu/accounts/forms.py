from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from latu.accounts.models import User


class SignupForm(AllauthSignupForm):
    name = forms.CharField(label=_("Name"), max_length=150, help_text=_("Shown with your ideas and comments."))
    field_order = ["name", "email", "password1", "password2"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "title", "language"]


class DeleteAccountForm(forms.Form):
    """Confirms a deletion request with the person's password (or, for people who sign in
    only through their organisation's identity provider, their email address)."""

    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            self.fields["password"] = forms.EmailField(
                label=_("Your email address"),
                help_text=_("You sign in without a password: type your address to confirm."),
            )

    def clean_password(self) -> str:
        value = self.cleaned_data["password"]
        if self.user.has_usable_password():
            if not self.user.check_password(value):
                raise forms.ValidationError(_("The password is not correct."))
        elif value.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("The address is not the one of your account."))
        return value
