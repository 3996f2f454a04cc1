"""Where the field-encryption key lives: never in the database file.

The OS keyring where one works (Windows Credential Manager, macOS Keychain, Secret Service), else a key file
in the data folder readable by the owner only. ``keys/location`` records which, so a desk never silently makes a
new key for a database that already holds encrypted data. Set ``FRONTDESK_KEYSTORE=file`` to force the file.
"""

import base64
import hashlib
import os
from pathlib import Path

from app.core.crypto import KEY_BYTES, generate_master_key
from app.core.errors import StorageError

SERVICE = "FrontDesk"


def _keys_dir(data_dir: Path) -> Path:
    return data_dir / "keys"


def _keyring_user(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"field-key-{digest}"


def _usable_keyring():
    if os.environ.get("FRONTDESK_KEYSTORE", "").lower() == "file":
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or backend.priority < 1:
            return None
        return keyring
    except Exception:  # any backend trouble means: use the file
        return None


def _write_key_file(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(key).decode("ascii"))
    os.chmod(path, 0o600)


def _decode(text: str) -> bytes:
    key = base64.b64decode(text.strip())
    if len(key) != KEY_BYTES:
        raise StorageError("密钥格式不正确", "The key has the wrong format")
    return key


def key_is_stored(data_dir: Path) -> bool:
    """Whether this data folder has recorded where its key lives (it may still be missing from there)."""
    return (_keys_dir(data_dir) / "location").exists()


def load_key(data_dir: Path) -> bytes:
    location_file = _keys_dir(data_dir) / "location"
    if not location_file.exists():
        raise StorageError(
            "找不到本数据目录的加密密钥，请从备份恢复密钥（frontdesk key import）",
            "No encryption key for this data folder; restore it from backup (frontdesk key import)",
        )
    location = location_file.read_text(encoding="ascii").strip()
    if location == "keyring":
        keyring = _usable_keyring()
        stored = keyring.get_password(SERVICE, _keyring_user(data_dir)) if keyring else None
        if stored is None:
            raise StorageError("系统密钥环中找不到加密密钥", "The encryption key is missing from the OS keyring")
        return _decode(stored)
    return _decode((_keys_dir(data_dir) / "field.key").read_text(encoding="ascii"))


def store_key(data_dir: Path, key: bytes) -> str:
    """Save ``key`` for this data folder; returns where it went ("keyring" or "file")."""
    keys_dir = _keys_dir(data_dir)
    keys_dir.mkdir(parents=True, exist_ok=True)
    keyring = _usable_keyring()
    location = "file"
    if keyring is not None:
        try:
            keyring.set_password(SERVICE, _keyring_user(data_dir), base64.b64encode(key).decode("ascii"))
            location = "keyring"
        except Exception:
            location = "file"
    if location == "file":
        _write_key_file(keys_dir / "field.key", key)
    (keys_dir / "location").write_text(location, encoding="ascii")
    return location


def load_or_create_key(data_dir: Path, *, may_create: bool) -> bytes:
    """The key for ``data_dir``; a new one only when the caller knows the store holds no encrypted data yet."""
    if key_is_stored(data_dir) or not may_create:
        return load_key(data_dir)
    key = generate_master_key()
    store_key(data_dir, key)
    return key


def export_key(data_dir: Path) -> str:
    return base64.b64encode(load_key(data_dir)).decode("ascii")


def import_key(data_dir: Path, text: str) -> None:
    store_key(data_dir, _decode(text))
