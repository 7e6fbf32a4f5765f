"""Where chunks run when one machine is not enough: a Dask cluster, reached from `--executor dask:ADDRESS`.

The address is checked before distributed's Client is made (`_probe`): the Client takes its whole timeout to
give up on a port that refuses or a host that does not exist, waits for ever where something takes the
connection and says nothing, and, left half-made, prints a traceback at exit. Dask is imported only here,
when a cluster is asked for (`pip install 'malmotor[dask]'`).
"""

from __future__ import annotations

import concurrent.futures
import errno
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from ..diagnostics import Bilingual, OptionError, error

DASK_PREFIX = "dask:"
CONNECT_TIMEOUT = 20.0  # seconds to reach a Dask scheduler
PROBE_TIMEOUT = 5.0  # seconds for the plain TCP connection tried first (see _probe)


@contextmanager
def dask_executor(address: str, timeout: float | None = None) -> Iterator[tuple[concurrent.futures.Executor, int]]:
    """The executor of a Dask cluster's client, and how many tasks it runs at once; closed at the end. The
    address is checked first (see `_probe`): distributed's own Client takes its whole timeout to give up on
    a port that refuses or a host that does not exist, and waits for ever where nothing speaks."""
    client_class = _closing_client_class()
    limit = timeout or CONNECT_TIMEOUT
    probed_port = _probe(address, min(PROBE_TIMEOUT, limit), limit)
    try:
        client = client_class(address, timeout=limit, set_as_default=False)
    except Exception as exc:  # after the probe: TLS settings, a port where no scheduler answers, and such
        raise _unreachable(address, _client_failure(exc, limit, probed_port)) from None
    try:
        threads = sum(worker.get("nthreads", 1) for worker in client.scheduler_info().get("workers", {}).values())
        yield client.get_executor(), max(1, threads)
    finally:
        client.close()


def _closing_client_class():
    """distributed's Client, but one that closes itself at once when it fails to connect. Left half-made, its
    `__del__` closes it at garbage collection, often at exit when its loop has stopped: it waits twice the
    timeout there and prints "Exception ignored in: Client.__del__" with a traceback."""
    try:
        import distributed
    except ImportError:
        raise OptionError([error("--executor", None, Bilingual(
            "Dask är inte installerat, så --executor dask:… kan inte användas.",
            "Dask is not installed, so --executor dask:… cannot be used."),
            Bilingual("Installera tillägget: pip install 'malmotor[dask]'. Utan --executor körs allt på den här "
                      "datorns kärnor.", "Install the extra: pip install 'malmotor[dask]'. Without --executor "
                      "everything runs on this machine's cores."), code="dask-saknas")]) from None

    class Client(distributed.Client):  # the same name: the scheduler shows it in the client's id
        def start(self, **kwargs):
            try:
                super().start(**kwargs)
            except BaseException:
                with suppress(Exception):
                    self.close(timeout=PROBE_TIMEOUT)
                self.status = "closed"  # closed or not, `__del__` then has nothing left to do
                raise

    return Client


def _probe(address: str, seconds: float, answer_within: float) -> int | None:
    """A malformed address, or a tcp:// one that refuses the connection or whose host is not found, is told
    at once: the address is read by distributed's own parsing, and a plain TCP connection, given up after
    `seconds`, is tried, and the scheduler's first word awaited for `answer_within`. Other protocols
    (tls://, inproc://, ucx://) are left for the Client to try. The port found open, or None."""
    scheme, host, port = _parsed(address)
    if scheme != "tcp":
        return None
    reason = _connect_failure(host, port, seconds, answer_within)
    if reason is not None:
        raise _unreachable(address, reason)
    return port


