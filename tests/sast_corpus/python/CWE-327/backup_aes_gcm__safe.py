"""Encrypts configuration backups with AES-GCM."""

import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt_backup(data: bytes, key: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, b"backup-v1")
