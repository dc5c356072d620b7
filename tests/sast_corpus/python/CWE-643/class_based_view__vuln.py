"""Django class-based view that searches a glossary."""

from django.http import JsonResponse
from django.views import View
from lxml import etree

GLOSSARY = etree.parse("/srv/docs/glossary.xml")


class TermView(View):
    def get(self, request):
        term = request.GET.get("term", "")
        query = f"//entry[starts-with(term, '{term}')]/definition/text()"
        return JsonResponse({"definitions": [str(d) for d in GLOSSARY.xpath(query)]})
