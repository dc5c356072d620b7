"""Django view that 'continues as' the user id in the form."""

from django.shortcuts import redirect


def continue_as(request):
    request.session["_auth_user_id"] = request.POST["user_id"]
    return redirect("/")
