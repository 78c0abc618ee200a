import BeID
import Foundation
import Lino

/// Turns a card read by the helper into "create this person" or "apply these
/// changes", and applies it once the user confirmed (welfare.md section 7).
/// The card is verified on both calls; nothing of it is kept but what is merged.
struct CardIntake: Sendable {
    let verifier: CardVerifier
    static let tableName = "contacts.Persons"

    /// The person fields a card sets, in the order the dialog shows them.
    static let fields = ["last_name", "first_name", "middle_name", "national_id", "gender", "birth_date", "birth_place",
                         "nationality_text", "noble_condition", "street", "street_no", "street_box", "zip_code", "city", "country",
                         "card_number", "card_type", "card_issuer", "card_valid_from", "card_valid_until"]

    /// A verified card and the person values it gives.
    struct Card {
        let verified: VerifiedCard
        var values: Values
        /// The municipality when no place matches it yet (created on apply).
        let newPlace: String?
    }

    // MARK: - Preview

    func preview(_ r: ServiceRequest) async throws -> JSON {
        let lang = r.user.language
        let t = try r.store.table(Self.tableName, for: r.user)
        let card = try await read(r)
        let name = title(card.values, r.site)
        var o: JSONObject = [:]
        o["card"] = .object(["photo": .string("data:image/jpeg;base64," + Data(card.verified.photo).base64EncodedString()),
                             "fields": .array(display(card, r.site, lang))])
        var warning: JSON = .null
        let shown = r.body["person"]?.intValue
        if let id = try await personID(nationalID: card.values["national_id"]!, r.store) {
            let row = try await r.store.record(t, id: .int(id), fields: Self.fields + ["photo"], user: r.user)
            let changes = differences(card, row, r.site, lang)
            o["action"] = .string(changes.isEmpty ? "uptodate" : "update")
            o["message"] = .string(changes.isEmpty ? r.site.t("{name} is up to date.", lang, ["name": name])
                                                   : r.site.t("Apply the following changes to {name}?", lang, ["name": name]))
            o["person"] = .object(["id": .int(id), "title": .string(name), "version": .int(row.values["version"]?.intValue ?? 0)])
            o["differences"] = .array(changes.map { .object(["field": .string($0.field), "label": .string($0.label), "old": .string($0.old), "new": .string($0.new)]) })
            if let shown, shown != id { warning = .string(r.site.t("This card belongs to another person than the one shown.", lang)) }
            if !changes.isEmpty && !Permissions.canUpdate(t, r.user) {
                throw LinoError.forbidden(r.site.t("You may not change this person.", lang))
            }
            try await log(r, card, person: id, outcome: changes.isEmpty ? "40" : "10", message: "")
        } else {
            guard Permissions.canInsert(t, r.user) else { throw LinoError.forbidden(r.site.t("You may not create records here.", lang)) }
            if let twin = try await namesake(card, r.store) {
                try await log(r, card, person: nil, outcome: "90", message: "namesake \(twin)")
                throw LinoError.validation(message: r.site.t("Cannot create a new person: there is already a person named {name} without national register number. Enter the number there, then read the card again.", lang, ["name": name]), fields: [:])
            }
            o["action"] = "create"
            o["message"] = .string(r.site.t("Create new person {name}?", lang, ["name": name]))
            o["person"] = .null
            o["differences"] = .array([])
            try await log(r, card, person: nil, outcome: "10", message: "")
        }
        o["warning"] = warning
        return .object(o)
    }

    // MARK: - Apply

