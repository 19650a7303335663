Feature: People who sign in through single sign-on
  An organisation may let its members sign in through its own identity provider (single
  sign-on, SSO). 2FA cannot be enabled for users who sign in only through SSO: their identity
  provider is in charge of how they authenticate. They see why instead of a switch, a request
  they send themselves is refused, and team enforcement skips them.

  A member who also has a password may sign in either way; when that member has turned 2FA on,
  every way in asks for the code, single sign-on included. The identity provider must say the
  e-mail address it vouches for is verified.

  @doc.A1 @needs.sso @needs.sso.sso_only
  Scenario: An SSO user finds an explanation where the switch would be
    Given Sam has an account that signs in through single sign-on
    And Sam is logged in
    When he opens the multi-factor section of his settings
    Then he is not offered to enable it
    And an explanation says accounts that sign in through single sign-on cannot use it

  @doc.A1 @needs.sso @needs.sso.sso_only
  Scenario: An SSO user who sends the Enable request himself is refused
    Given Sam has an account that signs in through single sign-on
    And Sam is logged in
    And he has opened the multi-factor section of his settings
    When he sends the request Enable would send, although no Enable is offered
    Then he is told accounts that sign in through single sign-on cannot use it
    And multi-factor authentication is shown as off
    And he cannot open the set-up page

  @doc.A1 @doc.A10 @needs.sso @needs.sso.sso_only @needs.team_enforcement
  Scenario: Team enforcement does not ask SSO users to set up 2FA
    Given Olivia has an account with a verified e-mail address
    And Sam has an account that signs in through single sign-on
    And Olivia administers a team whose members include Sam
    And the team requires two-factor authentication
    When Sam is logged in
    Then he sees his dashboard

  @doc.A1 @needs.sso @needs.sso.password_members
  Scenario: A member with a password may also sign in through the team's single sign-on
    Given Olivia has an account with a verified e-mail address
    And Alice has an account with a verified e-mail address
    And Olivia administers a team that signs in through single sign-on, whose members include Alice
    When Alice signs in through single sign-on
    Then she sees her dashboard
    When she opens the multi-factor section of her settings
    Then she is offered to enable it

  @doc.A6 @wstg.athn.11 @asvs.6.3.4 @needs.sso @needs.sso.password_members
  Scenario: Signing in through single sign-on still asks for the code when 2FA is on
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication
    And Olivia has an account with a verified e-mail address
    And Olivia administers a team that signs in through single sign-on, whose members include Alice
    When Alice signs in through single sign-on
    Then she is asked for the 6-digit code from her app
    When she opens her dashboard directly
    Then she is asked for the 6-digit code from her app
    When she enters the code her app shows and clicks Log in
    Then she sees her dashboard

  @needs.sso @needs.sso.sso_only
  Scenario: Single sign-on is refused when the identity provider has not verified the address
    Given Sam has an account that signs in through single sign-on
    And Sam's identity provider has not verified his e-mail address
    When Sam signs in through single sign-on
    Then he is told single sign-on did not sign him in
    And he is on the login page
