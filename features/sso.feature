Feature: People who sign in through single sign-on
  2FA cannot be enabled for users who log in through SSO: their identity provider is in charge
  of how they authenticate. They see why instead of a switch, and team enforcement skips them.

  @doc.A1 @needs.sso
  Scenario: An SSO user finds an explanation where the switch would be
    Given Sam has an account that signs in through single sign-on
    And Sam is logged in
    When he opens the multi-factor section of his settings
    Then he is not offered to enable it
    And an explanation says accounts that sign in through single sign-on cannot use it

  @doc.A1 @doc.A10 @needs.sso @needs.team_enforcement
  Scenario: Team enforcement does not ask SSO users to set up 2FA
    Given Olivia has an account with a verified e-mail address
    And Sam has an account that signs in through single sign-on
    And Olivia administers a team whose members include Sam
    And the team requires two-factor authentication
    When Sam is logged in
    Then he sees his dashboard
