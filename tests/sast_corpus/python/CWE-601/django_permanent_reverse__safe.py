"""Django view that redirects permanently to a named route with the posted slug."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse


def moved(request):
    slug = request.POST.get("slug", "home")
    return HttpResponsePermanentRedirect(reverse("bookmarks:detail", kwargs={"slug": slug}))
