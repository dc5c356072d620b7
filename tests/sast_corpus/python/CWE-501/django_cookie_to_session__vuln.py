"""Django middleware that trusts a cookie for the user's organisation."""


class OrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        org = request.COOKIES.get("org")
        if org:
            request.session["organisation"] = org
        return self.get_response(request)
