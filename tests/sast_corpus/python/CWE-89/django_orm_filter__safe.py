"""Django view that filters orders with the ORM."""

from django.http import JsonResponse

from .models import Order


def orders(request):
    qs = Order.objects.filter(status=request.GET.get("status", "open"))
    return JsonResponse({"ids": list(qs.values_list("id", flat=True))})
