Feature: Guessing codes is throttled
  Six digits can be guessed given enough tries, so wrong codes are counted per account. After 5
  in a row, codes are refused for 15 minutes, even the right one (NIST SP 800-63B section
  5.2.2 allows at most 100). A right code starts the count again.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication

  @doc.T9 @asvs.6.3.1 @nist.800-63b.5.2.2 @needs.clock_control
  Scenario: A right code starts the count of wrong codes again
    When Alice logs in with her password
    And she enters a wrong code 4 times
    And she enters the code her app shows and clicks Log in
    Then she sees her dashboard
    When she logs out
    And Alice logs in with her password
    And she enters a wrong code 4 times
    And she enters the code her app shows and clicks Log in
    Then she sees her dashboard

  @doc.T9 @asvs.6.3.1 @nist.800-63b.5.2.2 @needs.clock_control
  Scenario: Starting a new login does not reset the count
    When Alice logs in with her password
    And she enters a wrong code 3 times
    And Alice logs in with her password
    And she enters a wrong code 2 times
    And she enters the code her app shows and clicks Log in
    Then she is told there were too many attempts

  @doc.T8 @asvs.6.3.1 @nist.800-63b.5.2.2
  Scenario: Wrong backup codes are throttled like codes
    When Alice logs in with her password
    And she enters a wrong backup code 5 times
    And she logs in with her backup code
    Then she is told there were too many attempts
