/// What a grid asks for: the same parameters drive rows, detail navigation and export.
public struct RowsRequest: Sendable {
    public var sort: [SortKey] = []
    public var search: String = ""
    public var filters: [Condition] = []
    public var params: [String: Value] = [:]
    public var masterID: Value?
    public var offset = 0
    public var limit: Int?
    /// For detail navigation: where the client believes the record stands (0-based).
    public var indexHint: Int?

    public init() {}

    /// Quick-search words: ANDed, each matching any search field.
    public var searchWords: [String] {
        search.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}

/// Where a record stands in the current sort and filter.
public struct Navigation: Sendable {
    public var first: Value?
    public var prev: Value?
    public var next: Value?
    public var last: Value?
    /// 1-based position.
    public var index: Int
    public var total: Int
}
