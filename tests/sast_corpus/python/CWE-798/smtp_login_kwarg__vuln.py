"""Sends alert e-mails through the corporate relay."""

import smtplib
from email.message import EmailMessage


def send_alert(subject: str, body: str) -> None:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "alerts@example.com"
    message["To"] = "oncall@example.com"
    message.set_content(body)
    with smtplib.SMTP("smtp.example.com", 587, timeout=10) as smtp:
        smtp.starttls()
        smtp.login(user="alerts@example.com", password="Al3rts-Relay-Pass")
        smtp.send_message(message)
