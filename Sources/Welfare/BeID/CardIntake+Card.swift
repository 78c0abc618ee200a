import BeID
import Foundation
import Lino

/// Reading the card of a request: verified, then mapped to person values.
extension CardIntake {
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
        let columns = nameField.valueColumns.map(\.name)
        let places = try await store.read { r in
            try r.rows("countries.Place", where: [.equals("country", .text("BE")), .equals("zip_code", .text(zip))])
        }
        let wanted = SearchText.fold(name)
        return places.first { p in columns.contains { p.values[$0]?.stringValue.map(SearchText.fold) == wanted } }?.id.intValue
    }

    func personID(nationalID: Value, _ store: RecordStore) async throws -> Int64? {
        try await store.read { r in try r.first("contacts.Person", where: [.equals("national_id", nationalID)])?.id.intValue }
    }

    /// A person with the card's names and no national register number (Lino refuses to create a twin).
    func namesake(_ card: Card, _ store: RecordStore) async throws -> Int64? {
        let first = card.values["first_name"]!, last = card.values["last_name"]!
        return try await store.read { r in
            try r.first("contacts.Person", where: [.equals("first_name", first), .equals("last_name", last),
                                                   .or([.isNull("national_id"), .equals("national_id", .text(""))])])?.id.intValue
        }
    }

    func title(_ v: Values, _ site: Site) -> String {
        site.models["contacts.Person"]!.title(RecordView(v, language: site.defaultLanguage, defaultLanguage: site.defaultLanguage))
    }
}
