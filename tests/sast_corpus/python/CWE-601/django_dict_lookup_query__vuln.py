"""Django view that redirects to a URL looked up by key in the posted data."""

from django.http import HttpResponseRedirect


def after_payment(request):
    urls = {"success": request.POST.get("success_url"), "cancel": request.POST.get("cancel_url")}
    outcome = "success" if request.POST.get("paid") == "1" else "cancel"
    return HttpResponseRedirect(urls[outcome] or "/")
