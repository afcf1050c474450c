"""The office's own certificate authority and the server's TLS certificate (``onestop init``, ``onestop cert``).

An office LAN has no public name a public CA would certify, and its PCs are a
handful: ``onestop init`` makes a certificate authority of the office's own
(DATA/tls/ca.pem, its key ca.key never leaves the server PC) and with it a
certificate for the server's host names and LAN addresses (server.pem,
server.key). Each client PC gets a copy of ca.pem (``--ca`` / ONESTOP_CA) and
so trusts that server, and no one else posing as it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from server.errors import ConfigError

TLS_DIR = "tls"
CA_YEARS = 20
# Browsers refuse server certificates valid for more than 825 days (Apple) or 398 (public CAs);
# a year keeps every phone and TV browser content, and `onestop cert` renews it.
SERVER_DAYS = 397


@dataclass(frozen=True)
class TlsFiles:
    folder: Path

    @property
    def ca(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def ca_key(self) -> Path:
        return self.folder / "ca.key"

    @property
    def cert(self) -> Path:
        return self.folder / "server.pem"

    @property
    def key(self) -> Path:
        return self.folder / "server.key"

    def ready(self) -> bool:
        return self.cert.is_file() and self.key.is_file()


def files(data: Path) -> TlsFiles:
    return TlsFiles(data / TLS_DIR)


def local_names() -> list[str]:
    """This PC's names and LAN addresses, as clients may reach it."""
    names = {"localhost", "127.0.0.1", "::1"}
    host = socket.gethostname()
    if host:
        names |= {host, f"{host}.local"}
        try:
            for info in socket.getaddrinfo(host, None):
                names.add(str(info[4][0]))
        except OSError:
            pass
    try:
        # The address this PC would use towards the LAN (no packet is sent: UDP connect only picks a route).
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            names.add(str(probe.getsockname()[0]))
    except OSError:
        pass
    return sorted(n for n in names if n and not n.startswith("fe80"))


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    encoding, layout = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8
    return key.private_bytes(encoding, layout, serialization.NoEncryption())


def make_ca(tls: TlsFiles, office_name: str) -> None:
    """The office's certificate authority; kept if it exists (every client trusts this one)."""
    if tls.ca.is_file() and tls.ca_key.is_file():
        return
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"onestop CA — {office_name}"[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, office_name[:64]),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                key_encipherment=False, data_encipherment=False, key_agreement=False, encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(tls.ca_key, _key_pem(key))
    tls.ca.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _san(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def cert_names(tls: TlsFiles) -> list[str]:
    """The names and addresses the server's current certificate is valid for ([] without one)."""
    if not tls.cert.is_file():
        return []
    cert = x509.load_pem_x509_certificate(tls.cert.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return [str(n) for n in san.get_values_for_type(x509.DNSName)] + [
        str(n) for n in san.get_values_for_type(x509.IPAddress)
    ]


def cert_expires(tls: TlsFiles) -> dt.datetime:
    return x509.load_pem_x509_certificate(tls.cert.read_bytes()).not_valid_after_utc


def make_server_cert(tls: TlsFiles, names: Iterable[str]) -> list[str]:
    """A new server certificate for ``names``, signed by the office CA; returns the names it covers."""
    if not (tls.ca.is_file() and tls.ca_key.is_file()):
        raise ConfigError(
            f"{tls.ca}: no office certificate authority. Fix: run 'onestop init --data {tls.folder.parent}'"
        )
    ca_cert = x509.load_pem_x509_certificate(tls.ca.read_bytes())
    ca_key = serialization.load_pem_private_key(tls.ca_key.read_bytes(), password=None)
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise ConfigError(
            f"{tls.ca_key}: not the key 'onestop init' makes. Fix: move the tls folder away and re-run init"
        )
    wanted = sorted({n.strip() for n in names if n.strip()})
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, wanted[0][:64])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName([_san(n) for n in wanted]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(tls.key, _key_pem(key))
    tls.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + tls.ca.read_bytes())
    return wanted


def ensure(data: Path, office_name: str, extra_names: Iterable[str] = ()) -> TlsFiles:
    """The CA and a server certificate for this PC's names (made once; ``onestop cert`` renews)."""
    tls = files(data)
    make_ca(tls, office_name)
    if not tls.ready():
        make_server_cert(tls, [*local_names(), *extra_names])
    return tls
