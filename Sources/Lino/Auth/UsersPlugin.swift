/// Roles the framework itself needs.
public enum FrameworkRoles {
    /// May manage users and site configuration.
    public static let siteAdmin: Role = "SiteAdmin"
}

/// The framework's users plugin: users, authorities ("act as") and My settings.
public enum UsersPlugin {
    /// - Parameters:
    ///   - extraFields: fields the application adds to users (a coach's usual service...).
    ///   - extraPanel: a detail tab showing them, in the layout language (nil: none).
    /// - Parameter demo: the site's demo users (`DataStep`s of `prep --demo`).
    public static func make(userTypes: [UserType], languages: [String], extraFields: [Field] = [],
                            extraPanel: Panel? = nil, demo: [DataStep] = []) -> Plugin {
        let typeList = ChoiceList("users.UserTypes", userTypes.map { ($0.value, $0.value, $0.text) })
        let languageList = ChoiceList("Languages", languages.map { ($0, $0, Localizer.languageNames[$0] ?? $0) })
        let sources = ChoiceList("users.LoginSources", [(LoginSource.local, LoginSource.local, "Local password"),
                                                        (LoginSource.directory, LoginSource.directory, "Directory (LDAP)")])
        let user = Model("users.User", label: "User", plural: "Users") {
            CharField("username", "Username", maxLength: 100, required: true, unique: true)
                .checked { v in
                    // Directory names may hold more than letters (`o'brien`, `a(b)`, `anna maria`),
                    // but only in the form logins normalise them to.
                    let s = v.stringValue ?? ""
                    return s == SessionStore.normalizedUsername(s) ? nil : "A user name has no spaces at its ends and no double spaces."
                }
            CharField("first_name", "First name", maxLength: 100)
            CharField("last_name", "Last name", maxLength: 100)
            EmailField("email", "E-mail")
            ChoiceField("language", "Language", languageList, required: true, default: languages[0])
            ChoiceField("user_type", "User type", typeList)
            Field("password", "Password", .passwordHash).readOnly()
            BoolField("is_active", "Active", default: true)
            ChoiceField("login_source", "Logs in with", sources, required: true, default: LoginSource.local)
                .help("Directory: the password is checked by the site's LDAP or Active Directory server, and names, e-mail, language and user type come from there at each login.")
            DateTimeField("last_login", "Last login").readOnly()
            extraFields
        }
        // Directory users never have a password stored here.
        .beforeSave { values, _ in
            if values["login_source"]?.stringValue == LoginSource.directory { values["password"] = .null }
        }
        // A new password, a deactivation or a new login source ends the user's other sessions.
        .afterSave { w, r in
            guard !r.isInsert else { return }
            let deactivated = r.changed("is_active") && r.after["is_active"] != .bool(true)
            if r.changed("password") || r.changed("login_source") || deactivated {
                try SessionStore.endSessions(w.connection, userID: r.id, except: r.user?.sessionToken)
                w.wrote(["lino_session"])
            }
        }
        .defaultTable("users.UsersOverview")
        .title(["username", "first_name", "last_name"]) { r in
            let full = [r.string("first_name"), r.string("last_name")].filter { !$0.isEmpty }.joined(separator: " ")
            return full.isEmpty ? r.string("username") : full
        }
        .ordered(["username"])
        .searchable(["username", "first_name", "last_name", "email"])

        let authority = Model("users.Authority", label: "Authority", plural: "Authorities") {
            ForeignKey("user", "User", to: "users.User", required: true, onDelete: .cascade)
            ForeignKey("authorized", "Authorized user", to: "users.User", required: true, onDelete: .cascade)
        }
        .unique(["user", "authorized"])
        .validate(field: "authorized", "A user cannot authorize themselves.") { r in r["user"] != r["authorized"] }

        let actAsEvent = Model("users.ActAsEvent", label: "Working as another user", plural: "Working as other users") {
            DateTimeField("at", "When")
            ForeignKey("user", "User", to: "users.User", required: true, onDelete: .cascade)
            ForeignKey("as_user", "Worked as", to: "users.User", onDelete: .cascade)
            CharField("client", "Client address", maxLength: 60)
        }
        .ordered(["-at"])

        let admin = [FrameworkRoles.siteAdmin]
        var userPanels: [String: Panel] = [:]
        if let extraPanel { userPanels["work"] = extraPanel }
        let userDetail = Layout(extraPanel == nil ? "general rights" : "general work rights", panels: userPanels.merging([
            "general": Panel("General", """
                username:20 user_type:30 is_active
                first_name:20 last_name:20 language:12
                email:40 login_source:20 last_login
                """),
            "rights": Panel("Authorities", "users.AuthoritiesGiven users.AuthoritiesTaken"),
        ]) { a, _ in a })
        return Plugin("users", models: [user, authority, actAsEvent], tables: [
            Table("users.AllUsers", model: "users.User", label: "Users",
                  columns: "username:16 first_name:16 last_name:16 user_type:28 language:10 email:28 login_source:20 is_active:10",
                  detail: userDetail,
                  insert: Layout("username user_type\nfirst_name last_name\nlanguage email\nlogin_source"),
                  viewRoles: admin, editRoles: admin,
                  actions: [setPasswordAction(admin)], editsNeedRealUser: true),
            // Everybody's list of colleagues (coaches, authors): what foreign keys to users show.
            // Former colleagues stay in it, so that their notes still name them.
            Table("users.UsersOverview", model: "users.User", label: "Colleagues",
                  columns: "username:16 first_name:16 last_name:16 user_type:28 is_active",
                  allowInsert: false, allowUpdate: false, allowDelete: false),
            Table("users.MySettings", model: "users.User", label: "My settings",
                  columns: "username first_name last_name language email",
                  detail: Layout("username:20 user_type:30\nfirst_name:20 last_name:20\nlanguage:12 email:40"),
                  allowInsert: false, allowDelete: false, readOnly: ["username", "user_type", "is_active"],
                  rowFilter: { user in .equals("id", .int(user.realUserID ?? user.id)) }),
            Table("users.Authorities", model: "users.Authority", label: "Authorities",
                  columns: "user:24 authorized:24", viewRoles: admin, editRoles: admin, editsNeedRealUser: true),
            Table("users.AuthoritiesGiven", model: "users.Authority", label: "Authorities given",
                  columns: "authorized:30", masterKey: "user", viewRoles: admin, editRoles: admin, editsNeedRealUser: true),
            Table("users.AuthoritiesTaken", model: "users.Authority", label: "Authorities taken",
                  columns: "user:30", masterKey: "authorized", viewRoles: admin, editRoles: admin, editsNeedRealUser: true),
            Table("users.ActAsLog", model: "users.ActAsEvent", label: "Working as other users",
                  columns: "at:18 user:24 as_user:24 client:16",
                  viewRoles: admin, allowInsert: false, allowUpdate: false, allowDelete: false),
        ], menu: [
            .table(["Configuration", "System"], "users.AllUsers"), .table(["Explorer", "System"], "users.Authorities"),
        ], demo: demo)
    }

    /// An administrator gives a local user a new password (which ends that user's sessions).
    static func setPasswordAction(_ roles: [Role]) -> TableAction {
        TableAction("set_password", label: "Set password", roles: roles, selection: .single,
                    params: [SecretField("new_password", "New password")]) { r in
            let lang = r.user.language
            guard let id = r.ids.first, let password = r.params["new_password"]?.stringValue else {
                throw LinoError.badRequest(r.site.t("Select a row first.", lang))
            }
            guard password.count >= 8 else {
                throw r.site.fieldError("new_password", "At least 8 characters.", lang)
            }
            let row = try await r.store.record(r.table, id: id, fields: ["login_source"], user: r.user)
            guard row.values["login_source"]?.stringValue != LoginSource.directory else {
                throw r.site.fieldError("new_password", "This user logs in with the directory; their password is set there.", lang)
            }
            let hash = PasswordHasher.hash(password)
            let table = r.table.name
            try await r.store.write(as: .user(r.user)) { w in
                try w.update("users.User", id: id, ["password": .text(hash)], via: table)
            }
            return ActionResult(message: r.site.t("The password has been set. The user's open sessions were ended.", lang), refresh: false)
        }
    }
}
