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
}
