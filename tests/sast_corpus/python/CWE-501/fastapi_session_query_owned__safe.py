"""FastAPI endpoint that stores the chosen account id if the user owns it."""

from fastapi import FastAPI, HTTPException, Request

app = FastAPI()
OWNED: dict[str, set[int]] = {}


@app.post("/accounts/select")
def select_account(request: Request, account_id: int):
    if account_id not in OWNED.get(request.session.get("user", ""), set()):
        raise HTTPException(status_code=403)
    request.session["account_id"] = account_id
    return {"selected": account_id}
