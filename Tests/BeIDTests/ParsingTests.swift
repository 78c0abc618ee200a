import XCTest
@testable import BeID
import BeIDTestSupport

/// TLV, dates, numbers and the identity/address files, including broken input.
final class ParsingTests: XCTestCase {
    func testBirthDatesInTheThreeLanguages() throws {
        XCTAssertEqual(try CardBirthDate.parse("30 JUIN 1967"), "1967-06-30")
        XCTAssertEqual(try CardBirthDate.parse("14 MAAR 1985"), "1985-03-14")
        XCTAssertEqual(try CardBirthDate.parse("14.MÄR.1985"), "1985-03-14")
        XCTAssertEqual(try CardBirthDate.parse("14.MA\u{0308}R.1985"), "1985-03-14", "Ä as A + combining diaeresis")
        XCTAssertEqual(try CardBirthDate.parse("14.M\u{04D2}R.1985"), "1985-03-14", "the Cyrillic Ӓ of sample cards")
        XCTAssertEqual(try CardBirthDate.parse("01.JUN. 1968"), "1968-06-01")
        XCTAssertEqual(try CardBirthDate.parse("24 DEZ 1950"), "1950-12-24")
        XCTAssertEqual(try CardBirthDate.parse("15 AOÛT 2001"), "2001-08-15")
        XCTAssertEqual(try CardBirthDate.parse("3 FEV 1999"), "1999-02-03")
        XCTAssertEqual(try CardBirthDate.parse("   MAI 1977"), "1977-05-00", "blank day: unknown")
        XCTAssertEqual(try CardBirthDate.parse("00.MAI.1977"), "1977-05-00")
        XCTAssertEqual(try CardBirthDate.parse("        1977"), "1977-00-00", "blank day and month")
        XCTAssertEqual(try CardBirthDate.parse("29 FEB 2000"), "2000-02-29")
        for bad in ["", "30 JUIN", "31 AVR 1980", "29 FEB 1900", "12 FOO 1980", "1 2 3 1980", "30 JUIN 67", "x"] {
            XCTAssertThrowsError(try CardBirthDate.parse(bad), bad)
        }
    }

    func testNumbersAndTheirCheckDigits() {
        XCTAssertTrue(BelgianChecksums.isValidNationalNumber("85073003328"))
        XCTAssertTrue(BelgianChecksums.isValidNationalNumber("03021400470"), "born in 2000 or later")
        XCTAssertTrue(BelgianChecksums.isValidNationalNumber("03021400441"), "the same digits, born in 1903")
        XCTAssertFalse(BelgianChecksums.isValidNationalNumber("03021400442"))
        XCTAssertFalse(BelgianChecksums.isValidNationalNumber("8507300332"))
        XCTAssertFalse(BelgianChecksums.isValidNationalNumber("85O73003328"))
        XCTAssertTrue(BelgianChecksums.isValidCardNumber("591413288107"))
        XCTAssertFalse(BelgianChecksums.isValidCardNumber("591413288108"))
        XCTAssertFalse(BelgianChecksums.isValidCardNumber("AL 093189"))
    }

    func testTLVStopsAtPaddingAndRefusesBrokenFields() throws {
        let fields = try TLV.parse([0x00, 0x01, 0x01, 0x01, 0x02, 0x41, 0x42, 0x00, 0x00, 0x00])
        XCTAssertEqual(fields[0x01], [0x41, 0x42])
        XCTAssertEqual(fields[0x00], [0x01])
        XCTAssertThrowsError(try TLV.parse([])) { XCTAssertEqual($0 as? TLV.ParseError, .empty) }
        XCTAssertThrowsError(try TLV.parse([0, 0, 0])) { XCTAssertEqual($0 as? TLV.ParseError, .empty) }
        XCTAssertThrowsError(try TLV.parse([0x00, 0x01, 0x01, 0x07, 0x05, 0x41])) {
            XCTAssertEqual($0 as? TLV.ParseError, .truncated(tag: 0x07, at: 3))
        }
        XCTAssertThrowsError(try TLV.parse([0x00, 0x01, 0x01, 0x07])) { XCTAssertEqual($0 as? TLV.ParseError, .truncated(tag: 0x07, at: 3)) }
        XCTAssertThrowsError(try TLV.parse([0x00, 0x01, 0x01, 0x07, 0x80] + Array(repeating: 0x41, count: 128))) {
            XCTAssertEqual($0 as? TLV.ParseError, .lengthTooLong(tag: 0x07))
        }
    }

