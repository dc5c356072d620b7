"""Django view that signs in with Django's login() after authenticating."""

from django.contrib.auth import authenticate, login
from django.http import HttpResponseForbidden
from django.shortcuts import redirect


def continue_as(request):
    user = authenticate(
        request, username=request.POST["username"], password=request.POST["password"]
    )
    if user is None:
        return HttpResponseForbidden()
    login(request, user)
    return redirect("/")
