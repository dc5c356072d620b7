"""Django view that sorts a report by one of its columns, chosen in the query string."""

from operator import itemgetter

from django.http import HttpResponseBadRequest, JsonResponse

ROWS = [{"region": "north", "total": 10}, {"region": "south", "total": 7}]
COLUMNS = {"region", "total"}


def report(request):
    column = request.GET.get("sort", "total")
    if column not in COLUMNS:
        return HttpResponseBadRequest("unknown column")
    return JsonResponse({"rows": sorted(ROWS, key=itemgetter(column))})
