"""Django class-based view that imports a product feed uploaded as XML."""

from django.http import JsonResponse
from django.views import View
from lxml import etree


class FeedImportView(View):
    parser = etree.XMLParser(resolve_entities=True, huge_tree=False)

    def post(self, request):
        feed = etree.parse(request.FILES["feed"], self.parser).getroot()
        return JsonResponse({"items": len(feed.findall(".//item"))})
