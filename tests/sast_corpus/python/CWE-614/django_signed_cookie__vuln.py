"""Django view that stores the cart owner's id in a signed cookie."""

from django.http import HttpResponse


def claim_cart(request):
    response = HttpResponse("cart claimed")
    response.set_signed_cookie("cart_owner", str(request.user.pk), salt="cart", httponly=True)
    return response
