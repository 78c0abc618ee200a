import XCTest
@testable import Welfare

final class PhoneticKeyTests: XCTestCase {
    func testLinosExample() {
        XCTAssertEqual(PhoneticKey.code("Ausdemwald"), "ASTMLT")
        XCTAssertEqual(PhoneticKey.code("Alfons"), "ALFNS")
        XCTAssertEqual(PhoneticKey.words("Ausdemwald Alfons"), ["ASTMLT", "ALFNS"])
    }

    func testClassicDoubleMetaphoneExamples() {
        let examples = [
            "Smith": "SM0", "Schmidt": "XMT", "Thomas": "TMS", "Knight": "NT", "Philips": "FLPS",
            "Campbell": "KMPL", "Raspberry": "RSPR", "Xavier": "SF", "Jose": "HS", "Caesar": "SSR",
            "Arnow": "ARN", "Arnoff": "ARNF", "Gough": "KF", "Laugh": "LF", "Edge": "AJ", "Dumb": "TM",
            "Rogier": "RJ", "Breaux": "PR", "Michael": "MKL", "Wright": "RT", "Schneider": "XNTR",
            "Bach": "PK", "Matthews": "M0S", "Czerny": "SRN", "Tagliaro": "TKLR",
        ]
        for (word, code) in examples { XCTAssertEqual(PhoneticKey.code(word), code, word) }
    }

    func testCodesAreAtMostSixLong() {
        XCTAssertEqual(PhoneticKey.maxLength, 6)
        XCTAssertEqual(PhoneticKey.code("Jankelowicz"), "JNKLTS")
        XCTAssertEqual(PhoneticKey.code("Vandenbussche"), "FNTNPS")
        XCTAssertEqual(PhoneticKey.code("Schwarzenegger"), "XRSNKR")
    }

    func testSpellingVariantsCollide() {
        let groups = [
            ["Meier", "Mayer", "Maier", "Meyer"], ["Schmitz", "Schmits"], ["Müller", "Mueller", "Muller"],
            ["Dupont", "Dupond"], ["Thomas", "Tomas"], ["Strauß", "Strauss"], ["François", "Francois"],
            ["Dijck", "Dijk", "Dyck", "Dyk"],
        ]
        for group in groups {
            let codes = Set(group.map(PhoneticKey.code))
            XCTAssertEqual(codes.count, 1, "\(group) give \(codes)")
        }
        XCTAssertEqual(PhoneticKey.code("Meier"), "MR")
        XCTAssertEqual(PhoneticKey.code("Müller"), "MLR")
        XCTAssertEqual(PhoneticKey.code("Schmitz"), "XMTS")
        XCTAssertEqual(PhoneticKey.code("Dupont"), "TPNT")
        XCTAssertEqual(PhoneticKey.code("François"), "FRNK")
        XCTAssertEqual(PhoneticKey.code("Dijck"), "TK")
    }

    func testDifferentNamesDoNotCollide() {
        XCTAssertNotEqual(PhoneticKey.code("Meier"), PhoneticKey.code("Müller"))
        XCTAssertNotEqual(PhoneticKey.code("Smith"), PhoneticKey.code("Schmidt"))
        XCTAssertNotEqual(PhoneticKey.code("Dupont"), PhoneticKey.code("Dubois"))
    }

    func testFrenchAndGermanRules() {
        XCTAssertEqual(PhoneticKey.code("Mercier"), "MRS", "French final -IER")
        XCTAssertEqual(PhoneticKey.code("Hochmeier"), "HKMR", "but not -MEIER")
        XCTAssertEqual(PhoneticKey.code("Georges"), "JRJS")
        XCTAssertEqual(PhoneticKey.code("Çelik"), "SLK")
        XCTAssertEqual(PhoneticKey.code("Schoofs"), "SKFS", "Dutch SCHOO")
        XCTAssertEqual(PhoneticKey.code("Schouten"), "XTN")
    }

    func testNamesAreSplitFoldedAndDeduplicated() {
        XCTAssertEqual(PhoneticKey.words("Jean-Pierre D'Ath"), ["JN", "PR", "T", "A0"])
        XCTAssertEqual(PhoneticKey.words("D’Hondt, Marie"), ["T", "HNT", "MR"])
        XCTAssertEqual(PhoneticKey.words("Meier-Mayer  Maier"), ["MR"])
        XCTAssertEqual(PhoneticKey.words("Jürgen Müßig"), ["JRJN", "MSK"])
        XCTAssertEqual(PhoneticKey.words("Иван Ivan"), ["AFN"], "other scripts are dropped")
        XCTAssertEqual(PhoneticKey.words(""), [])
        XCTAssertEqual(PhoneticKey.words(" - ' 123"), [])
        XCTAssertEqual(PhoneticKey.code("D'Ath"), "T0")
        XCTAssertEqual(PhoneticKey.code(""), "")
    }
}
