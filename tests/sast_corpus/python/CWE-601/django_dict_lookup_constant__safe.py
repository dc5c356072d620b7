"""Django view that redirects to a fixed page for the payment outcome."""

from django.http import HttpResponseRedirect

OUTCOMES = {"success": "/orders/thanks/", "cancel": "/cart/"}


def after_payment(request):
    outcome = "success" if request.POST.get("paid") == "1" else "cancel"
    return HttpResponseRedirect(OUTCOMES[outcome])
