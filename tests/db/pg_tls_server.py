"""A private PostgreSQL server with TLS switched on (ssl = on), for the Encryption option of the database settings.

Its certificate authority and server certificate (for the name `localhost` only) are made in the test session with
`cryptography`; a second authority that signed nothing stands in for the wrong root certificate. The server accepts
TCP connections only over TLS (pg_hba `hostssl`), so a connection that reaches it at all was encrypted. Started once
per session on a free port, only where the storage tests run on PostgreSQL (CARELOG_TEST_PG_URL) and this process
may start one (root, PostgreSQL installed); skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.db.pg_password_server import _as_postgres, _bin

SERVER_NAME = "localhost"  # the only name in the server's certificate


@dataclass(frozen=True)
class TlsServer:
    port: int
    root_cert: Path  # the authority that signed the server's certificate
    other_root_cert: Path  # an authority that did not


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _authority(common_name: str):  # type: ignore[no-untyped-def]
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)  # a certificate's validity is real time, not the services' clock
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # key_cert_sign, crl_sign
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _server_certificate(ca_key, ca_cert):  # type: ignore[no-untyped-def]
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVER_NAME)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(SERVER_NAME)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _write(path: Path, data: bytes, owner: str | None = None) -> None:
    path.write_bytes(data)
    if owner:
        path.chmod(0o600)
        shutil.chown(path, owner)


@pytest.fixture(scope="session")
def tls_server() -> Iterator[TlsServer]:
    pg_bin = _bin()
    if not os.environ.get("CARELOG_TEST_PG_URL") or pg_bin is None or os.geteuid() != 0:
        pytest.skip("needs PostgreSQL (CARELOG_TEST_PG_URL, run as root by scripts/test.sh)")
    from cryptography.hazmat.primitives import serialization

    folder = Path(tempfile.mkdtemp(prefix="carelog-pg-tls-"))
    shutil.chown(folder, "postgres")
    ca_key, ca_cert = _authority("CareLog test authority")
    _other_key, other_cert = _authority("Some other authority")
    key, cert = _server_certificate(ca_key, ca_cert)
    pem = serialization.Encoding.PEM
    _write(folder / "root.crt", ca_cert.public_bytes(pem))
    _write(folder / "other-root.crt", other_cert.public_bytes(pem))
    _write(folder / "server.crt", cert.public_bytes(pem), owner="postgres")
    private = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    _write(folder / "server.key", private, owner="postgres")
    data = folder / "data"
    port = _free_port()
    try:
        _as_postgres(f"{pg_bin}/initdb -D {data} -A trust -U postgres")
        (data / "pg_hba.conf").write_text("local all all trust\nhostssl all all 127.0.0.1/32 trust\n")
        _as_postgres(
            f"{pg_bin}/pg_ctl -D {data} -w -l {folder}/log -o '-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
            f"-c ssl=on -c ssl_cert_file={folder}/server.crt -c ssl_key_file={folder}/server.key' start"
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"could not start a PostgreSQL with TLS on port {port}: {exc.stderr[-200:]!r}")
    try:
        yield TlsServer(port, folder / "root.crt", folder / "other-root.crt")
    finally:
        subprocess.run(["su", "postgres", "-c", f"{pg_bin}/pg_ctl -D {data} -m fast stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
