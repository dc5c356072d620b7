"""Django view that flags the session as staff from a posted field."""

from django.http import HttpResponse


def enable_tools(request):
    request.session["is_staff"] = request.POST.get("staff") == "yes"
    request.session["staff_name"] = request.POST.get("name", "")
    return HttpResponse("ok")
