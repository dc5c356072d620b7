"""Django view that keeps the posted shipping address in the session for the next step."""

from django.shortcuts import redirect


def shipping(request):
    address = {field: request.POST.get(field, "") for field in ("street", "city", "zip")}
    request.session["shipping_address"] = address
    return redirect("checkout-payment")
