"""Django view that keeps a validated shipping address in the session."""

from django import forms
from django.shortcuts import redirect, render


class AddressForm(forms.Form):
    street = forms.CharField(max_length=100)
    city = forms.CharField(max_length=60)
    zip = forms.RegexField(regex=r"^\d{5}$")


def shipping(request):
    form = AddressForm(request.POST)
    if not form.is_valid():
        return render(request, "checkout/shipping.html", {"form": form})
    request.session["shipping_address"] = form.cleaned_data
    return redirect("checkout-payment")
