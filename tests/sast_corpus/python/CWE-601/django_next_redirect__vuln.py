"""Django login view that follows ?next= after authenticating."""

from django.contrib.auth import authenticate, login
from django.shortcuts import redirect


def sign_in(request):
    user = authenticate(
        request, username=request.POST["username"], password=request.POST["password"]
    )
    if user is None:
        return redirect("login")
    login(request, user)
    return redirect(request.GET.get("next", "/"))
