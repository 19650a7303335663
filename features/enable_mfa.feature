Feature: Turning on multi-factor authentication from the profile
  A person protects their account with a one-time code from an authenticator app on top of
  their password. They start from the profile picture on the dashboard.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone

  @doc.T0
  Scenario: The authenticator app starts empty and gains an account from the set-up page
    Given Alice has asked to turn on multi-factor authentication
    When she opens the link in the confirmation e-mail
    And she scans the QR code with her authenticator app
    Then her authenticator app holds one account
    And her authenticator app shows a 6-digit code

  @doc.T1
  Scenario: Alice logs in with her password
    When Alice logs in with her password
    Then she sees her dashboard

  @doc.T2 @doc.T3 @doc.T4 @doc.T5
  Scenario: Alice asks to turn on multi-factor authentication from "Edit profile"
    Given Alice is logged in
    When she clicks her profile picture
    Then the menu offers "Edit profile"
    When she chooses "Edit profile"
    And she opens the Settings tab
    Then multi-factor authentication is shown as off
    And she is offered to enable it
    When she clicks Enable under multi-factor authentication
    Then she is told to check her e-mail
    And she receives an e-mail asking her to confirm the request

  @doc.A3
  Scenario: Alice asks to turn on 2FA from "Personal settings"
    Given Alice is logged in
    When she clicks her profile picture
    Then the menu offers "Personal settings"
    When she chooses "Personal settings"
    And she opens the "Two-factor authentication" submenu
    And she clicks Enable under multi-factor authentication
    Then she receives an e-mail asking her to confirm the request

  @doc.A3
  Scenario: Only organisation admins see "Organisation settings" in the menu
    Given Alice is logged in
    When she clicks her profile picture
    Then the menu does not offer "Organisation settings"
