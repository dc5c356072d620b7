"""Django view whose URL pattern passes a project slug into an XPath query."""

from django.http import JsonResponse
from lxml import etree

PROJECTS = etree.parse("/srv/pm/projects.xml")


def project_tasks(request, slug):
    tasks = PROJECTS.xpath(f"//project[@slug='{slug}']/task/@title")
    return JsonResponse({"tasks": [str(t) for t in tasks]})
