"""A small typed client for the enrich gRPC service.

The generated stubs (``enrich.v1.enrich_pb2`` and ``enrich_pb2_grpc``) are
the contract; this wrapper adds what every caller ends up writing around
them:

- a deadline on every call (``timeout``);
- retries with exponential backoff and jitter on ``RESOURCE_EXHAUSTED`` and
  ``UNAVAILABLE`` (the server sheds load with the first and drains with the
  second), waiting at least the ``google.rpc.RetryInfo`` delay the server
  sends, and never past the call's deadline;
- ``enrich_many``: any number of documents, sent as ``EnrichBatch`` calls
  of at most ``batch_size`` documents, results in input order.

Example::

    from enrich_client import Client

    with Client("localhost:50051") as client:
        response = client.enrich("Seoul extended the pact with Tokyo.")
        print([e.name for e in response.entities])
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Sequence, TypeVar, Union

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from enrich.v1 import enrich_pb2 as pb
from enrich.v1 import enrich_pb2_grpc as rpc

__all__ = ["Client", "RetryPolicy", "pb"]

#: Codes worth retrying: the server shed the call (RESOURCE_EXHAUSTED) or is
#: draining or unreachable (UNAVAILABLE). Anything else will fail again.
RETRYABLE = frozenset({grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.UNAVAILABLE})

Response = TypeVar("Response")


@dataclass(frozen=True)
class RetryPolicy:
    """How failed calls are retried.

    ``attempts`` counts the first call. The n-th wait is a random time up to
    ``initial_backoff * multiplier ** n`` (full jitter), capped at
    ``max_backoff``, and never shorter than the server's RetryInfo delay.
    """

    attempts: int = 5
    initial_backoff: float = 0.1
    max_backoff: float = 5.0
    multiplier: float = 2.0


def retry_delay(error: grpc.RpcError) -> Optional[float]:
    """The delay the server asked for in ``google.rpc.RetryInfo``, in seconds."""
    if not isinstance(error, grpc.Call):
        return None
    status = rpc_status.from_call(error)
    if status is None:
        return None
    for detail in status.details:
        if detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            info = error_details_pb2.RetryInfo()
            detail.Unpack(info)
            return info.retry_delay.seconds + info.retry_delay.nanos / 1e9
    return None


class Client:
    """Calls one enrich target (``host:port``, or a channel you built).

    ``timeout`` is each call's deadline in seconds, retries included.
    """

    def __init__(
        self,
        target: Union[str, grpc.Channel],
        *,
        timeout: float = 30.0,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._own_channel = isinstance(target, str)
        self._channel = grpc.insecure_channel(target) if isinstance(target, str) else target
        self._stub = rpc.EnrichServiceStub(self._channel)
        self.timeout = timeout
        self.retry = retry
        self._sleep = sleep

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the channel if this client opened it."""
        if self._own_channel:
            self._channel.close()

    def enrich(
        self,
        text: str,
        *,
        id: str = "",
        language_hint: str = "",
        features: Sequence["pb.Feature"] = (),
        max_sentences: int = 0,
        timeout: Optional[float] = None,
    ) -> "pb.EnrichResponse":
        """Enriches one document; empty arguments take the server's defaults."""
        request = pb.EnrichRequest(
            document=pb.Document(id=id, text=text, language_hint=language_hint),
            features=list(features),
        )
        if max_sentences:
            request.summary_options.max_sentences = max_sentences
        return self.call(self._stub.Enrich, request, timeout)

    def enrich_many(
        self,
        documents: Iterable[Union[str, "pb.Document"]],
        *,
        batch_size: int = 100,
        features: Sequence["pb.Feature"] = (),
        timeout: Optional[float] = None,
    ) -> Iterator["pb.DocumentResult"]:
        """Enriches any number of documents, ``batch_size`` per call.

        Yields one ``DocumentResult`` per document, in input order; a bad
        document has its own error status and does not stop the others.
        Strings get their position as id.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        batch: list = []
        for position, document in enumerate(documents):
            if isinstance(document, str):
                document = pb.Document(id=str(position), text=document)
            batch.append(document)
            if len(batch) == batch_size:
                yield from self._batch(batch, features, timeout)
                batch = []
        if batch:
            yield from self._batch(batch, features, timeout)

    def info(self, *, timeout: Optional[float] = None) -> "pb.GetInfoResponse":
        """Versions, languages per feature, model scores and limits."""
        return self.call(self._stub.GetInfo, pb.GetInfoRequest(), timeout)

    def _batch(self, documents: list, features: Sequence["pb.Feature"], timeout: Optional[float]):
        request = pb.EnrichBatchRequest(documents=documents, features=list(features))
        return self.call(self._stub.EnrichBatch, request, timeout).results

    def call(self, method: Callable[..., Response], request: object, timeout: Optional[float] = None) -> Response:
        """Calls ``method`` with retries, within one deadline of ``timeout`` seconds."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        attempt = 0
        while True:
            try:
                return method(request, timeout=max(deadline - time.monotonic(), 0.0))
            except grpc.RpcError as error:
                attempt += 1
                code = error.code() if isinstance(error, grpc.Call) else None
                if code not in RETRYABLE or attempt >= self.retry.attempts:
                    raise
                cap = min(self.retry.max_backoff, self.retry.initial_backoff * self.retry.multiplier ** (attempt - 1))
                wait = max(random.uniform(0, cap), retry_delay(error) or 0.0)
                if time.monotonic() + wait >= deadline:
                    raise
                self._sleep(wait)
