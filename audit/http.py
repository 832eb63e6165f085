"""The client's address, trusting ``X-Forwarded-For`` only as far as our own proxies.

``QINGFENG_NUM_PROXIES`` says how many reverse proxies stand in front of the application
(0 when it is reached directly, 1 behind the office's TLS proxy). The address the nearest
trusted proxy saw is the one used; whatever a client writes into the header itself is
ignored, so nobody can choose the address in the audit trail or dodge the sign-in throttle.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's IP address as a valid IPv4/IPv6 string, or ``None``."""
    meta = request.META
    candidate = meta.get("REMOTE_ADDR")
    proxies = getattr(settings, "QINGFENG_NUM_PROXIES", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address((candidate or "").strip()))
    except ValueError:
        return None
