"""Django class-based view that keeps the posted voucher in the session."""

from django.http import JsonResponse
from django.views import View


class VoucherView(View):
    def post(self, request):
        request.session["voucher"] = request.POST["voucher"]
        return JsonResponse({"ok": True})
