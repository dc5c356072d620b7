"""Django view that returns the note as plain text."""

from django.http import HttpResponse


def note(request):
    return HttpResponse(request.GET.get("note", ""), content_type="text/plain; charset=utf-8")
