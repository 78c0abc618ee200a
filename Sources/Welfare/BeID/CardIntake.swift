import BeID
import Foundation
import Lino

/// Turns a card read by the helper into "create this person" or "apply these
/// changes", and applies it once the user confirmed (welfare.md section 7).
/// The card is verified on both calls; nothing of it is kept but what is merged.
struct CardIntake: Sendable {
    let verifier: CardVerifier
    /// The tables a card may be read in: persons, or clients (a new card holder is then a newcomer).
    static let tables = ["contacts.Persons", "pcsw.Clients"]

    /// The table the shell read the card from (`table` in the body), persons by default.
    static func table(_ r: ServiceRequest) throws -> TableInfo {
        let name = r.body["table"]?.stringValue.flatMap { tables.contains($0) ? $0 : nil } ?? tables[0]
        return try r.store.table(name, for: r.user)
    }

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
        let t = try Self.table(r)
        let card = try await read(r)
        let name = title(card.values, r.site)
        var o: JSONObject = [:]
        o["card"] = .object(["photo": .string("data:image/jpeg;base64," + Data(card.verified.photo).base64EncodedString()),
                             "fields": .array(display(card, r.site, lang))])
        var warning: JSON = .null
        let shown = r.body["person"]?.intValue
        if let id = try await personID(nationalID: card.values["national_id"]!, r.store) {
            // A person read on Clients who is not a client yet becomes one (Lino's "mti" child).
            let model = t.model.name
            let extending = try await r.store.read { rd in try rd.record(model, id: .int(id)) == nil }
            let row = try await r.store.record(extending ? try r.store.table(Self.tables[0], for: r.user) : t, id: .int(id),
                                               fields: Self.fields + ["photo"], user: r.user)
            let changes = differences(card, row, r.site, lang)
            o["action"] = .string(extending ? "extend" : changes.isEmpty ? "uptodate" : "update")
            o["message"] = .string(extending ? r.site.t(changes.isEmpty ? "Make {name} a client?" : "Make {name} a client and apply the following changes?",
                                                        lang, ["name": name])
                                   : changes.isEmpty ? r.site.t("{name} is up to date.", lang, ["name": name])
                                   : r.site.t("Apply the following changes to {name}?", lang, ["name": name]))
            o["person"] = .object(["id": .int(id), "title": .string(name), "version": .int(row.values["version"]?.intValue ?? 0)])
            o["differences"] = .array(changes.map { .object(["field": .string($0.field), "label": .string($0.label), "old": .string($0.old), "new": .string($0.new)]) })
            if let shown, shown != id { warning = .string(r.site.t("This card belongs to another person than the one shown.", lang)) }
            if extending ? !Permissions.canInsert(t, r.user) : !changes.isEmpty && !Permissions.canUpdate(t, r.user) {
                throw LinoError.forbidden(r.site.t("You may not change this person.", lang))
            }
            try await log(r, card, person: id, outcome: changes.isEmpty && !extending ? "40" : "10", message: "")
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
        let t = try Self.table(r)
        let action = r.body["action"]?.stringValue ?? ""
        guard ["create", "update", "extend"].contains(action) else {
            throw LinoError.badRequest(site.t("Unknown parameter {name}.", lang, ["name": "action"]))
        }
        guard action == "update" ? Permissions.canUpdate(t, r.user) : Permissions.canInsert(t, r.user) else {
            throw LinoError.forbidden(site.t("You may not change this person.", lang))
        }
        let expected = r.body["person"]?.intValue
        if action != "create" && expected == nil {
            throw LinoError.badRequest(site.t("Unknown parameter {name}.", lang, ["name": "person"]))
        }
        let card = try await read(r)
        let version = r.body["version"]?.intValue
        let user = r.user
        let nid = card.values["national_id"]!
        let tableName = t.name, model = t.model.name
        let id: Int64 = try await r.store.write(as: .user(user)) { w in
            let holder = try w.first("contacts.Person", where: [.equals("national_id", nid)])?.id.intValue
            var values = card.values
            if let newPlace = card.newPlace {
                // The municipality of a verified card: the system learns it, whoever reads the card.
                values["city"] = try w.asSystem("a place named by a verified eID card") {
                    try w.insert("countries.Place", ["name": .text(newPlace), "zip_code": values["zip_code"] ?? .null,
                                                     "country": .text("BE"), "type": .text("50")])
                }
            }
            values["photo"] = .blob(card.verified.photo)
            let id: Int64
            if action == "create" {
                guard holder == nil else {
                    throw LinoError.conflict(message: site.t("Meanwhile someone else created a person with this national register number.", lang), current: nil)
                }
                id = try w.insert(model, values, via: tableName).intValue ?? 0
            } else {
                guard let holder, holder == expected else {
                    throw LinoError.conflict(message: site.t("Someone else changed this record in the meantime. Reload it to see their changes.", lang), current: nil)
                }
                id = holder
                if action == "extend" {
                    try w.extend(model, id: .int(id), values, version: version, via: tableName)
                } else {
                    try w.update(model, id: .int(id), values, version: version, via: tableName)
                }
            }
            try Self.storeAddress(w, partner: id, values)
            try w.asSystem("eID card reading log") {
                try w.insert("beid.CardReading", Self.logValues(cardNumber: card.values["card_number"] ?? .null, user, person: id,
                                                                outcome: action == "create" ? "20" : "30", message: ""))
            }
            return id
        }
        let done = action == "create" ? site.t("Person created.", lang)
            : action == "extend" ? site.t("{name} is now a client.", lang, ["name": title(card.values, site)])
            : site.t("Person updated.", lang)
        return .object(["id": .int(id), "table": .string(t.name), "title": .string(title(card.values, site)),
                        "message": .string(done)])
    }

    /// The card's address becomes the person's eID address (created or updated) and the primary one.
    /// Every address write bumps that address's version: a form open on it meanwhile gets a conflict.
    static func storeAddress(_ w: Writer, partner: Int64, _ v: Values) throws {
        var address: Values = ["partner": .int(partner), "data_source": .text("02"), "address_type": .text("01"), "primary": .bool(true)]
        for f in ["street", "street_no", "street_box", "zip_code", "city", "country"] { address[f] = v[f] ?? .null }
        let table = "contacts.AddressesByPartner"
        for other in try w.rows("contacts.Address", where: [.equals("partner", .int(partner)), .equals("primary", .bool(true)),
                                                            .notEquals("data_source", .text("02"))]) {
            try w.update("contacts.Address", id: other.id, ["primary": .bool(false)], via: table)
        }
        if let existing = try w.first("contacts.Address", where: [.equals("partner", .int(partner)), .equals("data_source", .text("02"))]) {
            try w.update("contacts.Address", id: existing.id, address, via: table)
        } else {
            try w.insert("contacts.Address", address, via: table)
        }
    }
}
