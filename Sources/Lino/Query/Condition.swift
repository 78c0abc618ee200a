/// A filter on a table's rows, built from declarations and request parameters
/// and turned into parameterised SQL by the query builder.
public indirect enum Condition: Sendable {
    case equals(String, Value)
    case notEquals(String, Value)
    case isNull(String)
    case isNotNull(String)
    /// Case-insensitive substring match.
    case contains(String, String)
    /// Case-insensitive prefix match (a babel field: in the user's language).
    case startsWith(String, String)
    /// Case-insensitive prefix match in any language of a babel field.
    case startsWithInAnyLanguage(String, String)
    case atLeast(String, Value)
    case atMost(String, Value)
    case oneOf(String, [Value])
    case and([Condition])
    case or([Condition])
    case not(Condition)
    /// Rows whose id is among the ids of another table's rows where `field` equals the value
    /// (e.g. persons having a contact role in organisation 12).
    case exists(model: String, link: String, where: Condition)
}
