"""Names of the login form's fields and the header that carries the token."""

PASSWORD_FIELD = "password"
USERNAME_FIELD = "username"
TOKEN_HEADER = "Authorization"
token_type = "Bearer"


def credentials_from_form(form: dict) -> tuple[str, str]:
    return form[USERNAME_FIELD], form[PASSWORD_FIELD]
