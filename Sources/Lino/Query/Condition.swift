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
    /// Rows whose `field` (a foreign key) is among the `link` values of another model's rows
    /// meeting a condition (uploads of clients coached by me).
    case linked(field: String, model: String, link: String, where: Condition)
}

extension Condition {
    /// The fields a condition names on its own model, and (model, field) pairs of the
    /// models its `exists` parts look into: for the start-up check of declarations.
    var fieldNames: (own: [String], other: [(model: String, field: String)]) {
        switch self {
        case .equals(let f, _), .notEquals(let f, _), .isNull(let f), .isNotNull(let f), .contains(let f, _),
             .startsWith(let f, _), .startsWithInAnyLanguage(let f, _), .atLeast(let f, _), .atMost(let f, _), .oneOf(let f, _):
            return ([f], [])
        case .and(let cs), .or(let cs):
            let parts = cs.map(\.fieldNames)
            return (parts.flatMap(\.own), parts.flatMap(\.other))
        case .not(let c): return c.fieldNames
        case .exists(let model, let link, let inner):
            let i = inner.fieldNames
            return ([], [(model, link)] + i.own.map { (model, $0) } + i.other)
        case .linked(let field, let model, let link, let inner):
            let i = inner.fieldNames
            return ([field], [(model, link)] + i.own.map { (model, $0) } + i.other)
        }
    }
}
