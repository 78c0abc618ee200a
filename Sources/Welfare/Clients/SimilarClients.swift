import Lino

/// Duplicate detection (Lino's `dupable`): two clients are similar when they
/// have the same national register number, or share two phonetic words of their
/// names (Double Metaphone, `PhoneticKey`), or share one and the birth date.
///
/// Every client keeps *keys* in `dupable.PhoneticWord`: each word ("ALFNS"), each
/// pair of words ("ALFNS+ASTMLT", sorted) and each word with the birth date
/// ("ALFNS@1980-03-04"). So each rule is an exact look-up of a few keys in one
/// index, whatever the number of clients who share a common word (a word alone
/// is shared by about a thousand of 100 000 clients; a pair by a handful).
enum SimilarClients {
    /// The phonetic words of a client's first and last names.
    static func words(_ values: Values) -> [String] {
        PhoneticKey.words([values["last_name"]?.stringValue ?? "", values["first_name"]?.stringValue ?? ""].joined(separator: " "))
    }

    /// A birth date good for comparing: complete ("1980-00-00" says too little).
    static func birthDate(_ value: Value?) -> String? {
        guard let b = value?.stringValue, b.count == 10, !b.hasSuffix("-00"), !b.contains("-00-") else { return nil }
        return b
    }

    /// The keys a client is stored with: its words, their pairs, each word with the birth date.
    static func keys(words: [String], birthDate: String?) -> [String] {
        var keys = words
        let sorted = words.sorted()
        for (i, a) in sorted.enumerated() { for b in sorted[(i + 1)...] { keys.append(a + "+" + b) } }
        if let birthDate { keys += words.map { $0 + "@" + birthDate } }
        return keys
    }

    /// The keys another client must share to be similar: a pair, or a word with
    /// the birth date; a client whose name is one word is like anyone with it.
    static func wanted(_ keys: [String]) -> [String] {
        let words = keys.filter { !$0.contains("+") && !$0.contains("@") }
        return words.count == 1 ? keys : keys.filter { $0.contains("+") || $0.contains("@") }
    }

    /// Rewrites the keys when a name or the birth date changed (or on insert).
    static func keepWords(_ w: Writer, _ saved: SavedRecord) throws {
        guard saved.isInsert || saved.changed("first_name") || saved.changed("last_name") || saved.changed("birth_date") else { return }
        for old in try w.rows("dupable.PhoneticWord", where: [.equals("client", saved.id)], fields: ["client"]) {
            try w.delete("dupable.PhoneticWord", id: old.id)
        }
        for key in keys(words: words(saved.after), birthDate: birthDate(saved.after["birth_date"])) {
            try w.insert("dupable.PhoneticWord", ["client": saved.id, "word": .text(key)], trusted: true)
        }
    }

    static let fields = ["first_name", "last_name", "national_id", "birth_date", "is_obsolete"]

    /// The clients similar to given values (a client being created).
    static func similar(_ records: Records, words: [String], nationalID: String?, birthDate: String?, except: Value?) throws -> [Record] {
        let wanted = wanted(keys(words: words, birthDate: self.birthDate(birthDate.map(Value.text))))
        let ids = wanted.isEmpty ? [] : try records.rows("dupable.PhoneticWord", where: [.oneOf("word", wanted.map(Value.text))],
                                                         fields: ["client"]).map { $0["client"] }
        let found = try clients(records, ids: Set(ids), nationalIDs: nationalID.map { [$0] } ?? [])
        return sortedByName(found.values.filter { $0.id != except })
    }

    /// Clients by id or by national number, in two look-ups, each by its own index
    /// (an OR of both would scan every client).
    static func clients(_ records: Records, ids: Set<Value>, nationalIDs: Set<String>) throws -> [Value: Record] {
        var found: [Value: Record] = [:]
        for r in ids.isEmpty ? [] : try records.rows("pcsw.Client", where: [.oneOf("id", Array(ids))], fields: fields) { found[r.id] = r }
        let numbers = nationalIDs.filter { !$0.isEmpty }
        if !numbers.isEmpty {
            for r in try records.rows("pcsw.Client", where: [.oneOf("national_id", numbers.map(Value.text))], fields: fields) { found[r.id] = r }
        }
        return found
    }

    /// For a page of clients: the similar ones of each, as "LAST First (id)".
    /// At most four queries for the whole page: their keys, who else has the wanted ones,
    /// who has their national numbers, and the names of the similar ones not read yet.
    static func find(_ records: Records, _ clients: [Record]) throws -> [[String]] {
        let own = try records.rows("dupable.PhoneticWord", where: [.oneOf("client", clients.map(\.id))], fields: ["client", "word"])
            .grouped(by: "client").mapValues { wanted($0.map { $0.string("word") }) }
        let allWanted = Set(own.values.joined())
        let hits = allWanted.isEmpty ? [] : try records.rows("dupable.PhoneticWord", where: [.oneOf("word", allWanted.map(Value.text))],
                                                             fields: ["client", "word"])
        let clientsByKey = Dictionary(grouping: hits, by: { $0.string("word") }).mapValues { $0.map { $0["client"] } }
        let numbers = Set(clients.map { $0.string("national_id") }).filter { !$0.isEmpty }
        let sameNumber = numbers.isEmpty ? [] : try records.rows("pcsw.Client", where: [.oneOf("national_id", numbers.map(Value.text))], fields: fields)
        let similar: [Set<Value>] = clients.map { c in
            var found = Set((own[c.id] ?? []).flatMap { clientsByKey[$0] ?? [] })
            let n = c.string("national_id")
            if !n.isEmpty { found.formUnion(sameNumber.filter { $0.string("national_id") == n }.map(\.id)) }
            found.remove(c.id)
            return found
        }
        // Only the clients shown as similar are read, and most clients have none.
        var others = Dictionary(sameNumber.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = Set(similar.joined()).subtracting(others.keys)
        if !missing.isEmpty {
            for r in try records.rows("pcsw.Client", where: [.oneOf("id", Array(missing))], fields: fields) { others[r.id] = r }
        }
        return similar.map { sortedByName($0.compactMap { others[$0] }).map { display($0) } }
    }

    static func sortedByName(_ clients: [Record]) -> [Record] {
        clients.sorted { ($0.string("last_name"), $0.string("first_name")) < ($1.string("last_name"), $1.string("first_name")) }
    }

    static func display(_ c: Record) -> String {
        "\(c.string("last_name").uppercased()) \(c.string("first_name")) (\(c.id.intValue.map(String.init) ?? ""))"
    }

    /// The question asked before creating a client who looks like others.
    static func question(_ records: Records, _ values: Values, _ lang: String) throws -> String? {
        let found = try similar(records, words: words(values), nationalID: values["national_id"]?.stringValue,
                                birthDate: values["birth_date"]?.stringValue, except: nil)
        guard !found.isEmpty else { return nil }
        let name = [values["first_name"]?.stringValue ?? "", values["last_name"]?.stringValue ?? ""].joined(separator: " ")
        let list = found.prefix(10).map { display($0) }.joined(separator: ", ")
        return records.site.t(found.count == 1 ? "There is 1 similar client: {list}. Are you sure you want to create a new client named {name}?"
                                                : "There are {n} similar clients: {list}. Are you sure you want to create a new client named {name}?",
                              lang, ["n": String(found.count), "list": list, "name": name])
    }
}
