import Foundation

/// What the identity file (4031) says, parsed and normalised.
public struct CardIdentity: Sendable, Equatable {
    public var cardNumber: String
    public var chipNumber: String
    /// ISO dates.
    public var validFrom: String
    public var validUntil: String
    public var issuingMunicipality: String
    /// 11 digits, checksum verified.
    public var nationalNumber: String
    public var lastName: String
    /// The first two given names, as printed ("Jean Marie").
    public var firstNames: String
    public var thirdNameInitial: String
    public var nationality: String
    public var birthPlace: String
    /// ISO date, `00` for an unknown day or month.
    public var birthDate: String
    /// "M" or "F" (cards write F, V or W for women).
    public var sex: String?
    public var nobleCondition: String
    /// Two digits: "01" Belgian eID, "06" kids card, "11".."18" foreigner cards...
    public var documentType: String
    public var specialStatus: String
    public var photoHash: [UInt8]
    public var duplicate: String
    public var memberOfFamily: Bool

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let field: String
        public let reason: String
        public var description: String { "identity file: \(field): \(reason)" }
    }

    public init(file: [UInt8]) throws {
        let f: [UInt8: [UInt8]]
        do { f = try TLV.parse(file) } catch { throw ParseError(field: "file", reason: "\(error)") }
        func text(_ tag: UInt8, _ name: String, required: Bool = false) throws -> String {
            guard let v = f[tag] else {
                if required { throw ParseError(field: name, reason: "missing") }
                return ""
            }
            guard let s = String(validating: v, as: UTF8.self) else { throw ParseError(field: name, reason: "not UTF-8") }
            return s.trimmingCharacters(in: .whitespaces)
        }
        cardNumber = try text(0x01, "card_number", required: true)
        guard BelgianChecksums.isValidCardNumber(cardNumber) else { throw ParseError(field: "card_number", reason: "wrong check digits") }
        chipNumber = hex(f[0x02] ?? [])
        let from = try text(0x03, "validity_begin_date", required: true)
        let until = try text(0x04, "validity_end_date", required: true)
        guard let vf = CardBirthDate.parseNumeric(from) else { throw ParseError(field: "validity_begin_date", reason: "not DD.MM.YYYY") }
        guard let vu = CardBirthDate.parseNumeric(until) else { throw ParseError(field: "validity_end_date", reason: "not DD.MM.YYYY") }
        validFrom = vf
        validUntil = vu
        issuingMunicipality = try text(0x05, "issuing_municipality")
        nationalNumber = try text(0x06, "national_number", required: true)
        guard BelgianChecksums.isValidNationalNumber(nationalNumber) else { throw ParseError(field: "national_number", reason: "wrong check digits") }
        lastName = try text(0x07, "surname", required: true)
        firstNames = try text(0x08, "firstnames")
        thirdNameInitial = try text(0x09, "first_letter_of_third_given_name")
        nationality = try text(0x0A, "nationality")
        birthPlace = try text(0x0B, "location_of_birth")
        let birth = try text(0x0C, "date_of_birth", required: true)
        do { birthDate = try CardBirthDate.parse(birth) } catch { throw ParseError(field: "date_of_birth", reason: "\(error)") }
        switch try text(0x0D, "gender").uppercased() {
        case "M": sex = "M"
        case "F", "V", "W": sex = "F"
        default: sex = nil
        }
        nobleCondition = try text(0x0E, "nobility")
        documentType = try Self.normalisedDocumentType(text(0x0F, "document_type", required: true))
        specialStatus = try text(0x10, "special_status")
        photoHash = f[0x11] ?? []
        guard [0, 20, 32, 48].contains(photoHash.count) else { throw ParseError(field: "photo_hash", reason: "\(photoHash.count) bytes is no SHA-1, SHA-256 or SHA-384") }
        duplicate = try text(0x12, "duplicata")
        memberOfFamily = f[0x14] != nil
    }

    /// "1" and "01" both occur; the choice list has two digits.
    static func normalisedDocumentType(_ raw: String) throws -> String {
        guard !raw.isEmpty, raw.count <= 2, raw.allSatisfy(\.isASCII), let n = Int(raw), n >= 0 else {
            throw ParseError(field: "document_type", reason: "\"\(raw)\" is not a number")
        }
        return n < 10 ? "0\(n)" : "\(n)"
    }
}

/// What the address file (4033) says.
public struct CardAddress: Sendable, Equatable {
    /// Street and number as printed ("Rue de l'Église 12 bte 3").
    public var streetAndNumber: String
    public var zipCode: String
    public var municipality: String

    public init(file: [UInt8]) throws {
        let f: [UInt8: [UInt8]]
        do { f = try TLV.parse(file) } catch { throw CardIdentity.ParseError(field: "address file", reason: "\(error)") }
        func text(_ tag: UInt8, _ name: String) throws -> String {
            guard let v = f[tag] else { return "" }
            guard let s = String(validating: v, as: UTF8.self) else { throw CardIdentity.ParseError(field: name, reason: "not UTF-8") }
            return s.trimmingCharacters(in: .whitespaces)
        }
        streetAndNumber = try text(0x01, "address_street_and_number")
        zipCode = try text(0x02, "address_zip")
        municipality = try text(0x03, "address_municipality")
    }

    /// Street, number and box: "Hauptstraße 45", "Rue X 12 bte 3", "Kerkstraat 7/2", "Rue du 8 Mai 12A".
    public var streetParts: (street: String, number: String, box: String) {
        var tokens = streetAndNumber.split(separator: " ").map(String.init)
        var box = ""
        // A box is introduced by a word or written after a slash.
        let boxWords: Set<String> = ["bte", "boîte", "bt", "bus", "bfk", "b", "box", "pb"]
        if tokens.count >= 3, boxWords.contains(tokens[tokens.count - 2].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".:"))) {
            box = tokens.removeLast()
            tokens.removeLast()
        }
        guard tokens.count >= 2, let last = tokens.last, last.first?.isNumber == true else {
            return (streetAndNumber, "", box)
        }
        tokens.removeLast()
        var number = last
        if box.isEmpty, let slash = number.firstIndex(of: "/") {
            box = String(number[number.index(after: slash)...])
            number = String(number[..<slash])
        }
        return (tokens.joined(separator: " "), number, box)
    }
}
