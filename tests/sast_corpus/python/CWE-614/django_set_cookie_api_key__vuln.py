"""Django view that hands the dashboard its API key in a cookie."""

from django.http import HttpResponse


def dashboard_key(request):
    response = HttpResponse("ready")
    response.set_cookie(key="dashboard_api_key", value=request.user.profile.api_key, httponly=True)
    return response
