Feature: Turning multi-factor authentication off
  Turning the protection off asks again for the password and a current code (OWASP ASVS 5.0
  7.5.1), so that someone at an unlocked computer cannot do it.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication
    And Alice has logged in with her password and a code

  @doc.A7 @asvs.7.5.1 @needs.disable_asks
  Scenario: Alice turns 2FA off from "Personal settings"
    When she clicks her profile picture
    And she chooses "Personal settings"
    And she opens the "Two-factor authentication" submenu
    Then she is offered to disable it
    When she disables multi-factor authentication with her password and a current code
    Then multi-factor authentication is shown as off
    And turning it off asked for her password or a current code again
    When she logs out
    And Alice logs in with her password
    Then she sees her dashboard

  @asvs.7.5.1 @needs.disable_asks
  Scenario: Turning 2FA off asks for the password or a current code again
    When she opens the multi-factor section of her settings
    And she disables multi-factor authentication with her password and a current code
    Then multi-factor authentication is shown as off
    And turning it off asked for her password or a current code again

  @doc.A7 @asvs.7.5.1 @needs.disable_asks.password
  Scenario: A wrong password does not turn 2FA off
    When she opens the multi-factor section of her settings
    And she tries to disable multi-factor authentication with a wrong password
    Then she is told the e-mail address or password is wrong
    And multi-factor authentication is shown as on

  @doc.A7 @asvs.7.5.1 @needs.disable_asks.code
  Scenario: A wrong code does not turn 2FA off
    When she opens the multi-factor section of her settings
    And she tries to disable multi-factor authentication with a wrong code
    Then the code is refused
    And multi-factor authentication is shown as on
