Feature: The backup code
  When multi-factor authentication turns on, backup codes are shown once: one code or a list,
  as the product declares. One logs the person in if they lose their phone, and works once
  (OWASP ASVS 5.0 6.5.1). Whether a new code then replaces it, and whether new codes can be
  asked for, is the product's choice.

  Background:
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone

  @doc.T8 @policy.backup_codes
  Scenario: Alice keeps the backup codes and clicks Done
    Given Alice has opened the set-up page
    And she has scanned the QR code with her authenticator app
    When she enters the code her app shows and clicks Verify
    Then she is shown as many backup codes as the product declares
    When she copies the backup code
    And she clicks Done
    Then she no longer sees the backup code
    And multi-factor authentication is shown as on

  @doc.T8 @nist.800-63b.5.1.2.1
  Scenario: Backup codes are hard enough to guess
    Given Alice has opened the set-up page
    And she has scanned the QR code with her authenticator app
    When she enters the code her app shows and clicks Verify
    Then each backup code carries at least 20 bits of entropy, estimated from the codes shown

  @doc.T8 @setup.pages
  Scenario: Once set-up is done, no page of the account shows a backup code
    Given Alice has turned on multi-factor authentication
    And Alice has logged in with her password and a code
    Then no page of her account shows a backup code

  @doc.T8 @setup.pages
  Scenario: The backup code is never shown again
    Given Alice has turned on multi-factor authentication
    And Alice is logged in
    When she opens the multi-factor section of her settings
    Then no backup code is shown

  @doc.T8 @policy.backup_codes
  Scenario: The backup code logs Alice in when she has lost her phone
    Given Alice has turned on multi-factor authentication
    When Alice logs in with her password
    And she logs in with her backup code
    Then she gets in, past any new backup code the product declares
    And she sees her dashboard

  @doc.T8 @asvs.6.5.1
  Scenario: A backup code works only once
    Given Alice has turned on multi-factor authentication
    And Alice has logged in once with her backup code
    When Alice logs in with her password
    And she logs in with her old backup code
    Then the code is refused
    And she is still asked for the 6-digit code from her app

  @doc.T8 @needs.backup_code_replaced @policy.backup_codes
  Scenario: The replacement backup code works
    Given Alice has turned on multi-factor authentication
    And Alice has logged in once with her backup code
    When Alice logs in with her password
    And she logs in with her backup code
    Then she is shown a new backup code

  @doc.T8 @asvs.7.5.1 @needs.new_backup_codes @policy.new_backup_codes
  Scenario: A new backup code needs the password and a current code, and replaces the old one
    Given Alice has turned on multi-factor authentication
    And Alice has logged in with her password and a code
    And she has opened the multi-factor section of her settings
    When she asks for a new backup code with her password and a current code
    Then she is shown a new backup code
    When she copies the backup code
    And she clicks Done
    And she logs out
    And Alice logs in with her password
    And she logs in with her old backup code
    Then the code is refused

  @doc.T8 @asvs.7.5.1 @needs.new_backup_codes @policy.new_backup_codes @needs.new_backup_codes_ask.password
  Scenario: A wrong password gets no new backup code
    Given Alice has turned on multi-factor authentication
    And Alice has logged in with her password and a code
    And she has opened the multi-factor section of her settings
    When she asks for a new backup code with a wrong password
    Then she is told the e-mail address or password is wrong
    And no backup code is shown