def _parsed(address: str) -> tuple[str, str | None, int | None]:
    """The protocol, host and port of a Dask address (host and port None for a protocol without them, such as
    inproc://), as distributed reads it; a malformed one is a usage error."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends, get_backend

    scheme, location = parse_address(address)  # no protocol: tcp, as for Client
    try:
        backend = get_backend(scheme)
    except ValueError:
        known = ", ".join(sorted(backends))
        raise _malformed(address, Bilingual(f"Dask känner inte protokollet '{scheme}' (bara {known})",
                                            f"Dask does not know the protocol '{scheme}' (only {known})")) from None
    try:
        host, port = backend.get_address_host_port(location)
    except NotImplementedError:  # not an address of host and port
        return scheme, None, None
    except ValueError:
        try:
            host, port = parse_host_port(location, default_port=0)
        except ValueError:
            raise _malformed(address, Bilingual(
                "den är inte VÄRD:PORT med ett portnummer (en IPv6-adress skrivs inom hakparenteser: [::1]:8786)",
                "it is not HOST:PORT with a port number (an IPv6 address goes in brackets: [::1]:8786)")) from None
        port = None  # only the port was missing
    if not host:
        raise _malformed(address, Bilingual("värdnamnet saknas", "the host name is missing"))
    if port is None:
        raise _malformed(address, Bilingual("portnumret saknas", "the port number is missing"))
    if not 0 < port < 65536:
        raise _malformed(address, Bilingual(f"port {port} finns inte (1–65535)",
                                            f"there is no port {port} (1–65535)"))
    return scheme, host, port


def _connect_failure(host: str, port: int, seconds: float, answer_within: float) -> Bilingual | None:
    """Why a plain TCP connection to a Dask scheduler at host:port fails, or None when it opens and the
    scheduler speaks (its handshake comes first, at once): distributed waits for that handshake without a
    timeout, for ever where something takes the connection and says nothing. Tried in a thread of its own:
    looking the name up has no timeout either, and must not hold the run longer than `seconds`."""
    reached = threading.Event()  # the connection is made, or has failed
    outcome: list[Bilingual | None] = []

    def connect() -> None:
        try:
            connection = socket.create_connection((host, port), timeout=seconds)
        except OSError as exc:
            outcome.append(_connect_reason(exc, host, port, seconds))
            return
        finally:
            reached.set()
        with connection:
            outcome.append(_first_word(connection, port, answer_within))

    thread = threading.Thread(target=connect, name="dask-probe", daemon=True)
    thread.start()
    if not reached.wait(seconds):
        return _no_answer(seconds)
    thread.join(answer_within + 1.0)  # the socket's own timeout ends the wait before
    return outcome[0] if outcome else _silent(port, answer_within)


def _first_word(connection: socket.socket, port: int, seconds: float) -> Bilingual | None:
    connection.settimeout(seconds)
    try:
        if connection.recv(1):
            return None
    except TimeoutError:
        return _silent(port, seconds)
    except OSError:  # reset
        pass
    return Bilingual(f"något på port {port} stängde anslutningen utan att svara som en Dask-schemaläggare",
                     f"something on port {port} closed the connection without answering as a Dask scheduler")


def _silent(port: int, seconds: float) -> Bilingual:
    return Bilingual(f"något tar emot anslutningar på port {port}, men ingen Dask-schemaläggare svarade inom "
                     f"{seconds:g} s", f"something accepts connections on port {port}, but no Dask scheduler "
                     f"answered within {seconds:g} s")


def _connect_reason(exc: OSError, host: str, port: int, seconds: float) -> Bilingual:
    """In our words where we can; the system's own text otherwise."""
    if isinstance(exc, socket.gaierror) and exc.errno == getattr(socket, "EAI_AGAIN", None):
        return Bilingual(f"namnet '{host}' kunde inte slås upp: namntjänsten svarade inte",
                         f"the name '{host}' could not be looked up: the name server did not answer")
    if isinstance(exc, socket.gaierror):
        return Bilingual(f"värddatorn '{host}' hittades inte", f"the host '{host}' was not found")
    if isinstance(exc, ConnectionRefusedError):
        return Bilingual(f"anslutningen nekades: ingen lyssnar på port {port}",
                         f"the connection was refused: nothing listens on port {port}")
    if isinstance(exc, TimeoutError):
        return _no_answer(seconds)
    if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return Bilingual(f"det finns ingen väg till '{host}' genom nätet", f"there is no network route to '{host}'")
    text = exc.strerror or " ".join(str(exc).split()) or type(exc).__name__
    return Bilingual(text, text)


def _client_failure(exc: Exception, seconds: float, open_port: int | None) -> Bilingual:
    """Why the Client did not connect: distributed raises OSError when no scheduler answered in time, and
    something else (a MemoryError, say) when what answers on an open port is not a scheduler; an ImportError
    is the scheduler's own complaint (other versions) and says it best."""
    text = " ".join(str(exc).split())
    if isinstance(exc, OSError):
        return Bilingual(f"ingen Dask-schemaläggare svarade inom {seconds:g} s",
                         f"no Dask scheduler answered within {seconds:g} s")
    if open_port is not None and not isinstance(exc, ImportError):
        detail = f": {text}" if text else ""
        return Bilingual(f"något svarar på port {open_port}, men inte som en Dask-schemaläggare{detail}",
                         f"something answers on port {open_port}, but not as a Dask scheduler{detail}")
    text = text or type(exc).__name__
    return Bilingual(text, text)


def _no_answer(seconds: float) -> Bilingual:
    return Bilingual(f"inget svar inom {seconds:g} s", f"no answer within {seconds:g} s")


def _malformed(address: str, reason: Bilingual) -> OptionError:
    return OptionError([error("--executor", None, Bilingual(f"'{address}' är ingen Dask-adress: ",
                                                            f"'{address}' is not a Dask address: ") + reason + ".",
        Bilingual("Skriv adressen som schemaläggaren skriver ut när den startar, t.ex. "
                  "dask:tcp://schemalaggare:8786.",
                  "Write the address the scheduler prints when it starts, e.g. dask:tcp://scheduler:8786."),
        code="dask-onåbar")])  # documented as that too: "or the address cannot be read"


def _unreachable(address: str, reason: Bilingual) -> OptionError:
    return OptionError([error("--executor", None, Bilingual(f"Dask-klustret på '{address}' kan inte nås (",
                                                            f"The Dask cluster at '{address}' cannot be reached (")
                              + reason + ").",
        Bilingual("Kontrollera adressen (t.ex. dask:tcp://schemalaggare:8786) och att schemaläggaren är igång.",
                  "Check the address (e.g. dask:tcp://scheduler:8786) and that the scheduler is running."),
        code="dask-onåbar")])


def dask_address(spec: str) -> str:
    """`dask:tcp://host:8786` → `tcp://host:8786`; anything else is a mistake on the command line."""
    if not spec.startswith(DASK_PREFIX) or not spec[len(DASK_PREFIX):].strip():
        raise OptionError([error("--executor", None, Bilingual(
            f"Okänd exekverare '{spec}'.", f"Unknown executor '{spec}'."),
            Bilingual("Skriv dask:ADRESS, t.ex. dask:tcp://schemalaggare:8786, eller utelämna --executor för att "
                      "köra på den här datorns kärnor (--workers).", "Write dask:ADDRESS, e.g. "
                      "dask:tcp://scheduler:8786, or leave out --executor to run on this machine's cores (--workers)."),
            code="okänd-exekverare")])
    return spec[len(DASK_PREFIX):].strip()
