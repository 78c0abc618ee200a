/// Transactions for plugin code: typed reads, and writes through the one writer.
extension RecordStore {
    /// Runs `body` in one write transaction with a writer for `actor`. When it
    /// commits, cached reads of the tables it wrote are forgotten.
    @discardableResult
    public func write<T: Sendable>(as actor: Actor, _ body: @Sendable @escaping (Writer) throws -> T) async throws -> T {
        let store = self
        let (result, written, obsolete) = try await db.write { c -> (T, [String], [String]) in
            let w = Writer(store: store, connection: c, actor: actor)
            let result = try body(w)
            return (result, Array(w.written), w.obsoleteFiles)
        }
        if !written.isEmpty { db.changes.bump(tables: written) }
        for key in obsolete { files?.remove(key) }
        return result
    }

    /// Runs `body` on a reading connection with typed reads (texts in `language`).
    /// - Parameter lengthy: see `Database.read(lengthy:)` (a check of every record).
    public func read<T: Sendable>(language: String? = nil, lengthy: Bool = false,
                                  _ body: @Sendable @escaping (Records) throws -> T) async throws -> T {
        let site = self.site
        return try await db.read(lengthy: lengthy) { c in
            try body(Records(site: site, connection: c, language: language ?? site.defaultLanguage))
        }
    }
}
