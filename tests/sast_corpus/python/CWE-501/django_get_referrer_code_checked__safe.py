"""Django view that stores a referral code only if it matches the code format."""

import re

from django.shortcuts import redirect

CODE = re.compile(r"[A-Z0-9]{8}")


def landing(request):
    ref = request.GET.get("ref", "")
    if CODE.fullmatch(ref):
        request.session["referrer"] = ref
    return redirect("signup")
