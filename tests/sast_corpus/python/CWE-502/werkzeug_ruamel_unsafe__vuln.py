"""Werkzeug application that validates a posted Ansible-like playbook with ruamel.yaml."""

from ruamel.yaml import YAML
from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    playbook = YAML(typ="unsafe", pure=True).load(request.get_data(as_text=True))
    return Response(f"{len(playbook)} plays", mimetype="text/plain")
