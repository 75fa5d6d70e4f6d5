"""Request errors with canonical codes, sent as google.rpc.Status with ErrorInfo / BadRequest details.

Query code raises RequestError; the servicers turn it into a status. Unexpected exceptions become
INTERNAL without leaking a stack trace.
"""

from __future__ import annotations

import functools
import logging

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

DOMAIN = "harmonize.v1"
log = logging.getLogger("harmonize.server")


class RequestError(Exception):
    def __init__(self, code: grpc.StatusCode, message: str, *, field: str = "", reason: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.reason = reason or code.name


def invalid_argument(field: str, message: str) -> RequestError:
    return RequestError(grpc.StatusCode.INVALID_ARGUMENT, message, field=field, reason="INVALID_ARGUMENT")


def not_found(message: str, reason: str = "NOT_FOUND") -> RequestError:
    return RequestError(grpc.StatusCode.NOT_FOUND, message, reason=reason)


def to_status(error: RequestError) -> grpc.Status:
    details = []
    info = any_pb2.Any()
    info.Pack(error_details_pb2.ErrorInfo(reason=error.reason, domain=DOMAIN))
    details.append(info)
    if error.field:
        bad = any_pb2.Any()
        bad.Pack(
            error_details_pb2.BadRequest(
                field_violations=[
                    error_details_pb2.BadRequest.FieldViolation(field=error.field, description=error.message)
                ]
            )
        )
        details.append(bad)
    status = status_pb2.Status(
        code=getattr(code_pb2, error.code.name), message=error.message, details=details
    )
    return rpc_status.to_status(status)


def grpc_errors(method):
    """Decorator for async servicer methods: RequestError → its status; anything else → INTERNAL."""

    @functools.wraps(method)
    async def wrapper(self, request, context):
        try:
            return await method(self, request, context)
        except RequestError as error:
            await context.abort_with_status(to_status(error))
        except grpc.aio.AbortError:
            raise
        except Exception:
            log.exception("unexpected error in %s", method.__name__)
            await context.abort_with_status(
                to_status(RequestError(grpc.StatusCode.INTERNAL, "internal error; see the server log"))
            )

    return wrapper


def grpc_stream_errors(method):
    """The same for async server-streaming methods (async generators)."""

    @functools.wraps(method)
    async def wrapper(self, request, context):
        try:
            async for response in method(self, request, context):
                yield response
        except RequestError as error:
            await context.abort_with_status(to_status(error))
        except grpc.aio.AbortError:
            raise
        except Exception:
            log.exception("unexpected error in %s", method.__name__)
            await context.abort_with_status(
                to_status(RequestError(grpc.StatusCode.INTERNAL, "internal error; see the server log"))
            )

    return wrapper
