"""Sends alert e-mails, reading the relay password from the system keyring."""

import smtplib

import keyring

RELAY_USER = "alerts@example.com"


def login(smtp: smtplib.SMTP) -> None:
    password = keyring.get_password("smtp-relay", RELAY_USER)
    if password is None:
        raise RuntimeError("no relay password in the keyring")
    smtp.login(RELAY_USER, password)
