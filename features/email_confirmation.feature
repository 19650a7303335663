Feature: Confirming the request by e-mail
  A product may start turning on multi-factor authentication with an e-mailed link, so that
  only the owner of the mailbox can go on. The link works once, for the account that asked, for
  as long as the product declares.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone

  @doc.T6 @needs.email_confirmation
  Scenario: The link in the e-mail leads to the set-up page
    Given Alice has asked to turn on multi-factor authentication
    When she opens the link in the confirmation e-mail
    Then she sees the set-up page with a QR code

  @doc.T6 @asvs.6.5.1 @needs.email_confirmation
  Scenario: The link works only once
    Given Alice has asked to turn on multi-factor authentication
    And she has opened the link in the confirmation e-mail
    When she opens the link in the confirmation e-mail
    Then the link is refused

  @doc.T6 @needs.email_confirmation @needs.clock_control @policy.link_lifetime
  Scenario Outline: The link lives as long as the product declares
    Given Alice has asked to turn on multi-factor authentication
    When it is just <side> the end of the link's lifetime, she having kept using the application
    And she opens the link in the confirmation e-mail
    Then <outcome>

    Examples:
      | side   | outcome                                 |
      | before | she sees the set-up page with a QR code |
      | after  | the link is refused                     |

  @doc.T6 @needs.email_confirmation
  Scenario: A new request replaces the old link
    Given Alice has asked to turn on multi-factor authentication
    When she clicks Enable under multi-factor authentication again
    And she opens the link in her first confirmation e-mail
    Then the link is refused
    When she opens the link in the confirmation e-mail
    Then she sees the set-up page with a QR code

  @doc.T6 @needs.email_confirmation
  Scenario: Someone else signed in cannot use Alice's link
    Given Alice has asked to turn on multi-factor authentication
    And Alice logs out
    And Bob has an account with a verified e-mail address
    And Bob has asked to turn on multi-factor authentication
    When Bob opens the link in Alice's confirmation e-mail
    Then the link is refused
    And multi-factor authentication is shown as off

  @doc.A2
  Scenario: An unverified e-mail address must be validated before 2FA can be used
    Given Carol has an account whose e-mail address is not verified
    And Carol is logged in
    When she opens the multi-factor section of her settings
    Then she is not offered to enable it
    And an explanation says she must verify her e-mail address first

  @doc.A2
  Scenario: An Enable request sent by hand while the address is unverified is refused
    Given Carol has an account whose e-mail address is not verified
    And Carol is logged in
    And she has opened the multi-factor section of her settings
    When she sends the request Enable would send, although no Enable is offered
    Then she is told to verify her e-mail address first
    And multi-factor authentication is shown as off
    And she cannot open the set-up page
