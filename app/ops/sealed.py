"""ID numbers travel in op payloads sealed: ciphertext, keyed hash and masked form, never in plain text."""

import pydantic

from app.core.crypto import FieldCipher
from app.core.errors import ValidationError
from app.domain.idcard import mask_id_number, normalize_id_number, validate_id_number
from app.domain.registry import IdType


class SealedId(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    id_type: IdType = IdType.RESIDENT
    enc: str = pydantic.Field(min_length=8)
    hash: str = pydantic.Field(min_length=64, max_length=64)
    masked: str = pydantic.Field(min_length=4, max_length=32)


def seal_id_number(cipher: FieldCipher, raw: str, id_type: IdType = IdType.RESIDENT) -> SealedId:
    """Validate (GB 11643 for resident IDs) and seal; raises ValidationError with the reason."""
    if id_type == IdType.RESIDENT:
        number = validate_id_number(raw)
    else:
        number = normalize_id_number(raw)
        if not 5 <= len(number) <= 20 or not number.isalnum():
            raise ValidationError("证件号码格式不正确", "Invalid document number")
    return SealedId(id_type=id_type, enc=cipher.encrypt(number), hash=lookup_hash(cipher, number),
                    masked=mask_id_number(number))


def lookup_hash(cipher: FieldCipher, raw: str) -> str:
    return cipher.lookup_hash(normalize_id_number(raw))
