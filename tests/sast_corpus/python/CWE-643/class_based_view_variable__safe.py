"""Django class-based view that searches a glossary with an XPath variable."""

from django.http import JsonResponse
from django.views import View
from lxml import etree

GLOSSARY = etree.parse("/srv/docs/glossary.xml")


class TermView(View):
    def get(self, request):
        query = "//entry[starts-with(term, $prefix)]/definition/text()"
        found = GLOSSARY.xpath(query, prefix=request.GET.get("term", ""))
        return JsonResponse({"definitions": [str(d) for d in found]})