    func apply(_ r: ServiceRequest) async throws -> JSON {
        let lang = r.user.language
        let site = r.site
        let t = try r.store.table(Self.tableName, for: r.user)
        let action = r.body["action"]?.stringValue ?? ""
        guard action == "create" || action == "update" else {
            throw LinoError.badRequest(site.t("Unknown parameter {name}.", lang, ["name": "action"]))
        }
        guard action == "create" ? Permissions.canInsert(t, r.user) : Permissions.canUpdate(t, r.user) else {
            throw LinoError.forbidden(site.t("You may not change this person.", lang))
        }
        let card = try await read(r)
        let expected = r.body["person"]?.intValue
        let version = r.body["version"]?.intValue
        let store = r.store
        let user = r.user
        let person = t.model
        let readingModel = site.models["beid.CardReading"]!
        let placeModel = site.models["countries.Place"]!
        let addressModel = site.models["contacts.Address"]!
        let nid = card.values["national_id"]!
        let id: Int64 = try await store.db.write { c in
            let holder = try c.query("SELECT id FROM contacts_person WHERE national_id = ?", [nid], types: [.int]).first?[0].intValue
            var values = card.values
            if let newPlace = card.newPlace {
                values["city"] = try store.insertRecord(c, placeModel, ["name": .text(newPlace), "zip_code": values["zip_code"] ?? .null,
                                                                        "country": .text("BE"), "type": .text("50")], user: user)
            }
            values["photo"] = .blob(card.verified.photo)
            let id: Int64
            if action == "create" {
                guard holder == nil else {
                    throw LinoError.conflict(message: site.t("Meanwhile someone else created a person with this national register number.", lang), current: nil)
                }
                id = try store.insertRecord(c, person, values, user: user).intValue ?? 0
            } else {
                guard let holder, holder == expected else {
                    throw LinoError.conflict(message: site.t("Someone else changed this record in the meantime. Reload it to see their changes.", lang), current: nil)
                }
                id = holder
                try store.updateRecord(c, person, id: .int(id), version: version, values, user: user)
            }
            try Self.storeAddress(c, store, addressModel, partner: id, values, user: user)
            _ = try store.insertRecord(c, readingModel, Self.logValues(card, user, person: id, outcome: action == "create" ? "20" : "30", message: ""), user: user)
            return id
        }
        store.db.changes.bump()
        let done = action == "create" ? site.t("Person created.", lang) : site.t("Person updated.", lang)
        return .object(["id": .int(id), "table": .string(Self.tableName), "title": .string(title(card.values, site)),
                        "message": .string(done)])
    }

    /// The card's address becomes the person's eID address (created or updated) and the primary one.
    static func storeAddress(_ c: SQLConnection, _ store: RecordStore, _ model: ModelInfo, partner: Int64, _ v: Values, user: UserContext) throws {
        var address: Values = ["partner": .int(partner), "data_source": .text("02"), "address_type": .text("01"), "primary": .bool(true)]
        for f in ["street", "street_no", "street_box", "zip_code", "city", "country"] { address[f] = v[f] ?? .null }
        try c.execute("UPDATE contacts_address SET \(c.dialect.quote("primary")) = ? WHERE partner = ?", [.bool(false), .int(partner)])
        if let existing = try c.query("SELECT id, version FROM contacts_address WHERE partner = ? AND data_source = ?",
                                      [.int(partner), .text("02")], types: [.int, .int]).first {
            try store.updateRecord(c, model, id: existing[0], version: nil, address, user: user)
        } else {
            _ = try store.insertRecord(c, model, address, user: user)
        }
    }

    // MARK: - The card

