Feature: Sessions
  The session a browser holds is renewed at each step of login and ends on the server at
  logout, after a while without use and some hours after login, so a copied, planted or
  forgotten session credential is worth nothing. The product declares how long; NIST SP
  800-63B-4 asks that either timeout end the session (section 5.2) and, for AAL2, that there be
  an overall timeout, which should be at most 24 hours, and an idle one of at most an hour
  (section 2.2.3: beyond those, a warning).

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

  @doc.T9 @asvs.7.3.1 @nist.800-63b-4.5.2 @needs.clock_control @policy.session_idle
  Scenario Outline: A session left idle ends on the server when the product says
    Given Alice has logged in with her password and a code
    When it is just <side> the end of the idle timeout
    And she opens her dashboard directly
    Then <outcome>

    Examples:
      | side   | outcome                  |
      | before | she sees her dashboard   |
      | after  | she is on the login page |

  @nist.800-63b-4.2.2.3.should @policy.session_idle
  Scenario: The idle timeout the product declares is at most an hour
    Then the idle timeout is at most 60 minutes

  @doc.T9 @asvs.7.3.1 @nist.800-63b-4.5.2 @needs.clock_control @policy.session_idle
  Scenario: A session in use stays open past the idle timeout
    Given Alice has logged in with her password and a code
    When it is just after the end of the idle timeout, she having kept using the application
    Then she sees her dashboard

  @doc.T9 @asvs.7.3.2 @nist.800-63b-4.2.2.3 @nist.800-63b-4.5.2 @needs.clock_control @policy.session_lifetime
  Scenario Outline: Every session ends when the product says, even in use
    Given Alice has logged in with her password and a code
    When it is just <side> the end of the session's lifetime, she having kept using the application
    Then <outcome>

    Examples:
      | side   | outcome                  |
      | before | she sees her dashboard   |
      | after  | she is on the login page |

  @nist.800-63b-4.2.2.3.should @policy.session_lifetime
  Scenario: The session lifetime the product declares is at most 24 hours
    Then the session's lifetime is at most 24 hours

  @doc.A8 @asvs.3.5.1 @needs.web @needs.team_enforcement @setup.pages
  Scenario: A form posted from another site cannot change the team requirement
    Given Olivia has an account with a verified e-mail address
    And Olivia administers a team whose members include Alice
    And Olivia is logged in
    When a page on another site submits the team two-factor switch in her browser
    And she opens the organisation's security settings directly
    Then the team requirement for two-factor authentication is off

  @doc.A8 @asvs.3.3.2 @needs.web @needs.team_enforcement @setup.pages
  Scenario: A form posted from another site does not carry the session
    Given Olivia has an account with a verified e-mail address
    And Olivia administers a team whose members include Alice
    And Olivia is logged in
    When a page on another site submits the team two-factor switch in her browser
    Then the form went without her session

  @doc.A8 @asvs.3.5.1 @needs.web @needs.team_enforcement
  Scenario: A form posted from another address of the same site cannot change the team requirement
    A sub-domain or another port is the same site: the browser sends the session along
    whatever its SameSite attribute, so only the check of the form's own token stands.

    Given Olivia has an account with a verified e-mail address
    And Olivia administers a team whose members include Alice
    And Olivia is logged in
    When a page at another address of the same site submits the team two-factor switch in her browser
    And she opens the organisation's security settings directly
    Then the team requirement for two-factor authentication is off

  @doc.T9 @asvs.3.3.4 @needs.web @setup.pages
  Scenario: The page's scripts cannot read the session
    Given Alice has logged in with her password and a code
    Then the page's scripts cannot read the session her browser holds

  @doc.A9 @asvs.3.4.6 @needs.web @needs.team_enforcement
  Scenario: A page at another address of the same site cannot show the team switch in a frame
    A page that shows the settings in a frame under a decoy of its own could lure the admin
    into clicking the switch, then the pop-up's "Yes".

    Given Olivia has an account with a verified e-mail address
    And Olivia administers a team whose members include Alice
    And Olivia is logged in
    When a page at another address of the same site shows the organisation's security settings in a frame
    Then the settings do not show inside that page
