import Lino

/// Duplicate detection (Lino's `dupable`): every client's names are kept as
/// phonetic words (Double Metaphone, `PhoneticKey`). Two clients are similar
/// when they have the same national register number, or share two phonetic
/// words, or share one and the birth date.
enum SimilarClients {
    /// The phonetic words of a client's first and last names.
    static func words(_ values: Values) -> [String] {
        PhoneticKey.words([values["last_name"]?.stringValue ?? "", values["first_name"]?.stringValue ?? ""].joined(separator: " "))
    }

    /// Rewrites the words when a name changed (or on insert).
    static func keepWords(_ w: Writer, _ saved: SavedRecord) throws {
        guard saved.isInsert || saved.changed("first_name") || saved.changed("last_name") else { return }
        for old in try w.rows("dupable.PhoneticWord", where: [.equals("client", saved.id)], fields: ["client"]) {
            try w.delete("dupable.PhoneticWord", id: old.id)
        }
        for word in words(saved.after) {
            try w.insert("dupable.PhoneticWord", ["client": saved.id, "word": .text(word)], trusted: true)
        }
    }

    /// The clients similar to given values (a client being created), as titles.
    static func similar(_ records: Records, words: [String], nationalID: String?, birthDate: String?, except: Value?) throws -> [Record] {
        var scores: [Value: Int] = [:]
        if !words.isEmpty {
            for hit in try records.rows("dupable.PhoneticWord", where: [.oneOf("word", words.map(Value.text))], fields: ["client", "word"]) {
                scores[hit["client"], default: 0] += 1
            }
        }
        let candidates = scores.filter { $0.value >= 1 }.map(\.key)
        let fields = ["first_name", "last_name", "national_id", "birth_date", "is_obsolete"]
        // Two look-ups, each by its own index (an OR of both would scan every client).
        var found = candidates.isEmpty ? [] : try records.rows("pcsw.Client", where: [.oneOf("id", candidates)], fields: fields)
        if let n = nationalID, !n.isEmpty {
            found += try records.rows("pcsw.Client", where: [.equals("national_id", .text(n))], fields: fields)
                .filter { c in !found.contains { $0.id == c.id } }
        }
        found.sort { $0.string("last_name") + " " + $0.string("first_name") < $1.string("last_name") + " " + $1.string("first_name") }
        found = found.filter { c in
            if let except, c.id == except { return false }
            if let n = nationalID, !n.isEmpty, c.string("national_id") == n { return true }
            let shared = scores[c.id] ?? 0
            if shared >= 2 || (shared >= 1 && words.count == 1) { return true }
            if let b = birthDate, !b.isEmpty, shared >= 1, c.string("birth_date") == b { return true }
            return false
        }
        return found
    }

    /// For a page of clients: the similar ones of each, as "LAST First (id)".
    /// Three queries for the whole page: their words, who else has them, those clients.
    static func find(_ records: Records, _ clients: [Record]) throws -> [[String]] {
        let ids = clients.map(\.id)
        let own = try records.rows("dupable.PhoneticWord", where: [.oneOf("client", ids)], fields: ["client", "word"]).grouped(by: "client")
        let allWords = Set(own.values.flatMap { $0.map { $0.string("word") } })
        let hits = allWords.isEmpty ? [] : try records.rows("dupable.PhoneticWord", where: [.oneOf("word", allWords.map(Value.text))],
                                                            fields: ["client", "word"])
        let clientsByWord = Dictionary(grouping: hits, by: { $0.string("word") }).mapValues { $0.map { $0["client"] } }
        let nationalIDs = clients.map { $0.string("national_id") }.filter { !$0.isEmpty }
        // Two look-ups, each by its own index (an OR of both would scan every client).
        let fields = ["first_name", "last_name", "national_id", "birth_date"]
        var found = try records.rows("pcsw.Client", where: [.oneOf("id", Array(Set(hits.map { $0["client"] })))], fields: fields)
        if !nationalIDs.isEmpty {
            found += try records.rows("pcsw.Client", where: [.oneOf("national_id", nationalIDs.map(Value.text))], fields: fields)
        }
        let others = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return clients.map { c in
            let words = (own[c.id] ?? []).map { $0.string("word") }
            var scores: [Value: Int] = [:]
            for w in words { for other in clientsByWord[w] ?? [] { scores[other, default: 0] += 1 } }
            return others.values.sorted { $0.string("last_name") + $0.string("first_name") < $1.string("last_name") + $1.string("first_name") }
                .filter { o in
                    guard o.id != c.id else { return false }
                    if !c.string("national_id").isEmpty, o.string("national_id") == c.string("national_id") { return true }
                    let shared = scores[o.id] ?? 0
                    return shared >= 2 || (shared >= 1 && words.count == 1) || (shared >= 1 && c.date("birth_date") != nil && o.date("birth_date") == c.date("birth_date"))
                }
                .map { display($0) }
        }
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
