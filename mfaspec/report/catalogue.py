"""The requirement catalogue: for each requirement tag, what the clause demands and where it is.

Every requirement tag a feature carries has an entry (``tests/test_catalogue.py`` checks it).
``MUST`` marks a clause stated as MUST, SHALL or "Verify that" (a failure fails the product);
``SHOULD`` one stated as SHOULD or RECOMMENDED (a failure is a warning, as in the OpenID
Foundation's conformance suite). A clause that states both, such as RFC 4226 section 4's "MUST
be at least 128 bits" and "RECOMMENDs 160", has two tags: the MUST under the section
(``rfc4226.4``), the SHOULD under the section and ``.should`` (``rfc4226.4.should``), so each
scenario checks one bound and is failed or warned as its clause says. NIST tags name the
revision: ``nist.800-63b-4.…`` is SP 800-63B-4 (2025), ``nist.800-63b.…`` the 2017 SP 800-63B.
Titles are our own summaries; the link is the clause itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ASVS = "https://github.com/OWASP/ASVS/blob/v5.0.0/5.0/en/"
ASVS_V3 = ASVS + "0x12-V3-Web-Frontend-Security.md"
ASVS_V6 = ASVS + "0x15-V6-Authentication.md"
ASVS_V7 = ASVS + "0x16-V7-Session-Management.md"
ASVS_V11 = ASVS + "0x20-V11-Cryptography.md"
NIST_63B_3 = "https://pages.nist.gov/800-63-3/sp800-63b.html"
NIST_63B_4 = "https://pages.nist.gov/800-63-4/sp800-63b/"
RFC = "https://www.rfc-editor.org/rfc/"
WSTG = (
    "https://owasp.org/www-project-web-security-testing-guide/latest/"
    "4-Web_Application_Security_Testing/04-Authentication_Testing/"
)


SHOULD_SUFFIX = ".should"


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
    "asvs.6.3.8": Clause(
        "Valid users cannot be deduced from failed authentication challenges: not from the"
        " error messages, the HTTP response codes or the response times",
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
    "asvs.11.5.1": Clause(
        "Random values meant to be unguessable come from a CSPRNG and carry at least 128 bits"
        " of entropy",
        Strength.MUST,
        ASVS_V11 + "#v115-random-values",
    ),
    "nist.800-63b-4.2.2.3": Clause(
        "At AAL2, a definite overall timeout after which the subscriber must authenticate"
        " again is established (SHALL)",
        Strength.MUST,
        NIST_63B_4 + "aal/#aal2reauth",
    ),
    "nist.800-63b-4.2.2.3.should": Clause(
        "At AAL2, the overall timeout is at most 24 hours and the inactivity timeout at most"
        " 1 hour (SHOULD)",
        Strength.SHOULD,
        NIST_63B_4 + "aal/#aal2reauth",
    ),
    "nist.800-63b-4.3.1.4.2": Clause(
        "The verifier protects OTP authenticators' symmetric keys against unauthorized"
        " disclosure: only the software components that need a key can reach it (SHALL)",
        Strength.MUST,
        NIST_63B_4 + "authenticators/#single-factor-otp-verifiers",
    ),
    "nist.800-63b-4.3.2.2": Clause(
        "The verifier limits consecutive failed authentication attempts on one subscriber"
        " account to no more than 100 (SHALL)",
        Strength.MUST,
        NIST_63B_4 + "authenticators/#throttle",
    ),
    "nist.800-63b-4.5.2": Clause(
        "When the overall or the inactivity timeout expires, the session is terminated;"
        " session activity resets the inactivity timeout (SHALL)",
        Strength.MUST,
        NIST_63B_4 + "session/#sessionreauthn",
    ),
    # The 2017 revision's clause, whose bound the backup-code scenario states, until that
    # scenario moves to SP 800-63B-4 section 3.1.2.1 ("at least six decimal digits (or
    # equivalent)"), a change to features/backup_code.feature.
    "nist.800-63b.5.1.2.1": Clause(
        "Look-up secrets come from an approved random bit generator and have at least 20 bits"
        " of entropy (SHALL, SP 800-63B of 2017)",
        Strength.MUST,
        NIST_63B_3 + "#5121-look-up-secret-authenticators",
    ),
    "rfc4226.4": Clause(
        "The shared secret is at least 128 bits long (R6, MUST)",
        Strength.MUST,
        RFC + "rfc4226#section-4",
    ),
    "rfc4226.4.should": Clause(
        "The shared secret is 160 bits long or longer (R6, RECOMMENDED)",
        Strength.SHOULD,
        RFC + "rfc4226#section-4",
    ),
    "rfc4226.5.3": Clause(
        "An HOTP value has at least 6 digits; 7 and 8 are possible (MUST)",
        Strength.MUST,
        RFC + "rfc4226#section-5.3",
    ),
    "rfc6238.5.2": Clause(
        "The verifier MUST NOT accept an OTP a second time once it has validated it",
        Strength.MUST,
        RFC + "rfc6238#section-5.2",
    ),
    "rfc6238.5.2.should": Clause(
        "At most one time step is allowed as network delay (RECOMMENDED): codes more than"
        " one step away are refused",
        Strength.SHOULD,
        RFC + "rfc6238#section-5.2",
    ),
    "wstg.athn.11": Clause(
        "Testing multi-factor authentication: the second factor cannot be bypassed",
        Strength.MUST,
        WSTG + "11-Testing_Multi-Factor_Authentication",
    ),
}
