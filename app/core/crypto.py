"""Field encryption for personal ID numbers: AES-GCM for storage, HMAC-SHA256 for exact look-up.

One 32-byte master key per data folder; two sub-keys are derived from it (HKDF) so the look-up hash
reveals nothing about the ciphertext key. Ciphertext text form: ``v1:`` + urlsafe base64(nonce + ct).
"""

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
_PREFIX = "v1:"


def generate_master_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"frontdesk/" + purpose).derive(master)


class FieldCipher:
    def __init__(self, master_key: bytes):
        if len(master_key) != KEY_BYTES:
            raise ValueError("master key must be 32 bytes")
        self._aead = AESGCM(_derive(master_key, b"field-encryption"))
        self._mac_key = _derive(master_key, b"lookup-hash")

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), None)
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, token: str) -> str:
        if not token.startswith(_PREFIX):
            raise ValueError("unknown ciphertext version")
        raw = base64.urlsafe_b64decode(token[len(_PREFIX):])
        return self._aead.decrypt(raw[:12], raw[12:], None).decode("utf-8")

    def lookup_hash(self, normalized: str) -> str:
        return hmac.new(self._mac_key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()
