/// A record read by plugin code: stored values by field name (babel fields by
/// column: `name`, `name_fr`...), the texts of its foreign keys, its model.
public struct Record: Sendable {
    public let model: ModelInfo
    public let values: Values
    /// Foreign key -> the target's title (in the reader's language).
    public let titles: [String: String]

    public var id: Value { values[model.primaryKey] ?? .null }
    public var version: Int64? { values["version"]?.intValue }

    public subscript(_ field: String) -> Value { values[field] ?? .null }
    public func string(_ field: String) -> String { values[field]?.stringValue ?? "" }
    public func int(_ field: String) -> Int64? { values[field]?.intValue }
    public func bool(_ field: String) -> Bool { values[field]?.boolValue ?? false }
    /// An ISO date (`2026-12-02`), or nil when empty.
    public func date(_ field: String) -> String? { values[field]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
    /// The display text of a foreign key's target.
    public func title(of field: String) -> String? { titles[field] }

    /// The record's own display text in a language.
    public func title(_ language: String, site: Site) -> String {
        model.title(site.view(values, language))
    }

    public func view(_ language: String, site: Site) -> RecordView {
        site.view(values, language)
    }
}

extension Array where Element == Record {
    /// The records grouped by the value of a field (e.g. coachings by client).
    public func grouped(by field: String) -> [Value: [Record]] {
        Dictionary(grouping: self) { $0[field] }
    }
}
