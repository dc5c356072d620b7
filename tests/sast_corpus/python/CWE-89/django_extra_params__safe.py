"""Django view that filters orders with QuerySet.extra() and params."""

from django.http import JsonResponse

from .models import Order


def orders(request):
    status = request.GET.get("status", "open")
    qs = Order.objects.extra(where=["status = %s"], params=[status])
    return JsonResponse({"ids": list(qs.values_list("id", flat=True))})
