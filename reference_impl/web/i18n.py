"""The pages' words in English and French, and the choice between them."""

from __future__ import annotations

from flask import request

LANGUAGES = ("en", "fr")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "app.name": "mfaspec reference",
        "app.skip": "Skip to content",
        "login.title": "Log in",
        "login.email": "E-mail address",
        "login.password": "Password",
        "login.submit": "Log in",
        "login.sso": "Log in with single sign-on",
        "sso.title": "Single sign-on",
        "sso.intro": "Enter your work e-mail address: you will sign in at your organisation's"
        " identity provider, then come back here.",
        "sso.submit": "Continue",
        "sso.password": "Log in with your password instead",
        "sso.leaving": "Taking you to your organisation's identity provider…",
        "sso.continue": "Continue",
        "sso.failed": "Single sign-on did not sign you in: your identity provider could not be"
        " reached, or its answer could not be checked. Nothing was changed; try again.",
        "code.title": "Authentication code",
        "code.intro": "Enter the 6-digit code from your authenticator app.",
        "code.label": "6-digit code",
        "code.submit": "Log in",
        "code.use_backup": "Use a backup code",
        "backup_login.title": "Use a backup code",
        "backup_login.intro": "Enter the backup code you kept when you turned on multi-factor"
        " authentication. It works once; you will then get a new one.",
        "backup_login.label": "Backup code",
        "backup_login.submit": "Log in",
        "backup_login.use_app": "Use the code from your app instead",
        "nav.main": "Main",
        "nav.dashboard": "Dashboard",
        "dashboard.title": "Dashboard",
        "dashboard.greeting": "Hello, {name}.",
        "dashboard.intro": "Your settings are in the menu under your profile picture, bottom left.",
        "menu.label": "Profile menu",
        "menu.edit_profile": "Edit profile",
        "menu.personal_settings": "Personal settings",
        "menu.organisation_settings": "Organisation settings",
        "menu.log_out": "Log out",
        "account.title": "Account Settings",
        "account.tabs": "Account settings sections",
        "account.tab_profile": "Profile",
        "account.tab_settings": "Settings",
        "account.name": "Name",
        "mfa.heading": "Multi-Factor Authentication",
        "mfa.subheading": "Two-factor authentication (2FA)",
        "mfa.submenu": "Two-factor authentication",
        "mfa.intro": "When it is on, logging in asks for a 6-digit code from an authenticator"
        " app on your phone, on top of your password.",
        "mfa.status": "Status:",
        "mfa.on": "On",
        "mfa.off": "Off",
        "mfa.enable": "Enable",
        "mfa.requested": "We sent you an e-mail: open its link to continue."
        " Clicking Enable again sends a new link.",
        "mfa.pending": "Set-up is not finished.",
        "mfa.continue": "Continue set-up",
        "mfa.disable_intro": "To turn it off, confirm with your password and a current code"
        " from your app.",
        "mfa.password": "Password",
        "mfa.disable": "Disable",
        "mfa.now_off": "Multi-factor authentication is off.",
        "mfa.regenerate": "Get a new backup code",
        "disable.title": "Disable multi-factor authentication",
        "disable.intro": "Confirm with your password and the current 6-digit code from your"
        " app. Logging in will then ask for your password only.",
        "regenerate.title": "Get a new backup code",
        "regenerate.intro": "Your current backup code will stop working. Confirm with your"
        " password and the current 6-digit code from your app.",
        "form.cancel": "Cancel",
        "check_email.title": "Check your e-mail",
        "check_email.body": "We sent you an e-mail to confirm your request. Open it and click"
        " “Set up multi-factor authentication”. The link works once, for 30 minutes.",
        "check_email.back": "Back to account settings",
        "setup.title": "Set up multi-factor authentication",
        "required.title": "Set up two-factor authentication",
        "required.intro": "Your organisation requires two-factor authentication."
        " Set it up to continue.",
        "setup.scan": "Scan the QR code",
        "setup.scan_help": "In your authenticator app (Google Authenticator, Authy, Microsoft"
        " Authenticator…), tap “+” or “Add account”, then scan this code.",
        "setup.qr_alt": "QR code for your authenticator app",
        "setup.key_summary": "Can't scan the QR code?",
        "setup.key_label": "Type this key into your app instead:",
        "setup.verify_heading": "Verify your code",
        "setup.verify_help": "Enter the 6-digit code your app now shows, then click Verify.",
        "setup.verify": "Verify",
        "backup.title": "Your backup code",
        "backup.intro": "Multi-factor authentication is on. If you lose access to your"
        " authenticator app, this backup code logs you in once.",
        "backup.replaced": "You logged in with your backup code, so it no longer works."
        " Here is the code that replaces it.",
        "backup.keep": "Copy it and keep it somewhere safe: it will not be shown again.",
        "backup.label": "Backup code",
        "backup.done": "Done",
        "org.nav": "Organisation settings",
        "org.security": "Security & SSO",
        "org.two_factor": "Two-factor authentication",
        "org.switch_label": "Require two-factor authentication for all members",
        "org.switch_help": "Members without it are asked to set it up at their next login."
        " Members who sign in with single sign-on are not affected.",
        "org.state_on": "On",
        "org.state_off": "Off",
        "org.confirm_on": "Require two-factor authentication for all members of {team}?",
        "org.confirm_on_body": "Members who have not set it up will have to at their next login.",
        "org.confirm_off": "Stop requiring two-factor authentication for members of {team}?",
        "org.confirm_off_body": "Members will be able to turn it off for their own account.",
        "org.yes": "Yes",
        "org.cancel": "Cancel",
        "org.now_on": "Two-factor authentication is now required for all members.",
        "org.now_off": "Two-factor authentication is no longer required.",
        "org.members": "Members",
        "org.members_intro": "If a member lost their phone and their backup code, reset their"
        " two-factor authentication: they are told by e-mail, logged out, and set it up again.",
        "org.no_members": "Your organisation has no members yet.",
        "org.col_name": "Name",
        "org.col_email": "E-mail address",
        "org.col_mfa": "Two-factor authentication",
        "org.col_action": "Action",
        "org.reset": "Reset",
        "org.reset_for": "Reset two-factor authentication for {name}",
        "org.reset_done": "Two-factor authentication was reset. The member was told by e-mail.",
        "logout.done": "You have logged out.",
        "reason.wrong_credentials": "The e-mail address or password is incorrect.",
        "reason.malformed_code": "That code is not valid. Enter the current 6-digit code"
        " from your app.",
        "reason.wrong_code": "That code is not valid. Enter the current 6-digit code"
        " from your app.",
        "reason.backup_code": "That code is not valid. Enter your backup code as it was"
        " shown to you.",
        "reason.locked_out": "Too many attempts. Try again later.",
        "reason.link_refused": "This link cannot be used: it has expired, was already used,"
        " or belongs to another account. Click Enable to get a new one.",
        "reason.email_unverified": "Verify your e-mail address before you turn on"
        " two-factor authentication.",
        "reason.sso_account": "Accounts that sign in with single sign-on (SSO) cannot enable"
        " two-factor authentication: your identity provider protects your login.",
        "reason.sso_unavailable": "Single sign-on did not sign you in: it is not set up for"
        " this e-mail address.",
        "reason.sso_email_unverified": "Single sign-on did not sign you in: your identity provider"
        " has not verified your e-mail address.",
        "reason.sso_no_account": "Single sign-on did not sign you in: no account of your"
        " organisation is linked to the identity your provider gave.",
        "reason.not_signed_in": "Log in to continue.",
        "reason.second_factor_required": "Enter your code to finish logging in.",
        "reason.setup_required": "Your organisation requires two-factor authentication."
        " Set it up to continue.",
        "reason.login_expired": "Your login has expired. Log in again.",
        "reason.not_allowed": "You are not allowed to do this.",
        "reason.wrong_state": "This step is no longer available.",
        "reason.invalid_input": "Some of the information is not valid.",
        "error.400": "Bad request",
        "error.400.body": "The form could not be accepted. It may have expired:"
        " reload the page and try again.",
        "error.403": "Not allowed",
        "error.403.body": "You are not allowed to open this page.",
        "error.404": "Page not found",
        "error.404.body": "There is no page at this address.",
        "error.405": "Method not allowed",
        "error.405.body": "This page cannot be used that way.",
        "error.413": "Too much data",
        "error.413.body": "The form sent more data than this site accepts.",
        "error.500": "Something went wrong",
        "error.500.body": "An unexpected error happened on our side. Try again later.",
        "error.home": "Go to the home page",
    },
    "fr": {
        "app.name": "mfaspec référence",
        "app.skip": "Aller au contenu",
        "login.title": "Connexion",
        "login.email": "Adresse e-mail",
        "login.password": "Mot de passe",
        "login.submit": "Se connecter",
        "login.sso": "Se connecter avec l'authentification unique (SSO)",
        "sso.title": "Authentification unique",
        "sso.intro": "Saisissez votre adresse e-mail professionnelle : vous vous connecterez"
        " chez le fournisseur d'identité de votre organisation, puis reviendrez ici.",
        "sso.submit": "Continuer",
        "sso.password": "Se connecter plutôt avec votre mot de passe",
        "sso.leaving": "Redirection vers le fournisseur d'identité de votre organisation…",
        "sso.continue": "Continuer",
        "sso.failed": "L'authentification unique ne vous a pas connecté : votre fournisseur"
        " d'identité n'a pas pu être joint, ou sa réponse n'a pas pu être vérifiée. Rien n'a été"
        " modifié ; réessayez.",
        "code.title": "Code d'authentification",
        "code.intro": "Saisissez le code à 6 chiffres de votre application d'authentification.",
        "code.label": "Code à 6 chiffres",
        "code.submit": "Se connecter",
        "code.use_backup": "Utiliser un code de secours",
        "backup_login.title": "Utiliser un code de secours",
        "backup_login.intro": "Saisissez le code de secours conservé lors de l'activation de"
        " l'authentification multifacteur. Il ne sert qu'une fois ; vous en recevrez un nouveau.",
        "backup_login.label": "Code de secours",
        "backup_login.submit": "Se connecter",
        "backup_login.use_app": "Utiliser plutôt le code de votre application",
        "nav.main": "Navigation principale",
        "nav.dashboard": "Tableau de bord",
        "dashboard.title": "Tableau de bord",
        "dashboard.greeting": "Bonjour, {name}.",
        "dashboard.intro": "Vos paramètres se trouvent dans le menu de votre image de profil,"
        " en bas à gauche.",
        "menu.label": "Menu du profil",
        "menu.edit_profile": "Modifier le profil",
        "menu.personal_settings": "Paramètres personnels",
        "menu.organisation_settings": "Paramètres de l'organisation",
        "menu.log_out": "Se déconnecter",
        "account.title": "Paramètres du compte",
        "account.tabs": "Sections des paramètres du compte",
        "account.tab_profile": "Profil",
        "account.tab_settings": "Paramètres",
        "account.name": "Nom",
        "mfa.heading": "Authentification multifacteur",
        "mfa.subheading": "Authentification à deux facteurs (2FA)",
        "mfa.submenu": "Authentification à deux facteurs",
        "mfa.intro": "Une fois activée, la connexion demande, en plus du mot de passe, un code"
        " à 6 chiffres fourni par une application d'authentification sur votre téléphone.",
        "mfa.status": "Statut :",
        "mfa.on": "Activée",
        "mfa.off": "Désactivée",
        "mfa.enable": "Activer",
        "mfa.requested": "Nous vous avons envoyé un e-mail : ouvrez son lien pour continuer."
        " Cliquer de nouveau sur Activer envoie un nouveau lien.",
        "mfa.pending": "La configuration n'est pas terminée.",
        "mfa.continue": "Poursuivre la configuration",
        "mfa.disable_intro": "Pour la désactiver, confirmez avec votre mot de passe et un code"
        " actuel de votre application.",
        "mfa.password": "Mot de passe",
        "mfa.disable": "Désactiver",
        "mfa.now_off": "L'authentification multifacteur est désactivée.",
        "mfa.regenerate": "Obtenir un nouveau code de secours",
        "disable.title": "Désactiver l'authentification multifacteur",
        "disable.intro": "Confirmez avec votre mot de passe et le code à 6 chiffres affiché"
        " actuellement par votre application. La connexion ne demandera plus que le mot de passe.",
        "regenerate.title": "Obtenir un nouveau code de secours",
        "regenerate.intro": "Votre code de secours actuel ne fonctionnera plus. Confirmez avec"
        " votre mot de passe et le code à 6 chiffres affiché actuellement par votre application.",
        "form.cancel": "Annuler",
        "check_email.title": "Consultez vos e-mails",
        "check_email.body": "Nous vous avons envoyé un e-mail pour confirmer votre demande."
        " Ouvrez-le et cliquez sur « Configurer l'authentification multifacteur »."
        " Le lien ne sert qu'une fois, pendant 30 minutes.",
        "check_email.back": "Retour aux paramètres du compte",
        "setup.title": "Configurer l'authentification multifacteur",
        "required.title": "Configurer l'authentification à deux facteurs",
        "required.intro": "Votre organisation exige l'authentification à deux facteurs."
        " Configurez-la pour continuer.",
        "setup.scan": "Scanner le code QR",
        "setup.scan_help": "Dans votre application d'authentification (Google Authenticator,"
        " Authy, Microsoft Authenticator…), touchez « + » ou « Ajouter un compte »,"
        " puis scannez ce code.",
        "setup.qr_alt": "Code QR pour votre application d'authentification",
        "setup.key_summary": "Impossible de scanner le code QR ?",
        "setup.key_label": "Saisissez plutôt cette clé dans votre application :",
        "setup.verify_heading": "Vérifier votre code",
        "setup.verify_help": "Saisissez le code à 6 chiffres que votre application affiche"
        " maintenant, puis cliquez sur Vérifier.",
        "setup.verify": "Vérifier",
        "backup.title": "Votre code de secours",
        "backup.intro": "L'authentification multifacteur est activée. Si vous perdez l'accès"
        " à votre application d'authentification, ce code de secours vous connecte une fois.",
        "backup.replaced": "Vous vous êtes connecté avec votre code de secours : il ne"
        " fonctionne plus. Voici le code qui le remplace.",
        "backup.keep": "Copiez-le et conservez-le en lieu sûr : il ne sera plus affiché.",
        "backup.label": "Code de secours",
        "backup.done": "Terminé",
        "org.nav": "Paramètres de l'organisation",
        "org.security": "Sécurité & SSO",
        "org.two_factor": "Authentification à deux facteurs",
        "org.switch_label": "Exiger l'authentification à deux facteurs pour tous les membres",
        "org.switch_help": "Les membres qui ne l'ont pas devront la configurer à leur prochaine"
        " connexion. Les membres qui se connectent par authentification unique ne sont pas"
        " concernés.",
        "org.state_on": "Activé",
        "org.state_off": "Désactivé",
        "org.confirm_on": "Exiger l'authentification à deux facteurs pour tous les membres"
        " de {team} ?",
        "org.confirm_on_body": "Les membres qui ne l'ont pas configurée devront le faire à leur"
        " prochaine connexion.",
        "org.confirm_off": "Ne plus exiger l'authentification à deux facteurs pour les membres"
        " de {team} ?",
        "org.confirm_off_body": "Les membres pourront la désactiver sur leur propre compte.",
        "org.yes": "Oui",
        "org.cancel": "Annuler",
        "org.now_on": "L'authentification à deux facteurs est désormais exigée pour tous"
        " les membres.",
        "org.now_off": "L'authentification à deux facteurs n'est plus exigée.",
        "org.members": "Membres",
        "org.members_intro": "Si un membre a perdu son téléphone et son code de secours,"
        " réinitialisez son authentification à deux facteurs : il est prévenu par e-mail,"
        " déconnecté, et la configure de nouveau.",
        "org.no_members": "Votre organisation n'a pas encore de membres.",
        "org.col_name": "Nom",
        "org.col_email": "Adresse e-mail",
        "org.col_mfa": "Authentification à deux facteurs",
        "org.col_action": "Action",
        "org.reset": "Réinitialiser",
        "org.reset_for": "Réinitialiser l'authentification à deux facteurs de {name}",
        "org.reset_done": "L'authentification à deux facteurs a été réinitialisée. Le membre a"
        " été prévenu par e-mail.",
        "logout.done": "Vous êtes déconnecté.",
        "reason.wrong_credentials": "L'adresse e-mail ou le mot de passe est incorrect.",
        "reason.malformed_code": "Ce code n'est pas valide. Saisissez le code à 6 chiffres"
        " affiché actuellement par votre application.",
        "reason.wrong_code": "Ce code n'est pas valide. Saisissez le code à 6 chiffres"
        " affiché actuellement par votre application.",
        "reason.backup_code": "Ce code n'est pas valide. Saisissez votre code de secours tel"
        " qu'il vous a été montré.",
        "reason.locked_out": "Trop de tentatives. Réessayez plus tard.",
        "reason.link_refused": "Ce lien ne peut pas être utilisé : il a expiré, a déjà servi"
        " ou appartient à un autre compte. Cliquez sur Activer pour en obtenir un nouveau.",
        "reason.email_unverified": "Validez votre adresse e-mail avant d'activer"
        " l'authentification à deux facteurs.",
        "reason.sso_account": "Les comptes qui se connectent par authentification unique (SSO)"
        " ne peuvent pas activer l'authentification à deux facteurs : votre fournisseur"
        " d'identité protège votre connexion.",
        "reason.sso_unavailable": "L'authentification unique ne vous a pas connecté : elle"
        " n'est pas configurée pour cette adresse e-mail.",
        "reason.sso_email_unverified": "L'authentification unique ne vous a pas connecté : votre"
        " fournisseur d'identité n'a pas vérifié votre adresse e-mail.",
        "reason.sso_no_account": "L'authentification unique ne vous a pas connecté : aucun compte"
        " de votre organisation n'est lié à l'identité donnée par votre fournisseur.",
        "reason.not_signed_in": "Connectez-vous pour continuer.",
        "reason.second_factor_required": "Saisissez votre code pour terminer la connexion.",
        "reason.setup_required": "Votre organisation exige l'authentification à deux facteurs."
        " Configurez-la pour continuer.",
        "reason.login_expired": "Votre connexion a expiré. Connectez-vous de nouveau.",
        "reason.not_allowed": "Vous n'êtes pas autorisé à faire cela.",
        "reason.wrong_state": "Cette étape n'est plus disponible.",
        "reason.invalid_input": "Certaines informations ne sont pas valides.",
        "error.400": "Requête incorrecte",
        "error.400.body": "Le formulaire n'a pas pu être accepté. Il a peut-être expiré :"
        " rechargez la page et réessayez.",
        "error.403": "Accès refusé",
        "error.403.body": "Vous n'êtes pas autorisé à ouvrir cette page.",
        "error.404": "Page introuvable",
        "error.404.body": "Il n'y a aucune page à cette adresse.",
        "error.405": "Méthode non autorisée",
        "error.405.body": "Cette page ne peut pas être utilisée de cette façon.",
        "error.413": "Trop de données",
        "error.413.body": "Le formulaire a envoyé plus de données que ce site n'en accepte.",
        "error.500": "Une erreur est survenue",
        "error.500.body": "Une erreur inattendue s'est produite de notre côté."
        " Réessayez plus tard.",
        "error.home": "Aller à la page d'accueil",
    },
}


def language() -> str:
    """Return the first language of the Accept-Language header the pages exist in, else English."""
    for tag, _quality in request.accept_languages:
        primary = tag.split("-", 1)[0].lower()
        if primary in LANGUAGES:
            return primary
    return "en"


def translate(key: str, **values: str) -> str:
    """Return the text for ``key`` in the request's language, with ``values`` filled in."""
    return TEXTS[language()][key].format(**values)
