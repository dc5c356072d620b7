"""Django view whose inline template turns autoescaping off."""

from django.http import HttpResponse
from django.template import Context, Template

PAGE = Template("{% autoescape off %}<h1>{{ title }}</h1>{% endautoescape %}")


def page(request):
    return HttpResponse(PAGE.render(Context({"title": request.GET.get("title", "")})))
