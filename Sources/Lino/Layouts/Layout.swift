/// A layout as declared: a main text and named panels, in Lino's mini-language.
///
/// A word is a field, a panel or a slave table (`contacts.RolesByPerson`);
/// `name:20` sets a width; each line is a row. A main of one line naming only
/// panels becomes tabs.
///
/// ```swift
/// Layout("general contact", panels: [
///     "general": Panel("Person", "first_name last_name\ngender birth_date"),
///     "contact": Panel("Contact", "email phone\ncontacts.RolesByPerson"),
/// ])
/// ```
public struct Layout: Sendable {
    public let main: String
    public let panels: [String: Panel]

    public init(_ main: String, panels: [String: Panel] = [:]) {
        self.main = main
        self.panels = panels
    }
}

public struct Panel: Sendable {
    /// English label (tab title or frame label), or nil for a plain box.
    public let label: String?
    public let text: String
    /// Roles of which a user needs one to see the panel (empty: everyone who sees the table),
    /// e.g. a client's "Misc" tab for staff.
    public let roles: [Role]
    public init(_ label: String?, _ text: String, roles: [Role] = []) { self.label = label; self.text = text; self.roles = roles }
}

/// A parsed layout element.
public indirect enum LayoutNode: Sendable {
    case tabs([LayoutNode])
    case panel(name: String, label: String?, rows: [[LayoutNode]])
    case field(name: String, width: Int?)
    case slave(table: String, height: Int?)

    /// Every field name in the tree, in order.
    public var fieldNames: [String] {
        switch self {
        case .tabs(let children): return children.flatMap(\.fieldNames)
        case .panel(_, _, let rows): return rows.flatMap { $0.flatMap(\.fieldNames) }
        case .field(let name, _): return [name]
        case .slave: return []
        }
    }

    /// Every slave table name in the tree.
    public var slaveTables: [String] {
        switch self {
        case .tabs(let children): return children.flatMap(\.slaveTables)
        case .panel(_, _, let rows): return rows.flatMap { $0.flatMap(\.slaveTables) }
        case .slave(let t, _): return [t]
        case .field: return []
        }
    }
}

/// A layout mistake found at start-up.
public struct LayoutError: Error, CustomStringConvertible {
    public let description: String
}

/// Parses layouts once at start-up and validates every word.
public struct LayoutParser {
    /// Answers whether a word names a field of the model (stored or virtual).
    let isField: (String) -> Bool
    /// Answers whether a word names a table (for slave tables).
    let isTable: (String) -> Bool
    /// Where the layout comes from, for error messages (`contacts.Persons detail`).
    let context: String

    public init(context: String, isField: @escaping (String) -> Bool, isTable: @escaping (String) -> Bool) {
        self.context = context
        self.isField = isField
        self.isTable = isTable
    }

    public func parse(_ layout: Layout) throws -> LayoutNode {
        for name in layout.panels.keys where isField(name) {
            throw LayoutError(description: "\(context): panel name '\(name)' hides a field of the same name")
        }
        let mainWords = Self.words(layout.main)
        let singleLine = Self.lines(layout.main).count == 1
        if singleLine, mainWords.count > 1, mainWords.allSatisfy({ layout.panels[$0.name] != nil }) {
            return .tabs(try mainWords.map { try parsePanel($0.name, layout, seen: []) })
        }
        return try parseText(name: "main", label: nil, text: layout.main, layout, seen: [])
    }

    private func parsePanel(_ name: String, _ layout: Layout, seen: Set<String>) throws -> LayoutNode {
        guard !seen.contains(name) else {
            throw LayoutError(description: "\(context): panel '\(name)' contains itself")
        }
        let panel = layout.panels[name]!
        return try parseText(name: name, label: panel.label, text: panel.text, layout, seen: seen.union([name]))
    }

    private func parseText(name: String, label: String?, text: String, _ layout: Layout, seen: Set<String>) throws -> LayoutNode {
        var rows: [[LayoutNode]] = []
        for line in Self.lines(text) {
            var row: [LayoutNode] = []
            for word in Self.words(line) {
                if layout.panels[word.name] != nil {
                    row.append(try parsePanel(word.name, layout, seen: seen))
                } else if isField(word.name) {
                    row.append(.field(name: word.name, width: word.size))
                } else if word.name.contains("."), isTable(word.name) {
                    row.append(.slave(table: word.name, height: word.size))
                } else {
                    throw LayoutError(description: "\(context): unknown field, panel or table '\(word.name)' in panel '\(name)'")
                }
            }
            rows.append(row)
        }
        guard !rows.isEmpty else { throw LayoutError(description: "\(context): panel '\(name)' is empty") }
        return .panel(name: name, label: label, rows: rows)
    }

    static func lines(_ text: String) -> [Substring] {
        text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
    }

    struct Word { let name: String; let size: Int? }

    static func words<S: StringProtocol>(_ text: S) -> [Word] {
        text.split(whereSeparator: \.isWhitespace).map { token in
            let parts = token.split(separator: ":", maxSplits: 1)
            return Word(name: String(parts[0]), size: parts.count > 1 ? Int(parts[1]) : nil)
        }
    }
}
