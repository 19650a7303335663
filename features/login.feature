Feature: Logging in with the second factor
  With multi-factor authentication on, the password alone is not enough: every login asks for
  the 6-digit code the authenticator app shows.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication

  @doc.T9 @doc.A0
  Scenario: Alice logs out and back in with the code from her app
    When Alice logs in with her password
    Then she is asked for the 6-digit code from her app
    When she enters the code her app shows and clicks Log in
    Then she sees her dashboard

  @doc.A6 @doc.A0
  Scenario: Every login asks for the code
    Given Alice has logged in with her password and a code
    And Alice logs out
    When Alice logs in with her password
    Then she is asked for the 6-digit code from her app

  @doc.A0
  Scenario: A wrong password is refused before any code is asked
    When Alice logs in with a wrong password
    Then she is told the e-mail address or password is wrong
    And she is on the login page

  @doc.A0 @asvs.6.3.8
  Scenario: A wrong password and an address with no account are answered alike
    When Alice logs in with a wrong password, and Zoe, who has no account, logs in too
    Then both are answered alike, word for word

  @doc.T9
  Scenario: A wrong code is refused
    When Alice logs in with her password
    And she enters a wrong code and clicks Log in
    Then the code is refused
    And she is still asked for the 6-digit code from her app

  @doc.T9 @rfc6238.5.2 @asvs.6.5.1
  Scenario: Two logins racing with the same code: exactly one gets in
    When Alice submits the code her app shows in 2 browsers at the same moment
    Then exactly 1 of them gets in

  @doc.T9 @rfc6238.5.2 @asvs.6.5.1 @setup.pages
  Scenario: A code that was already used is refused
    Given Alice has logged in with her password and a code
    And Alice logs out
    When Alice logs in with her password
    And she enters the same code again and clicks Log in
    Then the code is refused

  @doc.T9 @asvs.6.5.5 @needs.clock_control @policy.drift_window
  Scenario Outline: At login, codes inside the drift window the target claims are accepted
    Given 5 minutes pass
    When Alice logs in with her password
    And she enters the code of <moment> and clicks Log in
    Then <outcome>

    Examples:
      | moment                              | outcome                |
      | the current time step               | she sees her dashboard |
      | the oldest step in the window       | she sees her dashboard |
      | the newest step in the window       | she sees her dashboard |
      | one step before the window          | the code is refused    |
      | one step after the window           | the code is refused    |

  @doc.A6 @wstg.athn.11
  Scenario Outline: Until the code is given, no page of the account opens
    When Alice logs in with her password
    And she opens <page> directly
    Then it does not open before the code is given

    Examples:
      | page                  |
      | her dashboard         |
      | her account settings  |

  @doc.A6 @wstg.athn.11 @needs.clock_control @policy.half_login_lifetime
  Scenario Outline: A half-finished login expires when the product says
    When Alice logs in with her password
    And it is just <side> the end of the half-finished login's lifetime
    And she enters the code her app shows and clicks Log in
    Then <outcome>

    Examples:
      | side   | outcome                         |
      | before | she sees her dashboard          |
      | after  | she must log in again             |

  @doc.A0 @asvs.6.3.1 @nist.800-63b-4.3.2.2 @needs.clock_control @policy.password_lockout
  Scenario Outline: After as many wrong passwords as the product allows, even the right one is refused until the lockout ends
    When Alice logs in with as many wrong passwords as the product allows
    And Alice logs in with her password
    Then she is told there were too many attempts
    When it is just <side> the end of the lockout for passwords
    And Alice logs in with her password
    Then <outcome>

    Examples:
      | side   | outcome                                       |
      | before | she is told there were too many attempts      |
      | after  | she is asked for the 6-digit code from her app |

  @doc.T9 @asvs.6.3.1 @nist.800-63b-4.3.2.2 @needs.clock_control @policy.code_lockout
  Scenario Outline: After as many wrong codes as the product allows, even the right code is refused until the lockout ends
    When Alice logs in with her password
    And she enters as many wrong codes as the product allows
    And she enters the code her app shows and clicks Log in
    Then she is told there were too many attempts
    And the product allows no more than 100 wrong codes in a row
    When it is just <side> the end of the lockout for codes
    And Alice logs in with her password
    And she enters the code her app shows and clicks Log in
    Then <outcome>

    Examples:
      | side   | outcome                                  |
      | before | she is told there were too many attempts |
      | after  | she sees her dashboard                   |
