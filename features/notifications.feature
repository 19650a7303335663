Feature: Notification e-mails
  A product may tell the owner by e-mail when the protection of their account changes, so that
  a change they did not make comes to light. Which changes it reports is the product's choice,
  declared in its profile; a notice it declares must arrive.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone

  @doc.T7 @needs.notify.mfa_enabled @policy.notifications
  Scenario: Alice is e-mailed when multi-factor authentication turns on
    Given Alice has opened the set-up page
    When she scans the QR code with her authenticator app
    And she enters the code her app shows and clicks Verify
    Then she receives an e-mail saying multi-factor authentication is on

  @doc.A7 @asvs.6.3.7 @needs.notify.mfa_disabled @policy.notifications @needs.disable_asks
  Scenario: Alice is e-mailed when multi-factor authentication turns off
    Given Alice has turned on multi-factor authentication
    And Alice has logged in with her password and a code
    When she opens the multi-factor section of her settings
    And she disables multi-factor authentication with her password and a current code
    Then she receives an e-mail saying multi-factor authentication is off

  @doc.T8 @asvs.6.3.7 @needs.notify.backup_code_used @policy.notifications
  Scenario: Alice is e-mailed when her backup code is used
    Given Alice has turned on multi-factor authentication
    When Alice logs in with her password
    And she logs in with her backup code
    Then she receives an e-mail saying her backup code was used

  @doc.A8 @asvs.6.3.7 @needs.admin_reset @needs.notify.mfa_reset @policy.notifications
  Scenario: A member is e-mailed when an admin resets their two-factor authentication
    Given Olivia has an account with a verified e-mail address
    And Olivia administers a team whose members include Alice
    And Alice has turned on multi-factor authentication
    And Olivia is logged in
    And she has opened the organisation's Security & SSO settings
    When she resets the two-factor authentication of Alice
    Then Alice receives an e-mail saying her two-factor authentication was reset
