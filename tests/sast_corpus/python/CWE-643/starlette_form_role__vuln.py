"""Starlette endpoint that checks whether a user holds a posted role."""

from lxml import etree
from starlette.responses import JSONResponse

ROLES = etree.parse("/srv/auth/roles.xml")


async def has_role(request):
    form = await request.form()
    user, role = form["user"], form["role"]
    hit = ROLES.xpath(f"boolean(//user[@id='{user}']/role[text()='{role}'])")
    return JSONResponse({"granted": bool(hit)})
