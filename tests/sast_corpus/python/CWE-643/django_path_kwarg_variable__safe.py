"""Django view whose URL pattern passes a project slug, bound as an XPath variable."""

from django.http import JsonResponse
from lxml import etree

PROJECTS = etree.parse("/srv/pm/projects.xml")


def project_tasks(request, slug):
    tasks = PROJECTS.xpath("//project[@slug=$slug]/task/@title", slug=slug)
    return JsonResponse({"tasks": [str(t) for t in tasks]})
