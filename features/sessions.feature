Feature: Sessions
  The session a browser holds is renewed at each step of login and ends on the server at
  logout, after 30 minutes without use and 12 hours after login (NIST SP 800-63B section
  4.2.3 for AAL2), so a copied, planted or forgotten session credential is worth nothing.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication

  @doc.T9 @asvs.7.2.4 @wstg.athn.11
  Scenario: The session from before the code does not stay signed in
    When Alice logs in with her password
    And someone copies the session her browser holds
    And she enters the code her app shows and clicks Log in
    Then she sees her dashboard
    And her browser holds a new session
    When someone uses the copied session
    Then it does not open her account

  @doc.T9 @asvs.7.4.1
  Scenario: Logging out ends the session on the server
    Given Alice has logged in with her password and a code
    When someone copies the session her browser holds
    And she logs out
    And someone uses the copied session
    Then it does not open her account

  @doc.T9 @asvs.7.3.1 @nist.800-63b.4.2.3 @needs.clock_control
  Scenario Outline: A session left idle for 30 minutes ends on the server
    Given Alice has logged in with her password and a code
    When <minutes> minutes pass
    And she opens her dashboard directly
    Then <outcome>

    Examples:
      | minutes | outcome                 |
      | 29      | she sees her dashboard  |
      | 31      | she is on the login page |

  @doc.T9 @asvs.7.3.1 @needs.clock_control
  Scenario: A session in use stays open past 30 minutes
    Given Alice has logged in with her password and a code
    When 2 hours and 0 minutes pass while she keeps using the application
    Then she sees her dashboard

  @doc.T9 @asvs.7.3.2 @nist.800-63b.4.2.3 @needs.clock_control
  Scenario: Every session ends 12 hours after login, even in use
    Given Alice has logged in with her password and a code
    When 11 hours and 50 minutes pass while she keeps using the application
    Then she sees her dashboard
    When 20 minutes pass while she keeps using the application
    Then she is on the login page

  @doc.A8 @asvs.3.5.1 @needs.web @needs.team_enforcement
  Scenario: A form posted from another site cannot change the team requirement
    Given Olivia has an account with a verified e-mail address
    And Olivia administers a team whose members include Alice
    And Olivia is logged in
    When a page on another site submits the team two-factor switch in her browser
    And she opens the organisation's security settings directly
    Then the team requirement for two-factor authentication is off
