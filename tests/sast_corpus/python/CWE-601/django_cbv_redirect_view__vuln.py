"""Django RedirectView whose target comes from the query string."""

from django.views.generic import RedirectView


class ContinueView(RedirectView):
    def get_redirect_url(self, *args, **kwargs):
        return self.request.GET.get("continue", "/")