    /// Verifies the card in the request and maps it to person values.
    func read(_ r: ServiceRequest) async throws -> Card {
        let lang = r.user.language
        guard let wire = r.body["card"]?.objectValue?["files"]?.objectValue else {
            throw LinoError.badRequest(r.site.t("The card data are missing.", lang))
        }
        guard !verifier.trustedRoots.isEmpty else {
            throw LinoError.validation(message: r.site.t("This site has no trusted root certificate for eID cards (setting eid.trustedRoots).", lang), fields: [:])
        }
        var texts: [String: String] = [:]
        for (k, v) in wire.pairs { if let s = v.stringValue { texts[k] = s } }
        let verified: VerifiedCard
        do {
            verified = try verifier.verify(try CardFiles(base64: texts))
        } catch let failure as CardVerifier.Failure {
            try await logRefusal(r, texts, failure)
            throw LinoError.validation(message: r.site.t(Self.msgid(failure), lang) + " " + r.site.t("Nothing was changed.", lang), fields: [:])
        }
        let id = verified.identity, addr = verified.address
        let street = addr.streetParts
        var v: Values = [
            "last_name": .text(id.lastName), "first_name": .text(id.firstNames),
            "middle_name": id.thirdNameInitial.isEmpty ? .null : .text(id.thirdNameInitial),
            "national_id": .text(NationalID.formatted(id.nationalNumber) ?? id.nationalNumber),
            "gender": id.sex.map(Value.text) ?? .null, "birth_date": .text(id.birthDate),
            "birth_place": Self.text(id.birthPlace), "nationality_text": Self.text(id.nationality), "noble_condition": Self.text(id.nobleCondition),
            "street": Self.text(street.street), "street_no": Self.text(street.number), "street_box": Self.text(street.box),
            "zip_code": Self.text(addr.zipCode), "country": .text("BE"),
            "card_number": .text(id.cardNumber), "card_issuer": Self.text(id.issuingMunicipality),
            "card_type": BeIDCardTypes.list.choice(id.documentType) != nil ? .text(id.documentType) : .null,
            "card_valid_from": .text(id.validFrom), "card_valid_until": .text(id.validUntil),
        ]
        let place = try await placeID(zip: addr.zipCode, name: addr.municipality, r.store)
        v["city"] = place.map(Value.int) ?? .null
        return Card(verified: verified, values: v, newPlace: place == nil && !addr.municipality.isEmpty ? addr.municipality : nil)
    }

    static func text(_ s: String) -> Value { s.isEmpty ? .null : .text(s) }

    static func msgid(_ f: CardVerifier.Failure) -> String {
        switch f {
        case .missingFile: return "The card data are incomplete."
        case .photoHashMismatch: return "The photo does not match the card's data."
        case .badCertificate, .untrustedCertificate: return "The card's data are not signed by the national register."
        case .certificateExpired: return "The national register's certificate on this card is not valid today."
        case .badIdentitySignature: return "The identity data on the card have been changed: their signature is wrong."
        case .badAddressSignature: return "The address on the card has been changed: its signature is wrong."
        case .unreadable: return "The card's data cannot be read."
        }
    }

    /// A Belgian place with this zip code and name (in any site language), or nil.
    func placeID(zip: String, name: String, _ store: RecordStore) async throws -> Int64? {
        guard let nameField = store.site.models["countries.Place"]?.fieldsByName["name"] else { return nil }
        let cols = nameField.columns.map { store.db.dialect.quote($0.name) }
        let types: [ColumnType] = [.int] + cols.map { _ in .text }
        let rows = try await store.db.read { c in
            try c.query("SELECT id, \(cols.joined(separator: ", ")) FROM countries_place WHERE country = ? AND zip_code = ?",
                        [.text("BE"), .text(zip)], types: types)
        }
        let wanted = SearchText.fold(name)
        return rows.first { r in r.dropFirst().contains { $0.stringValue.map(SearchText.fold) == wanted } }?[0].intValue
    }

    func personID(nationalID: Value, _ store: RecordStore) async throws -> Int64? {
        try await store.db.read { c in
            try c.query("SELECT id FROM contacts_person WHERE national_id = ?", [nationalID], types: [.int]).first?[0].intValue
        }
    }

    /// A person with the card's names and no national register number (Lino refuses to create a twin).
    func namesake(_ card: Card, _ store: RecordStore) async throws -> Int64? {
        let first = card.values["first_name"]!, last = card.values["last_name"]!
        return try await store.db.read { c in
            try c.query("SELECT id FROM contacts_person WHERE first_name = ? AND last_name = ? AND (national_id IS NULL OR national_id = '')",
                        [first, last], types: [.int]).first?[0].intValue
        }
    }

    func title(_ v: Values, _ site: Site) -> String {
        [v["first_name"]?.stringValue ?? "", (v["last_name"]?.stringValue ?? "").uppercased()].filter { !$0.isEmpty }.joined(separator: " ")
    }

    // MARK: - Showing

