"""Trusting the office's own certificate authority in Qt (QNetworkAccessManager and QWebSocket alike).

``onestop init`` makes the office CA (DATA/tls/ca.pem on the server PC); each
client PC has a copy and passes it with ``--ca`` (or ONESTOP_CA). Its
certificate is added to Qt's default CA list, so the office server's
certificate is verified — host name included — and nothing else changes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtNetwork import QSslCertificate, QSslConfiguration, QSslSocket

from server.errors import ConfigError


def ssl_configuration(ca: Path | None) -> QSslConfiguration:
    """Qt's default TLS settings, plus the office CA from ``ca`` when given."""
    config = QSslConfiguration.defaultConfiguration()
    if ca is None:
        return config
    if not QSslSocket.supportsSsl():
        raise ConfigError("this Qt has no TLS support (OpenSSL missing). Fix: install OpenSSL 3 (libssl3)")
    try:
        pem = ca.read_bytes()
    except OSError as exc:
        raise ConfigError(f"--ca {ca}: {exc.strerror}. Fix: copy ca.pem from the server PC's DATA/tls folder") from None
    certificates = QSslCertificate.fromData(pem)
    if not certificates:
        raise ConfigError(f"--ca {ca}: no certificate in it. Fix: copy ca.pem from the server PC's DATA/tls folder")
    config.addCaCertificates(certificates)
    return config
