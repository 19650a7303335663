Feature: Guessing codes is throttled
  Six digits can be guessed given enough tries, so wrong codes in a row are counted per account
  and, past a limit, codes are refused for a while, even the right one. NIST SP 800-63B-4
  section 3.2.2 allows at most 100 in a row; the limit and how long codes are then refused are
  the product's own choice, declared in its profile. A right code starts the count again.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication

  @doc.T9 @asvs.6.3.1 @nist.800-63b-4.3.2.2
  Scenario: Wrong codes stop being checked after at most 100 in a row
    When Alice logs in with her password
    And she keeps entering wrong codes until she is told there were too many attempts
    Then no more than 100 wrong codes in a row were checked
    When she enters the code her app shows and clicks Log in
    Then she is told there were too many attempts

  @doc.T9 @asvs.6.3.1 @nist.800-63b-4.3.2.2 @needs.clock_control @policy.code_lockout
  Scenario: A right code starts the count of wrong codes again
    When Alice logs in with her password
    And she enters one wrong code fewer than the product allows
    And she enters the code her app shows and clicks Log in
    Then she sees her dashboard
    When she logs out
    And Alice logs in with her password
    And she enters one wrong code fewer than the product allows
    And she enters the code her app shows and clicks Log in
    Then she sees her dashboard

  @doc.T9 @asvs.6.3.1 @nist.800-63b-4.3.2.2 @needs.clock_control @policy.code_lockout
  Scenario: Starting a new login does not reset the count
    When Alice logs in with her password
    And she enters one wrong code fewer than the product allows
    And Alice logs in with her password
    And she enters the last wrong code the product allows
    And she enters the code her app shows and clicks Log in
    Then she is told there were too many attempts

  @doc.T8 @asvs.6.3.1 @nist.800-63b-4.3.2.2 @policy.code_lockout
  Scenario: Wrong backup codes are throttled like codes
    When Alice logs in with her password
    And she enters as many wrong backup codes as the product allows
    And she logs in with her backup code
    Then she is told there were too many attempts
