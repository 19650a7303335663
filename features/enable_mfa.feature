Feature: Turning on multi-factor authentication from the profile
  A person protects their account with a one-time code from an authenticator app on top of
  their password. They start from the profile picture on the dashboard.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone

  @doc.T0 @rfc4226.5.3
  Scenario: The authenticator app starts empty and gains an account from the set-up page
    Given Alice has opened the set-up page
    When she scans the QR code with her authenticator app
    Then her authenticator app holds one account
    And her authenticator app shows a code of at least 6 digits

  @doc.T1
  Scenario: Alice logs in with her password
    When Alice logs in with her password
    Then she sees her dashboard

  @doc.T2 @doc.T3 @doc.T4
  Scenario: Alice finds the switch for multi-factor authentication under "Edit profile"
    Given Alice is logged in
    When she clicks her profile picture
    Then the menu offers "Edit profile"
    When she chooses "Edit profile"
    And she opens the Settings tab
    Then multi-factor authentication is shown as off
    And she is offered to enable it

  @doc.T5 @needs.email_confirmation
  Scenario: Enabling asks Alice to confirm the request by e-mail
    Given Alice is logged in
    When she opens the multi-factor section of her settings
    And she clicks Enable under multi-factor authentication
    Then she is told to check her e-mail
    And she receives an e-mail asking her to confirm the request

  @doc.A3
  Scenario: Alice asks to turn on 2FA from "Personal settings"
    Given Alice is logged in
    When she clicks her profile picture
    Then the menu offers "Personal settings"
    When she chooses "Personal settings"
    And she opens the "Two-factor authentication" submenu
    Then she is offered to enable it

  @doc.A3 @needs.team_enforcement
  Scenario: Only organisation admins see "Organisation settings" in the menu
    Given Alice is logged in
    When she clicks her profile picture
    Then the menu does not offer "Organisation settings"
