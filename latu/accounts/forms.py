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
