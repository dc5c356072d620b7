"""Django RedirectView that follows ?continue= only on this site."""

from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import RedirectView


class ContinueView(RedirectView):
    def get_redirect_url(self, *args, **kwargs):
        target = self.request.GET.get("continue", "/")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return "/"
