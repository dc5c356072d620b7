"""FastAPI endpoint that stores the chosen account id in the session."""

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/accounts/select")
def select_account(request: Request, account_id: str):
    request.session["account_id"] = account_id
    return {"selected": account_id}
