"""The requirement catalogue: for each requirement tag, what the clause demands and where it is.

Every requirement tag a feature carries has an entry (``tests/test_catalogue.py`` checks it).
``MUST`` marks a clause stated as MUST, SHALL or "Verify that" (a failure fails the product);
``SHOULD`` one stated as SHOULD or RECOMMENDED (a failure is a warning, as in the OpenID
Foundation's conformance suite). Titles are our own summaries; the link is the clause itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ASVS = "https://github.com/OWASP/ASVS/blob/v5.0.0/5.0/en/"
ASVS_V3 = ASVS + "0x12-V3-Web-Frontend-Security.md"
ASVS_V6 = ASVS + "0x15-V6-Authentication.md"
ASVS_V7 = ASVS + "0x16-V7-Session-Management.md"
NIST_63B = "https://pages.nist.gov/800-63-3/sp800-63b.html"
RFC = "https://www.rfc-editor.org/rfc/"
WSTG = (
    "https://owasp.org/www-project-web-security-testing-guide/latest/"
    "4-Web_Application_Security_Testing/04-Authentication_Testing/"
)


class Strength(StrEnum):
    """How strongly the clause is stated."""

    MUST = "must"
    SHOULD = "should"


@dataclass(frozen=True)
class Clause:
    """One cited clause: a short statement of it, how strong it is, and a link to it."""

    title: str
    strength: Strength
    url: str


CATALOGUE: dict[str, Clause] = {
    "asvs.3.3.2": Clause(
        "Each cookie's SameSite attribute is set for its purpose, against cross-site request"
        " forgery and user interface redress",
        Strength.MUST,
        ASVS_V3 + "#v33-cookie-setup",
    ),
    "asvs.3.3.4": Clause(
        "A cookie not meant for client-side scripts, such as the session token, is HttpOnly",
        Strength.MUST,
        ASVS_V3 + "#v33-cookie-setup",
    ),
    "asvs.3.4.6": Clause(
        "Every response's Content-Security-Policy frame-ancestors keeps the page from being"
        " embedded by default",
        Strength.MUST,
        ASVS_V3 + "#v34-browser-security-mechanism-headers",
    ),
    "asvs.3.5.1": Clause(
        "Requests to sensitive functions are checked to come from the application itself"
        " (anti-forgery token or a non-safelisted header), against cross-site request forgery",
        Strength.MUST,
        ASVS_V3 + "#v35-browser-origin-separation",
    ),
    "asvs.6.3.1": Clause(
        "Controls against credential stuffing and password brute force are in place,"
        " as the application's security documentation states them",
        Strength.MUST,
        ASVS_V6 + "#v63-general-authentication-security",
    ),
    "asvs.6.3.4": Clause(
        "Every authentication pathway is documented and enforces the same controls and strength",
        Strength.MUST,
        ASVS_V6 + "#v63-general-authentication-security",
    ),
    "asvs.6.3.7": Clause(
        "Users are notified after their authentication details are changed (level 3)",
        Strength.MUST,
        ASVS_V6 + "#v63-general-authentication-security",
    ),
    "asvs.6.5.1": Clause(
        "Lookup secrets (backup codes), out-of-band codes and TOTP codes succeed only once",
        Strength.MUST,
        ASVS_V6 + "#v65-general-multi-factor-authentication-requirements",
    ),
    "asvs.6.5.3": Clause(
        "Lookup secrets, out-of-band codes and TOTP seeds come from a cryptographically secure"
        " random number generator",
        Strength.MUST,
        ASVS_V6 + "#v65-general-multi-factor-authentication-requirements",
    ),
    "asvs.6.5.5": Clause(
        "Out-of-band requests and codes, and TOTP codes, have a defined lifetime: at most"
        " 10 minutes out of band, at most 30 seconds for a TOTP",
        Strength.MUST,
        ASVS_V6 + "#v65-general-multi-factor-authentication-requirements",
    ),
    "asvs.6.5.6": Clause(
        "Any authentication factor can be revoked when it is stolen or lost (level 3)",
        Strength.MUST,
        ASVS_V6 + "#v65-general-multi-factor-authentication-requirements",
    ),
    "asvs.7.2.4": Clause(
        "Authentication, re-authentication included, issues a new session token and ends"
        " the current one",
        Strength.MUST,
        ASVS_V7 + "#v72-fundamental-session-management-security",
    ),
    "asvs.7.3.1": Clause(
        "An inactivity timeout enforces re-authentication, as documented",
        Strength.MUST,
        ASVS_V7 + "#v73-session-timeout",
    ),
    "asvs.7.3.2": Clause(
        "An absolute maximum session lifetime enforces re-authentication, as documented",
        Strength.MUST,
        ASVS_V7 + "#v73-session-timeout",
    ),
    "asvs.7.4.1": Clause(
        "Logout and expiry end the session: neither the back button nor a relying party resumes it",
        Strength.MUST,
        ASVS_V7 + "#v74-session-termination",
    ),
    "asvs.7.5.1": Clause(
        "Changing what authentication depends on (e-mail address, MFA configuration,"
        " recovery information) requires re-authentication first",
        Strength.MUST,
        ASVS_V7 + "#v75-defenses-against-session-abuse",
    ),
    "nist.800-63b.4.2.3": Clause(
        "At AAL2, the subscriber re-authenticates at least every 12 hours of a session and"
        " after 30 minutes or more of inactivity (SHALL)",
        Strength.MUST,
        NIST_63B + "#423-reauthentication",
    ),
    "nist.800-63b.5.1.2.1": Clause(
        "Look-up secrets come from an approved random generator and carry at least 64 bits,"
        " or at least 20 bits where failed attempts are throttled (SHALL)",
        Strength.MUST,
        NIST_63B + "#5121-look-up-secret-authenticators",
    ),
    "nist.800-63b.5.2.2": Clause(
        "The verifier limits consecutive failed authentication attempts on one account to"
        " no more than 100 (SHALL)",
        Strength.MUST,
        NIST_63B + "#522-rate-limiting-throttling",
    ),
    "rfc4226.5.3": Clause(
        "An HOTP value has at least 6 digits; 7 and 8 are possible (MUST)",
        Strength.MUST,
        RFC + "rfc4226#section-5.3",
    ),
    "rfc4226.4": Clause(
        "The shared secret is at least 128 bits long (MUST); 160 bits are RECOMMENDED",
        Strength.MUST,
        RFC + "rfc4226#section-4",
    ),
    "rfc6238.4": Clause(
        "TOTP is HOTP over the number of time steps since T0 (X = 30 seconds by default)",
        Strength.MUST,
        RFC + "rfc6238#section-4",
    ),
    "rfc6238.5.2": Clause(
        "A verifier MUST NOT accept a code a second time once it has accepted it; at most"
        " one time step of network delay is RECOMMENDED",
        Strength.MUST,
        RFC + "rfc6238#section-5.2",
    ),
    "wstg.athn.11": Clause(
        "Testing multi-factor authentication: the second factor cannot be bypassed",
        Strength.MUST,
        WSTG + "11-Testing_Multi-Factor_Authentication",
    ),
}
