Feature: An admin resets a member's 2FA after a lost phone
  A member who lost their phone and their backup code asks an organisation admin, who turns the
  member's 2FA off. Their sessions end (the product may also e-mail them); if the team requires 2FA
  they set it up again at their next login. Only admins can do this.

  Background:
    Given Olivia has an account with a verified e-mail address
    And Max has an account with a verified e-mail address
    And Max has an authenticator app on his phone
    And Olivia administers a team whose members include Max
    And Max has turned on multi-factor authentication

  @doc.A8 @asvs.6.5.6 @needs.admin_reset
  Scenario: The admin resets Max's 2FA and Max is told
    Given Olivia is logged in
    And she has opened the organisation's Security & SSO settings
    When she resets the two-factor authentication of Max
    And Olivia logs out
    And Max logs in with his password
    Then he sees his dashboard

  @doc.A10 @asvs.6.5.6 @needs.admin_reset @needs.team_enforcement
  Scenario: Under the team requirement, Max sets 2FA up again at his next login
    Given Olivia has an authenticator app on her phone
    And Olivia has turned on multi-factor authentication
    And the team requires two-factor authentication
    And Olivia is logged in
    And she has opened the organisation's Security & SSO settings
    When she resets the two-factor authentication of Max
    And Olivia logs out
    And Max logs in with his password
    Then he must set up two-factor authentication before anything else

  @doc.A8 @needs.admin_reset
  Scenario: A member cannot reset anyone's 2FA
    Given Max has logged in with his password and a code
    When he opens the organisation's security settings directly
    Then he is told he is not allowed to do that
