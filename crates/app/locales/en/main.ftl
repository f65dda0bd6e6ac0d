site-skip = Skip to content
nav-members = Members
nav-collections = Information collections
nav-account = My account
nav-login = Log in
nav-logout = Log out
nav-language = Language
members-title = Members ({ $count })
collections-title = Information collections
collections-login-hint = The information collections are for members. Please log in.
collections-empty = There are no information collections yet.
collections-entries = { $count ->
    [one] one entry
   *[other] { $count } entries
}
fallback-marker = (original language)
login-title = Log in
login-email = Email address
login-password = Password
login-submit = Log in
login-forgot = Forgot your password?
login-wrong = The email address or the password is wrong.
login-throttled = Too many failed attempts. Please wait { $seconds } seconds.
code-title = Second factor
code-help = Enter the six-digit code from your authenticator app, or one of your recovery codes.
code-label = Code
code-submit = Confirm
code-wrong = The code is wrong or was already used.
setup-title = Set up a second factor
setup-required = Your role requires a second factor. Please set it up now.
setup-help = Add this key to your authenticator app (or open the link on your phone), then enter the code it shows.
setup-secret = Key
setup-link = Link for the authenticator app
setup-submit = Set up
setup-done = The second factor is set up.
setup-codes = Keep these recovery codes safe. Each works once if you cannot reach your app. They are shown only now.
account-title = My account
account-name = Name
account-email = Email address
account-roles = Roles
account-no-roles = No role
account-second-factor = Second factor
account-second-factor-on = set up
account-second-factor-off = not set up
account-second-factor-setup = Set up a second factor
account-logout-everywhere = Log out everywhere
account-logged-out-everywhere = All your sessions have ended.
role-member = Member
role-organisation_editor = Editor of their organisation
role-staff = Office
role-admin = Administration
forgot-title = Forgot your password
forgot-help = Enter your email address. If there is an account for it, we send you a link to set a new password.
forgot-submit = Send link
forgot-sent = If there is an account with this address, a link is on its way. It is valid for one hour.
password-title = New password
invitation-title = Accept the invitation
password-new = New password (at least 12 characters)
password-submit = Save password
password-invalid-link = This link is no longer valid: it was used already or has expired.
password-saved = Your password is saved. You can log in now.
error-title = Error
error-csrf = The form has expired. Please reload the page and try again.
error-not-found = This page does not exist.
error-forbidden = You are not allowed to do this.
error-server = Something went wrong on our side; it has been logged.
error-too-large = The request is too large.
field-error = Error
mail-reset-subject = A new password for urbis
mail-reset-intro = Someone (hopefully you) asked for a new password for your account. This link sets it; it is valid for one hour and works once:
mail-reset-outro = If this was not you, you can ignore this email; your password stays as it is.
admin-title = Accounts
admin-accounts = Accounts with a role in this forum
admin-change-role = Change role
admin-save = Save
admin-invite = Invite someone
admin-invite-submit = Send invitation
admin-invited = The invitation is on its way.
admin-invited-status = invited
admin-role-invalid = Please choose a role from the list.
admin-own-role = You cannot take your own administration away.
mail-invitation-subject = Invitation to urbis
mail-invitation-intro = You have been invited to urbis. This link sets your password; it is valid for seven days and works once:
mail-invitation-outro = If this invitation means nothing to you, simply ignore this email.
audit-title = Change log
audit-system = System (command line or import)
audit-create = created
audit-update = changed
audit-delete = deleted
audit-field = Field
audit-old = before
audit-new = after
erase-title = Erase personal data
erase-already = This person was anonymised before; erasing again covers what was added since.
erase-preview = { $count ->
    [one] One registration becomes anonymous and still counts.
   *[other] { $count } registrations become anonymous and still count.
}
erase-download-first = Download the stored data first
erase-submit = Anonymise for good
erase-done = { $count ->
    [one] The person is anonymised; one registration still counts, anonymously.
   *[other] The person is anonymised; { $count } registrations still count, anonymously.
}
retention-title = Retention period
retention-done = { $count ->
    [one] One guest registration was anonymised.
   *[other] { $count } guest registrations were anonymised.
}
account-my-data = Download my stored data (JSON)
