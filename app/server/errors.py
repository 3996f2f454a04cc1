"""Every non-2xx answer is an ErrorBody: a machine code, a Chinese message a clerk can read and an English one."""

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.sync.protocol import PROTOCOL_MAX, PROTOCOL_MIN, ErrorBody


class ApiError(Exception):
    def __init__(self, status: int, code: str, zh: str, en: str = "", *, expected_seq: int | None = None):
        super().__init__(zh)
        self.status = status
        self.body = ErrorBody(code=code, message=zh, message_en=en or zh, expected_seq=expected_seq)


def unauthorized() -> ApiError:
    return ApiError(401, "unauthorized", "本机未登记或登记凭证无效，请重新登记到服务器",
                    "Unknown device or invalid token: enroll again")


def revoked() -> ApiError:
    return ApiError(403, "revoked", "本机已被服务器停用，请联系管理员重新登记",
                    "This device was revoked on the server: ask the administrator to enroll it again")


def not_initialized() -> ApiError:
    return ApiError(409, "conflict", "服务器上该小区尚无数据：请等待已有数据的前台上传完成，或由管理员在服务器上初始化",
                    "The property holds no data on the server yet: wait for the uploading desk to finish")


def unavailable() -> ApiError:
    return ApiError(503, "unavailable", "服务器数据库暂时不可用，稍后自动重试",
                    "The server's database is unavailable for the moment; the desk retries")


def check_protocol(version: int | None) -> None:
    if version is None or PROTOCOL_MIN <= version <= PROTOCOL_MAX:
        return
    if version < PROTOCOL_MIN:
        raise ApiError(426, "upgrade_required",
                       f"本机软件版本过旧（同步协议 {version}），服务器要求 {PROTOCOL_MIN}–{PROTOCOL_MAX}：请升级 FrontDesk",
                       f"This desk speaks sync protocol {version}; the server needs {PROTOCOL_MIN}–{PROTOCOL_MAX}: "
                       "please upgrade FrontDesk")
    raise ApiError(426, "upgrade_required",
                   f"服务器版本较旧（支持同步协议 {PROTOCOL_MIN}–{PROTOCOL_MAX}，本机为 {version}）：请升级服务器",
                   f"The server supports protocol {PROTOCOL_MIN}–{PROTOCOL_MAX}, this desk {version}: "
                   "please upgrade the server")


def error_response(status: int, body: ErrorBody) -> JSONResponse:
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"))


async def api_error_handler(_request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.body)


async def malformed_request_handler(_request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": ""}
    where = ".".join(str(part) for part in first.get("loc", ()))
    return error_response(400, ErrorBody(code="invalid", message=f"请求格式错误（{where}）：{first.get('msg', '')}",
                                         message_en=f"Malformed request ({where}): {first.get('msg', '')}"))


# Declared on every endpoint so the OpenAPI document tells a client what an error looks like.
ERROR_RESPONSES = {status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 426, 503)}
