"""Django view that sorts a report by a key expression given in the query string."""

from django.http import JsonResponse

ROWS = [{"region": "north", "total": 10}, {"region": "south", "total": 7}]


def report(request):
    key = eval("lambda row: " + request.GET.get("sort", "row['total']"))
    return JsonResponse({"rows": sorted(ROWS, key=key)})
