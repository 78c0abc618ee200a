/// A fixed list of choices declared in code (genders, states, user types...).
/// The database stores `value`; users see the translated `text`.
public struct ChoiceList: Sendable {
    public struct Choice: Sendable {
        public let value: String
        /// A stable name for code (`male`, `coached`).
        public let name: String
        /// English text; translated through the locale catalogues.
        public let text: String
    }

    public let name: String
    public let choices: [Choice]

    /// - Parameter choices: `(value, name, English text)` triples.
    public init(_ name: String, _ choices: [(String, String, String)]) {
        self.name = name
        self.choices = choices.map { Choice(value: $0.0, name: $0.1, text: $0.2) }
    }

    public func choice(_ value: String) -> Choice? { choices.first { $0.value == value } }
    public func choice(named name: String) -> Choice? { choices.first { $0.name == name } }
}
