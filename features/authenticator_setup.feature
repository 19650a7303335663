Feature: Connecting the authenticator app
  The set-up page shows a QR code (and the key as text); the app scans it and from then on
  shows a new 6-digit code every 30 seconds. The first code proves the app is connected.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has opened the set-up page

  @doc.T7 @doc.A4
  Scenario: Scanning the QR code adds an account named after the product and the person
    When she scans the QR code with her authenticator app
    Then her authenticator app holds an account for the product and her e-mail address

  @doc.T7 @doc.A4 @rfc4226.4 @asvs.11.5.1
  Scenario: The shared key is at least 128 bits long
    When she scans the QR code with her authenticator app
    Then the key in her app is at least 128 bits long

  @doc.T7 @rfc4226.4.should
  Scenario: The shared key is 160 bits long, as RFC 4226 recommends
    When she scans the QR code with her authenticator app
    Then the key in her app is at least 160 bits long

  @doc.T7
  Scenario: The key can be typed instead of scanned
    When she types the key shown on the page into her authenticator app
    And she enters the code her app shows and clicks Verify
    Then multi-factor authentication is on and a backup code is shown

  @doc.T7 @doc.A5
  Scenario: Alice verifies the 6-digit code and multi-factor authentication turns on
    When she scans the QR code with her authenticator app
    And she enters the code her app shows and clicks Verify
    Then multi-factor authentication is on and a backup code is shown

  @doc.T7 @doc.A5
  Scenario: A wrong code is refused and Alice can try again
    When she scans the QR code with her authenticator app
    And she enters a wrong code and clicks Verify
    Then the code is refused
    And she is still on the set-up page
    When she enters the code her app shows and clicks Verify
    Then multi-factor authentication is on and a backup code is shown

  @doc.T7 @asvs.6.5.5 @policy.drift_window
  Scenario Outline: At set-up, codes inside the drift window the target claims are accepted
    When she scans the QR code with her authenticator app
    And she enters the code of <moment> and clicks Verify
    Then <outcome>

    Examples:
      | moment                        | outcome                                                      |
      | the oldest step in the window | multi-factor authentication is on and a backup code is shown |
      | the newest step in the window | multi-factor authentication is on and a backup code is shown |
      | one step before the window    | the code is refused                                          |
      | one step after the window     | the code is refused                                          |

  @rfc6238.5.2.should
  Scenario: The drift window the product declares is at most one time step, as RFC 6238 recommends
    Then the product declares a drift window of at most 1 time step

  @doc.T7
  Scenario Outline: Something that is not a 6-digit code is refused and changes nothing
    When she scans the QR code with her authenticator app
    And she enters "<input>" and clicks Verify
    Then the code is refused
    And she is still on the set-up page

    Examples: malformed input
      | input      |
      |            |
      | abcdef     |
      | 12345      |
      | 1234567    |
      | ١٢٣٤٥٦     |
      | １２３４５６ |

  @doc.T7
  Scenario: A code typed with a space in the middle, as apps display it, is accepted
    When she scans the QR code with her authenticator app
    And she enters the code her app shows with a space in the middle and clicks Verify
    Then multi-factor authentication is on and a backup code is shown

  @doc.T8 @nist.800-63b-4.3.1.4.2
  Scenario: Once 2FA is on, the QR code is not shown again
    When she scans the QR code with her authenticator app
    And she enters the code her app shows and clicks Verify
    And she copies the backup code
    And she clicks Done
    And she opens the set-up page directly
    Then no QR code is shown

  @doc.T7 @doc.T9 @rfc6238.5.2 @asvs.6.5.1
  Scenario: The code that finished the set-up is refused at the first login
    When she scans the QR code with her authenticator app
    And she enters the code her app shows and clicks Verify
    And she copies the backup code
    And she clicks Done
    And she logs out
    And Alice logs in with her password
    And she enters the same code again and clicks Log in
    Then the code is refused
