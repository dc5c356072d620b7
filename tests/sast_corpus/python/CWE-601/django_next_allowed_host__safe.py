"""Django login view that follows ?next= only to this site's hosts."""

from django.contrib.auth import authenticate, login
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def sign_in(request):
    user = authenticate(
        request, username=request.POST["username"], password=request.POST["password"]
    )
    if user is None:
        return redirect("login")
    login(request, user)
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=True
    ):
        target = "/"
    return redirect(target)
