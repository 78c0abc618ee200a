/// Roles the framework itself needs.
public enum FrameworkRoles {
    /// May manage users and site configuration.
    public static let siteAdmin: Role = "SiteAdmin"
}

/// The framework's users plugin: users, authorities ("act as") and My settings.
public enum UsersPlugin {
    public static func make(userTypes: [UserType], languages: [String]) -> Plugin {
        let typeList = ChoiceList("users.UserTypes", userTypes.map { ($0.value, $0.value, $0.text) })
        let languageList = ChoiceList("Languages", languages.map { ($0, $0, Localizer.languageNames[$0] ?? $0) })
        let user = Model("users.User", label: "User", plural: "Users") {
            CharField("username", "Username", maxLength: 100, required: true, unique: true)
                .checked { v in
                    let s = v.stringValue ?? ""
                    return s.allSatisfy { $0.isLetter || $0.isNumber || "._-@".contains($0) } ? nil
                        : "Use only letters, digits and . _ - @"
                }
            CharField("first_name", "First name", maxLength: 100)
            CharField("last_name", "Last name", maxLength: 100)
            EmailField("email", "E-mail")
            ChoiceField("language", "Language", languageList, required: true, default: languages[0])
            ChoiceField("user_type", "User type", typeList)
            Field("password", "Password", .passwordHash).readOnly()
            BoolField("is_active", "Active", default: true)
            DateTimeField("last_login", "Last login").readOnly()
        }
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

        let admin = [FrameworkRoles.siteAdmin]
        let userDetail = Layout("general rights", panels: [
            "general": Panel("General", """
                username:20 user_type:30 is_active
                first_name:20 last_name:20 language:12
                email:40 last_login
                """),
            "rights": Panel("Authorities", "users.AuthoritiesGiven users.AuthoritiesTaken"),
        ])
        return Plugin("users", models: [user, authority], tables: [
            Table("users.AllUsers", model: "users.User", label: "Users",
                  columns: "username:16 first_name:16 last_name:16 user_type:28 language:10 email:28 is_active",
                  detail: userDetail,
                  insert: Layout("username user_type\nfirst_name last_name\nlanguage email"),
                  viewRoles: admin, editRoles: admin),
            Table("users.MySettings", model: "users.User", label: "My settings",
                  columns: "username first_name last_name language email",
                  detail: Layout("username:20 user_type:30\nfirst_name:20 last_name:20\nlanguage:12 email:40"),
                  allowInsert: false, allowDelete: false, readOnly: ["username", "user_type", "is_active"],
                  rowFilter: { user in .equals("id", .int(user.realUserID ?? user.id)) }),
            Table("users.Authorities", model: "users.Authority", label: "Authorities",
                  columns: "user:24 authorized:24", viewRoles: admin, editRoles: admin),
            Table("users.AuthoritiesGiven", model: "users.Authority", label: "Authorities given",
                  columns: "authorized:30", masterKey: "user", viewRoles: admin, editRoles: admin),
            Table("users.AuthoritiesTaken", model: "users.Authority", label: "Authorities taken",
                  columns: "user:30", masterKey: "authorized", viewRoles: admin, editRoles: admin),
        ])
    }
}
