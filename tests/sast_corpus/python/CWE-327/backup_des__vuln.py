"""Encrypts configuration backups before upload."""

from Crypto.Cipher import DES
from Crypto.Util.Padding import pad


def encrypt_backup(data: bytes, key: bytes) -> bytes:
    cipher = DES.new(key[:8], DES.MODE_CBC)
    return cipher.iv + cipher.encrypt(pad(data, DES.block_size))