    /// Field label and display text of a stored value, in the user's language.
    func shown(_ field: String, _ value: Value, cityTitle: String?, _ site: Site, _ lang: String) -> (label: String, text: String) {
        let person = site.models["contacts.Person"]!
        guard let f = person.fieldsByName[field]?.field else { return (field, value.stringValue ?? "") }
        let label = site.t(f.label, lang)
        if value.isNull { return (label, cityTitle ?? "") }
        switch f.kind {
        case .date: return (label, LanguageFormats.of(lang).format(isoDate: value.stringValue ?? ""))
        case .choice(let list): return (label, value.stringValue.flatMap { list.choice($0) }.map { site.t($0.text, lang) } ?? "")
        case .foreignKey: return (label, cityTitle ?? value.stringValue ?? "\(value.intValue ?? 0)")
        default: return (label, value.stringValue ?? "")
        }
    }

    func display(_ card: Card, _ site: Site, _ lang: String) -> [JSON] {
        Self.fields.compactMap { f in
            let v = card.values[f] ?? .null
            let title: String? = f == "city" ? (card.newPlace ?? card.verified.address.municipality)
                : f == "country" ? site.t("Belgium", lang) : nil
            let (label, text) = shown(f, v, cityTitle: title, site, lang)
            return text.isEmpty ? nil : .object(["name": .string(f), "label": .string(label), "value": .string(text)])
        }
    }

    struct Difference { let field, label, old, new: String }

    func differences(_ card: Card, _ row: FetchedRow, _ site: Site, _ lang: String) -> [Difference] {
        var out: [Difference] = []
        for f in Self.fields {
            let new = card.values[f] ?? .null
            let old = row.values[f] ?? .null
            if f == "city" {
                // Places compare by what the user reads: a place still to be created has no id yet.
                let oldText = row.foreignTitles["city"] ?? ""
                let newText = card.newPlace ?? card.verified.address.municipality
                if (card.newPlace != nil || new != old) && oldText != newText {
                    out.append(Difference(field: f, label: shown(f, .null, cityTitle: nil, site, lang).label, old: oldText, new: newText))
                }
                continue
            }
            guard new != old else { continue }
            let a = shown(f, old, cityTitle: row.foreignTitles[f], site, lang)
            let b = shown(f, new, cityTitle: f == "country" ? site.t("Belgium", lang) : nil, site, lang)
            if a.text != b.text { out.append(Difference(field: f, label: a.label, old: a.text, new: b.text)) }
        }
        if row.values["photo"] != .blob(card.verified.photo) {
            out.append(Difference(field: "photo", label: site.t("Photo", lang), old: "", new: site.t("Photo on the card", lang)))
        }
        return out
    }

    // MARK: - The log of card reads

    static func logValues(_ card: Card, _ user: UserContext, person: Int64?, outcome: String, message: String) -> Values {
        ["read_at": .text(ISODates.now()), "user": .int(user.realUserID ?? user.id), "card_number": card.values["card_number"] ?? .null,
         "person": person.map(Value.int) ?? .null, "outcome": .text(outcome), "message": message.isEmpty ? .null : .text(String(message.prefix(300)))]
    }

    func log(_ r: ServiceRequest, _ card: Card, person: Int64?, outcome: String, message: String) async throws {
        let model = r.site.models["beid.CardReading"]!
        let values = Self.logValues(card, r.user, person: person, outcome: outcome, message: message)
        let store = r.store, user = r.user
        _ = try await store.db.write { c in try store.insertRecord(c, model, values, user: user) }
        store.db.changes.bump()  // the log's grid counts are cached
    }

    /// A refused card is logged too, with the card number when the identity file gives one.
    func logRefusal(_ r: ServiceRequest, _ texts: [String: String], _ failure: CardVerifier.Failure) async throws {
        let model = r.site.models["beid.CardReading"]!
        let identity = texts["identity"].flatMap { Data(base64Encoded: $0) }.flatMap { try? CardIdentity(file: Array($0)) }
        let values: Values = ["read_at": .text(ISODates.now()), "user": .int(r.user.realUserID ?? r.user.id),
                              "card_number": identity.map { .text($0.cardNumber) } ?? .null, "outcome": .text("90"),
                              "message": .text(String(failure.description.prefix(300)))]
        let store = r.store, user = r.user
        _ = try await store.db.write { c in try store.insertRecord(c, model, values, user: user) }
        store.db.changes.bump()  // the log's grid counts are cached
    }
}
