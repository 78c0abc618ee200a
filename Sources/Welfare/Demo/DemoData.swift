import Foundation
import Lino

/// Fills a new database with reference data (countries, places) and
/// deterministic, realistic Belgian demo data.
public struct DemoData: Sendable {
    public let store: RecordStore
    public var site: Site { store.site }

    public init(store: RecordStore) { self.store = store }

    struct CountryEntry: Decodable { let isocode: String; let iso3: String?; let name: [String: String] }
    struct PlaceEntry: Decodable {
        let name: String; let zip_code: String?; let country: String; let type: String?; let parent: String?
        let name_fr: String?; let name_de: String?; let name_nl: String?; let name_en: String?
        func name(_ lang: String) -> String? {
            switch lang { case "fr": return name_fr; case "de": return name_de; case "nl": return name_nl; case "en": return name_en; default: return nil }
        }
    }
    struct Names: Decodable {
        let first_names: [String: [String: [String]]]
        let last_names: [String: [String]]
        let streets: [String: [String]]
        let organisations: [Organisation]
        /// A contact's function in each language (`en`, `fr`, `de`, `nl`).
        let functions: [[String: String]]
        struct Organisation: Decodable { let name: String; let type: String; let language: String }
    }

    static func resource<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: name, withExtension: "json") else {
            throw SiteError("Missing resource \(name).json")
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// The stored column of a babel field for a language (`name`, `name_fr`...).
    func column(_ field: String, _ lang: String) -> String? {
        guard let i = site.languages.firstIndex(of: lang) else { return nil }
        return i == 0 ? field : field + "_" + lang
    }

    func babel(_ field: String, _ texts: [String: String], fallback: String) -> Values {
        var v = Values()
        for lang in site.languages { v[column(field, lang)!] = .text(texts[lang] ?? fallback) }
        return v
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }

    /// `Zoë.Müller` -> `zoe.muller` (cheaper than Foundation's folding for 100 000 persons).
    static func asciiMail(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased().unicodeScalars {
            switch ch {
            case "a"..."z", ".": out.unicodeScalars.append(ch)
            case "à", "á", "â", "ä", "ã", "å": out += "a"
            case "è", "é", "ê", "ë": out += "e"
            case "ì", "í", "î", "ï": out += "i"
            case "ò", "ó", "ô", "ö", "õ": out += "o"
            case "ù", "ú", "û", "ü": out += "u"
            case "ç": out += "c"
            case "ß": out += "ss"
            case "ñ": out += "n"
            default: break
            }
        }
        return out
    }

    // MARK: - Reference data (every site)

    /// Countries of the world with their names in the site languages.
    public func loadCountries() async throws {
        let countries = try Self.resource("countries", as: [CountryEntry].self)
        let rows: [Values] = countries.map { c in
            var v = babel("name", c.name, fallback: c.name["en"] ?? c.isocode)
            v["isocode"] = .text(c.isocode)
            if let iso3 = c.iso3 { v["iso3"] = .text(iso3) }
            return v
        }
        try await store.write(as: .system(reason: "reference data: countries")) { w in
            for v in rows where try !w.exists("countries.Country", where: [.equals("isocode", v["isocode"]!)]) {
                try w.insert("countries.Country", v)
            }
        }
    }

    /// Belgian places (and a few of the neighbours), with sections under their municipality.
    public func loadPlaces() async throws {
        let places = try Self.resource("places", as: [PlaceEntry].self)
        let langs = site.languages
        let typeValue = Dictionary(CountriesPlugin.placeTypes.choices.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        try await store.write(as: .system(reason: "reference data: places")) { w in
            var ids: [String: Value] = [:]
            // Parents first, so that sections can point to them.
            for p in places.sorted(by: { ($0.parent == nil ? 0 : 1) < ($1.parent == nil ? 0 : 1) }) {
                var v = Values()
                for (i, lang) in langs.enumerated() {
                    v[i == 0 ? "name" : "name_" + lang] = .text(p.name(lang) ?? p.name)
                }
                v["country"] = .text(p.country)
                if let z = p.zip_code { v["zip_code"] = .text(z) }
                if let t = p.type, let tv = typeValue[t] { v["type"] = .text(tv) }
                if let parent = p.parent, let pid = ids[parent] { v["parent"] = pid }
                ids[p.name] = try w.insert("countries.Place", v)
            }
        }
    }

    // MARK: - Users

    public func loadUsers(password: String = "1234") async throws {
        let hash = PasswordHasher.hash(password)
        try await store.write(as: .system(reason: "demo data: users")) { w in
            var ids: [String: Value] = [:]
            for u in DemoUsers.all {
                ids[u.username] = try w.insert("users.User", [
                    "username": .text(u.username), "first_name": .text(u.firstName), "last_name": .text(u.lastName),
                    "user_type": .text(u.type), "language": .text(u.language), "password": .text(hash), "is_active": .bool(true),
                ])
            }
            for (user, authorized) in DemoUsers.authorities {
                try w.insert("users.Authority", ["user": ids[user]!, "authorized": ids[authorized]!])
            }
        }
    }

    // MARK: - Contacts

    /// Organisations, functions, persons and contact roles. Same data for the same scale.
    /// - Parameter clients: how many of the persons are clients (the first ones), with
    ///   their states in the proportions of the Eupen demo (`ClientsDemo.clientValues`).
    public func loadContacts(persons: Int, clients: Int = 0, progress: (@Sendable (Int) -> Void)? = nil) async throws {
        let names = try Self.resource("demo_names", as: Names.self)
        let places = try Self.resource("places", as: [PlaceEntry].self).filter { $0.country == "BE" }
        let placeIDs: [String: Value] = try await store.read { r in
            Dictionary(try r.rows("countries.Place", where: [.equals("country", .text("BE"))], fields: ["name"])
                .map { ($0.string("name"), $0.id) }, uniquingKeysWith: { a, _ in a })
        }
        // Most clients of an East Belgian CPAS live nearby.
        let local = places.filter { ["4700", "4701", "4710", "4711", "4720", "4721", "4728", "4730", "4731"].contains($0.zip_code ?? "") }
        var rng = DemoRandom(seed: 20_141_205)
        let site = self.site

        let typeNames: [String: [String: String]] = [
            "public": ["en": "Public service", "fr": "Service public", "de": "Öffentlicher Dienst", "nl": "Openbare dienst"],
            "mutuality": ["en": "Health insurance", "fr": "Mutualité", "de": "Krankenkasse", "nl": "Ziekenfonds"],
            "asbl": ["en": "Non-profit organisation", "fr": "ASBL", "de": "VoG", "nl": "VZW"],
            "sprl": ["en": "Private limited company", "fr": "SPRL", "de": "PGmbH", "nl": "BVBA"],
            "sa": ["en": "Public limited company", "fr": "SA", "de": "AG", "nl": "NV"],
        ]
        let typeKey: [String: String] = ["public": "public", "mutuality": "mutuality", "asbl": "asbl", "vog": "asbl", "vzw": "asbl",
                                         "sprl": "sprl", "pgmbh": "sprl", "bv": "sprl", "sa": "sa", "ag": "sa", "nv": "sa"]
        let functions = names.functions
        let orgs = names.organisations
        var sequences: [String: Int] = [:]  // birth date -> last sequence used, so numbers stay unique
        var personRows: [Values] = []
        personRows.reserveCapacity(persons)
        for i in 0..<persons {
            let lang = rng.pick(["de", "de", "fr", "fr", "nl"])
            let male = rng.chance(0.5)
            let first = rng.pick(names.first_names[male ? "male" : "female"]![lang]!)
            let last = rng.pick(names.last_names[lang]!)
            let place = rng.chance(0.7) ? rng.pick(local) : rng.pick(places)
            let year = rng.int(1935...2006), month = rng.int(1...12), day = rng.int(1...ISODates.daysIn(month: month, year: year))
            var v: Values = [
                "first_name": .text(first), "last_name": .text(last), "gender": .text(male ? "M" : "F"),
                "language": .text(site.languages.contains(lang) ? lang : site.defaultLanguage),
                "country": .text("BE"), "street": .text(rng.pick(names.streets[lang]!)), "street_no": .text(String(rng.int(1...180))),
                "zip_code": .text(place.zip_code ?? ""),
            ]
            if let pid = placeIDs[place.name] { v["city"] = pid }
            if rng.chance(0.9) {
                v["birth_date"] = .text("\(year)-\(Self.two(month))-\(Self.two(day))")
                // The sequence makes the number unique: odd for men, even for women.
                let key = "\(year)\(month)/\(day)\(male ? "M" : "F")"
                let seq = (sequences[key] ?? (male ? -1 : 0)) + 2
                if seq < 999, rng.chance(0.85) {
                    sequences[key] = seq
                    v["national_id"] = .text(NationalID.make(year: year, month: month, day: day, sequence: seq))
                }
            } else {
                v["birth_date"] = .text("\(year)-00-00")
            }
            if rng.chance(0.1) { v["street_box"] = .text(rng.pick(["A", "B", "1", "2"])) }
            if rng.chance(0.6) {
                let mail = Self.asciiMail(first + "." + last)
                v["email"] = .text("\(mail)\(i)@example.be")
            }
            if rng.chance(0.5) { v["phone"] = .text("087 \(rng.int(10...99)) \(rng.int(10...99)) \(rng.int(10...99))") }
            if rng.chance(0.6) { v["gsm"] = .text("0475 \(rng.int(10...99)) \(rng.int(10...99)) \(rng.int(10...99))") }
            if rng.chance(0.02) { v["is_obsolete"] = .bool(true) }
            if i < clients { v.merge(ClientsDemo.clientValues(index: i, &rng)) { a, _ in a } }
            personRows.append(v)
        }
        let langs = site.languages
        try await store.write(as: .system(reason: "demo data: organisations")) { w in
            var typeIDs: [String: Value] = [:]
            for (key, texts) in typeNames.sorted(by: { $0.key < $1.key }) {
                var v = Values()
                for (i, l) in langs.enumerated() { v[i == 0 ? "name" : "name_" + l] = .text(texts[l] ?? texts["en"]!) }
                typeIDs[key] = try w.insert("contacts.CompanyType", v)
            }
            for f in functions {
                var v = Values()
                for (i, l) in langs.enumerated() { v[i == 0 ? "name" : "name_" + l] = .text(f[l] ?? f["en"]!) }
                try w.insert("contacts.RoleType", v)
            }
            for (i, o) in orgs.enumerated() {
                let place = local[i % local.count]
                var v: Values = ["name": .text(o.name), "country": .text("BE"), "zip_code": .text(place.zip_code ?? ""),
                                 "language": .text(langs.contains(o.language) ? o.language : langs[0])]
                if let key = typeKey[o.type], let tid = typeIDs[key] { v["type"] = tid }
                if let pid = placeIDs[place.name] { v["city"] = pid }
                try w.insert("contacts.Company", v)
            }
        }
        let (orgIDs, functionIDs) = try await store.read { r in
            (try r.ids("contacts.Company", order: "id"), try r.ids("contacts.RoleType", order: "id"))
        }
        // Persons in batches: one transaction per batch keeps memory flat and shows progress.
        let batch = 2_000
        var done = 0
        var roleRng = DemoRandom(seed: 77)
        while done < personRows.count {
            let slice = Array(personRows[done..<min(done + batch, personRows.count)])
            var roles: [(Int, Value, Value)] = []
            for (j, _) in slice.enumerated() where roleRng.chance(0.05) && !orgIDs.isEmpty {
                roles.append((j, roleRng.pick(orgIDs), roleRng.pick(functionIDs)))
            }
            let finalRoles = roles
            let first = done
            try await store.write(as: .system(reason: "demo data: persons")) { w in
                var ids: [Value] = []
                for (j, v) in slice.enumerated() {
                    ids.append(try w.insert(first + j < clients ? "pcsw.Client" : "contacts.Person", v, trusted: true))
                }
                for (j, org, fn) in finalRoles {
                    try w.insert("contacts.Role", ["person": ids[j], "company": org, "type": fn])
                }
            }
            done += slice.count
            progress?(done)
        }
    }
}
