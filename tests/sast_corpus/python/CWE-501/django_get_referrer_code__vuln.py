"""Django view that stores a referral code from the query string in the session."""

from django.shortcuts import redirect


def landing(request):
    ref = request.GET.get("ref")
    if ref:
        request.session["referrer"] = ref
    return redirect("signup")
