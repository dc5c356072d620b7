"""Django middleware that sets the organisation from the user's own memberships."""


class OrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        org = request.COOKIES.get("org")
        member = bool(org) and request.user.is_authenticated
        if member and request.user.memberships.filter(organisation__slug=org).exists():
            request.session["organisation"] = org
        return self.get_response(request)
