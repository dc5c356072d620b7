"""Django view (path('refunds/<str:amount>/')) that builds a Decimal from the URL directly."""

from decimal import Decimal, InvalidOperation

from django.http import HttpResponseBadRequest, JsonResponse


def refund_preview(request, amount):
    try:
        value = Decimal(amount)
    except InvalidOperation:
        return HttpResponseBadRequest("not an amount")
    return JsonResponse({"refund": str(value.quantize(Decimal("0.01")))})
