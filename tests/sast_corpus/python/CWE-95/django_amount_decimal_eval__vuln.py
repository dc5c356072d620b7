"""Django view (path('refunds/<str:amount>/')) that builds a Decimal from the URL by eval."""

from decimal import Decimal

from django.http import JsonResponse


def refund_preview(request, amount):
    value = eval("Decimal('" + amount + "')", {"Decimal": Decimal})
    return JsonResponse({"refund": str(value.quantize(Decimal("0.01")))})
