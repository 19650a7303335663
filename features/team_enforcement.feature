Feature: Requiring two-factor authentication for the whole team
  An organisation admin can require 2FA for every member. A pop-up asks to confirm. From their
  next login, members without 2FA must set it up before they can do anything else.

  Background:
    Given Olivia has an account with a verified e-mail address
    And Max has an account with a verified e-mail address
    And Max has an authenticator app on his phone
    And Olivia administers a team whose members include Max

  @doc.A8 @doc.A9 @needs.team_enforcement
  Scenario: The admin turns the requirement on and confirms with "Yes"
    Given Olivia is logged in
    When she clicks her profile picture
    And she chooses "Organisation settings"
    Then the team requirement for two-factor authentication is off
    When she clicks the two-factor authentication switch
    Then a pop-up asks her to confirm
    When she answers "Yes"
    Then the team requirement for two-factor authentication is on

  @doc.A9 @needs.team_enforcement
  Scenario: "Cancel" in the pop-up changes nothing
    Given Olivia is logged in
    And she has opened the organisation's Security & SSO settings
    When she clicks the two-factor authentication switch
    And she answers "Cancel"
    Then the team requirement for two-factor authentication is off
    When Olivia logs out
    And Max logs in with his password
    Then he sees his dashboard

  @doc.A10 @needs.team_enforcement
  Scenario: At his next login a member sets up 2FA before anything else
    Given the team requires two-factor authentication
    When Max logs in with his password
    Then he must set up two-factor authentication before anything else
    When he scans the QR code with his authenticator app
    And he enters the code his app shows and clicks Verify
    Then multi-factor authentication is on and a backup code is shown
    When he copies the backup code
    And he clicks Done
    Then he sees his dashboard

  @doc.A10 @wstg.athn.11 @needs.team_enforcement
  Scenario Outline: A member cannot skip the set-up the team requires
    Given the team requires two-factor authentication
    When Max logs in with his password
    And he opens <page> directly
    Then he must set up two-factor authentication before anything else

    Examples:
      | page                 |
      | his dashboard        |
      | his account settings |

  @doc.A10 @wstg.athn.11 @needs.team_enforcement
  Scenario: Nothing on the set-up page the team requires leads anywhere else
    Given the team requires two-factor authentication
    When Max logs in with his password
    Then he must set up two-factor authentication before anything else
    When he follows each link and button of the page, one at a time
    Then each of them leaves him setting up two-factor authentication, or logged out

  @doc.A10 @needs.team_enforcement
  Scenario: Once set up under the requirement, the member logs in with a code
    Given the team requires two-factor authentication
    And Max has set up two-factor authentication at login
    When Max logs in with his password
    Then he is asked for the 6-digit code from his app

  @doc.A10 @needs.team_enforcement @needs.admin_under_enforcement @policy.admin_under_enforcement
  Scenario: The admin is a member of the team too, and sets up 2FA at her next login
    Given Olivia has an authenticator app on her phone
    And the team requires two-factor authentication
    When Olivia logs in with her password
    Then she must set up two-factor authentication before anything else

  @doc.A8 @doc.A9 @needs.team_enforcement
  Scenario: The admin turns the requirement off again, after confirming
    Given Olivia has an authenticator app on her phone
    And Olivia has turned on multi-factor authentication
    And the team requires two-factor authentication
    And Olivia is logged in
    And she has opened the organisation's Security & SSO settings
    When she clicks the two-factor authentication switch
    Then a pop-up asks her to confirm
    When she answers "Yes"
    Then the team requirement for two-factor authentication is off
    When Olivia logs out
    And Max logs in with his password
    Then he sees his dashboard

  @doc.A8 @needs.team_enforcement
  Scenario: A member cannot open the organisation's security settings
    Given Max is logged in
    When he clicks his profile picture
    Then the menu does not offer "Organisation settings"
    When he opens the organisation's security settings directly
    Then he is told he is not allowed to do that
