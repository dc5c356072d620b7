"""Django view that renders an inline template printing the query unescaped."""

from django.http import HttpResponse
from django.template import Context, Template

PAGE = Template("<p>Showing results for {{ q|safe }}</p>")


def results(request):
    return HttpResponse(PAGE.render(Context({"q": request.GET.get("q", "")})))
