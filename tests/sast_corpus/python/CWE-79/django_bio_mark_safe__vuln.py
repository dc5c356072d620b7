"""Django view that previews a profile bio as trusted HTML."""

from django.shortcuts import render
from django.utils.safestring import mark_safe


def bio_preview(request):
    bio = mark_safe(request.POST.get("bio", ""))
    return render(request, "accounts/bio_preview.html", {"bio": bio})
