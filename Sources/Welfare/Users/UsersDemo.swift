import Lino

/// Demo users of Lino Welfare's Eupen demo, with their types and languages.
public enum DemoUsers {
    public struct Entry: Sendable {
        public let username, firstName, lastName, type, language: String
    }

    public static let all: [Entry] = [
        Entry(username: "alicia", firstName: "Alicia", lastName: "Allmanns", type: "100", language: "fr"),
        Entry(username: "hubert", firstName: "Hubert", lastName: "Huppertz", type: "100", language: "de"),
        Entry(username: "melanie", firstName: "Mélanie", lastName: "Mélard", type: "110", language: "fr"),
        Entry(username: "caroline", firstName: "Caroline", lastName: "Carnol", type: "200", language: "de"),
        Entry(username: "theresia", firstName: "Theresia", lastName: "Thelen", type: "210", language: "de"),
        Entry(username: "kerstin", firstName: "Kerstin", lastName: "Kerres", type: "300", language: "de"),
        Entry(username: "judith", firstName: "Judith", lastName: "Jousten", type: "400", language: "de"),
        Entry(username: "patrick", firstName: "Patrick", lastName: "Paraneau", type: "910", language: "fr"),
        Entry(username: "robin", firstName: "Robin", lastName: "Rood", type: "900", language: "en"),
        Entry(username: "rolf", firstName: "Rolf", lastName: "Rompen", type: "900", language: "de"),
        Entry(username: "romain", firstName: "Romain", lastName: "Raffault", type: "900", language: "fr"),
    ]

    /// X lets Y work as X: (user, authorized).
    public static let authorities: [(String, String)] = [("hubert", "theresia"), ("alicia", "theresia"), ("melanie", "theresia")]

    /// The demo users, password 1234, and who may work as whom.
    static let step = DataStep("users") { ctx in
        let hash = PasswordHasher.hash("1234")
        try await ctx.store.write(as: .system(reason: "demo data: users")) { w in
            var ids: [String: Value] = [:]
            for u in all {
                ids[u.username] = try w.insert("users.User", [
                    "username": .text(u.username), "first_name": .text(u.firstName), "last_name": .text(u.lastName),
                    "user_type": .text(u.type), "language": .text(u.language), "password": .text(hash), "is_active": .bool(true),
                ])
            }
            for (user, authorized) in authorities {
                try w.insert("users.Authority", ["user": ids[user]!, "authorized": ids[authorized]!])
            }
        }
    }
}