    func testIdentityFile() throws {
        let id = try CardIdentity(file: SampleCard.identity())
        XCTAssertEqual(id.cardNumber, "591413288107")
        XCTAssertEqual(id.nationalNumber, "85073003328")
        XCTAssertEqual(id.lastName, "Lambèrt")
        XCTAssertEqual(id.firstNames, "Françoise Marie")
        XCTAssertEqual(id.birthDate, "1985-07-30")
        XCTAssertEqual(id.validFrom, "2021-03-01")
        XCTAssertEqual(id.validUntil, "2031-03-01")
        XCTAssertEqual(id.documentType, "01", "\"1\" normalised to two digits")
        XCTAssertEqual(id.sex, "F", "V (vrouw) is female")
        XCTAssertEqual(id.photoHash.count, 32)
        XCTAssertTrue(id.memberOfFamily == false)
    }

    func testIdentityErrorsNameTheField() {
        // (tag, broken value or nil for a missing field, the field the error names)
        let cases: [(UInt8, [UInt8]?, String)] = [
            (0x06, Array("85073003329".utf8), "national_number"),
            (0x0C, Array("31 FOO 1985".utf8), "date_of_birth"),
            (0x07, [0xFF, 0xFE], "surname"),
            (0x0F, Array("X1".utf8), "document_type"),
            (0x01, nil, "card_number"),
        ]
        for (tag, value, field) in cases {
            var fields = SampleCard.identityFields()
            fields[tag] = value
            XCTAssertThrowsError(try CardIdentity(file: SampleCard.encode(fields)), field) {
                XCTAssertEqual(($0 as? CardIdentity.ParseError)?.field, field)
            }
        }
        let truncated = Array(SampleCard.identity().prefix(40))
        XCTAssertThrowsError(try CardIdentity(file: truncated)) {
            XCTAssertEqual(($0 as? CardIdentity.ParseError)?.field, "file")
        }
    }

    func testAddressAndItsStreetParts() throws {
        let a = try CardAddress(file: SampleCard.address())
        XCTAssertEqual(a.streetAndNumber, "Rue de l'Église 12 bte 3")
        XCTAssertEqual(a.zipCode, "4000")
        XCTAssertEqual(a.municipality, "Liège")
        XCTAssertEqual(a.streetParts.street, "Rue de l'Église")
        XCTAssertEqual(a.streetParts.number, "12")
        XCTAssertEqual(a.streetParts.box, "3")
        func parts(_ s: String) throws -> [String] {
            let p = try CardAddress(file: SampleCard.encode([0x01: Array(s.utf8), 0x02: Array("4700".utf8)])).streetParts
            return [p.street, p.number, p.box]
        }
        XCTAssertEqual(try parts("Hauptstraße 45"), ["Hauptstraße", "45", ""])
        XCTAssertEqual(try parts("Kerkstraat 7/2"), ["Kerkstraat", "7", "2"])
        XCTAssertEqual(try parts("Rue du 8 Mai 12A"), ["Rue du 8 Mai", "12A", ""])
        XCTAssertEqual(try parts("Marktplatz"), ["Marktplatz", "", ""])
        XCTAssertEqual(try parts("Bergstraße 3 bus 12"), ["Bergstraße", "3", "12"])
    }
}
