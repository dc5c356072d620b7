"""Django view that previews a bio through the autoescaping template engine."""

from django.shortcuts import render


def bio_preview(request):
    bio = request.POST.get("bio", "")
    return render(request, "accounts/bio_preview.html", {"bio": bio})
